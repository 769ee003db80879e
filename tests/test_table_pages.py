"""Figures tables are cut into pages of at most FIGURE_ROWS rows.

A page's whole element tree is in memory while Python-Markdown renders it; an uncut table
(every figure of a huge report, or of a theme across the archive) made one page, and the
build's peak memory, grow with the input. These tests cut the seeds' tables with a small
limit and check that nothing is lost, nothing repeated, and every page is reachable.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from pathlib import Path

import pytest

import reportsite.render_derived as derived
from reportsite.config import load_config
from reportsite.pipeline import PipelineResult, run_pipeline
from reportsite.render_derived import pager, table_pages

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| (\d+) \| (.+?) \| ", re.M)
LINK = re.compile(r"\]\(([^)#]+\.md)\)")
LIMIT = 10


def test_groups_are_cut_at_the_limit_and_go_on_across_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(derived, "FIGURE_ROWS", 4)
    a, b = [object()] * 3, [object()] * 5
    cut = table_pages("r/figures.md", [("A", a), ("B", b)])  # type: ignore[list-item]
    assert [path for path, _ in cut] == ["r/figures.md", "r/figures/2.md"]
    assert [[(h, start, len(rows)) for h, start, rows in page] for _, page in cut] == [
        [("A", 1, 3), ("B", 1, 1)],
        [("B", 2, 4)],
    ]


def test_no_rows_is_one_page() -> None:
    assert table_pages("t/1.md", []) == [("t/1.md", [])]


def test_pager_links_first_previous_and_next_only() -> None:
    paths = ["f.md", *(f"f/{k}.md" for k in range(2, 8))]
    assert pager(paths[:1], "f.md") == ""
    middle = pager(paths, "f/4.md")
    assert middle.startswith("第4页，共7页：")
    assert LINK.findall(middle) == ["../f.md", "3.md", "5.md"]  # not every page: O(pages²)
    assert LINK.findall(pager(paths, "f.md")) == ["f/2.md"]


@pytest.fixture(scope="module")
def cut(tmp_path_factory: pytest.TempPathFactory) -> PipelineResult:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(derived, "FIGURE_ROWS", LIMIT)
        out = tmp_path_factory.mktemp("cut") / "reports"
        return run_pipeline(load_config(ROOT / "seeds", out, ROOT / "config"), write=False)


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> PipelineResult:
    out = tmp_path_factory.mktemp("whole") / "reports"
    return run_pipeline(load_config(ROOT / "seeds", out, ROOT / "config"), write=False)


def _rows(result: PipelineResult, first: str, limit: int = 10**9) -> list[tuple[str, str]]:
    stem = first.removesuffix(".md")
    paths = [first, *sorted(
        (p for p in result.files if p.startswith(stem + "/") and p.endswith(".md")),
        key=lambda p: int(posixpath.basename(p)[:-3]),
    )]
    rows = []
    for path in paths:
        text = result.files[path]
        assert isinstance(text, str)
        found = ROW.findall(text)
        assert len(found) <= limit, path
        rows += found
    return rows


def test_every_figure_once_and_numbered_on_across_pages(
    cut: PipelineResult, whole: PipelineResult
) -> None:
    for report in whole.reports:
        first = f"{report.meta.slug}/figures.md"
        assert _rows(cut, first, LIMIT) == _rows(whole, first)
        sentences = {(f.page, f.block, f.sentence) for f in report.figures}  # a row each
        assert len(_rows(cut, first)) == len(sentences) > LIMIT
    for theme in (p for p in whole.files if re.fullmatch(r"themes/\d+\.md", p)):
        assert _rows(cut, theme, LIMIT) == _rows(whole, theme)


def test_every_page_is_in_the_nav_and_every_pager_link_resolves(cut: PipelineResult) -> None:
    nav = cut.files[".nav.yml"]
    assert isinstance(nav, str)
    listed = Counter(re.findall(r"reports/(\S+\.md)", nav))
    pages = [p for p in cut.files if re.search(r"(figures|themes/\d+)/\d+\.md$", p)]
    assert pages
    for path in pages:
        assert listed[path] == 1, path
    for path, text in cut.files.items():
        if not path.endswith(".md") or not isinstance(text, str):
            continue
        for target in LINK.findall(text):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in cut.files, (path, target)


def test_an_ordinary_report_has_one_figures_page(whole: PipelineResult) -> None:
    assert not [p for p in whole.files if re.search(r"/figures/\d+\.md$", p)]
