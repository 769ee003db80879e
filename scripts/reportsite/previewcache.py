"""Caches of the preview's builds (`reportsite serve`): where a rebuild spent its time.

Measured at 1x, both scripts, with `mkdocs serve` rebuilding from scratch: about 2.1 s of
CPU per rebuild after a seed edit; with these, about 0.9 s (0.45 s in the server and the
rest in the Traditional worker, reportsite/previewtwin.py):

* Markdown rendering, 0.45 s: a seed edit changes a few of the ~90 pages, so `Page.render`
  is memoised on everything it reads (`RenderMemo`);
* Material's page template, 0.4 s: its output is kept on a digest of what it reads
  (`PageMemo`), so only pages whose text, outline or shared parts changed are rendered;
* Jinja compiling Material's templates again for each script, 0.35 s: an in-memory
  bytecode cache (`template_cache`, Jinja's own mechanism, keyed on the template source);
* listing the theme's static files, 0.15 s: kept while the theme is unchanged
  (`ThemeFiles`).

At 10x (issue 17) a rebuild still ran the whole pipeline (1 s of 2.6 s), folded every page
for the search index (0.34 s), drew every page's QR code (0.3 s) and parsed every page's
front matter (0.15 s); now the pipeline's memo (reportsite/pipelinememo.py) and `search`,
`front_matter` and a QR cache here keep them, and a rebuild took 1.5 s.

`install_caches()` installs them in the `reportsite serve` process and its worker only
(`make site` never does). Each is transparent: a hit returns what the call would have
returned; tests/test_serve.py compares every file of the preview with `reportsite build`.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import logging
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .pipelinememo import Memo, PipelineMemo


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
    rendered: list[str] = field(default_factory=list)  # this build's misses (src_uri)

    def key(self, page: Any, config: Any, files: Any) -> tuple[Any, ...]:
        if self.files_key[0] is not files:
            # Once per build: a digest of the listing and the Markdown settings. As part of
            # every page's key, the listing itself was hashed again for each lookup (a tuple
            # does not keep its hash): 2 s of a rebuild at 100x.
            listing = repr((tuple((f.src_uri, f.url, str(f.inclusion)) for f in files),
                            config.use_directory_urls, config.validation,
                            config.markdown_extensions, config.mdx_configs))
            self.files_key = (files, hashlib.blake2b(listing.encode("utf-8")).digest())
        return (page.markdown, page.file.src_uri, page.file.url, self.files_key[1])

    def render(self, original: Any, page: Any, config: Any, files: Any) -> None:
        key = self.key(page, config, files)
        done = self.entries.get(key) or self.used.get(key)
        if done is None:
            self.misses += 1
            self.rendered.append(page.file.src_uri)
            with warnings_logged() as warned:
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
        self.files_key, self.rendered = (None, None), []


@contextmanager
def warnings_logged() -> Iterator[list[logging.LogRecord]]:
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
               if k not in _PAGE_CONTEXT | {"build_date_utc"}}
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
    pipeline: PipelineMemo
    search: Memo  # each page's sections folded for the search index (search/index.py)
    front_matter: Memo  # each page's Markdown and front matter, by its source

    def next_build(self, statics: str) -> None:
        self.rendered.next_build()
        self.pages.next_build(statics)
        self.search.next_run(True)
        self.front_matter.next_run(True)


_caches: Caches | None = None


def install_caches() -> Caches:
    """Wrap `Page.render`, `Theme.get_env` and `Files.add_files_from_theme` in this process
    (the preview server and its worker only)."""
    global _caches
    if _caches is not None:
        return _caches
    import jinja2
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page
    from mkdocs.theme import Theme
    from mkdocs.utils import meta

    from . import portal

    installed = Caches(RenderMemo(), PageMemo(), ThemeFiles(), PipelineMemo(), Memo(), Memo())
    # A page's QR code is the same for the same address: made once per preview.
    portal.qr_svg = functools.lru_cache(maxsize=None)(portal.qr_svg)  # type: ignore[attr-defined]
    render, get_env, templates = Page.render, Theme.get_env, template_cache()
    add_theme, get_data = Files.add_files_from_theme, meta.get_data

    def theme_files(self: Any, env: Any, config: Any) -> None:
        installed.theme.add(add_theme, self, env, config, installed.pages.statics)

    def cached_render(self: Any, config: Any, files: Any) -> None:
        installed.rendered.render(render, self, config, files)

    class MemoTemplate(jinja2.Template):
        def render(self, *args: Any, **kwargs: Any) -> str:
            context = dict(*args, **kwargs)
            return installed.pages.render(lambda: super(MemoTemplate, self).render(context),
                                       self.name or "", context)

    def get_env_cached(self: Any) -> Any:
        env = get_env(self)
        env.bytecode_cache = templates
        env.template_class = MemoTemplate
        return env

    def front_matter(doc: str) -> tuple[str, dict[str, Any]]:
        # A copy: plugins change page.meta in place.
        markdown, found = installed.front_matter.get(doc, lambda: get_data(doc))
        return markdown, copy.deepcopy(found)

    meta.get_data = front_matter
    Page.render = cached_render  # type: ignore[method-assign]
    Theme.get_env = get_env_cached  # type: ignore[method-assign]
    Files.add_files_from_theme = theme_files  # type: ignore[method-assign]
    _caches = installed
    return installed


def caches() -> Caches | None:
    """The installed caches (None: a plain build, as `make site` runs)."""
    return _caches


def pipeline_memo() -> PipelineMemo | None:
    """The pipeline's memo where the caches are installed (the preview), else None."""
    return None if _caches is None else _caches.pipeline


def search_memo() -> Callable[[Any, Callable[[], Any]], Any] | None:
    """The search index's memo of folded pages where the caches are installed, else None."""
    return None if _caches is None else _caches.search.get
