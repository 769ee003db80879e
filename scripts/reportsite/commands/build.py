"""`reportsite build [--config-file F] [--site-dir DIR] [--shard K/N]`: both scripts, one step.

What `make site` runs. The seeds are converted in memory (one pipeline run, handed to the
plugin), then MkDocs builds the Simplified site and the Traditional one into a staging
folder, which reportsite.publish swaps in whole: on two cores at the same time, the twin in a
forked child (`build_in_parallel`), else the twin after it from the plugin. The site is
locked for the whole run, so a second build of the same project waits for this one; a
failure anywhere (bad seed, glossary, strict warning, disk full) leaves the previous site/
as it was.
`site/` may only be a folder this generator made (see publish.check_output); one from the
previous version, which had no marker file, is recognised by its zh-Hant/ and sitemap.xml.
With `--shard K/N` it builds one shard of a sharded build into the site folder, for
`reportsite merge` (reportsite/shard.py).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import signal
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from ..errors import ReportError
from ..publish import check_output, clean_leftovers, os_error, output_lock, replace_tree
from ..shard import Shard, install_hooks


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
    plugin = _reportsite(config)
    if plugin is not None:
        result = plugin.generate(config)
        pages = sum(p.published for r in result.reports for p in r.pages)
        print(f"converted {len(result.reports)} reports into {pages} pages", flush=True)


def mkdocs_build(config: Any, site_dir: Path) -> None:
    """`mkdocs build --strict --clean` of `config` into `site_dir`, with its Traditional twin:
    in a second process at the same time where the machine has a second core (see
    `build_in_parallel`), else after it in this one. The two give the same bytes
    (tests/test_reproducible.py)."""
    plugin = _reportsite(config)
    if plugin is None or not parallel_wanted():
        _mkdocs_build(config, site_dir)
        return
    build_in_parallel(config, plugin, site_dir)


def parallel_wanted() -> bool:
    """Two processes where there are two cores to run them and the system can fork.
    REPORTSITE_JOBS=1 asks for one process, 2 for two whatever the cores (the tests compare
    the two)."""
    if not hasattr(os, "fork"):
        return False
    jobs = os.environ.get("REPORTSITE_JOBS", "").strip()
    if jobs in ("1", "2"):
        return jobs == "2"
    if hasattr(os, "sched_getaffinity"):  # the cores this process may use
        return len(os.sched_getaffinity(0)) > 1
    return (os.cpu_count() or 1) > 1


def _reportsite(config: Any) -> Any:
    from ..plugin import ReportSitePlugin

    plugin = config.plugins.get("reportsite")
    return plugin if isinstance(plugin, ReportSitePlugin) else None


def _mkdocs_build(config: Any, site_dir: Path) -> None:
    """One MkDocs build in this process (so it shares the lock and dies with us: no orphan
    keeps writing after a kill); with the twin unless the plugin was told otherwise."""
    import click

    from ..plugin import run_build

    config.site_dir = str(site_dir)
    try:
        run_build(config)
    except click.exceptions.Abort:  # click's form of KeyboardInterrupt
        raise KeyboardInterrupt from None
    except click.ClickException as exc:  # MkDocs' own Abort: strict warnings, plugin errors
        exc.show()
        raise BuildFailed from None


def build_in_parallel(config: Any, plugin: Any, site_dir: Path) -> None:
    """The Simplified site here and the Traditional twin in a forked child, both from the
    one pipeline run already done (the child inherits it). The twin goes into a folder
    beside the staging folder, since the Simplified build cleans its own first, and is moved
    under it when both have succeeded. The child dies with this process (PR_SET_PDEATHSIG);
    a failure on either side fails the build, and a leftover folder is removed by the next
    run like any staging folder (its name starts with the staging folder's)."""
    from ..plugin import move_twin

    aside = site_dir.with_name(site_dir.name + ".hant")
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its outcome is its exit status
        os._exit(_twin_child(config, aside, parent))
    running = True
    try:
        plugin.with_twin = False
        _mkdocs_build(config, site_dir)
        _, status = os.waitpid(pid, 0)
        running = False
        if os.waitstatus_to_exitcode(status) != 0:
            raise BuildFailed  # the child has said why
        move_twin(plugin, aside, site_dir)
    finally:
        if running:  # this side failed or was interrupted: the twin is not wanted
            _stop(pid)
        shutil.rmtree(aside, ignore_errors=True)


def _twin_child(config: Any, aside: Path, parent: int) -> int:
    import click

    from ..plugin import build_twin_alone

    _die_with_parent(parent)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        config.site_dir = str(aside)
        build_twin_alone(config)
        return 0
    except click.ClickException as exc:  # strict warnings, config and plugin errors
        exc.show()
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
    except OSError as exc:
        print(f"error: {os_error(exc, aside)}", file=sys.stderr)
    except (KeyboardInterrupt, click.exceptions.Abort):  # the parent was too, and says so
        pass
    except BaseException as exc:  # a bug: say it in one line
        print(f"error: the Traditional build stopped: {exc!r}", file=sys.stderr)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return 1


def _die_with_parent(parent: int) -> None:
    """Linux: SIGKILL this process when its parent dies, however it dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (AttributeError, OSError):
        pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def build(config_file: Path, site_dir: Path, shard: Shard | None = None) -> None:
    project = config_file.parent
    check_output(site_dir, looks_like_old_site, [(project, "project")])
    with ExitStack() as stack:
        stack.enter_context(output_lock(site_dir))
        # First, so that a run failing below still repairs what a killed one left.
        clean_leftovers(site_dir)
        config = load_site_config(config_file)
        if shard is not None:
            plugin = _reportsite(config)
            if plugin is None:
                raise ReportError(str(config_file), "--shard needs the reportsite plugin")
            plugin.shard = shard
            install_hooks()
        generate(config)
        replace_tree(site_dir, lambda staging: mkdocs_build(config, staging),
                     looks_like_old_site)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reportsite build", description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"),
                        help="the Simplified MkDocs config (default: mkdocs.yml)")
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="where the site goes (default: site/ beside the config)")
    parser.add_argument("--shard", default=None, metavar="K/N",
                        help="build shard K of N only (reportsite merge joins them)")
    args = parser.parse_args(argv)
    try:
        shard = None if args.shard is None else Shard.parse(args.shard)
    except ValueError as exc:
        parser.error(str(exc))
    # SIGTERM (a cancelled CI job, `kill`) unwinds like Ctrl-C, so the staging folder goes too.
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    config_file = args.config_file.resolve()
    site_dir = (args.site_dir or config_file.parent / "site").absolute()
    return exit_status(site_dir, lambda: build(config_file, site_dir, shard))


def exit_status(site_dir: Path, work: Callable[[], None]) -> int:
    """Run `work`, which publishes `site_dir`: 0, or 1 after its one-line error (130 if
    interrupted); no traceback."""
    try:
        work()
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
