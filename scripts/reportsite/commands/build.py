"""`reportsite build [--config-file F] [--site-dir DIR]`: both scripts into site/ in one step.

What `make site` runs. The seeds are converted in memory (one pipeline run, handed to the
plugin), then MkDocs builds the Simplified site and, from the plugin, the Traditional one
into a staging folder, which reportsite.publish swaps in whole. The site is locked for the
whole run, so a second build of the same project waits for this one; a failure anywhere
(bad seed, glossary, strict warning, disk full) leaves the previous site/ as it was.
`site/` may only be a folder this generator made (see publish.check_output); one from the
previous version, which had no marker file, is recognised by its zh-Hant/ and sitemap.xml.
"""

from __future__ import annotations

import argparse
import signal
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from ..errors import ReportError
from ..publish import check_output, clean_leftovers, os_error, output_lock, replace_tree


class BuildFailed(Exception):
    """MkDocs stopped and has already said why."""


def looks_like_old_site(folder: Path) -> bool:
    """A site/ of the version before the marker file: both scripts' sitemap layout."""
    hant = folder / "zh-Hant"
    return hant.is_dir() and ((folder / "sitemap.xml").is_file()
                              or (hant / "sitemap.xml").is_file())


def log_like_mkdocs() -> None:
    """The mkdocs command's log handler and format (INFO/WARNING lines as `mkdocs build`
    prints them). Its State removes the handler when collected, so one is kept for the
    process; a second would print every line twice."""
    from mkdocs.__main__ import State

    global _log_state
    _log_state = _log_state or State()  # type: ignore[no-untyped-call]


def load_site_config(config_file: Path) -> Any:
    """The MkDocs config of `mkdocs build --strict`, logging as the mkdocs command does."""
    import click
    from mkdocs.config import load_config

    log_like_mkdocs()
    try:
        return load_config(config_file=str(config_file), strict=True)
    except click.ClickException as exc:  # a config MkDocs refuses: it says why
        exc.show()
        raise BuildFailed from None


_log_state: Any = None


def generate(config: Any) -> None:
    """Run the pipeline once, before anything is staged: a bad seed stops here in one line."""
    from ..plugin import ReportSitePlugin

    plugin = config.plugins.get("reportsite")
    if isinstance(plugin, ReportSitePlugin):
        result = plugin.generate(config)
        pages = sum(p.published for r in result.reports for p in r.pages)
        print(f"converted {len(result.reports)} reports into {pages} pages", flush=True)


def mkdocs_build(config: Any, site_dir: Path) -> None:
    """`mkdocs build --strict --clean` of `config` into `site_dir`, in this process (so it
    shares the lock and dies with us: no orphan keeps writing after a kill)."""
    import click
    from mkdocs.commands.build import build as build_site

    config.site_dir = str(site_dir)
    try:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build_site(config, dirty=False)
        finally:
            config.plugins.on_shutdown()
    except click.exceptions.Abort:  # click's form of KeyboardInterrupt
        raise KeyboardInterrupt from None
    except click.ClickException as exc:  # MkDocs' own Abort: strict warnings, plugin errors
        exc.show()
        raise BuildFailed from None


def build(config_file: Path, site_dir: Path) -> None:
    project = config_file.parent
    check_output(site_dir, looks_like_old_site, [(project, "project")])
    with ExitStack() as stack:
        stack.enter_context(output_lock(site_dir))
        # First, so that a run failing below still repairs what a killed one left.
        clean_leftovers(site_dir)
        config = load_site_config(config_file)
        generate(config)
        replace_tree(site_dir, lambda staging: mkdocs_build(config, staging),
                     looks_like_old_site)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reportsite build", description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"),
                        help="the Simplified MkDocs config (default: mkdocs.yml)")
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="where the site goes (default: site/ beside the config)")
    args = parser.parse_args(argv)
    # SIGTERM (a cancelled CI job, `kill`) unwinds like Ctrl-C, so the staging folder goes too.
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    config_file = args.config_file.resolve()
    site_dir = (args.site_dir or config_file.parent / "site").absolute()
    try:
        build(config_file, site_dir)
    except OSError as exc:
        print(f"error: {os_error(exc, site_dir)}", file=sys.stderr)
        return 1
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BuildFailed:
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 0
