"""Figures of the converter on real reports (tests/fixtures/corpus/): what a reader would see.

    .venv/bin/python -m devtools.corpus_report [--corpus tests/fixtures/corpus] [--json OUT]

Each corpus file goes through the pipeline alone, in memory (nothing is written), with the
site's config and glossary, so its figures are its own. Per file and in total: title,
publication date, delivery line, issuer and speaker against corpus.yml; pages, headings per
level, empty pages, headings over 40 characters; site furniture still in the text (rules in
devtools.corpus_measure); PDF artefacts (page numbers, spaces between Han characters that the
seed does not have); on the Traditional pages, the known wrong conversions and where
whole-paragraph and word-by-word (jieba) conversion differ. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import jieba
import yaml

from devtools.corpus_measure import (
    META_FIELDS,
    furniture_counts,
    heading_levels,
    inserted_spaces,
    is_empty_page,
    long_headings,
    meta_checks,
    page_numbers,
    segment_diff,
    wrong_conversions,
)
from reportsite.config import load_config
from reportsite.glossary import load_glossary
from reportsite.models import Report
from reportsite.pipeline import run_pipeline
from reportsite.script import Converter, make_converter

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS_FILE = "corpus.yml"
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass(frozen=True)
class Row:
    """One corpus file's figures, or the total's (name "total", the sums)."""

    name: str
    files: int  # 1 for a file; the total's is how many, so wrong = files - right
    meta: dict[str, int]  # field of corpus.yml -> files where the reader sees it right
    pages: int
    headings: dict[int, int]  # outline level -> headings
    empty_pages: int
    long_headings: int
    furniture: dict[str, int]  # rule -> fragments
    page_numbers: int
    inserted_spaces: int
    wrong_conversions: dict[str, int]  # Simplified context -> wrong forms on the hant pages
    segment_diffs: int
    examples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def furniture_total(self) -> int:
        return sum(self.furniture.values())

    @property
    def wrong_total(self) -> int:
        return sum(self.wrong_conversions.values())


def _hant_bodies(report: Report, hant_files: dict[str, str | bytes]) -> list[str]:
    """The report's own Traditional pages, front matter cut (it repeats the page title);
    the record, figure and compare pages repeat the text and would count it twice."""
    bodies = []
    for page in report.pages:
        content = hant_files.get(page.path)
        if isinstance(content, str):
            bodies.append(_FRONT_MATTER.sub("", content, count=1))
    return bodies


def measure_report(
    report: Report,
    hant_files: dict[str, str | bytes],
    expected: dict[str, str],
    converter: Converter,
) -> Row:
    """One report's row, from the pipeline's records and its Traditional pages."""
    blocks = tuple(b for page in report.pages for b in page.blocks)
    texts = [b.text for b in blocks]
    found = {"title": report.meta.title, "date": report.meta.date, "issuer": report.meta.issuer}
    overview = report.pages[0].blocks if report.pages else ()
    spaces = inserted_spaces(texts, report.seed_text)
    numbers = page_numbers(texts)
    longs = long_headings(blocks)
    segments = segment_diff(texts, converter.convert, lambda t: jieba.cut(t, HMM=False))
    return Row(
        name=report.meta.source,
        files=1,
        meta={k: int(v) for k, v in meta_checks(found, overview, expected).items()},
        pages=len(report.pages),
        headings=heading_levels(blocks),
        empty_pages=sum(is_empty_page(p) for p in report.pages),
        long_headings=len(longs),
        furniture=furniture_counts(texts),
        page_numbers=len(numbers),
        inserted_spaces=len(spaces),
        wrong_conversions=wrong_conversions(_hant_bodies(report, hant_files)),
        segment_diffs=segments.positions,
        examples={
            "found": [f"{k}={v}" for k, v in found.items()],
            "long_headings": longs,
            "page_numbers": numbers,
            "inserted_spaces": spaces[:20],
            "segment_diffs": list(segments.examples),
        },
    )


K = TypeVar("K", str, int)


def _sum_dicts(dicts: Iterable[dict[K, int]]) -> dict[K, int]:
    total: dict[K, int] = {}
    for d in dicts:
        for key, value in d.items():
            total[key] = total.get(key, 0) + value
    return dict(sorted(total.items())) if all(isinstance(k, int) for k in total) else total


def total_row(rows: Sequence[Row]) -> Row:
    """Every count summed; `meta` is then how many files have each field right."""
    return Row(
        name="total",
        files=sum(r.files for r in rows),
        meta=_sum_dicts(r.meta for r in rows),
        pages=sum(r.pages for r in rows),
        headings=_sum_dicts(r.headings for r in rows),
        empty_pages=sum(r.empty_pages for r in rows),
        long_headings=sum(r.long_headings for r in rows),
        furniture=_sum_dicts(r.furniture for r in rows),
        page_numbers=sum(r.page_numbers for r in rows),
        inserted_spaces=sum(r.inserted_spaces for r in rows),
        wrong_conversions=_sum_dicts(r.wrong_conversions for r in rows),
        segment_diffs=sum(r.segment_diffs for r in rows),
    )


# --------------------------------------------------------------------------- running


def load_expected(corpus: Path) -> dict[str, dict[str, str]]:
    data = yaml.safe_load((corpus / CORPUS_FILE).read_text(encoding="utf-8")) or {}
    return {str(name): {k: str(v) for k, v in entry.items() if v is not None}
            for name, entry in data.items()}  # fmt: skip


def measure_file(seed: Path, expected: dict[str, str], converter: Converter) -> Row:
    """Run the pipeline on this one seed (a temporary seeds folder holding only it, so no
    other report's pages or metadata enter its figures) and measure what it made."""
    glossary = ROOT / "config" / "glossary.yml"
    with tempfile.TemporaryDirectory(prefix="corpus-report-") as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        shutil.copyfile(seed, seeds / seed.name)
        config = load_config(seeds, Path(tmp) / "reports", ROOT / "config",
                             glossary=glossary, pages_dir=None)  # fmt: skip
        result = run_pipeline(config, write=False, converter=converter)
    (report,) = result.reports
    return measure_report(report, result.scripts["hant"].files, expected, converter)


def measure_corpus(corpus: Path) -> list[Row]:
    """A row per file named in corpus.yml, in its order, then the total row."""
    expected = load_expected(corpus)
    missing = [name for name in expected if not (corpus / name).is_file()]
    if missing:
        raise SystemExit(f"{corpus / CORPUS_FILE} names files not in {corpus}: {missing}")
    # The site's own converter (s2tw + glossary), the one the Traditional pages come from.
    converter = make_converter(load_glossary(ROOT / "config" / "glossary.yml"))
    rows = [measure_file(corpus / name, want, converter) for name, want in expected.items()]
    return [*rows, total_row(rows)]


# --------------------------------------------------------------------------- output

COLUMNS = ("file", *META_FIELDS, "pages", "headings 第一部分/一、/（一）/1./（1）", "empty",
           "long h", "furniture", "page no", "spaces", "wrong hant", "segment diffs")  # fmt: skip


def _meta_cell(row: Row, name: str) -> str:
    if row.files == 1:
        return "✓" if row.meta[name] else "✗"
    return f"{row.meta[name]}/{row.files}"


def table_line(row: Row) -> str:
    levels = "/".join(str(row.headings.get(level, 0)) for level in (1, 2, 3, 4, 5))
    cells = [row.name.removesuffix("-2026-gov-work-report.txt"),
             *(_meta_cell(row, f) for f in META_FIELDS), str(row.pages), levels,
             str(row.empty_pages), str(row.long_headings), str(row.furniture_total),
             str(row.page_numbers), str(row.inserted_spaces), str(row.wrong_total),
             str(row.segment_diffs)]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def markdown_table(rows: Sequence[Row]) -> str:
    head = "| " + " | ".join(COLUMNS) + " |"
    rule = "| " + " | ".join("---" for _ in COLUMNS) + " |"
    return "\n".join([head, rule, *(table_line(r) for r in rows)])


def details(total: Row) -> str:
    """The total's breakdowns: furniture per rule, wrong conversions per pair, meta wrong."""
    furniture = ", ".join(f"{k} {v}" for k, v in total.furniture.items())
    wrong = ", ".join(f"{k} {v}" for k, v in total.wrong_conversions.items())
    meta = ", ".join(f"{f} {total.meta[f]} right / {total.files - total.meta[f]} wrong"
                     for f in META_FIELDS)  # fmt: skip
    return f"Metadata: {meta}\nFurniture by rule: {furniture}\nWrong Traditional: {wrong}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "fixtures" / "corpus")
    parser.add_argument("--json", type=Path, help="also write every figure and example here")
    args = parser.parse_args(argv)
    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not a figure
    rows = measure_corpus(args.corpus)
    print(markdown_table(rows))
    print()
    print(details(rows[-1]))
    if args.json:
        data = [dataclasses.asdict(r) for r in rows]
        args.json.write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
