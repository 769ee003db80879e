"""Issue 17, point 1: the preview's rebuild does the work of what changed, with the same result.

Unit level (no MkDocs build): run_pipeline with the preview's memo (reportsite/pipelinememo.py)
gives exactly what a run without one gives, converts only the edited seed again and renders
only its pages again; a configuration change reuses nothing. The search index's memo of folded
pages (search/index.py) gives the same index files and folds only the changed page again.
Build level (tests/test_preview_rebuild.py): renders counted, and the new text in the pages
and the search index of both scripts.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from reportsite.config import load_config
from reportsite.pipeline import PipelineResult, run_pipeline
from reportsite.pipelinememo import Memo, PipelineMemo
from reportsite.search.fold import Folder
from reportsite.search.index import IndexedPage, build_index, fold_page
from support.helpers import ROOT, SEEDS

SEED = "000_1b6eb3483533bf33.txt"
OLD, NEW = "吸引 1800 余人参", "吸引 1901 余人参"


def _run(seeds: Path, out: Path, memo: PipelineMemo | None, **change: object) -> PipelineResult:
    config = load_config(seeds, out / "reports", ROOT / "config",
                         glossary=ROOT / "config" / "glossary.yml", pages_dir=ROOT / "docs")
    if change:
        config = dataclasses.replace(
            config, settings=dataclasses.replace(config.settings, **change))  # type: ignore[arg-type]
    return run_pipeline(config, write=False, memo=memo)


def _same(a: PipelineResult, b: PipelineResult) -> None:
    for script in ("hans", "hant"):
        assert a.scripts[script].files == b.scripts[script].files, script
        assert a.scripts[script].nav == b.scripts[script].nav, script
        assert a.scripts[script].pages == b.scripts[script].pages, script
    assert a.warnings == b.warnings


def _seeds(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    return seeds


def test_a_run_with_the_memo_gives_what_a_run_without_gives(tmp_path: Path) -> None:
    seeds, memo = _seeds(tmp_path), PipelineMemo()
    first = _run(seeds, tmp_path, memo)
    _same(first, _run(seeds, tmp_path, None))
    count = len(first.reports)
    assert (memo.reports.misses, memo.reports.hits) == (count, 0)
    # Nothing changed: nothing is converted or rendered again, and the result is the same.
    _same(_run(seeds, tmp_path, memo), first)
    assert (memo.reports.misses, memo.reports.hits) == (count, count)
    assert memo.traditional.misses == count and memo.traditional.hits == count
    assert memo.rendered.misses == 2 * count and memo.rendered.hits == 2 * count


def test_an_edited_seed_is_the_only_one_done_again(tmp_path: Path) -> None:
    seeds, memo = _seeds(tmp_path), PipelineMemo()
    _run(seeds, tmp_path, memo)
    seed = seeds / SEED
    seed.write_text(seed.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    before = (memo.reports.misses, memo.traditional.misses, memo.rendered.misses)
    after = _run(seeds, tmp_path, memo)
    done = (memo.reports.misses - before[0], memo.traditional.misses - before[1],
            memo.rendered.misses - before[2])
    # One report converted, put in Traditional characters and rendered in both scripts.
    assert done == (1, 1, 2)
    _same(after, _run(seeds, tmp_path, None))
    hans = "".join(str(v) for v in after.scripts["hans"].files.values())
    assert "1901 余人参" in hans or "1901余人参" in hans
    assert "1800余人参" not in hans and "1800 余人参" not in hans


def test_a_configuration_change_does_everything_again(tmp_path: Path) -> None:
    seeds, memo = _seeds(tmp_path), PipelineMemo()
    first = _run(seeds, tmp_path, memo)
    misses = memo.reports.misses
    changed = _run(seeds, tmp_path, memo, spacing="keep")
    assert memo.reports.misses == misses + len(first.reports)
    _same(changed, _run(seeds, tmp_path, None, spacing="keep"))


def test_the_memo_keeps_only_what_the_last_run_used() -> None:
    memo = Memo()
    memo.get("a", lambda: 1)
    memo.get("b", lambda: 2)
    memo.next_run(True)
    assert memo.get("a", lambda: 9) == 1  # kept from the last run
    memo.next_run(True)
    assert memo.get("b", lambda: 3) == 3  # "b" was not used by the run before: gone
    memo.next_run(False)
    assert memo.get("a", lambda: 4) == 4  # a new configuration: nothing kept
    assert (memo.hits, memo.misses) == (1, 4)


def _pages(marker: str) -> list[IndexedPage]:
    return [
        IndexedPage(url=f"p{n}/", title=f"第{n}页", year="2024",
                    html=f"<h2 id='a{n}'>小标题{n}</h2><p>第{n}段 "
                         f"{marker if n == 2 else '正文'}。</p>")
        for n in range(4)
    ]


def _folded(pages: list[IndexedPage], fold: dict[str, str], memo: Memo) -> list[IndexedPage]:
    """The pages folded as the search plugin folds them while they are built, with the memo."""
    norm = Folder(fold)
    return [dataclasses.replace(p, sections=fold_page(p.html, p.title, norm, memo.get))
            for p in pages]


def test_the_search_index_with_the_memo_is_the_same_and_folds_the_changed_page_only() -> None:
    fold = {"婦": "妇", "聯": "联"}
    memo = Memo()
    first = build_index(_folded(_pages("妇联旧文"), fold, memo), fold)
    assert first.files == build_index(_pages("妇联旧文"), fold).files
    assert memo.misses == 4
    memo.next_run(True)
    edited = build_index(_folded(_pages("婦聯新文"), fold, memo), fold)
    assert memo.misses == 5 and memo.hits == 3  # the edited page only
    assert edited.files == build_index(_pages("婦聯新文"), fold).files
    text = "".join(edited.files.values())
    assert "婦聯新文" in text and "妇联旧文" not in text
