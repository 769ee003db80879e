"""Golden cases on the seeds themselves, in the schema of every golden (tests/support/golden.py).

seeds          input: {seeds: folder, report: a seed's file name, or null}; output: every file
               the conversion writes for that report (its folder), or, for null, every file
               of no report (catalogue, themes, nav). Each file as text; the seed copy that
               is published for download too, when it is UTF-8 (else as bytes).
figures_seeds  input: {seeds: folder, report: a seed's file name, why: context -> reason};
               output: every quantity of the report with its clause, and every other run of
               digits with its context and the reviewer's reason (from `why`) it is none.
               Both lists were reviewed by hand: a missed or a false quantity changes one.

UPDATE_GOLDEN=1 writes what the conversion gives now into the cases, for review; a number
that no reason in `why` covers fails the test until one is written.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest

from reportsite.config import load_config
from reportsite.models import Report
from reportsite.pipeline import PipelineResult, run_pipeline
from support.golden import Golden, cases
from support.helpers import ROOT

# A run of digits (with the marks of dates, times and decimals) anywhere in a block.
DIGITS = re.compile(r"[0-9０-９][0-9０-９.．:\-]*")
CONTEXT = 5  # characters of the block shown each side of a number


@functools.cache
def _converted(seeds: str) -> PipelineResult:
    out = ROOT / "build" / "golden-seeds" / "reports"  # never written: write=False
    return run_pipeline(load_config(ROOT / seeds, out, ROOT / "config"), write=False)


def _report(golden: Golden) -> Report:
    result = _converted(golden.input["seeds"])
    return next(r for r in result.reports if r.meta.source == golden.input["report"])


def _as_text(data: str | bytes) -> str | bytes:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


@pytest.mark.parametrize("golden", cases("seeds"))
def test_seed_files(golden: Golden) -> None:
    result = _converted(golden.input["seeds"])
    folders = [f"{r.meta.slug}/" for r in result.reports]

    def run() -> dict[str, str | bytes]:
        if golden.input["report"] is None:
            mine = [p for p in result.files if not p.startswith(tuple(folders))]
        else:
            folder = f"{_report(golden).meta.slug}/"
            mine = [p for p in result.files if p.startswith(folder)]
        return {path: _as_text(result.files[path]) for path in sorted(mine)}

    got, want = golden.outcome(run)
    assert got == want


def test_every_seed_has_its_golden_pages() -> None:
    """Each report of seeds/ has a case, and one case holds the files of no report: no file
    the conversion writes goes unchecked."""
    inputs = [c.values[0].input for c in cases("seeds")]
    reports = _converted("seeds").reports
    expected = ["", *(r.meta.source for r in reports)]
    assert sorted(i["report"] or "" for i in inputs) == sorted(expected)


def _not_figures(report: Report) -> list[tuple[str, str]]:
    """(digits, context) of every run of digits that is no part of a figure, in reading order."""
    out = []
    for page in report.pages:
        for n, block in enumerate(page.blocks):
            mine = [f for f in report.figures if f.page == page.key and f.block == n]
            spans = [(f.start, f.end) for f in mine]
            for m in DIGITS.finditer(block.text):
                if not any(s <= m.start() < e for s, e in spans):
                    around = block.text[max(0, m.start() - CONTEXT) : m.end() + CONTEXT]
                    out.append((m[0], around.replace("**", "")))
    return out


@pytest.mark.parametrize("golden", cases("figures_seeds"))
def test_seed_figures_match_hand_review(golden: Golden) -> None:
    report = _report(golden)
    why: dict[str, str] = golden.input.get("why") or {}

    def run() -> dict[str, Any]:
        return {
            "figures": [[f.text, f.clause] for f in report.figures],
            "not_figures": [[d, c, why.get(c)] for d, c in _not_figures(report)],
        }

    got, want = golden.outcome(run)
    assert got == want
    unreviewed = [c for _, c, reason in got["output"]["not_figures"] if not reason]
    assert not unreviewed, f"give the reason each is no quantity in `why` of {golden.path}"
