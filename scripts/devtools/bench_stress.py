"""Stress figures for `make bench`: peak memory and time of `make site` on the largest inputs.

Two cases, each built at several fractions of its full size so the growth shows:

* one big report (the district report grown with tests/test_security.big_report, e.g. 50 MB),
  with the per-seed limit raised in the project copy's config/convert.yml (the default limit
  refuses it: that is what the limit is for);
* many small seeds (search/sitebuild.synthesise: copies of both seeds, e.g. 2,000 files),
  within the default limits.

For each size: `make site` in a copy of the project (convert.py, then mkdocs build --strict of
both scripts), its wall and CPU seconds and the peak RSS of its largest process, and the
peak per MB of seed text: if memory grew with the square of anything, MB/MB would climb with
the size; linear growth keeps it flat or falling (a fixed start-up cost spread wider).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
MB = 1024 * 1024
UNLIMITED = 1 << 40  # the bench measures cost past the default limits on purpose


@dataclass(frozen=True)
class Stress:
    case: str
    size: str  # "50 MB" or "2000 seeds"
    seed_mb: float
    wall: float
    cpu: float
    peak_mb: float

    @property
    def peak_per_mb(self) -> float:
        return self.peak_mb / self.seed_mb


def _raise_limits(project: Path) -> None:
    path = project / "config" / "convert.yml"
    with open(path, encoding="utf-8") as fh:
        settings = yaml.safe_load(fh) or {}
    limits = dict(settings.get("limits") or {})
    limits.update(seed_bytes=UNLIMITED, total_bytes=UNLIMITED)
    settings["limits"] = limits
    with open(path, "w", encoding="utf-8") as fh:
        yaml.safe_dump(settings, fh, allow_unicode=True, sort_keys=False)


def _measure(case: str, size: str, seeds: Path, work: Path, raise_limits: bool) -> Stress:
    from devtools.bench import _copy_project, _run

    project = work / f"proj-{case}"
    _copy_project(project, seeds)
    if raise_limits:
        _raise_limits(project)
    make = ["make", "-s", "site", f"VENV={sys.prefix}"]
    wall, cpu, peak = _run(make, project, work / f"{case}-{size.replace(' ', '')}.log")
    seed_mb = sum(p.stat().st_size for p in seeds.glob("*.txt")) / MB
    return Stress(case, size, seed_mb, wall, cpu, peak)


def big_report_case(mb: float, work: Path) -> Stress:
    from devtools.inputs import big_report

    seeds = work / "seeds-stress-big"
    seeds.mkdir(parents=True, exist_ok=True)
    for old in seeds.glob("*"):
        old.unlink()
    (seeds / "big.txt").write_text(big_report(int(mb * MB)), encoding="utf-8")
    return _measure("big", f"{mb:g} MB", seeds, work, raise_limits=True)


def many_seeds_case(count: int, work: Path) -> Stress:
    from devtools.sitebuild import synthesise

    seeds = work / "seeds-stress-many"
    written = synthesise(ROOT / "seeds", seeds, max(1, count // 2))
    return _measure("many", f"{written} seeds", seeds, work, raise_limits=False)


def stress_table(rows: list[Stress]) -> list[str]:
    lines = [
        "| case | size | seed text | wall | CPU | peak RSS | peak per MB of seeds |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.case} | {r.size} | {r.seed_mb:.1f} MB | {r.wall:.0f} s | {r.cpu:.0f} s | "
            f"{r.peak_mb:,.0f} MB | {r.peak_per_mb:,.0f} MB/MB |"
        )
    return lines


def run_stress(big_mb: float, seeds: int, steps: list[float], work: Path) -> list[Stress]:
    rows: list[Stress] = []
    for step in steps:
        if big_mb > 0:
            print(f"stress: one {big_mb * step:g} MB report …", file=sys.stderr, flush=True)
            rows.append(big_report_case(big_mb * step, work))
            print(stress_table(rows)[-1], file=sys.stderr, flush=True)
        if seeds > 0:
            n = max(2, int(seeds * step))
            print(f"stress: {n} seeds …", file=sys.stderr, flush=True)
            rows.append(many_seeds_case(n, work))
            print(stress_table(rows)[-1], file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--big-mb", type=float, default=50)
    ap.add_argument("--seeds", type=int, default=2000)
    ap.add_argument("--steps", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    args = ap.parse_args(argv)
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    print("\n".join(stress_table(run_stress(args.big_mb, args.seeds, args.steps, args.work))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
