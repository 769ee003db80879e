#!/usr/bin/env python3
"""Build both scripts into site/ in one step: `build_site.py [--site-dir DIR]`.

What `make site` runs: the seeds are converted into docs/reports, then `mkdocs build
--strict` builds the Simplified site and, from its hook, the Traditional one into a staging
folder, which reportsite.publish swaps in whole. Both outputs are locked for the whole run,
so a second build of the same project waits for this one; a failure anywhere (bad seed,
glossary, strict warning, disk full) leaves the previous site/ and docs/reports as they were.
`site/` may only be a folder this generator made (see publish.check_output); one from the
previous version, which had no marker file, is recognised by its zh-Hant/ and sitemap.xml.
"""

from __future__ import annotations

import argparse
import signal
import sys
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportsite.config import load_config
from reportsite.errors import ReportError
from reportsite.pipeline import run_pipeline
from reportsite.publish import (
    check_output,
    clean_leftovers,
    os_error,
    output_lock,
    replace_tree,
)
from reportsite.write import looks_like_old_output

ROOT = Path(__file__).resolve().parent.parent


class BuildFailed(Exception):
    """MkDocs stopped and has already said why."""


def looks_like_old_site(folder: Path) -> bool:
    """A site/ of the version before the marker file: both scripts' sitemap layout."""
    hant = folder / "zh-Hant"
    return hant.is_dir() and ((folder / "sitemap.xml").is_file()
                              or (hant / "sitemap.xml").is_file())


def mkdocs_build(config_file: Path, site_dir: Path) -> None:
    """`mkdocs build --strict --clean` into `site_dir`, in this process (so it shares the lock
    and dies with us: no orphan keeps writing after a kill)."""
    import click
    from mkdocs.__main__ import cli

    args = ["build", "--strict", "--clean", "--config-file", str(config_file),
            "--site-dir", str(site_dir)]
    try:
        cli.main(args, prog_name="mkdocs", standalone_mode=False)
    except click.exceptions.Abort:  # click's form of KeyboardInterrupt
        raise KeyboardInterrupt from None
    except click.ClickException as exc:  # MkDocs' own Abort: strict warnings, plugin errors
        exc.show()
        raise BuildFailed from None


def build(config_file: Path, site_dir: Path) -> None:
    project = config_file.parent
    docs_out = project / "docs" / "reports"
    check_output(site_dir, looks_like_old_site, [(project, "project")])
    with ExitStack() as stack:
        # Always docs/reports first, then site/: the same order in every writer, no deadlock.
        stack.enter_context(output_lock(docs_out))
        stack.enter_context(output_lock(site_dir))
        # First, so that a run failing below still repairs what a killed one left.
        clean_leftovers(docs_out)
        clean_leftovers(site_dir)
        config = load_config(project / "seeds", docs_out, project / "config")
        check_output(docs_out, looks_like_old_output, [(project, "project")])
        result = run_pipeline(config)
        pages = sum(len(r.pages) for r in result.reports)
        print(f"converted {len(result.reports)} reports into {pages} pages in {docs_out}",
              flush=True)
        replace_tree(site_dir, lambda staging: mkdocs_build(config_file, staging),
                     looks_like_old_site)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", type=Path, default=ROOT / "mkdocs.yml",
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


if __name__ == "__main__":
    sys.exit(main())
