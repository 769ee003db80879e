"""Benchmark of the editors' preview: from saving a seed to the new text being served.

    python -m devtools.bench_preview [--scales 1 10 100] [--plain-scales 1 10] [--edits 3]
                                     [--work build/bench]

For each scale N (an archive of N copies of every seed, devtools/sitebuild.synthesise, in a
copy of the project) it starts `reportsite serve` on a free port, waits for the first build,
then saves the first seed `--edits` times, each time with a new marker in one sentence, and
measures the seconds from the write to both scripts' page serving the marker (polled every
20 ms over HTTP), and the preview's peak memory (VmHWM of the server and its Traditional
worker, summed). At the `--plain-scales` it does the same with plain `mkdocs serve` and
`mkdocs serve --dirty` of the same generated Markdown (devtools.bench_plain.prepare_plain: stock
Material, none of our plugins), editing the page's Markdown itself; those serve the
Simplified site only. Prints a table and writes WORK/preview.json.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from devtools.bench import ROOT, _copy_project
from devtools.sitebuild import synthesise

MARKERS = ("校改甲", "校改乙", "校改丙", "校改丁", "校改戊")  # the same in both scripts
NEEDLE = "余人参"  # a sentence of the Futian seed, copied into every synthesised copy
SEED = "000_1b6eb3483533bf33.txt"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")


@dataclass
class PreviewRow:
    scale: int
    seeds: int
    times: dict[str, list[float]] = field(default_factory=dict)  # ours / plain / dirty
    first: dict[str, float] = field(default_factory=dict)  # seconds to the first build
    peak_mb: dict[str, float] = field(default_factory=dict)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError):
        return ""


def _until(test: Callable[[], bool], seconds: float) -> float:
    """Seconds until `test()` holds (polled every 20 ms); raises after `seconds`."""
    start = time.perf_counter()
    while not test():
        if time.perf_counter() - start > seconds:
            raise TimeoutError(f"not within {seconds:.0f} s")
        time.sleep(0.02)
    return time.perf_counter() - start


def _peak_mb(pid: int) -> float:
    """VmHWM of `pid` and its children, summed (MB)."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text(encoding="utf-8")
            for task in Path(f"/proc/{current}/task").iterdir():
                kids = (task / "children").read_text(encoding="utf-8").split()
                todo += [int(k) for k in kids]
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1]) / 1024
    return total


@contextmanager
def _server(cmd: list[str], cwd: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield proc
    finally:
        import signal

        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _page_of(seeds: Path) -> str:
    """URL path of the report page that holds NEEDLE, from the pipeline."""
    from reportsite.config import load_config
    from reportsite.pipeline import run_pipeline

    result = run_pipeline(load_config(seeds, seeds.parent / "md" / "reports", ROOT / "config"),
                          write=False)  # fmt: skip
    for report in result.reports:
        if report.meta.source == SEED:
            for page in report.pages:
                if page.published and "余人参与" in str(result.files[page.path]):
                    return "reports/" + page.path.removesuffix(".md") + "/"
    raise SystemExit(f"no page of {SEED} holds {NEEDLE}")


def _serves(url: str, text: str) -> bool:
    return text in _get(url)


def _edits(path: Path, urls: list[str], edits: int, seconds: float) -> list[float]:
    """Save `path` `edits` times with a new marker after NEEDLE: seconds until every URL
    serves it."""
    original = path.read_text(encoding="utf-8")
    assert NEEDLE in original, path
    took = []
    for marker in MARKERS[:edits]:
        time.sleep(1.0)  # the last save's events are over
        start = time.perf_counter()
        path.write_text(original.replace(NEEDLE, NEEDLE[:2] + marker + NEEDLE[2:], 1),
                        encoding="utf-8")
        for url in urls:
            _until(functools.partial(_serves, url, marker), seconds)
        took.append(time.perf_counter() - start)
    path.write_text(original, encoding="utf-8")
    return took


def bench_ours(proj: Path, page: str, edits: int, log: Path) -> tuple[float, list[float], float]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    urls = [base + page, base + "zh-Hant/" + page]
    cmd = [sys.executable, "-m", "reportsite", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    with _server(cmd, proj, log) as proc:
        first = _until(lambda: "余人参与" in _get(urls[0]) and "餘人參與" in _get(urls[1]), 3600)
        took = _edits(proj / "seeds" / SEED, urls, edits, 600)
        peak = _peak_mb(proc.pid)
    return first, took, peak


def prepare_plain_serve(proj: Path, plain: Path, seeds: Path) -> Path:
    """A MkDocs config serving the plain baseline's Simplified pages (devtools.bench)."""
    import yaml
    from mkdocs.utils import yaml_load

    from devtools.bench import convert_once
    from devtools.bench_plain import prepare_plain
    from reportsite.glossary import load_glossary
    from reportsite.script import make_converter

    converter = make_converter(load_glossary(ROOT / "config" / "glossary.yml"))
    markdown = plain.parent / f"{plain.name}-md" / "reports"
    convert_once(seeds, markdown, converter)
    prepare_plain(proj, plain, markdown, converter)
    plan = json.loads((plain / "plan.json").read_text(encoding="utf-8"))["hans"]
    with open(proj / "mkdocs.yml", encoding="utf-8") as fh:
        raw = yaml_load(fh)
    nav_only = plain / "overrides" / "partials"
    nav_only.mkdir(parents=True, exist_ok=True)
    partial = proj / raw["theme"]["custom_dir"] / "partials" / "nav-item.html"
    (nav_only / "nav-item.html").write_bytes(partial.read_bytes())
    config = {
        "site_name": plan["site_name"], "site_url": raw.get("site_url"),
        "docs_dir": plan["docs"], "site_dir": str(plain / "site"), "nav": plan["nav"],
        "theme": dict(raw["theme"], custom_dir=str(plain / "overrides"), language="zh"),
        "plugins": {k: v for k, v in raw["plugins"].items() if not k.startswith("reportsite")},
        "markdown_extensions": raw["markdown_extensions"], "validation": raw["validation"],
        "extra": {k: v for k, v in raw.get("extra", {}).items() if k != "alternate"},
    }  # fmt: skip
    out = plain / "mkdocs.plain.yml"
    out.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return out


def bench_plain(config: Path, page: str, edits: int, dirty: bool,
                log: Path) -> tuple[float, list[float], float]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{page}"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a",
           f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])]
    md = Path(json.loads((config.parent / "plan.json").read_text(encoding="utf-8"))
              ["hans"]["docs"]) / (page.rstrip("/") + ".md")  # fmt: skip
    with _server(cmd, config.parent, log) as proc:
        first = _until(lambda: "余人参与" in _get(url), 3600)
        took = _edits(md, [url], edits, 1200)
        peak = _peak_mb(proc.pid)
    return first, took, peak


