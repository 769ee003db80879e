"""Benchmark of sharded builds: N shards plus the merge against the single build.

    python -m devtools.bench_shards [--scale 100] [--shards 4] [--work build/bench]

In a copy of the project holding an archive of SCALE copies of every seed (as devtools.bench
makes it), with one SOURCE_DATE_EPOCH for all: `reportsite build` (the single build), then
`reportsite build --shard K/N` for each K, one after the other as a CI matrix would run
them on N machines, then `reportsite merge`. Reports each one's wall and CPU seconds and
peak memory, the slowest shard plus the merge (the wall time with N machines) against the
single build, and whether the merged site is the single build: same files, same bytes
(so every search gives the same results). Writes WORK/shards.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from devtools.bench import ROOT, _copy_project, _run
from devtools.sitebuild import synthesise

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


@dataclass
class ShardRun:
    scale: int
    shards: int
    single: tuple[float, float, float] = (0.0, 0.0, 0.0)  # wall, CPU, peak MB
    parts: list[tuple[float, float, float]] = field(default_factory=list)
    merge: tuple[float, float, float] = (0.0, 0.0, 0.0)
    files: int = 0
    differing: list[str] = field(default_factory=list)


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def run_shards(scale: int, count: int, work: Path) -> ShardRun:
    seeds = work / f"shard-seeds-{scale}"
    synthesise(ROOT / "seeds", seeds, scale)
    proj = work / f"shard-project-{scale}"
    _copy_project(proj, seeds)
    cmd = [sys.executable, "-m", "reportsite"]
    run = ShardRun(scale, count)
    run.single = _run([*cmd, "build", "--site-dir", "single"], proj, work / "shard-single.log",
                      EPOCH)
    for k in range(1, count + 1):
        run.parts.append(_run([*cmd, "build", "--shard", f"{k}/{count}", "--site-dir",
                               f"shard-{k}"], proj, work / f"shard-{k}.log", EPOCH))
    run.merge = _run([*cmd, "merge", "--site-dir", "merged",
                      *(f"shard-{k}" for k in range(1, count + 1))], proj,
                     work / "shard-merge.log", EPOCH)  # fmt: skip
    single, merged = _hashes(proj / "single"), _hashes(proj / "merged")
    run.files = len(single)
    run.differing = sorted(rel for rel in set(single) | set(merged)
                           if single.get(rel) != merged.get(rel))  # fmt: skip
    return run


def shard_table(run: ShardRun) -> list[str]:
    slowest = max(run.parts, key=lambda p: p[0])
    matrix = slowest[0] + run.merge[0]
    lines = [
        "| build | wall s | CPU s | peak MB |",
        "|---|---:|---:|---:|",
        f"| single (`reportsite build`) | {run.single[0]:.1f} | {run.single[1]:.1f} "
        f"| {run.single[2]:.0f} |",
    ]
    for k, (wall, cpu, peak) in enumerate(run.parts, 1):
        lines.append(f"| shard {k}/{run.shards} | {wall:.1f} | {cpu:.1f} | {peak:.0f} |")
    lines.append(f"| merge | {run.merge[0]:.1f} | {run.merge[1]:.1f} | {run.merge[2]:.0f} |")
    total_cpu = sum(p[1] for p in run.parts) + run.merge[1]
    lines += [
        f"| {run.shards} machines: slowest shard + merge | {matrix:.1f} "
        f"({matrix / run.single[0]:.2f}× single) | {total_cpu:.1f} in all "
        f"({total_cpu / run.single[1]:.2f}×) | |",
        "",
        f"Merged site against the single build: {run.files} files, "
        + ("**identical**" if not run.differing else
           f"**{len(run.differing)} differ** (first: {run.differing[:3]})"),
    ]  # fmt: skip
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=int, default=100)
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    args = ap.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    run = run_shards(args.scale, args.shards, work)
    (work / "shards.json").write_text(json.dumps(vars(run), indent=1), encoding="utf-8")
    print(f"\n### {args.scale}x as {args.shards} shards plus a merge\n")
    print("\n".join(shard_table(run)))
    return 0 if not run.differing else 1


if __name__ == "__main__":
    sys.exit(main())
