"""Unit tests for the pure n-gram index builder (scripts/reportsite/search_index.py).

The last tests run the real browser worker (search/worker.js) under Node against an index
built from small Chinese fixtures and compare with brute-force substring search.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import opencc
import pytest

from reportsite.search_index import (
    BOUNDARY,
    Normaliser,
    Page,
    build_index,
    decode_ints,
    encode_ints,
    extract_sections,
    load_fold_map,
    section_text,
    shard_of,
)

ROOT = Path(__file__).resolve().parent.parent
FOLD = load_fold_map(str(ROOT / "search" / "t2s_chars.json"))
NORM = Normaliser(FOLD)

PAGES = [
    Page(
        "a/",
        "区妇联2024年工作总结",
        '<h1 id="t">区妇联2024年工作总结<a class="headerlink" href="#t">¶</a></h1>'
        "<p>集中研讨学习 69 次。<strong>组织覆盖有形有效。</strong>印发方案。</p>"
        '<h2 id="s1">（一）母婴室建设</h2><p>建设公共场所母婴室1480间。</p>'
        "<p>其中“妈妈岗”9019个，超2.3万余个岗位。</p>",
    ),
    Page(
        "b/",
        "十件大事",
        "<h1>十件大事</h1><p>讲好杜玉涛、张莹莹等优秀女性故事。</p>"
        '<h2 id="x">爱心妈妈</h2><ul><li>爱心妈妈守护3698名儿童</li><li>HPV 疫苗</li></ul>',
    ),
    Page("c/", "首页", "<h1>妇联工作报告</h1><p>按标签浏览：家庭教育、妇女儿童权益。</p>"),
]


# ----------------------------------------------------------------------- normalisation


def test_fold_traditional_to_simplified() -> None:
    assert NORM.text("母嬰室") == "母婴室"
    assert NORM.text("婦聯 愛心媽媽") == "妇联爱心妈妈"
    # Variants OpenCC's s2t writes (爲 羣 衆 啓 臺) fold like the Taiwan forms.
    assert NORM.text("爲為") == "为为"
    assert NORM.text("羣衆啓臺") == "群众启台"


def test_fold_is_idempotent() -> None:
    for trad, simp in FOLD.items():
        assert FOLD.get(simp, simp) == simp, (trad, simp)


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
def test_fold_undoes_opencc_on_the_seeds(config: str) -> None:
    converter = opencc.OpenCC(config)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        assert NORM.text(converter.convert(text)) == NORM.text(text), seed.name


def test_whitespace_only_kept_between_latin_or_digits() -> None:
    assert NORM.text("2024 年工作") == "2024年工作"
    assert NORM.text("HPV 疫苗") == "hpv疫苗"
    assert NORM.text("covid  19\u200b") == "covid 19"
    assert NORM.text("ＡＢＣ１２３") == "abc123"  # full-width Latin and digits
    assert NORM.text("一\n\n二\n") == "一\n二"


def test_normalise_maps_back_to_source_positions() -> None:
    text = "区 妇联 2024 年"
    folded, src = NORM.normalise(text)
    assert folded == "区妇联2024年"
    assert [text[i] for i in src] == list("区妇联2024年")


# ----------------------------------------------------------------------- sections


def test_extract_sections_splits_at_headings_with_ids() -> None:
    sections = extract_sections(PAGES[0].html, PAGES[0].title)
    assert [(s.anchor, s.heading) for s in sections] == [
        ("", "区妇联2024年工作总结"),
        ("s1", "（一）母婴室建设"),
    ]
    assert "¶" not in sections[0].heading + sections[0].body
    # Inline markup does not split words; blocks are separated by the boundary.
    assert "组织覆盖有形有效。印发方案。" in sections[0].body
    assert sections[1].body.split(BOUNDARY) == [
        "建设公共场所母婴室1480间。",
        "其中“妈妈岗”9019个，超2.3万余个岗位。",
    ]


def test_h1_differing_from_title_stays_searchable() -> None:
    sections = extract_sections(PAGES[2].html, PAGES[2].title)
    assert sections[0].heading == "首页"
    assert sections[0].body.startswith("妇联工作报告")


def test_no_ngram_crosses_a_block_boundary() -> None:
    section = extract_sections(PAGES[1].html, PAGES[1].title)[1]
    folded = section_text(NORM, section)
    assert "儿童\nhpv" in folded


# ----------------------------------------------------------------------- encoding


def test_varint_round_trip() -> None:
    values = [0, 1, 31, 32, 1023, 1024, 65_535, 2**31 + 7, 5]
    assert decode_ints(encode_ints(values)) == values
    assert len(encode_ints([31])) == 1 and len(encode_ints([32])) == 2


def test_shard_of_is_stable_and_in_range() -> None:
    assert shard_of("妇联", 1) == 0
    assert {shard_of(k, 16) for k in ["妇", "妇联", "9019", "𠀀字"]} <= set(range(16))
    assert shard_of("妇联", 64) == shard_of("妇联", 64)


# ----------------------------------------------------------------------- index files


def test_build_index_files_and_restricted_fold_map() -> None:
    built = build_index(PAGES, FOLD, shard_bytes=200)
    assert built.stats["pages"] == 3 and built.stats["sections"] == 5
    assert built.stats["shards"] > 1
    manifest = built.files["manifest.js"]
    assert manifest.startswith("__ngram_manifest(")
    data = json.loads(manifest[len("__ngram_manifest(") : -3])
    # Only Traditional characters whose Simplified form occurs are shipped.
    assert data["fold"]["嬰"] == "婴" and "龜" not in data["fold"]
    assert decode_ints(data["sections"]) == [2, 2, 1]
    assert {f"t/{i}-0.js" for i in range(5)} <= set(built.files)


# ----------------------------------------------------------------------- worker under Node


def _node_search(tmp_path: Path, pages: list[Page], queries: list[str]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    assert node, "node is required to run search/worker.js in tests"
    built = build_index(pages, FOLD, shard_bytes=300, pages_per_chunk=2)
    for rel, text in built.files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    res = subprocess.run(
        [node, str(ROOT / "search" / "node_run.js"), str(tmp_path)],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    out: list[dict[str, Any]] = json.loads(res.stdout)
    return out


def _brute(pages: list[Page], query: str) -> set[str]:
    needle = NORM.text(query)
    found = set()
    for page in pages:
        for section in extract_sections(page.html, page.title):
            if needle in section_text(NORM, section):
                found.add(page.url)
    return found


def test_worker_matches_brute_force_and_python_normalisation(tmp_path: Path) -> None:
    rng = random.Random(4)
    queries = ["妇", "母嬰室", "9019", "2.3", "杜玉涛", "hpv", "HPV 疫苗", "爱心妈妈守护", "不存在"]
    for page in PAGES:
        for section in extract_sections(page.html, page.title):
            text = section.body.replace(BOUNDARY, "")
            for _ in range(6):
                start = rng.randrange(len(text))
                queries.append(text[start : start + rng.randint(1, 7)])
    queries = [q for q in dict.fromkeys(queries) if q.strip()]
    for row in _node_search(tmp_path, PAGES, queries):
        q = row["query"]
        assert row["normalised"] == NORM.text(q.strip()).replace(BOUNDARY, ""), q
        found = [group[0]["location"] for group in row["result"]["items"]]
        assert set(found) == _brute(PAGES, q), q
        assert len(found) == len(set(found)), q


def test_worker_result_shape_and_highlight(tmp_path: Path) -> None:
    [row] = _node_search(tmp_path, PAGES, ["母嬰室"])
    [group] = row["result"]["items"]
    page, section = group
    assert page["location"] == "a/" and section["location"] == "a/#s1"
    assert section["title"] == "（一）<mark>母婴室</mark>建设"
    assert "<mark>母婴室</mark>1480" in section["text"]
    assert page["terms"] == {"母嬰室": True} and page["score"] >= 2


def test_worker_ranks_exact_phrase_before_pages_with_every_word(tmp_path: Path) -> None:
    pages = [
        Page("p/", "甲", "<p>儿童和妇女</p>"),
        Page("e/", "乙", "<p>妇女儿童发展</p>"),
    ]
    [row] = _node_search(tmp_path, pages, ["妇女 儿童"])
    groups = row["result"]["items"]
    assert [g[0]["location"] for g in groups] == ["e/", "p/"]
    assert groups[1][0]["terms"]["妇女 儿童"] is False


def test_snippet_comes_from_the_block_holding_the_match(tmp_path: Path) -> None:
    filler = "组织召开全市妇女儿童工作会议。" * 40  # 600 characters: the match is in block 2+
    pages = [Page("z/", "长文", f"<p>{filler}讲好杜玉涛故事。</p>")]
    rows = _node_search(tmp_path, pages, ["杜玉涛", "杜"])
    for row in rows:
        [[page]] = row["result"]["items"]
        assert page["text"].startswith("<p>…"), row["query"]
        assert f"<mark>{row['query']}</mark>" in page["text"], row["query"]
    assert (tmp_path / "t" / "0-2.js").exists()  # the section is stored as several blocks
