"""Key figures: anchors on the pages, the key-figures page and the theme pages; the same
figures in Traditional text as in Simplified.

The extraction rules have golden cases in tests/golden/figures/ (test_golden_steps.py), the
hand-reviewed lists of the seeds' quantities in tests/golden/figures_seeds/
(test_golden_seeds.py).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import opencc
import pytest
import yaml

from reportsite import figures
from reportsite.config import load_config
from reportsite.figures import SIMPLIFIED_UNITS, TRADITIONAL_UNITS, anchor_name, find_figures
from reportsite.pipeline import PipelineResult, run_pipeline
from reportsite.render import escape_text
from support.golden import Golden, cases

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> PipelineResult:
    out = tmp_path_factory.mktemp("figures") / "reports"
    config = load_config(ROOT / "seeds", out, ROOT / "config")
    return run_pipeline(config, write=False)


def _rel_link(report: Any, key: str) -> str:
    path = next(p.path for p in report.pages if p.key == key)
    return posixpath.relpath(path, report.meta.slug)


def test_figure_anchors_on_pages(result: PipelineResult) -> None:
    """Each block holding figures carries its anchor (letters only: no digit is added to the
    page), and the report's text is not split by markup."""
    for report in result.reports:
        for page in (p for p in report.pages if p.published):
            text = result.files[page.path]
            assert isinstance(text, str)
            anchors = sorted({f.anchor for f in report.figures if f.page == page.key})
            assert sorted(re.findall(r"\{: #(fig-[a-z]+) \}", text)) == anchors, page.path
            assert "<span" not in text


def test_anchor_names() -> None:
    assert [anchor_name(n) for n in (1, 2, 26, 27, 52, 53, 703)] == [
        "fig-a", "fig-b", "fig-z", "fig-aa", "fig-az", "fig-ba", "fig-aaa"
    ]


def _sentences(figures: Any) -> set[tuple[str, int, str]]:
    return {(f.page, f.block, f.sentence) for f in figures}


def test_figures_page_lists_every_sentence_once_by_theme(result: PipelineResult) -> None:
    """One row per sentence, listing every figure in it (a sentence with several figures is
    one entry), linked to its paragraph; the 数量 cell sorts by the first figure's value."""
    for report in result.reports:
        page = result.files[f"{report.meta.slug}/figures.md"]
        assert isinstance(page, str)
        links = re.findall(r"\]\(([^)]*#fig-[a-z]+)\)", page)
        assert len(links) == len(_sentences(report.figures)) < len(report.figures)
        assert set(links) == {
            f"{_rel_link(report, f.page)}#{f.anchor}" for f in report.figures
        }
        for figure in report.figures:
            assert f"**{escape_text(figure.text)}**" in page, figure.text
        values = [float(v) for v in re.findall(r'data-rs-value="([^"]+)"', page)]
        assert len(values) == 2 * len(links)  # 数量 and 数值 both sort by the first value
        # Grouped by theme, each group in reading order.
        for theme in {f.theme for f in report.figures}:
            assert f"## {theme}\n" in page


def test_theme_pages_show_figures_first(result: PipelineResult) -> None:
    themes = {f.theme for r in result.reports for f in r.figures}
    assert len(themes) >= 5
    nav = yaml.safe_load(str(result.files[".nav.yml"]))
    theme_nav = next(item["主题"] for item in nav if "主题" in item)
    for entry in theme_nav[1:]:
        (theme, path), = entry.items()
        text = str(result.files[path.removeprefix("reports/")])
        body = text.split("---\n", 2)[2]
        if theme in themes:
            # The first section after the title is the figures table.
            assert body.index("## 关键数据") < body.index("## 相关页面")
            assert re.search(r"^\| 1 \| ", body, re.M)
        count = sum(len(_sentences(f for f in r.figures if f.theme == theme))
                    for r in result.reports)  # fmt: skip
        assert len(re.findall(r"#fig-[a-z]+\)", body)) == count


S2TW, T2S = opencc.OpenCC("s2tw"), opencc.OpenCC("t2s")


@pytest.mark.parametrize("golden", cases("figures"))
def test_traditional_text_gives_the_same_figures(golden: Golden) -> None:
    """Every golden case's input converted to Traditional (OpenCC s2tw, as Taiwan texts are
    written) gives the same figures: offsets, values, and units that mean the same (the
    same once converted back to Simplified: 個 is 个, 臺 is 台)."""
    text = golden.input
    traditional = S2TW.convert(text)
    assert len(traditional) == len(text)  # else offsets could not be compared

    def meaning(found: list[tuple[int, int, str, float, str]]) -> list[tuple[Any, ...]]:
        return [(start, end, value, T2S.convert(unit)) for start, end, _, value, unit in found]

    assert meaning(find_figures(traditional)) == meaning(find_figures(text))


def test_traditional_units_are_what_opencc_makes_of_the_simplified_ones() -> None:
    """TRADITIONAL_UNITS is every form OpenCC (s2t, s2tw, s2hk) gives a Simplified unit in
    running text (after digits, after 万, before 中, before 以上), and nothing else; the
    module holds the list so that it needs no OpenCC."""
    converters = [opencc.OpenCC(c) for c in ("s2t", "s2tw", "s2hk")]
    contexts = (("共12", "以上"), ("建设100", "中"), ("近万", "，"), ("3.5万", "左右"))
    forms: set[str] = set()
    for unit in SIMPLIFIED_UNITS:
        for before, after in contexts:
            for converter in converters:
                text = converter.convert(before + unit + after)
                assert len(text) == len(before + unit + after)
                forms.add(text[len(before) : len(before) + len(unit)])
    assert sorted(set(TRADITIONAL_UNITS)) == sorted(forms - set(SIMPLIFIED_UNITS))
    source = Path(figures.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|from) opencc", source, re.M)
