"""Measure search quality and cost: this project's n-gram search vs stock Material, one run.

    .venv/bin/python -m devtools.search_quality [--scales 1 100] [--work /tmp/search-quality]
                                                [--queries tests/search_queries.yml]

For each scale (1 = the reports as they are, 100 = every seed report copied 100 times with
shifted numbers and titles) it builds the site twice from the same sources, with our search
(reportsite/search/plugin.py) and with stock Material search (REPORTSITE_STOCK_SEARCH=1),
serves each over http, and for every query in tests/search_queries.yml, in both scripts, opens
``page?q=query`` (Material's own deep link) in a fresh headless Chromium context and records:

* which pages the search returned (from the worker's RESULT message, so all of them, not
  just the ten Material renders first), against the ground truth from the built pages' text
  (without the pages the site excludes from search), and whether a title query's first
  result is the page the query set names (``first``);
* latency: navigation start → first result (or "no result") shown in Material's list, and
  Material's first QUERY message → that moment (the search's own share: at 100x every page
  carries a 2,400-entry navigation, so the page alone takes over a second before the
  search box is even wired up);
* bytes: every search request (index, worker, shards, language scripts), raw and gzip-6.

Prints one table per scale and writes all numbers to WORK/search_quality.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml
from playwright.sync_api import sync_playwright

from devtools.browser import launch, serve, timed_query
from devtools.sitebuild import build_site, synthesise
from devtools.truth import Corpus, excluded_pages
from reportsite.search.index import load_fold_map
from reportsite.search.plugin import ASSETS

ROOT = Path(__file__).resolve().parent.parent.parent

# Records the pages of the last RESULT the search worker sends to Material's UI, and when
# Material sent the first QUERY (to split page cost from search cost).
TAP = """
(() => {
  const Native = window.Worker;
  window.__resultPages = null;
  window.__queryAt = null;
  window.Worker = class extends Native {
    postMessage(message, ...rest) {
      if (message && message.type === 2 && window.__queryAt === null)
        window.__queryAt = performance.now();
      return super.postMessage(message, ...rest);
    }
    constructor(url, options) {
      super(url, options);
      this.addEventListener("message", ev => {
        if (ev.data && ev.data.type === 3)
          window.__resultPages = ev.data.data.items.map(group => group[0].location);
      });
    }
  };
})();
"""


@dataclass
class Row:
    scale: int
    engine: str
    script: str
    pages: int
    recall: float
    precision: float
    top1: str
    first: str  # title queries whose first result is the page named in the query set
    absent_silent: str
    cross_script: str
    latency_median_ms: float
    latency_max_ms: float
    search_median_ms: float
    search_max_ms: float
    bytes_median: int
    bytes_max: int
    gzip_median: int
    gzip_max: int


def _key(location: str) -> str:
    path = unquote(location.split("#", 1)[0].split("?", 1)[0])
    return path + "index.html" if path == "" or path.endswith("/") else path


def _expected(markdown: str) -> str:
    """A Markdown path under docs/ as ``_key`` names its page (directory URLs)."""
    stem = markdown[: -len(".md")]
    index = stem == "index" or stem.endswith("/index")
    return stem + ".html" if index else stem + "/index.html"


def _measure(
    browser: Any, start: str, corpus: Corpus, queries: dict[str, list[str]], first: dict[str, str]
) -> Row:
    recalls, precisions, lat, raw, gz, own = [], [], [], [], [], []
    top1 = first_ok = absent_ok = cross_ok = 0
    for group, items in queries.items():
        for q in items:
            context = browser.new_context(locale="zh-CN")
            page = context.new_page()
            page.add_init_script(TAP)
            try:
                outcome = timed_query(page, start, q, expect_none=True)
                page.wait_for_function("window.__resultPages !== null", timeout=30_000)
                found = [_key(loc) for loc in page.evaluate("window.__resultPages")]
                query_at = float(page.evaluate("window.__queryAt"))
            finally:
                context.close()
            assert outcome.latency_ms is not None
            lat.append(outcome.latency_ms)
            own.append(outcome.latency_ms - query_at)
            raw.append(outcome.bytes_raw)
            gz.append(outcome.bytes_gzip)
            truth = corpus.containing(q)
            if group == "absent":
                absent_ok += not found
                continue
            hit = truth & set(found)
            recalls.append(len(hit) / len(truth) if truth else 1.0)
            if found:
                precisions.append(len(hit) / len(set(found)))
            top1 += bool(found) and found[0] in truth
            first_ok += q in first and found[:1] == [_expected(first[q])]
            if group == "cross":
                cross_ok += truth <= set(found)
    n_present = len(queries["present"]) + len(queries["cross"])
    return Row(
        scale=0,
        engine="",
        script="",
        pages=len(corpus.pages),
        recall=round(statistics.mean(recalls), 3),
        precision=round(statistics.mean(precisions), 3) if precisions else 0.0,
        top1=f"{top1}/{n_present}",
        first=f"{first_ok}/{len(first)}",
        absent_silent=f"{absent_ok}/{len(queries['absent'])}",
        cross_script=f"{cross_ok}/{len(queries['cross'])}",
        latency_median_ms=round(statistics.median(lat)),
        latency_max_ms=round(max(lat)),
        search_median_ms=round(statistics.median(own)),
        search_max_ms=round(max(own)),
        bytes_median=int(statistics.median(raw)),
        bytes_max=max(raw),
        gzip_median=int(statistics.median(gz)),
        gzip_max=max(gz),
    )


def _print(rows: list[Row]) -> None:
    head = (
        "scale engine script pages recall precision top1 first absent-silent cross "
        "nav→result-med/max-ms query→result-med/max-ms bytes-med/max gzip-med/max"
    ).split()
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        cells = [
            f"{r.scale}x", r.engine, r.script, str(r.pages), f"{r.recall:.3f}",
            f"{r.precision:.3f}", r.top1, r.first, r.absent_silent, r.cross_script,
            f"{r.latency_median_ms}/{r.latency_max_ms}",
            f"{r.search_median_ms}/{r.search_max_ms}",
            f"{r.bytes_median / 1024:.0f}K/{r.bytes_max / 1024:.0f}K",
            f"{r.gzip_median / 1024:.0f}K/{r.gzip_max / 1024:.0f}K",
        ]  # fmt: skip
        print("| " + " | ".join(cells) + " |")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 100])
    ap.add_argument("--work", type=Path, default=Path("/tmp/search-quality"))
    ap.add_argument("--reuse", action="store_true", help="reuse sites already built in --work")
    ap.add_argument("--engines", nargs="+", default=["ours", "stock"], choices=["ours", "stock"])
    ap.add_argument("--queries", type=Path, default=ROOT / "tests" / "search_queries.yml")
    ap.add_argument(
        "--rebuild", nargs="*", default=[], choices=["ours", "stock"], help="with --reuse"
    )
    args = ap.parse_args(argv)
    data = yaml.safe_load(args.queries.read_text(encoding="utf-8"))
    first = {str(q): page for q, page in (data.get("first") or {}).items()}
    queries = {
        "present": [q for group in data["present"].values() for q in group] + list(first),
        "cross": list(data["cross_script"]),
        "absent": list(data["absent"]),
    }
    fold = load_fold_map(str(ASSETS / "t2s_chars.json"))
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    out = work / "search_quality.json"
    rows: list[Row] = []
    if args.reuse and out.exists():  # keep earlier rows of engines not measured this time
        old = [Row(**{"first": "", **r}) for r in json.loads(out.read_text(encoding="utf-8"))]
        rows = [r for r in old if not (r.scale in args.scales and r.engine in args.engines)]
    for scale in args.scales:
        seeds = None
        if scale > 1:
            seeds = work / f"seeds-{scale}"
            if not (args.reuse and seeds.exists()):
                synthesise(ROOT / "seeds", seeds, scale)
        sites = {e: work / f"{e}-{scale}" for e in args.engines}
        for engine, site in sites.items():
            fresh = args.reuse and engine not in args.rebuild and (site / "index.html").exists()
            if not fresh:
                print(f"building {engine} at {scale}x …", file=sys.stderr, flush=True)
                build_site(site, seeds=seeds, stock=engine == "stock")
        with sync_playwright() as pw:
            browser = launch(pw)
            for engine, site in sites.items():
                with serve(site) as base:
                    for script, sub in (("hans", ""), ("hant", "zh-Hant/")):
                        corpus = Corpus.from_site(site / sub, fold, excluded_pages(site))
                        row = _measure(browser, base + sub, corpus, queries, first)
                        row.scale, row.engine, row.script = scale, engine, script
                        rows.append(row)
                        print(f"measured {engine} {script} {scale}x", file=sys.stderr, flush=True)
            browser.close()
        _print(sorted((r for r in rows if r.scale == scale), key=lambda r: (r.engine, r.script)))
    out.write_text(json.dumps([asdict(r) for r in rows], indent=1), encoding="utf-8")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