def bench_scale(scale: int, plain: bool, edits: int, work: Path) -> PreviewRow:
    seeds = work / f"preview-seeds-{scale}"
    synthesise(ROOT / "seeds", seeds, scale)
    proj = work / f"preview-project-{scale}"
    _copy_project(proj, seeds)
    page = _page_of(seeds)
    row = PreviewRow(scale, len(list(seeds.glob("*.txt"))))
    first, took, peak = bench_ours(proj, page, edits, work / f"preview-ours-{scale}x.log")
    row.first["ours"], row.times["ours"], row.peak_mb["ours"] = first, took, peak
    print(f"  {scale}x ours: {_fmt(took)}", file=sys.stderr, flush=True)
    if plain:
        config = prepare_plain_serve(proj, work / f"preview-plain-{scale}", seeds)
        for name, dirty in (("plain", False), ("dirty", True)):
            first, took, peak = bench_plain(config, page, edits, dirty,
                                            work / f"preview-{name}-{scale}x.log")
            row.first[name], row.times[name], row.peak_mb[name] = first, took, peak
            print(f"  {scale}x {name}: {_fmt(took)}", file=sys.stderr, flush=True)
    return row


def _fmt(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} [{min(values):.2f}–{max(values):.2f}]"


TARGETS = {1: 1.5, 10: 2.0, 100: 3.0}  # issue 17: median seconds from save to served


def preview_table(rows: list[PreviewRow]) -> list[str]:
    lines = [
        "| archive | ours, both scripts | plain `mkdocs serve` (简 only) "
        "| plain `--dirty` (简 only) | ours / plain | target | peak memory, ours / plain |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ours = statistics.median(row.times["ours"])
        plain = row.times.get("plain")
        ratio = f"{ours / statistics.median(plain):.2f}" if plain else "–"
        target = TARGETS.get(row.scale)
        met = "" if target is None else (f"≤ {target:g} s " + ("met" if ours <= target
                                                               else "**not met**"))
        cells = [f"{row.scale}x ({row.seeds} seeds)", _fmt(row.times["ours"]) + " s"]
        for name in ("plain", "dirty"):
            cells.append(_fmt(row.times[name]) + " s" if name in row.times else "not measured")
        memory = f"{row.peak_mb['ours']:.0f} MB"
        if "plain" in row.peak_mb:
            memory += f" / {row.peak_mb['plain']:.0f} MB"
        cells += [ratio, met, memory]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def run_preview(scales: list[int], plain_scales: list[int], edits: int,
                work: Path) -> list[PreviewRow]:
    rows = []
    for scale in scales:
        print(f"preview at {scale}x …", file=sys.stderr, flush=True)
        rows.append(bench_scale(scale, scale in plain_scales, edits, work))
    (work / "preview.json").write_text(json.dumps([vars(r) for r in rows], indent=1),
                                       encoding="utf-8")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--plain-scales", type=int, nargs="*", default=[1, 10])
    ap.add_argument("--edits", type=int, default=3, choices=range(1, len(MARKERS) + 1))
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    args = ap.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    rows = run_preview(args.scales, args.plain_scales, args.edits, work)
    print("\n### Preview: save → new text served (median [min–max] of "
          f"{args.edits} edits)\n")
    print("\n".join(preview_table(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
