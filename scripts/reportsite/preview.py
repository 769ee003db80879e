"""The builds of the editors' live preview (`reportsite serve`, `make serve`).

A preview build is `reportsite build`'s: `mkdocs build --strict` of mkdocs.yml (the plugin
builds the Traditional twin into zh-Hant/), with `command="build"` and the configured
`site_url`, so the pages are the bytes `make site` publishes. What differs is only where
the time went in a rebuild that `mkdocs serve` runs from scratch (measured at 1x, both
scripts, before this module: about 2.1 s of CPU per rebuild):

* Markdown rendering, 0.45 s: a seed edit changes a few of the ~90 pages, so `Page.render`
  is memoised on everything it reads (`RenderMemo`);
* Jinja compiling Material's templates again for each script, 0.35 s: an in-memory
  bytecode cache (`TemplateCache`, Jinja's own mechanism, keyed on the template source);
* writing the site, 0.25-0.6 s of system time on a disk, growing rebuild after rebuild:
  the server builds into a fresh folder on tmpfs (`scratch_root`) and swaps it in.

The caches are installed by `install_caches()` in the `reportsite serve` process only, and
are transparent: a hit returns what the call would have returned.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import tempfile
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.reportsite.preview")


class PreviewFailed(Exception):
    """The build stopped; `lines` say why, as the terminal printed them."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


# ------------------------------------------------------------------------ caches


@dataclass
class _Rendered:
    content: str | None
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # by src_uri: File objects die with their build


@dataclass
class RenderMemo:
    """`Page.render` results of the last build, keyed on its inputs: the page's Markdown
    (after every plugin's on_page_markdown), its place, the other files (links are resolved
    and validated against them) and the Markdown settings. A render that logged a warning is
    not kept, so `--strict` fails on it again."""

    entries: dict[tuple[Any, ...], _Rendered] = field(default_factory=dict)
    used: dict[tuple[Any, ...], _Rendered] = field(default_factory=dict)
    files_key: tuple[Any, Any] = (None, None)  # (the Files object, its key)
    hits: int = 0
    misses: int = 0

    def key(self, page: Any, config: Any, files: Any) -> tuple[Any, ...]:
        if self.files_key[0] is not files:
            listing = tuple((f.src_uri, f.url, str(f.inclusion)) for f in files)
            self.files_key = (files, hash(listing))
        return (
            page.markdown, page.file.src_uri, page.file.url, config.use_directory_urls,
            repr(config.validation), repr(config.markdown_extensions),
            repr(config.mdx_configs), self.files_key[1],
        )  # fmt: skip

    def render(self, original: Any, page: Any, config: Any, files: Any) -> None:
        key = self.key(page, config, files)
        done = self.entries.get(key) or self.used.get(key)
        if done is None:
            self.misses += 1
            with _warnings() as warned:
                original(page, config, files)
            links = getattr(page, "links_to_anchors", None)
            # Copies of the outline: the tags plugin rewrites the tags page's in place.
            done = _Rendered(page.content, copy.deepcopy(page.toc), page._title_from_render,
                             page.present_anchor_ids,
                             None if links is None else
                             {f.src_uri: dict(v) for f, v in links.items()})
            if warned:
                return
        else:
            self.hits += 1
            page.content, page.toc = done.content, copy.deepcopy(done.toc)
            page._title_from_render = done.title
            page.present_anchor_ids = None if done.anchors is None else set(done.anchors)
            if done.links is not None:
                page.links_to_anchors = {files.get_file_from_path(uri): dict(v)
                                         for uri, v in done.links.items()}
        self.used[key] = done

    def next_build(self) -> None:
        """Keep what the last build used (both scripts), drop the rest."""
        if self.used:
            self.entries, self.used = self.used, {}
        self.files_key = (None, None)


@contextmanager
def _warnings() -> Iterator[list[logging.LogRecord]]:
    seen: list[logging.LogRecord] = []
    handler = _Collect(seen, logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        yield seen
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)


class _Collect(logging.Handler):
    def __init__(self, into: list[logging.LogRecord], level: int) -> None:
        super().__init__(level)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record)


_PAGE_CONTEXT = {"nav", "pages", "config", "page"}


