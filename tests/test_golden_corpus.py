"""Real reports as they come from the web, and as a PDF's text layer would give them.

tests/fixtures/corpus/ holds twelve provincial government work reports exactly as scraped
(corpus.yml: what a reader should see of each); tests/fixtures/reports/ holds reports written
for the tests in the genres and scripts the corpus lacks (a Taiwan plan and a Macau policy
address in Traditional characters, a short 妇联 report with untitled parts and appendices;
reports.yml). For each:

- golden `corpus` case (tests/golden/corpus/<file>.yml, reviewed by hand): title, subtitle,
  speaker, dates, issuer, every page's title, every heading with its level, every line
  removed as furniture with the rule that removed it, and every decision the record lists;
- what a reader should see equals corpus.yml / reports.yml;
- the rules for every report (support/corpus.py `checks`): the whole text kept in order, no
  space inserted between Han characters, no page number or running header left, no page
  without text;
- the Traditional pages hold none of the known wrong conversions; a Traditional original is
  published as received, and converted on the Simplified site;
- PDF-like variants of each (support/pdfvariants.py: hard wraps at 30-40 characters, with and
  without first-line indents, a page number every 30-45 lines in four styles, a running
  header or footer) give the same pages and masthead, meet the same rules, and list every
  page number and running header in the record.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from devtools.corpus_measure import WRONG_CONVERSIONS
from reportsite.models import Kind, Report
from support.corpus import (
    CORPUS,
    WRITTEN,
    Converted,
    checks,
    convert_one,
    convert_text,
    expectations,
    shown_meta,
)
from support.golden import Golden, cases
from support.pdfvariants import (
    Layout,
    break_page_inside,
    furniture_lines,
    layouts,
    pdf_variant,
)

CORPUS_META = expectations(CORPUS, "corpus.yml")
WRITTEN_META = expectations(WRITTEN, "reports.yml")
FILES = [CORPUS / name for name in CORPUS_META] + [WRITTEN / name for name in WRITTEN_META]
IDS = [p.stem for p in FILES]
# A running header as the variants print it: a short title on top (or at the foot) of pages.
RUNNING = "2026年政府工作报告"
VARIANTS = layouts(seed=15, count=4, header=RUNNING)


def _path(name: str) -> Path:
    return CORPUS / name if name in CORPUS_META else WRITTEN / name


def outline(report: Report) -> dict[str, Any]:
    """What the golden corpus cases hold of a converted report."""
    shown = {k: v for k, v in shown_meta(report).items() if k != "titles"}
    return {
        **shown,
        "subtitle": report.meta.subtitle,
        "reprinted_by": report.meta.reprinted_by,
        "pages": [
            f"{p.key or '-'}: {p.title}" + ("" if p.published else " (nav only)")
            for p in report.pages
        ],
        "headings": [
            f"{b.kind.value if b.kind is Kind.APPENDIX else 'h' + str(b.level)} {b.text}"
            for p in report.pages for b in p.blocks if b.kind in (Kind.HEADING, Kind.APPENDIX)
        ],
        "removed": [f"{e.line}: {e.rule}: {e.before.strip()}" for e in report.record if e.rule],
        "decisions": [f"{d.line}: {d.what}: {d.text}" for d in report.decisions],
    }


@pytest.mark.parametrize("golden", cases("corpus"))
def test_outline_and_furniture(golden: Golden) -> None:
    """Masthead, pages, headings and removed lines, as reviewed."""
    got, want = golden.outcome(lambda: outline(convert_one(_path(golden.input)).own))
    assert got == want


def test_every_file_has_its_golden_case() -> None:
    assert sorted(g.values[0].input for g in cases("corpus")) == sorted(p.name for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_reader_sees_what_the_index_says(path: Path) -> None:
    want = (CORPUS_META | WRITTEN_META)[path.name]
    shown = shown_meta(convert_one(path).own)
    expected = {k: v for k, v in want.items() if k in shown}
    assert {k: shown[k] for k in expected} == expected


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_rules_for_every_report(path: Path) -> None:
    assert checks(convert_one(path)) == []


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_wrong_traditional_form(path: Path) -> None:
    converted = convert_one(path)
    hant = "".join(converted.pages("hant"))
    # A Traditional original may print a form itself: then it is its own word, as received.
    original = path.read_text(encoding="utf-8") if converted.report.meta.script == "hant" else ""
    found = {
        s: hant.count(wrong) for s, wrong in WRONG_CONVERSIONS
        if wrong in hant and wrong not in original
    }  # fmt: skip
    assert found == {}


_TEXT = re.compile(r"^[^#<{\-|].*$", re.M)


@pytest.mark.parametrize("path", [p for p in FILES if "hant" in p.stem], ids=lambda p: p.stem)
def test_traditional_original_published_as_received(path: Path) -> None:
    """Every paragraph of a Traditional original is on the Traditional pages character for
    character, and in Simplified characters on the Simplified pages."""
    converted = convert_one(path)
    report = converted.report
    assert report.meta.script == "hant"
    hant, hans = "".join(converted.pages("hant")), "".join(converted.pages("hans"))
    own = [b for b in report.own_normalised.split("\n\n") if b.strip()]
    analysed = [b for b in report.normalised.split("\n\n") if b.strip()]
    for original, simplified in zip(own, analysed, strict=True):
        text = original.strip().replace("**", "")
        assert text.split("\n")[0] in hant.replace("**", ""), text
        assert simplified.strip().replace("**", "").split("\n")[0] in hans.replace("**", "")
    # Forms OpenCC's s2tw would change in a text already Traditional (台→臺, 污→汙, 征→徵).
    text = path.read_text(encoding="utf-8")
    for own_form, changed in (("台灣", "臺灣"), ("污染", "汙染"), ("新征程", "新徵程")):
        if own_form in text:
            assert own_form in hant and changed not in hant


# --------------------------------------------------------------------------- PDF-like


def _variant(path: Path, layout: Layout) -> Converted:
    text = pdf_variant(path.read_text(encoding="utf-8"), layout)
    return convert_text(path.name, text)


def _squash(value: Any) -> Any:
    return re.sub(r"\s+", "", value) if isinstance(value, str) else value


@pytest.mark.parametrize("layout", VARIANTS, ids=lambda lay: lay.name)
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_pdf_variant(path: Path, layout: Layout) -> None:
    web, pdf = convert_one(path).report, _variant(path, layout)
    assert checks(pdf, (layout.header,)) == []
    assert [p.title for p in pdf.report.pages] == [p.title for p in web.pages]
    for key in ("title", "subtitle", "delivered", "date", "issuer", "speaker"):
        # A wrap may fall on the space between an office and a name: 省长 / 刘小涛.
        assert _squash(getattr(pdf.report.meta, key)) == _squash(getattr(web.meta, key)), key
    removed = sorted((e.rule, e.before.strip()) for e in pdf.report.record if e.rule
                     and e.rule in ("page_number", "running_header"))  # fmt: skip
    assert removed == sorted(furniture_lines(path.read_text(encoding="utf-8"), layout))


def _first_heading(report: Report) -> str:
    """The report's first section heading long enough to be cut in two."""
    return next(b.text for p in report.pages for b in p.blocks
                if b.kind is Kind.HEADING and len(b.text) >= 5)  # fmt: skip


@pytest.mark.parametrize("layout", VARIANTS[:2], ids=lambda lay: lay.name)
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_heading_cut_by_a_page_break(path: Path, layout: Layout) -> None:
    """A page that ends mid-heading: the heading is whole again, its page the same."""
    web = convert_one(path)
    heading = _first_heading(web.report)
    text = pdf_variant(path.read_text(encoding="utf-8"), layout)
    original = heading if web.report.meta.script == "hans" else _in_original(web, heading)
    pdf = convert_text(path.name, break_page_inside(text, original, layout))
    assert checks(pdf, (layout.header,)) == []
    assert [p.title for p in pdf.report.pages] == [p.title for p in web.report.pages]


def _in_original(converted: Converted, text: str) -> str:
    at = converted.report.normalised.index(text)
    return converted.report.own_normalised[at : at + len(text)]
