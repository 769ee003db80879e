"""`reportsite merge --site-dir OUT SHARD…`: the shards of a sharded build as one site.

Each SHARD is a folder `reportsite build --shard K/N` made, all from the same seeds, config
and SOURCE_DATE_EPOCH. The merged site is published as `reportsite build` publishes (a
staging folder swapped in whole; a failure leaves OUT as it was): see reportsite/shard.py.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from ..publish import replace_tree
from ..shard import merge_shards
from .build import exit_status, log_like_mkdocs, looks_like_old_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reportsite merge", description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, required=True, help="the merged site")
    parser.add_argument("shards", type=Path, nargs="+", help="the shards' site folders")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    log_like_mkdocs()
    site_dir = args.site_dir.absolute()
    shards = [s.absolute() for s in args.shards]
    status = exit_status(site_dir, lambda: replace_tree(
        site_dir, lambda staging: merge_shards(shards, staging), looks_like_old_site))
    if status == 0:
        print(f"merged {len(shards)} shards into {site_dir}", flush=True)
    return status
