"""Real and written reports through the whole pipeline, one seed at a time, for the tests.

`convert_one` runs the pipeline (both scripts, the site's config and glossary, no files
written) on one seed in a folder of its own, so no other report's pages or metadata enter
its result. `expectations` reads what a reader should see of each file (corpus.yml,
reports.yml), `checks` says what a converted report gets wrong of the rules every report
must meet, as readable lines (empty when it meets them all).
"""

from __future__ import annotations

import functools
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reportsite.config import load_config
from reportsite.glossary import load_glossary
from reportsite.models import Kind, Report
from reportsite.pipeline import PipelineResult, run_pipeline
from reportsite.script import make_converter
from support.helpers import ROOT, han_digits, own_text, report_text

FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = FIXTURES / "corpus"
WRITTEN = FIXTURES / "reports"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_SPACE_HAN = re.compile(f"(?<=[{HAN}])[ \t\u3000]+(?=[{HAN}])")
# Page numbers as the variants print them, anywhere in a block: on a line of their own they
# are removed, so one left inside the text was glued to it.
PAGE_NUMBER = re.compile(r"[—–\-－]{1,2}\s*\d{1,4}\s*[—–\-－]{1,2}|第\d{1,4}页")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass(frozen=True)
class Converted:
    report: Report  # as analysed (the Simplified site's records)
    result: PipelineResult

    @property
    def own(self) -> Report:
        """The report in its own script: as the Traditional site shows a Traditional one."""
        return self.result.traditional[0] if self.report.meta.script == "hant" else self.report

    def pages(self, script: str = "hans") -> list[str]:
        """The report's own pages (overview and sections, in order), Markdown."""
        files = self.result.scripts[script].files
        return [str(files[p.path]) for p in self.report.pages if p.published]


def convert_text(name: str, text: str) -> Converted:
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        (seeds / name).write_text(text, encoding="utf-8")
        config = load_config(seeds, Path(tmp) / "reports", ROOT / "config", pages_dir=None)
        result = run_pipeline(config, write=False, converter=_converter())
    return Converted(result.reports[0], result)


@functools.cache
def _converter() -> Any:
    return make_converter(load_glossary(ROOT / "config" / "glossary.yml"))


@functools.cache
def convert_one(path: Path) -> Converted:
    return convert_text(path.name, path.read_text(encoding="utf-8"))


def expectations(folder: Path, index: str) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((folder / index).read_text(encoding="utf-8")) or {}
    return {str(k): dict(v) for k, v in data.items()}


def shown_meta(report: Report) -> dict[str, Any]:
    """What a reader sees of the report, under corpus.yml's keys."""
    meta = report.meta
    return {
        "title": meta.title,
        "published": meta.date,
        "delivered": meta.delivered,
        "issuer": meta.issuer,
        "speaker": meta.speaker,
        "script": meta.script,
        "titles": [p.title for p in report.pages],
    }


def checks(converted: Converted, running: tuple[str, ...] = ()) -> list[str]:
    """What the converted report gets wrong of the rules for every report (empty: none).

    The whole text kept, in order; no space between Han characters that the seed does not
    have; no page number or running header left; no page without text."""
    report = converted.report
    problems = []
    shown = "".join(report_text(_FRONT.sub("", md, count=1)) for md in converted.pages())
    if han_digits(shown) != han_digits(own_text(report.analysed or report.seed_text,
                                                report.record)):  # fmt: skip
        problems.append("text lost or out of order")
    # A space is the seed's own where the seed has it with its context, across line breaks
    # and removed page furniture too (a wrap or page may fall inside the context: 省长 赵 /
    # 刚).
    seed = re.sub(r"\s*\n[ \t\u3000]*", "", own_text(report.analysed or report.seed_text,
                                                    report.record))  # fmt: skip
    for page in report.pages:
        for block in page.blocks:
            plain = block.text.replace("**", "")
            for m in HAN_SPACE_HAN.finditer(plain):
                around = plain[max(0, m.start() - 2) : m.end() + 2]
                if around not in seed:
                    problems.append(f"space inserted: {around!r}")
            if PAGE_NUMBER.search(plain):
                problems.append(f"page number left: {plain[:40]!r}")
            if block.kind is not Kind.TITLE and any(h and plain == h for h in running):
                problems.append(f"running header left: {plain!r}")
        if page.published and not any(
            b.kind not in (Kind.HEADING, Kind.APPENDIX) for b in page.blocks
        ):
            problems.append(f"page without text: {page.title!r}")
    return problems
