"""Benchmark: conversion, build and search cost as the archive grows (run by `make bench`).

    make bench, or .venv/bin/python -m devtools.bench [--scales 1 10 100] [--runs 3] [--big-mb 30]
                                      [--no-browser] [--work build/bench] [--profile] [--quick]

For each scale N it writes an archive of N copies of every seed (devtools/sitebuild.synthesise:
changed titles, slugs, numbers; nothing deduplicates) and a copy of the project holding it,
then, run after run (ours and the baseline alternate, so drift hits both alike):

* conversion: reportsite's pipeline as `convert.py` runs it (seeds → Markdown, written), plus
  the Traditional conversion of every page (the twin build's in-memory step), in MB of seed
  text per CPU second (and per wall second); next to OpenCC alone over the same text (the
  ceiling);
* `make site` in the copy (`reportsite build`: one pipeline run, then mkdocs build --strict
  of both scripts, in two processes on two cores): wall time, CPU time and peak RSS of its
  process tree; then again in one process (REPORTSITE_JOBS=1), for the parallel/serial ratio;
* the baseline, a plain Material build of the same generated Markdown: the pages the
  conversion above wrote (and their Traditional conversion, made beforehand and not timed),
  the same theme settings, Markdown extensions, nav and tags plugin, with none of our
  plugins, no overrides and stock search, both scripts in one process, strict;
* in headless Chromium, for a reader who opens `page?q=…` (types at once): navigation start →
  first result, and the bytes of every search request, ours vs stock Material (the baseline
  site, same pages);
* site size and search index bytes (everything under search/, both scripts);
* with --big-mb, the conversion of one big report (per-character rather than per-page cost);
* the editors' preview (devtools.bench_preview): save → new text served, ours (both scripts)
  against plain `mkdocs serve` and `mkdocs serve --dirty` (Simplified only), and its memory;
* a sharded build (devtools.bench_shards): N shards plus the merge against the single build,
  and whether the merged site is the single one, byte for byte.

Prints medians [min–max] over the runs, per-run ratios against the baselines, and the
performance targets (README, Performance) as measured; writes every figure to WORK/bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from devtools.bench_plain import plain_build, prepare_plain
from devtools.bench_report import MB, Scale, report, scale_table
from devtools.sitebuild import synthesise
from reportsite.config import load_config
from reportsite.glossary import load_glossary
from reportsite.pipeline import run_pipeline
from reportsite.script import Converter, make_converter, traditional_markdown

ROOT = Path(__file__).resolve().parent.parent.parent

# What `make site` needs in the project copy.
# The package itself comes from the venv (installed in editable mode).
PROJECT = ("Makefile", "requirements.txt", "pyproject.toml", "mkdocs.yml", "mkdocs.zh-Hant.yml",
           "docs", "overrides", "config")  # fmt: skip
# A reader's queries: words of several lengths, a number, Traditional input, an absent word.
QUERIES = ("妇联", "爱心妈妈", "巾帼文明岗", "2.3", "婦聯", "量子计算机")


def _copy_project(dest: Path, seeds: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    skip = shutil.ignore_patterns("reports", "__pycache__")
    for name in PROJECT:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=skip)
        else:
            shutil.copy2(src, dest / name)
    # The bench times builds, not pip: make must see the venv's stamp as newer than this.
    for stamped in ("requirements.txt", "pyproject.toml"):
        os.utime(dest / stamped, (0, 0))
    shutil.copytree(seeds, dest / "seeds")


def _run(
    cmd: list[str], cwd: Path, log: Path, extra: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """Run a command: wall seconds, CPU seconds and peak RSS (MB) of its process tree.

    wait4, not wait: Linux folds every reaped descendant's CPU time and peak RSS into its
    parent's, so make's figures cover the Python processes it started (the peak is the
    largest one's, not their sum). `extra` adds to the environment.
    """
    env = {k: v for k, v in os.environ.items()
           if k not in ("REPORTSITE_STOCK_SEARCH", "REPORTSITE_OFFLINE", "REPORTSITE_JOBS")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra or {})
    with open(log, "w", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        tail = log.read_text(encoding="utf-8")[-3000:]
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd} (log {log}):\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


_INDEXED = re.compile(r"n-gram search: .*?pages folded in ([0-9.]+) s, "
                      r"indexed in ([0-9.]+) s, written in ([0-9.]+) s")


def index_seconds(log: Path) -> float:
    """Seconds the search plugin spent folding pages, building and writing the index, as a
    build logged it (both scripts). In one process, wall time is its CPU time."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return sum(float(a) + float(b) + float(c) for a, b, c in _INDEXED.findall(text))


def _tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def _search_bytes(site: Path) -> int:
    return sum(_tree_bytes(d) for d in (site / "search", site / "zh-Hant" / "search") if d.is_dir())


# --------------------------------------------------------------------------- conversion


def convert_once(seeds: Path, out: Path, converter: Converter) -> dict[str, float]:
    """CPU seconds for seeds → Simplified Markdown (as convert.py) and for both scripts'
    Markdown (+ the Traditional conversion of every page), and wall seconds for both."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run_pipeline(load_config(seeds, out, ROOT / "config"))
    hans = time.process_time() - cpu
    for rel, content in result.files.items():
        if rel.endswith(".md") and isinstance(content, str):
            traditional_markdown(content, converter)
    return {"hans": hans, "both": time.process_time() - cpu, "wall": time.perf_counter() - wall}


def seed_text(seeds: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt")))


def add_conversion(row: Scale, seeds: Path, out: Path, text: str, converter: Converter) -> None:
    took = convert_once(seeds, out, converter)
    row.add("conv_s", took["both"])
    row.add("conv_cpu", row.mb / took["both"])
    row.add("conv_wall", row.mb / took["wall"])
    row.add("hans_cpu", row.mb / took["hans"])
    start = time.process_time()
    converter.convert(text)
    row.add("opencc_cpu", row.mb / (time.process_time() - start))
    row.add("conv_vs_opencc", row.last("conv_cpu") / row.last("opencc_cpu"))


# --------------------------------------------------------------------------- search in Chromium


def measure_search(sites: dict[str, Path]) -> dict[str, tuple[list[float], list[int]]]:
    """Per engine: nav → first result (ms) and search bytes, one fresh context per query."""
    from playwright.sync_api import sync_playwright

    from devtools.browser import launch, serve, timed_query

    out: dict[str, tuple[list[float], list[int]]] = {}
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            for engine, site in sites.items():
                latency: list[float] = []
                sizes: list[int] = []
                with serve(site) as base:
                    for query in QUERIES:
                        context = browser.new_context(locale="zh-CN")
                        try:
                            outcome = timed_query(context.new_page(), base, query, True)
                        finally:
                            context.close()
                        assert outcome.latency_ms is not None
                        latency.append(outcome.latency_ms)
                        sizes.append(outcome.bytes_raw)
                out[engine] = (latency, sizes)
        finally:
            browser.close()
    return out


# --------------------------------------------------------------------------- one scale


def bench_scale(args: argparse.Namespace, scale: int, converter: Converter) -> Scale:
    work: Path = args.work
    seeds = work / f"seeds-{scale}"
    synthesise(ROOT / "seeds", seeds, scale)
    proj, plain = work / f"project-{scale}", work / f"plain-{scale}"
    conv = work / f"md-{scale}" / "reports"  # its name is the nav's prefix
    _copy_project(proj, seeds)
    text = seed_text(seeds)
    row = Scale(scale, seeds=len(list(seeds.glob("*.txt"))), mb=len(text.encode("utf-8")) / MB)
    make = ["make", "-s", "site", f"VENV={sys.prefix}"]
    plain_cmd = [sys.executable, "-m", "devtools.bench", "--plain", str(proj), str(plain)]
    for run in range(args.runs):
        row.add("load", os.getloadavg()[0])
        add_conversion(row, seeds, conv, text, converter)
        for name, cmd in (("site", make), ("plain", plain_cmd)):
            if name == "plain" and run == 0:
                prepare_plain(proj, plain, conv, converter)  # the Markdown converted above
            wall, cpu, rss = _run(cmd, proj, work / f"{name}-{scale}x-{run}.log")
            row.add(f"{name}_wall", wall)
            row.add(f"{name}_cpu", cpu)
            row.add(f"{name}_rss", rss)
        # The same build in one process (the Traditional site after the Simplified one).
        wall, cpu, _rss = _run(make, proj, work / f"serial-{scale}x-{run}.log",
                               {"REPORTSITE_JOBS": "1"})
        row.add("serial_wall", wall)
        row.add("serial_cpu", cpu)
        row.add("par_ratio", row.last("site_wall") / wall)
        # Issue 17's pipeline share: conversion (both scripts, as `make site` runs it) and
        # the search index (both scripts, as the build logged it) in make site's CPU time.
        index_s = index_seconds(work / f"serial-{scale}x-{run}.log")
        row.add("share", (row.last("conv_s") + index_s) / cpu)
        row.add("wall_ratio", row.last("site_wall") / row.last("plain_wall"))
        row.add("cpu_ratio", row.last("site_cpu") / row.last("plain_cpu"))
        if args.browser:
            found = measure_search({"ours": proj / "site", "stock": plain / "site"})
            for engine, (latency, sizes) in found.items():
                row.add(f"{engine}_ms", statistics.median(latency))
                row.add(f"{engine}_bytes", statistics.median(sizes))
                row.add(f"{engine}_bytes_max", max(sizes))
            row.add("ms_ratio", row.last("ours_ms") / row.last("stock_ms"))
        print(f"  {scale}x run {run + 1}/{args.runs} done", file=sys.stderr, flush=True)
    row.pages = len(list(conv.rglob("*.md")))
    row.sizes = {
        "site": _tree_bytes(proj / "site"),
        "plain_site": _tree_bytes(plain / "site"),
        "index": _search_bytes(proj / "site"),
        "plain_index": _search_bytes(plain / "site"),
    }
    return row


def bench_big(args: argparse.Namespace, converter: Converter) -> Scale:
    """One large report (tests/test_security.big_report): per-character cost, not per page."""
    from devtools.inputs import big_report

    seeds = args.work / "seeds-big"
    if seeds.exists():
        shutil.rmtree(seeds)
    seeds.mkdir(parents=True)
    text = big_report(int(args.big_mb * MB))
    (seeds / "big.txt").write_text(text, encoding="utf-8")
    row = Scale(0, seeds=1, mb=len(text.encode("utf-8")) / MB)
    for _ in range(args.runs):
        row.add("load", os.getloadavg()[0])
        add_conversion(row, seeds, args.work / "md-big", text, converter)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--runs", type=int, default=3, help="runs per scale (median, min, max)")
    ap.add_argument("--big-mb", type=float, default=30, help="one big report, MB (0: none)")
    ap.add_argument("--stress-mb", type=float, default=50,
                    help="peak memory of make site on one report this big, MB (0: none)")
    ap.add_argument("--stress-seeds", type=int, default=2000,
                    help="… and on this many small seeds (0: none)")
    ap.add_argument("--stress-steps", type=float, nargs="+", default=[0.25, 1.0],
                    help="fractions of the stress sizes to build (growth shows between them)")
    ap.add_argument("--preview-scales", type=int, nargs="*", default=[1, 10, 100],
                    help="the editors' preview, save to served (devtools.bench_preview)")
    ap.add_argument("--preview-plain-scales", type=int, nargs="*", default=[1, 10],
                    help="… and plain mkdocs serve / --dirty at these (100x: ~10 min)")
    ap.add_argument("--preview-edits", type=int, default=3)
    ap.add_argument("--shard-scale", type=int, default=100,
                    help="sharded build against the single one at this scale (0: none)")
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--no-browser", dest="browser", action="store_false")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    ap.add_argument("--profile", action="store_true",
                    help="pyinstrument profile of one conversion per scale into WORK")  # fmt: skip
    ap.add_argument("--quick", action="store_true",
                    help="one run at 1x and 10x, a 1 MB report, no stress cases, the preview "
                         "at 1x and 10x (plain at 1x): under 10 minutes")
    ap.add_argument("--plain", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.quick:
        args.runs, args.scales, args.big_mb = 1, [1, 10], 1.0
        args.stress_mb = args.stress_seeds = 0
        args.preview_scales, args.preview_plain_scales = [1, 10], [1]
        args.shard_scale = 10
    if args.plain:
        plain_build(*args.plain)
        return 0
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    converter = make_converter(load_glossary(ROOT / "config" / "glossary.yml"))
    # Warm-up: imports, regexes, OpenCC.
    convert_once(ROOT / "seeds", args.work / "md-warm-up" / "reports", converter)
    started = time.perf_counter()
    rows: list[Scale] = []
    for scale in args.scales:
        print(f"benchmarking {scale}x …", file=sys.stderr, flush=True)
        rows.append(bench_scale(args, scale, converter))
        print("\n".join(scale_table(rows[-1])), file=sys.stderr, flush=True)  # progress
        if args.profile:
            profile(args.work / f"seeds-{scale}", args.work / f"profile-{scale}x.txt", converter)
    if args.big_mb > 0:
        print(f"benchmarking one {args.big_mb:g} MB report …", file=sys.stderr, flush=True)
        rows.append(bench_big(args, converter))
        if args.profile:
            profile(args.work / "seeds-big", args.work / "profile-big.txt", converter)
    stress = []
    if args.stress_mb > 0 or args.stress_seeds > 0:
        from devtools.bench_stress import run_stress, stress_table

        stress = run_stress(args.stress_mb, args.stress_seeds, args.stress_steps, args.work)
    previews = []
    if args.preview_scales:
        from devtools.bench_preview import run_preview

        previews = run_preview(args.preview_scales, args.preview_plain_scales,
                               args.preview_edits, args.work)
    sharded = None
    if args.shard_scale > 0:
        from devtools.bench_shards import run_shards

        print(f"sharded build at {args.shard_scale}x …", file=sys.stderr, flush=True)
        sharded = run_shards(args.shard_scale, args.shards, args.work)
    header = (f"## Benchmark ({os.cpu_count()} CPUs; took {time.perf_counter() - started:.0f} s, "
              f"{args.runs} runs per scale)")  # fmt: skip
    print(report(rows, header))
    if previews:
        from devtools.bench_preview import preview_table

        print(f"\n### Preview: save → new text served (median [min–max] of {args.preview_edits} "
              "edits)\n")
        print("\n".join(preview_table(previews)))
    if sharded is not None:
        from devtools.bench_shards import shard_table

        print(f"\n### {sharded.scale}x as {sharded.shards} shards plus a merge\n")
        print("\n".join(shard_table(sharded)))
    if stress:
        print("\n### Peak memory and time on the largest inputs (`make site`)\n")
        print("\n".join(stress_table(stress)))
    out = args.work / "bench.json"
    out.write_text(json.dumps([r.as_json() for r in rows], indent=1), encoding="utf-8")
    (args.work / "stress.json").write_text(
        json.dumps([{**vars(r), "peak_per_mb": r.peak_per_mb} for r in stress], indent=1),
        encoding="utf-8",
    )
    print(f"\nall figures: {out}")
    return 0


def profile(seeds: Path, out: Path, converter: Converter) -> None:
    """Where conversion spends its time (pyinstrument, a dev dependency)."""
    from pyinstrument import Profiler

    profiler = Profiler()
    with profiler:
        convert_once(seeds, out.with_suffix(".md-out"), converter)
    out.write_text(profiler.output_text(show_all=False), encoding="utf-8")
    print(f"profile: {out}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