@dataclass
class PageMemo:
    """Material's page template output, kept (compressed) on a digest of what it reads: the
    page (URL, content, outline, title, front matter, the context plugins added) and, once
    per build and script, everything shared by all pages (the configuration files, theme
    overrides and hand-written pages, the build date, the nav, every page's URL, title and
    front matter, which make the nav, the footer links and the tag links). A seed edit that
    changes the text of two pages renders two pages; one that changes a title or a tag
    renders them all. A context value whose repr is an address cannot be compared: that
    page is always rendered."""

    statics: str = ""  # the configuration files and theme, this build (build_site)
    entries: dict[bytes, bytes] = field(default_factory=dict)
    used: dict[bytes, bytes] = field(default_factory=dict)
    shared: tuple[Any, bytes] = (None, b"")  # (the nav object, its digest)
    hits: int = 0
    misses: int = 0

    def render(self, original: Any, name: str, context: dict[str, Any]) -> str:
        # Pages only (MkDocs' page context); 404.html, sitemap.xml and the tags plugin's
        # listings are rendered every time.
        page = context.get("page") if _PAGE_CONTEXT <= context.keys() else None
        sig = None if page is None else self.signature(name, context)
        done = None if sig is None else self.entries.get(sig) or self.used.get(sig)
        if done is not None:
            self.hits += 1
            assert sig is not None
            self.used[sig] = done
            return zlib.decompress(done).decode("utf-8")
        output: str = original()
        if sig is not None:
            self.misses += 1
            self.used[sig] = zlib.compress(output.encode("utf-8"), 1)
        return output

    def signature(self, name: str, context: dict[str, Any]) -> bytes | None:
        page = context["page"]
        own = {k: v for k, v in context.items()
               if k not in ("nav", "pages", "config", "page", "build_date_utc")}
        text = repr((name, page.url, page.title, page.meta, str(page.toc), sorted(own.items())))
        if " at 0x" in text:
            return None
        digest = hashlib.blake2b(self._shared(context))
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update((page.content or "").encode("utf-8", "surrogatepass"))
        return digest.digest()

    def _shared(self, context: dict[str, Any]) -> bytes:
        from mkdocs.utils import get_build_date

        nav, config = context["nav"], context["config"]
        if self.shared[0] is not nav:
            pages = [(f.src_uri, f.url, f.page and f.page.title, f.page and f.page.meta)
                     for f in context["pages"]]
            text = repr((self.statics, get_build_date(), config.site_name,
                         config.site_description, config.site_url,
                         sorted(dict(config.theme).items()), config.nav, _outline(nav.items),
                         pages))
            self.shared = (nav, hashlib.blake2b(text.encode("utf-8", "surrogatepass")).digest())
        return self.shared[1]

    def next_build(self, statics: str) -> None:
        if self.used:
            self.entries, self.used = self.used, {}
        self.statics, self.shared = statics, (None, b"")


def _outline(items: Any) -> list[Any]:
    return [(type(item).__name__, item.title, getattr(item, "url", None),
             _outline(item.children) if getattr(item, "children", None) else None)
            for item in items]


