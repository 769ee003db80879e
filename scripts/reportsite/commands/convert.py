"""`reportsite convert --seeds DIR --out DIR`: the seed reports as Markdown pages.

A thin command over reportsite.pipeline.run_pipeline. Bad input gives one line
naming the file and the problem, exit status 1, and leaves the output untouched.

`--out` is replaced as a whole, so it may only name a folder the converter made (marker file
`.reportsite-output`, or the previous version's `.nav.yml`), an empty folder or a new one;
never the seeds, the config, the project or any folder holding `.git`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import load_config
from ..errors import ReportError
from ..pipeline import run_pipeline
from ..publish import check_output, clean_leftovers, os_error, output_lock
from ..settings import SPACING_POLICIES
from ..write import looks_like_old_output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reportsite convert", description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, required=True, help="folder of *.txt reports")
    parser.add_argument("--out", type=Path, required=True, help="folder for the Markdown pages")
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("config"),
        help="folder holding taxonomy.yml and convert.yml (default: config/)",
    )
    parser.add_argument(
        "--spacing",
        choices=SPACING_POLICIES,
        default=None,
        help="spaces between Han and digits/Latin: remove (GB/T 15835, default) or keep",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings (e.g. metadata for a seed that does not exist) as errors",
    )
    args = parser.parse_args(argv)
    protected = [(args.seeds, "seeds"), (args.config, "config"), (Path.cwd(), "project")]
    try:
        # Before converting, so a wrong --out fails at once; write_tree checks again.
        check_output(args.out, looks_like_old_output, protected)
        config = load_config(args.seeds, args.out, args.config, args.spacing)
        out = args.out.absolute()
        out.parent.mkdir(parents=True, exist_ok=True)
        with output_lock(out):
            # First, so that a run failing below still repairs what a killed one left.
            clean_leftovers(out)
            result = run_pipeline(config, strict=args.strict)
    except OSError as exc:  # e.g. an unreadable seeds folder
        print(f"error: {os_error(exc, args.out)}", file=sys.stderr)
        return 1
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.strict and result.warnings:
        count = len(result.warnings)
        print(f"error: {count} warning(s) with --strict: nothing written", file=sys.stderr)
        return 1
    pages = sum(p.published for r in result.reports for p in r.pages)
    print(f"converted {len(result.reports)} reports into {pages} pages in {args.out}")
    return 0

