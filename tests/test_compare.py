"""Review next to plan: which reports qualify, points by theme, paired figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportsite.compare import find_parts, pair_figures
from reportsite.config import load_config
from reportsite.figures import extract_figures
from reportsite.models import Block, Figure, Kind, Page
from reportsite.pipeline import PipelineResult, run_pipeline
from reportsite.settings import Taxonomy

ROOT = Path(__file__).resolve().parent.parent
TAXONOMY = Taxonomy(themes={"儿童友好": ("儿童友好",), "家庭教育": ("家庭教育", "家长学校")})


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> PipelineResult:
    out = tmp_path_factory.mktemp("compare") / "reports"
    return run_pipeline(load_config(ROOT / "seeds", out, ROOT / "config"), write=False)


def _part(key: str, title: str, children: tuple[str, ...] = ("x",)) -> Page:
    return Page(f"r/{key}/index.md", key, title, (Block(Kind.HEADING, title, 1),), None, children)


@pytest.mark.parametrize(
    ("review", "plan", "found"),
    [
        ("一、2024年工作总结", "二、2025年工作计划", True),
        ("一、2023年工作回顾", "二、2024年工作思路", True),
        ("一、2024 年工作总结", "二、2025 年重点工作安排", True),
        ("一、2024年工作总结", "二、2026年工作计划", False),  # not the next year
        ("一、2024年工作总结", "二、下一步工作打算", False),  # no year
        ("一、深化思想引领", "二、强化组织建设", False),
    ],
)
def test_find_parts(review: str, plan: str, found: bool) -> None:
    pages = (Page("r/index.md", "", "报告", (), None, ("1", "2")),
             _part("1", review), _part("2", plan))
    assert (find_parts(pages) is not None) == found


def _figure(clause: str) -> Figure:
    (figure,) = extract_figures((Block(Kind.PARAGRAPH, clause),))
    return figure


def test_pair_figures_by_shared_subject() -> None:
    review = [_figure("规范92个社区家长学校，"), _figure("儿童友好社区覆盖率达到60%的目标。")]
    plan = [_figure("实现儿童友好社区覆盖率100%，"), _figure("打造1个示范点。")]
    pairs = pair_figures(review, plan)
    assert [(p.subject, p.review and p.review.text, p.plan and p.plan.text) for p in pairs] == [
        ("儿童友好社区覆盖率", "60%", "100%"),
        ("打造1个示范点。", None, "1个"),
        ("规范92个社区家长学校，", "92个", None),
    ]


def test_pair_prefers_the_figure_nearest_the_subject() -> None:
    figures = extract_figures((Block(Kind.PARAGRAPH, "并为252位困境儿童结对187名“爱心妈妈”。"),))
    plan = [_figure("“爱心妈妈”队伍不少于200人，")]
    (pair, *_) = pair_figures(list(figures), plan)
    assert pair.review is not None and pair.review.text == "187名"


def test_seed_review_next_to_plan(result: PipelineResult) -> None:
    district = next(r for r in result.reports if r.meta.slug.startswith("futian"))
    events = next(r for r in result.reports if r.meta.slug.startswith("shenzhen"))
    assert events.comparison is None
    comparison = district.comparison
    assert comparison is not None
    assert (comparison.review_year, comparison.plan_year) == (2024, 2025)
    child = next(t for t in comparison.themes if t.theme == "儿童友好")
    pairs = {(p.review.text, p.plan.text) for p in child.pairs if p.review and p.plan}
    assert ("60%", "100%") in pairs  # 儿童友好社区覆盖率: 60% achieved, 100% planned
    # Every point of both parts is on exactly one theme's page.
    points = [i for t in comparison.themes for i in (*t.review, *t.plan)]
    assert len(points) == len({(i.page, i.block, i.lead) for i in points})
    page = str(result.files[f"{district.meta.slug}/compare/5.md"])
    assert "| 实现儿童友好社区覆盖率 | **60%**" in page
    assert "**100%**" in page and "../2/4.md#fig-a" in page
