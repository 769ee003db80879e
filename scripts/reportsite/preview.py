"""The builds of the editors' live preview (`reportsite serve`, `make serve`).

A preview build is `reportsite build`'s: `mkdocs build --strict` of mkdocs.yml with
`command="build"` and the configured `site_url`, so the pages are the bytes `make site`
publishes. What differs is where the time went in a rebuild that `mkdocs serve` ran from
scratch (measured at 1x after a seed edit: about 2.1 s of CPU, 0.9-3 s of it writing):

* each build goes into a fresh folder on tmpfs (`scratch_root`): creating and deleting the
  site's thousand files on a disk cost 0.25-0.6 s of system time, growing rebuild after
  rebuild, and the server swaps the folder in whole (reportsite/previewserver.py);
* the Traditional twin is built by a second process at the same time
  (`build_site(twin=False)` here, `build_twin_site` there: reportsite/previewtwin.py);
* what did not change is not done again (reportsite/previewcache.py).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .previewcache import caches, warnings_logged

log = logging.getLogger("mkdocs.reportsite.preview")


class PreviewFailed(Exception):
    """The build stopped; `lines` say why (level, message), as the terminal printed them."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        super().__init__("\n".join(message for _, message in lines))
        self.lines = lines


def scratch_root() -> Path:
    """A private folder for the preview's builds: on tmpfs (/dev/shm) where there is one, since
    creating and deleting a site's thousand files on a disk was most of a rebuild's system
    time; the system's temporary folder otherwise."""
    shm = Path("/dev/shm")
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None
    return Path(tempfile.mkdtemp(prefix="reportsite-preview-", dir=where))


def build_site(config_file: Path, site_dir: Path, *, twin: bool = True) -> Any:
    """`reportsite build`'s MkDocs build of mkdocs.yml into `site_dir` (which must not
    exist), with its Traditional twin unless `twin` is False; returns the loaded config.
    Raises PreviewFailed with the lines that say why."""
    from mkdocs.commands.build import build

    from .plugin import ReportSitePlugin

    def run(config: Any) -> None:
        plugin = config.plugins.get("reportsite")
        if isinstance(plugin, ReportSitePlugin):
            plugin.with_twin = twin
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config, dirty=False)
        finally:
            config.plugins.on_shutdown()

    return _guarded(config_file, site_dir, run)


def build_twin_site(config_file: Path, site_dir: Path) -> None:
    """Only the Traditional twin of mkdocs.yml, into `site_dir`/zh-Hant, as `build_site`
    would have made it. Raises PreviewFailed."""
    from .plugin import build_twin_alone

    _guarded(config_file, site_dir, build_twin_alone)


def _guarded(config_file: Path, site_dir: Path, run: Callable[[Any], None]) -> Any:
    import click
    from mkdocs.config import load_config

    with warnings_logged() as said:
        try:
            config = load_config(config_file=str(config_file), site_dir=str(site_dir),
                                 strict=True)
            installed = caches()
            if installed is not None:
                installed.rendered.next_build()
                installed.pages.next_build(repr(fingerprint(static_inputs(config))))
            run(config)
            return config
        except click.ClickException as exc:  # MkDocs' Abort, config and plugin errors
            failure = exc.format_message()
        except OSError as exc:
            failure = f"{exc.filename or site_dir}: {exc.strerror or exc}"
    lines = [(record.levelno, record.getMessage()) for record in said]
    if not any(level >= logging.ERROR for level, _ in lines):
        # Strict warnings (already printed) end in "Aborted with N warnings"; a config
        # MkDocs refused, or an OS error, was printed by no one yet.
        log.error(failure)
        lines.append((logging.ERROR, failure))
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
