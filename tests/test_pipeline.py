"""The seeds through the whole pipeline: no text lost or altered, structure, nav, record.

The pages themselves are golden cases: tests/golden/seeds/ (test_golden_seeds.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from reportsite.changes import apply_edits
from reportsite.config import load_config
from reportsite.decode import decode
from reportsite.models import Kind
from reportsite.normalise import normalise
from reportsite.outline import ends_sentence
from reportsite.pipeline import NAV_FILE, PipelineResult, run_pipeline
from reportsite.render_catalogue import catalogue_order
from support.helpers import ROOT, SEEDS, han_digits, own_text, report_text, seed_paths


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> PipelineResult:
    out = tmp_path_factory.mktemp("out") / "reports"
    return run_pipeline(load_config(SEEDS, out, ROOT / "config"), write=False)


@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.name)
def test_no_character_lost_or_altered(seed: Path, result: PipelineResult) -> None:
    """The seed's Han characters and digits, in order, are the pages' in nav order."""
    report = next(r for r in result.reports if r.meta.source == seed.name)
    pages = "".join(report_text(str(result.files[p.path])) for p in report.pages if p.published)
    assert han_digits(pages) == han_digits(own_text(report.seed_text, report.record))
    assert report.seed_text == decode(seed.name, seed.read_bytes())


def test_nav_lists_every_page_in_document_order(result: PipelineResult) -> None:
    nav = result.files[NAV_FILE]
    assert isinstance(nav, str)
    paths = re.findall(r"reports/(\S+\.md)", nav)
    # One 报告 section: its index (the catalogue) first, then every report.
    assert [list(entry) for entry in yaml.safe_load(nav)] == [["报告"], ["主题"]]
    expected = ["index.md"]
    # In the catalogue's order (newest first), the one the catalogue and 上一篇/下一篇 follow.
    for r in catalogue_order(result.reports):
        expected += [p.path for p in r.pages if p.published]
        expected.append(f"{r.meta.slug}/figures.md")  # 关键数据
        if r.comparison is not None:  # 总结与计划对照: index, then one page per theme
            compare = sorted(
                (p for p in result.files if p.startswith(f"{r.meta.slug}/compare/")),
                key=lambda p: (not p.endswith("index.md"), int(p.rsplit("/", 1)[1][:-3])
                               if not p.endswith("index.md") else 0),
            )
            expected += compare
        expected.append(f"{r.meta.slug}/changes.md")
        expected.append(f"{r.meta.slug}/original.md")  # the seed as received, line by line
    themes = [p for p in result.files if p.startswith("themes/")]
    assert paths[: len(expected)] == expected
    assert sorted(paths[len(expected):]) == sorted(themes)  # 主题, after the reports


def test_paragraphs_end_sentences_and_bold_is_balanced(result: PipelineResult) -> None:
    for report in result.reports:
        for page in report.pages:
            for block in page.blocks:
                if block.kind is Kind.PARAGRAPH:
                    assert ends_sentence(block.text), block.text[-30:]
                    assert block.text.count("**") % 2 == 0, block.text


def test_structure_of_the_seeds(result: PipelineResult) -> None:
    district, city = sorted(result.reports, key=lambda r: r.meta.source)
    assert district.meta.title == "区妇联2024年工作总结和2025年工作计划"
    assert [p.key for p in district.pages] == [
        "", "1", "1-1", "1-2", "1-3", "1-4", "2", "2-1", "2-2", "2-3", "2-4",
    ]  # fmt: skip
    assert city.meta.title == "2024年深圳妇女儿童发展十件大事"
    assert city.meta.date == "2025-02-05"
    assert city.meta.issuer == "福田区妇女联合会"
    assert [p.key for p in city.pages] == ["", *map(str, range(1, 11))]


def test_every_themed_page_is_tagged_and_themes_link_both_reports(
    result: PipelineResult,
) -> None:
    by_theme: dict[str, set[str]] = {}
    for report in result.reports:
        for page in report.pages:
            if page.key and not page.children:
                assert page.tags, page.title
            for tag in page.tags:
                by_theme.setdefault(tag, set()).add(report.meta.source)
    shared = [t for t, sources in by_theme.items() if len(sources) == 2]
    assert len(shared) >= 3, by_theme


def test_leadins_are_bold_in_every_themed_section(result: PipelineResult) -> None:
    district = next(r for r in result.reports if r.meta.source.startswith("000"))
    for page in district.pages:
        for block in page.blocks:
            if block.kind is Kind.PARAGRAPH:
                assert block.text.startswith("**"), block.text[:20]


def test_run_is_reproducible(tmp_path: Path) -> None:
    config = load_config(SEEDS, tmp_path / "reports", ROOT / "config")
    first = run_pipeline(config).files
    snapshot = {p: p.read_bytes() for p in (tmp_path / "reports").rglob("*") if p.is_file()}
    assert run_pipeline(config).files == first
    again = {p: p.read_bytes() for p in (tmp_path / "reports").rglob("*") if p.is_file()}
    assert again == snapshot


@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.name)
def test_normalisation_record_replays_to_the_page_text(seed: Path, result: PipelineResult) -> None:
    """Seed text + the published record = the normalised text = the pages' blocks."""
    report = next(r for r in result.reports if r.meta.source == seed.name)
    edits = report.record
    assert edits, "the seeds need repairs, so the record cannot be empty"
    replayed = apply_edits(decode(seed.name, seed.read_bytes()), edits)
    assert replayed == report.normalised
    blocks = [b.text for page in report.pages for b in page.blocks]
    assert replayed == "\n\n".join(blocks) + "\n"
    tsv = result.files[f"{report.meta.slug}/changes.tsv"]
    assert isinstance(tsv, str) and len(tsv.splitlines()) == len(edits) + 1


