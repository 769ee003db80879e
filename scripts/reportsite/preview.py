"""The builds of the editors' live preview (`reportsite serve`, `make serve`).

A preview build is `reportsite build`'s: `mkdocs build --strict` of mkdocs.yml with
`command="build"` and the configured `site_url`, so the pages are the bytes `make site`
publishes. What differs is where the time went in a rebuild that `mkdocs serve` ran from
scratch (measured at 1x after a seed edit: about 2.1 s of CPU, 0.9-3 s of it writing):

* each build goes into a fresh folder on tmpfs (`scratch_root`): creating and deleting the
  site's thousand files on a disk cost 0.25-0.6 s of system time, growing rebuild after
  rebuild, and the server swaps the folder in whole (reportsite/previewserver.py);
* the Traditional twin is built by a second process at the same time
  (`build_site` here, `build_twin_site` there: reportsite/previewtwin.py);
* what did not change is not done again (reportsite/previewcache.py).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .previewcache import caches, warnings_logged
from .publish import process_alive
from .read import inputs_fingerprint

log = logging.getLogger("mkdocs.reportsite.preview")
SCRATCH = "reportsite-preview-"


class PreviewFailed(Exception):
    """The build stopped; `lines` say why (level, message), as the terminal printed them."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        super().__init__("\n".join(message for _, message in lines))
        self.lines = lines


def scratch_root() -> Path:
    """A private folder for the preview's builds: on tmpfs (/dev/shm) where there is one, since
    creating and deleting a site's thousand files on a disk was most of a rebuild's system
    time; the system's temporary folder otherwise. Those of previews that were killed (their
    process is gone) are removed: on tmpfs they hold memory."""
    shm = Path("/dev/shm")
    where = shm if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None
    parent = where or Path(tempfile.gettempdir())
    for old in parent.glob(f"{SCRATCH}*"):
        pid = old.name[len(SCRATCH):].partition("-")[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{SCRATCH}{os.getpid()}-", dir=where))


def build_site(config_file: Path, site_dir: Path) -> Any:
    """`reportsite build`'s MkDocs build of mkdocs.yml into `site_dir` (which must not
    exist), without its Traditional twin (the worker builds that: `build_twin_site`);
    returns the loaded config. Raises PreviewFailed with the lines that say why."""
    from .plugin import ReportSitePlugin, run_build

    def run(config: Any) -> None:
        plugin = config.plugins.get("reportsite")
        if isinstance(plugin, ReportSitePlugin):
            plugin.with_twin = False
        run_build(config)

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
                installed.next_build(repr(static_inputs(config).fingerprint()))
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


@dataclass(frozen=True)
class Inputs:
    """Files a build reads: those under `paths`, except below `skip` (docs/reports/, which
    `make docs` writes and the build ignores) and hidden or editor backup files (which the
    pipeline never reads: an editor's temporary file must not be a rebuild)."""

    paths: tuple[Path, ...]
    skip: tuple[Path, ...] = ()

    def holds(self, path: Path) -> bool:
        if path.name.endswith("~") or any(path.is_relative_to(s) for s in self.skip):
            return False
        for base in self.paths:
            if path == base or path.is_relative_to(base):
                return not any(part.startswith(".") for part in path.relative_to(base).parts)
        return False

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """Names, sizes and mtimes: equal, nothing to rebuild."""
        return inputs_fingerprint(self.paths, self.holds)


def watched(config: Any) -> Inputs:
    """What a rebuild reads and an editor or developer may change: mkdocs.yml's `watch`
    (seeds/, config/), docs/ (not docs/reports/), the theme overrides, both MkDocs configs."""
    from .paths import GENERATED_DIR, TWIN_CONFIG

    root = Path(config.config_file_path).resolve().parent
    paths = [Path(p) for p in config.watch] + [Path(config.docs_dir)]
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    paths += [root / Path(config.config_file_path).name, root / TWIN_CONFIG]
    seen: list[Path] = []
    for path in (p.resolve() for p in paths):
        if path not in seen:
            seen.append(path)
    return Inputs(tuple(seen), (Path(config.docs_dir).resolve() / GENERATED_DIR,))


def static_inputs(config: Any) -> Inputs:
    """What every page may show besides the pipeline's pages and nav: both MkDocs configs,
    the theme overrides, the hand-written pages, config/ (the glossary names the site)."""
    plugin = config.plugins.get("reportsite")
    root = Path(config.config_file_path).resolve().parent
    seeds = (root / getattr(plugin, "config", {}).get("seeds", "seeds")).resolve()
    every = watched(config)
    return Inputs(tuple(p for p in every.paths if not p.is_relative_to(seeds)), every.skip)