def template_cache() -> Any:
    """Jinja's bytecode cache in memory: the bucket checks the template source's checksum, so
    an edited template is compiled again."""
    import jinja2

    class TemplateCache(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.store: dict[str, bytes] = {}
            self.lock = threading.Lock()

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with self.lock:
                data = self.store.get(bucket.key)
            if data is not None:
                bucket.bytecode_from_string(data)

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with self.lock:
                self.store[bucket.key] = bucket.bytecode_to_string()

    return TemplateCache()


@dataclass
class ThemeFiles:
    """The theme's static files (`Files.add_files_from_theme`): listing them filtered every
    Material icon name (14,000 files) through ten patterns, 0.07 s per script. Kept on the
    theme folders and the static inputs (the overrides are among them); the installed
    theme is taken not to change while the preview runs."""

    listings: dict[tuple[Any, ...], list[tuple[str, str | None]]] = field(default_factory=dict)

    def add(self, original: Any, files: Any, env: Any, config: Any, statics: str) -> None:
        from mkdocs.structure.files import File, Files

        key = (tuple(config.theme.dirs), tuple(config.theme.static_templates), statics)
        listing = self.listings.get(key)
        if listing is None:
            found = Files([])
            original(found, env, config)  # all of them: no docs file shadows one here
            listing = [(f.src_uri, f.src_dir) for f in found]
            self.listings = {key: listing}
        for path, folder in listing:
            # As MkDocs does: a file of docs/ with the same path wins.
            if files.get_file_from_path(path) is None:
                files.append(File(path, folder, config.site_dir, config.use_directory_urls))


@dataclass
class Caches:
    rendered: RenderMemo
    pages: PageMemo
    theme: ThemeFiles


_caches: Caches | None = None


def install_caches() -> Caches:
    """Wrap `Page.render` and `Theme.get_env` for this process (the preview server only)."""
    global _caches
    if _caches is not None:
        return _caches
    import jinja2
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page
    from mkdocs.theme import Theme

    caches = Caches(RenderMemo(), PageMemo(), ThemeFiles())
    render, get_env, templates = Page.render, Theme.get_env, template_cache()
    add_theme = Files.add_files_from_theme

    def theme_files(self: Any, env: Any, config: Any) -> None:
        caches.theme.add(add_theme, self, env, config, caches.pages.statics)

    def cached_render(self: Any, config: Any, files: Any) -> None:
        caches.rendered.render(render, self, config, files)

    class MemoTemplate(jinja2.Template):
        def render(self, *args: Any, **kwargs: Any) -> str:
            context = dict(*args, **kwargs)
            return caches.pages.render(lambda: super(MemoTemplate, self).render(context),
                                       self.name or "", context)

    def get_env_cached(self: Any) -> Any:
        env = get_env(self)
        env.bytecode_cache = templates
        env.template_class = MemoTemplate
        return env

    Page.render = cached_render  # type: ignore[method-assign]
    Theme.get_env = get_env_cached  # type: ignore[method-assign]
    Files.add_files_from_theme = theme_files  # type: ignore[method-assign]
    _caches = caches
    return caches


# ------------------------------------------------------------------------ builds


def scratch_root() -> Path:
    """A private folder for the preview's builds: on tmpfs (/dev/shm) where there is one, since
    creating and deleting a site's thousand files on a disk was most of a rebuild's system
    time; the system's temporary folder otherwise."""
    shm = Path("/dev/shm")
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None
    return Path(tempfile.mkdtemp(prefix="reportsite-preview-", dir=where))


def build_site(config_file: Path, site_dir: Path) -> Any:
    """`reportsite build`'s MkDocs build of both scripts into `site_dir` (which must not
    exist); returns the loaded config. Raises PreviewFailed with the lines that say why."""
    import click
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with _warnings() as said:
        try:
            config = load_config(config_file=str(config_file), site_dir=str(site_dir),
                                 strict=True)
            if _caches is not None:
                _caches.rendered.next_build()
                _caches.pages.next_build(repr(fingerprint(static_inputs(config))))
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config, dirty=False)
            finally:
                config.plugins.on_shutdown()
            return config
        except click.ClickException as exc:  # MkDocs' Abort, config and plugin errors
            failure = exc.format_message()
        except OSError as exc:
            failure = f"{exc.filename or site_dir}: {exc.strerror or exc}"
    lines = [record.getMessage() for record in said]
    if not any(record.levelno >= logging.ERROR for record in said):
        # Strict warnings (already printed) end in "Aborted with N warnings"; a config
        # MkDocs refused, or an OS error, was printed by no one yet.
        log.error(failure)
        lines.append(failure)
    raise PreviewFailed(lines)


def watched_paths(config: Any) -> list[Path]:
    """What a rebuild reads and an editor or developer may change: mkdocs.yml's `watch`
    (seeds/, config/), docs/, the theme overrides, and both MkDocs configs."""
    from .paths import TWIN_CONFIG

    root = Path(config.config_file_path).resolve().parent
    paths = [Path(p) for p in config.watch] + [Path(config.docs_dir)]
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    paths += [root / Path(config.config_file_path).name, root / TWIN_CONFIG]
    seen: list[Path] = []
    for path in (p.resolve() for p in paths):
        if path not in seen:
            seen.append(path)
    return seen


def static_inputs(config: Any) -> list[Path]:
    """What every page may show besides the pipeline's pages and nav: both MkDocs configs,
    the theme overrides, the hand-written pages, config/ (the glossary names the site)."""
    plugin = config.plugins.get("reportsite")
    seeds = Path(getattr(plugin, "config", {}).get("seeds", "seeds"))
    root = Path(config.config_file_path).resolve().parent
    return [p for p in watched_paths(config) if not p.is_relative_to((root / seeds).resolve())]


def visible(path: Path) -> bool:
    """Not a hidden or editor backup file (the pipeline reads neither)."""
    return not path.name.startswith(".") and not path.name.endswith("~")


def fingerprint(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and mtimes of the visible files under `paths`: equal, nothing to rebuild
    (an editor's temporary file came and went)."""
    stamp = []
    for base in paths:
        for path in sorted(base.rglob("*")) if base.is_dir() else [base]:
            if visible(path) and path.is_file():
                st = path.stat()
                stamp.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(stamp)