@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.name)
def test_normalising_twice_changes_nothing(seed: Path) -> None:
    once = normalise(decode(seed.name, seed.read_bytes())).text
    assert normalise(once).text == once


def test_seed_is_published_byte_for_byte(result: PipelineResult) -> None:
    for report in result.reports:
        published = result.files[f"{report.meta.slug}/{report.meta.source}"]
        assert published == (SEEDS / report.meta.source).read_bytes()


def test_every_page_shows_its_provenance_under_its_title(result: PipelineResult) -> None:
    """Right under each page's title: its report (on its sections), issuer and dates (or that
    it gives none), the original, its themes; the overview links the report's derived pages."""
    for report in result.reports:
        for page in (p for p in report.pages if p.published):
            text = str(result.files[page.path])
            at = text.index('class="rs-chrome rs-provenance"')
            block = text[at : text.index("</div>", at)]
            title = text.rindex("\n# ", 0, at)
            assert text[title:at].count("\n\n") <= 2, page.path  # the title, then this
            assert "[原文](" in block and "original.md)" in block
            if page.key:
                assert f"出自：[{report.meta.title}](" in block
            else:
                assert "[关键数据](figures.md)" in block and "[规范化记录](changes.md)" in block
            if report.meta.issuer:
                assert f"发布单位：{report.meta.issuer}" in block
            assert (report.meta.date or "日期：未注明") in block
            for tag in page.tags:
                assert f"[{tag}](" in block


def test_catalogue_lists_every_report_by_date(result: PipelineResult) -> None:
    catalogue = str(result.files["index.md"])
    assert catalogue.startswith("---\ntitle: 报告\ncatalogue: true\n---\n")
    for report in result.reports:
        assert f"]({report.meta.slug}/index.md)" in catalogue
    district, city = sorted(result.reports, key=lambda r: r.meta.source)
    # Dated reports by date, newest first; one without a date by its title's latest year
    # (a review of 2024 and plan for 2025: 2025), after the dated ones of that year.
    assert catalogue.index("## 2025年") < catalogue.index(city.meta.title)
    assert catalogue.index(city.meta.title) < catalogue.index(district.meta.title)
    assert "## 未注明日期" not in catalogue
    assert "日期：未注明" in catalogue[catalogue.index(district.meta.title):]
    assert f"发布单位：{city.meta.issuer}" in catalogue




def test_a_metadata_tag_outside_the_taxonomy_is_a_theme_with_its_page(tmp_path: Path) -> None:
    """A page's themes are its tags: one an editor adds in metadata gets its theme page,
    linked from the page's provenance, in both scripts; the taxonomy's pages keep their
    numbers (the new theme comes after them, before the fallback)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    seed = next(SEEDS.glob("003_*.txt"))
    (seeds / seed.name).write_bytes(seed.read_bytes())
    (seeds / "metadata.yml").write_text(
        f"{seed.name}:\n  tags:\n    '1': [城市更新, 维权关爱]\n", encoding="utf-8"
    )
    config = load_config(seeds, tmp_path / "out" / "reports", ROOT / "config",
                         glossary=ROOT / "config" / "glossary.yml")  # fmt: skip
    got = run_pipeline(config, write=False)
    taxonomy = yaml.safe_load((ROOT / "config" / "taxonomy.yml").read_text(encoding="utf-8"))
    new = len(taxonomy["themes"]) + 1
    for script, name, theme in (("hans", "城市更新", "维权关爱"), ("hant", "城市更新", "維權關愛")):
        files = got.scripts[script].files
        theme_page = files[f"themes/{new}.md"]
        assert isinstance(theme_page, str) and name in theme_page, script
        page = next(str(v) for k, v in files.items() if re.search(r"^[^/]+/1(/index)?\.md$", k))
        provenance = page.split("rs-provenance", 1)[1].split("</div>", 1)[0]
        assert re.search(rf"\[{name}\]\((\.\./)+themes/{new}\.md\)", provenance), provenance
        assert theme in provenance
