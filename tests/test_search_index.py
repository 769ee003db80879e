"""Unit tests for the pure n-gram index builder (scripts/reportsite/search/index.py).

The last tests run the real browser worker (search/worker.js) under Node against an index
built from small Chinese fixtures and compare with brute-force substring search.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote, urlsplit

import opencc
import pytest

from reportsite.search import postings as search_postings
from reportsite.search.index import (
    BOUNDARY,
    Folder,
    IndexCache,
    IndexedPage,
    build_index,
    decode_ints,
    encode_ints,
    extract_sections,
    load_fold_map,
    section_text,
    shard_of,
)
from reportsite.search.pages import OTHER, OVERVIEW, TEXT, excluded, page_facts, parents
from reportsite.search.plugin import ASSETS, NgramSearchPlugin, write_index
from reportsite.search.sections import _fast_sections, _walk_sections, clean_lines

ROOT = Path(__file__).resolve().parent.parent

FOLD = load_fold_map(str(ASSETS / "t2s_chars.json"))
NORM = Folder(FOLD)

PAGES = [
    IndexedPage(
        "a/",
        "区妇联2024年工作总结",
        '<h1 id="t">区妇联2024年工作总结<a class="headerlink" href="#t">¶</a></h1>'
        "<p>集中研讨学习 69 次。<strong>组织覆盖有形有效。</strong>印发方案。</p>"
        '<h2 id="s1">（一）母婴室建设</h2><p>建设公共场所母婴室1480间。</p>'
        "<p>其中“妈妈岗”9019个，超2.3万余个岗位。</p>",
    ),
    IndexedPage(
        "b/",
        "十件大事",
        "<h1>十件大事</h1><p>讲好杜玉涛、张莹莹等优秀女性故事。</p>"
        '<h2 id="x">爱心妈妈</h2><ul><li>爱心妈妈守护3698名儿童</li><li>HPV 疫苗</li></ul>',
    ),
    IndexedPage("c/", "首页", "<h1>妇联工作报告</h1><p>按标签浏览：家庭教育、妇女儿童权益。</p>"),
]


# ----------------------------------------------------------------------- normalisation


def test_fold_traditional_to_simplified() -> None:
    assert NORM.text("母嬰室") == "母婴室"
    assert NORM.text("婦聯 愛心媽媽") == "妇联爱心妈妈"
    # Variants OpenCC's s2t writes (爲 羣 衆 啓 臺) fold like the Taiwan forms.
    assert NORM.text("爲為") == "为为"
    assert NORM.text("羣衆啓臺") == "群众启台"
    # Corner quotes (a Traditional page's) fold to the curly ones (a Simplified page's).
    assert NORM.text("「三會一課」『甲』") == "“三会一课”‘甲’"


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
    folded, src = NORM.fold(text)
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


def _node_search(
    tmp_path: Path, pages: list[IndexedPage], queries: list[str], meta_bytes: int = 60
) -> list[dict[str, Any]]:
    node = shutil.which("node")
    assert node, "node is required to run search/worker.js in tests"
    built = build_index(pages, FOLD, shard_bytes=300, meta_bytes=meta_bytes)
    write_index(built, tmp_path)  # as the plugin writes it: manifest appended to worker.js
    res = subprocess.run(
        [node, str(ROOT / "scripts" / "devtools" / "node_run.js"), str(tmp_path)],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    out: list[dict[str, Any]] = json.loads(res.stdout)
    return out


def _brute(pages: list[IndexedPage], query: str) -> set[str]:
    needle = NORM.text(query)
    found = set()
    for page in pages:
        for section in extract_sections(page.html, page.title):
            if needle in section_text(NORM, section):
                found.add(page.url)
    return found


def _url(location: str) -> str:
    """A result location without the `?h=` the worker adds for highlighting."""
    parts = urlsplit(location)
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


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
        found = [_url(group[0]["location"]) for group in row["result"]["items"]]
        assert set(found) == _brute(PAGES, q), q
        assert len(found) == len(set(found)), q


def test_worker_result_shape_and_highlight(tmp_path: Path) -> None:
    [row] = _node_search(tmp_path, PAGES, ["母嬰室"])
    [group] = row["result"]["items"]
    page, section = group
    h = "?h=" + quote("母嬰室")  # the opened page marks the query (search/highlight.js)
    assert page["location"] == "a/" + h and section["location"] == "a/" + h + "#s1"
    assert section["title"] == "（一）<mark>母婴室</mark>建设"
    assert "<mark>母婴室</mark>1480" in section["text"]
    assert page["terms"] == {"母嬰室": True} and page["score"] >= 2


def test_worker_ranks_exact_phrase_before_pages_with_every_word(tmp_path: Path) -> None:
    pages = [
        IndexedPage("p/", "甲", "<p>儿童和妇女</p>"),
        IndexedPage("e/", "乙", "<p>妇女儿童发展</p>"),
    ]
    [row] = _node_search(tmp_path, pages, ["妇女 儿童"])
    groups = row["result"]["items"]
    assert [_url(g[0]["location"]) for g in groups] == ["e/", "p/"]
    assert groups[1][0]["location"] == "p/?h=" + quote("妇女 儿童")
    assert groups[1][0]["terms"]["妇女 儿童"] is False


def test_snippet_comes_from_the_block_holding_the_match(tmp_path: Path) -> None:
    filler = "组织召开全市妇女儿童工作会议。" * 40  # 600 characters: the match is in block 2+
    pages = [IndexedPage("z/", "长文", f"<p>{filler}讲好杜玉涛故事。</p>")]
    rows = _node_search(tmp_path, pages, ["杜玉涛", "杜"])
    for row in rows:
        [[page]] = row["result"]["items"]
        assert page["text"].startswith("<p>…"), row["query"]
        assert f"<mark>{row['query']}</mark>" in page["text"], row["query"]
    assert (tmp_path / "t" / "0-2.js").exists()  # the section is stored as several blocks


# ----------------------------------------------------------------------- fast paths


def test_fast_normalise_matches_the_per_character_definition() -> None:
    rng = random.Random(11)
    # Irregular folds (… → ..., ㎡ → m2, ﬁ → fi, ¨ → " ̈"), every kind of space, boundaries.
    alphabet = list("妇联婦聯母嬰室 \n\t\u3000\u200b\u00a0AbZ12…㎡¨ﬁ－，。“”Ａ１")
    norm = Folder(FOLD)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert norm.fold(text) == norm.fold_slow(text), repr(text)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        assert norm.fold(text) == norm.fold_slow(text), seed.name


_LEAVES = [
    *("妇联", " ", "\n", "母婴室", "&amp;", "&#10;", "HPV", "2.3", "<br>", "<br />", "<hr>"),
    *("\u3000", "<!-- x <p> -->", "<script>x='<p>'</script>", "区"),
]


def _random_html(rng: random.Random, depth: int = 0) -> str:
    out = []
    for _ in range(rng.randint(0, 4)):
        r = rng.random()
        if depth < 3 and r < 0.35:
            tag = rng.choice(["p", "div", "li", "td", "strong", "em", "span", "a", "blockquote"])
            attr = rng.choice(["", ' class="x"', " title='a>b'", ' href="#q"'])
            out.append(f"<{tag}{attr}>{_random_html(rng, depth + 1)}</{tag}>")
        elif depth == 0 and r < 0.5:
            tag = rng.choice(["h1", "h2", "h3"])
            anchor = rng.choice(["", ' id="s1"', " id='t'", ' id="a&amp;b"'])
            inner = rng.choice(["妇联", "HPV 2.3", "", "<em>母婴</em>室", "首页"])
            link = rng.choice(["", '<a class="headerlink" href="#s1">&para;</a>'])
            out.append(f"<{tag}{anchor}>{inner}{link}</{tag}>")
        else:
            out.append(rng.choice(_LEAVES))
    return "".join(out)


def test_fast_sections_match_the_tag_walker_on_well_formed_html() -> None:
    rng = random.Random(5)
    for _ in range(5_000):
        html, title = _random_html(rng), rng.choice(["首页", "妇联", "T"])
        fast = _fast_sections(html, title)
        assert fast is not None, html
        expected = clean_lines(_walk_sections(html, title))
        got = clean_lines(fast)
        assert [(s.anchor, s.heading, s.body) for s in got] == [
            (s.anchor, s.heading, s.body) for s in expected
        ], html


def test_nested_skipped_regions_go_through_the_walker() -> None:
    html = (
        "<p>可见<svg><g><text>图标</text></g></svg>文字</p>"
        "<div data-search-exclude><p>不索引<span>这段</span></p></div><p>再见</p>"
    )
    assert _fast_sections(html, "页") is None
    [section] = extract_sections(html, "页")
    assert section.body == "可见文字\n再见"


def _reference_postings(
    pages: list[IndexedPage],
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """The doc lists and positions by the plain definition, one character at a time."""
    docs: dict[str, list[int]] = defaultdict(list)
    positions: dict[str, list[int]] = defaultdict(list)
    last: dict[str, int] = {}
    sec = 0
    for page in pages:
        sections = extract_sections(page.html, page.title)
        title_len = len(NORM.text(sections[0].heading))
        for k, section in enumerate(sections):
            text = section_text(NORM, section)
            local: dict[str, list[int]] = defaultdict(list)
            for i, ch in enumerate(text):
                if ch != BOUNDARY:
                    local[ch].append(i)
                    if i + 1 < len(text) and text[i + 1] != BOUNDARY:
                        local[text[i : i + 2]].append(i)
            for key, at in local.items():
                in_title = k == 0 and at[0] + len(key) <= title_len
                docs[key] += [sec - last.get(key, 0), len(at) * 2 + in_title, at[0] // 256]
                last[key] = sec
                if len(key) == 2:
                    positions[key] += [b - a for a, b in zip([0, *at], at, strict=False)]
            sec += 1
    return docs, positions


def _read_calls(files: dict[str, str], prefix: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for rel, text in files.items():
        if rel.startswith(prefix):
            args = json.loads("[" + text[text.index("(") + 1 : text.rindex(")")] + "]")
            merged.update(args[1])
    return merged


def _random_pages(rng: random.Random, count: int) -> list[IndexedPage]:
    text = (ROOT / "seeds").glob("*.txt").__next__().read_text(encoding="utf-8")
    pages = []
    for n in range(count):
        parts = []
        for _ in range(rng.randint(1, 4)):
            start = rng.randrange(len(text) - 400)
            body = text[start : start + rng.randint(0, 400)].replace("\n", "</p><p>")
            heading = text[start : start + rng.randint(0, 12)].replace("\n", "")
            parts.append(f'<h2 id="h{len(parts)}">{heading}</h2><p>{body} HPV {n}</p>')
        title = text[n : n + 8].replace("\n", "") or "题"
        pages.append(IndexedPage(f"p{n}/", title, "".join(parts)))
    return pages


# 7 and 500 make many key groups (a frequent character is a group of its own); 1 << 21 is one.
@pytest.mark.parametrize("group", [7, 500, 1 << 21])
def test_vectorised_postings_match_the_definition(
    group: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_postings, "GROUP", group)
    pages = _random_pages(random.Random(3), 40)
    built = build_index(pages, FOLD, shard_bytes=2_000)
    docs, positions = _reference_postings(pages)
    assert _read_calls(built.files, "s/") == {k: encode_ints(v) for k, v in docs.items()}
    assert _read_calls(built.files, "q/") == {k: encode_ints(v) for k, v in positions.items()}


def test_encode_ints_large_values_round_trip() -> None:
    values = [0, 31, 32, 1023, 1024, 32_767, 32_768, 2**20, 2**35 + 3]
    assert decode_ints(encode_ints(values)) == values


def test_traditional_twin_reuses_the_postings() -> None:
    converter = opencc.OpenCC("s2tw")
    hans = _random_pages(random.Random(8), 12)
    hant = [IndexedPage(p.url, converter.convert(p.title), converter.convert(p.html)) for p in hans]
    cache = IndexCache()
    first = build_index(hans, FOLD, cache=cache)
    twin = build_index(hant, FOLD, cache=cache)
    assert not first.stats["reused"] and twin.stats["reused"]
    fresh = build_index(hant, FOLD)  # the same files without the cache
    assert fresh.files == twin.files
    postings = {k for k in twin.files if k[0] in "sq"}
    assert {k: twin.files[k] for k in postings} == {k: first.files[k] for k in postings}
    assert "婦聯" in "".join(v for k, v in twin.files.items() if k.startswith("t/"))
    # Any difference in the folded text: built afresh.
    changed = [IndexedPage(hans[0].url, hans[0].title, hans[0].html + "<p>新增</p>"), *hans[1:]]
    assert not build_index(changed, FOLD, cache=cache).stats["reused"]


def test_worker_reads_urls_and_repeated_titles_from_page_chunks(tmp_path: Path) -> None:
    pages = [
        IndexedPage(f"reports/r{n // 3}/{n % 3}/", ["概览", "一、工作总结", f"附表{n}"][n % 3],
             f"<p>妇联第{n}页</p>")
        for n in range(12)
    ]  # fmt: skip
    [row] = _node_search(tmp_path, pages, ["妇联"], meta_bytes=100)
    found = [(_url(g[0]["location"]), g[0]["title"]) for g in row["result"]["items"]]
    assert sorted(found) == sorted((p.url, p.title) for p in pages)
    chunks = sorted(p for p in row["loaded"] if p.startswith("p/"))
    assert len(chunks) > 2 and not any(p.startswith("m/") for p in row["loaded"])
    assert "manifest.js" not in row["loaded"]  # appended to worker.js


def test_worker_caps_the_query_and_loads_each_file_once(tmp_path: Path) -> None:
    filler = "组织召开全市妇女儿童工作会议，部署母婴室建设。" * 30
    pages = [IndexedPage("z/", "长文", f"<p>{filler}</p>"),
             IndexedPage("y/", "短文", "<p>杜玉涛</p>")]
    passage = filler[3:403]  # past the 200-character cap: its first 200 are searched
    queries = [passage, "妇联" * 5000, "\ud800妇\udfff女\udc00", " \u3000 ", "妇女 儿童 " * 40]
    rows = _node_search(tmp_path, pages, queries)
    for row in rows:
        loaded = row["loaded"]
        assert len(loaded) == len(set(loaded)), (row["query"][:20], loaded)
    assert [_url(g[0]["location"]) for g in rows[0]["result"]["items"]] == ["z/"]
    assert rows[1]["result"]["items"] == []
    # Lone surrogates are dropped, not searched (nor passed to encodeURIComponent).
    assert [_url(g[0]["location"]) for g in rows[2]["result"]["items"]] == ["z/"]
    assert rows[3]["result"]["items"] == []
    assert [_url(g[0]["location"]) for g in rows[4]["result"]["items"]] == ["z/"]


# ----------------------------------------------------------------------- ranking and titles


def test_page_kinds_titles_and_years_come_from_front_matter_and_path() -> None:
    report = {"report": "甲市十件大事", "slug": "a"}
    overview = page_facts("reports/a/", "reports/a/index.md", "概览",
                          {**report, "title": "甲市&lt;十件&gt;大事", "date": "2025-02-05"})
    assert (overview.kind, overview.title, overview.year) == (OVERVIEW, "甲市<十件>大事", "2025")
    delivered = page_facts("r/", "reports/a/index.md", "概览", {**report, "delivered": "2026"})
    assert delivered.year == "2026" and delivered.title == "概览"  # no front matter title
    kinds = {src: page_facts("u/", src, "T", report).kind for src in (
        "reports/a/1.md", "reports/a/2/3.md", "reports/a/figures.md", "reports/a/figures-2.md",
        "reports/a/compare/index.md", "reports/a/compare/3.md", "reports/a/changes.md")}
    assert kinds == {"reports/a/1.md": TEXT, "reports/a/2/3.md": TEXT,
                     "reports/a/figures.md": OTHER, "reports/a/figures-2.md": OTHER,
                     "reports/a/compare/index.md": OTHER, "reports/a/compare/3.md": OTHER,
                     "reports/a/changes.md": OTHER}
    assert page_facts("u/", "reports/themes/1.md", "T", {"title": "T"}).kind == OTHER
    assert page_facts("u/", "reports/b/1.md", "T", report).kind == OTHER  # not its slug
    assert excluded({"search": {"exclude": True}}) and not excluded({"search": {}})
    assert not excluded({"title": "x"})


def test_parents_are_the_nearest_index_pages_below_the_catalogue() -> None:
    srcs = ["index.md", "reports/index.md", "reports/a/index.md", "reports/a/1/1.md",
            "reports/a/figures.md", "reports/a/compare/index.md", "reports/a/compare/2.md",
            "reports/themes/index.md", "reports/themes/1.md", "tags.md"]
    facts = [page_facts("u/", src, "T", {"report": "R", "slug": "a"}) for src in srcs]
    assert parents(facts) == [-1, -1, -1, 2, 2, 2, 5, -1, 7, -1]


def test_plugin_skips_pages_excluded_from_search() -> None:
    plugin = NgramSearchPlugin()
    for src, meta in (("reports/a/changes.md", {"search": {"exclude": True}}),
                      ("reports/a/1.md", {})):
        page = SimpleNamespace(url=src[:-3] + "/", title="T", content="<p>x</p>", meta=meta,
                               file=SimpleNamespace(src_uri=src))
        plugin.on_page_context({}, page=page, config={}, nav=None)
    assert list(plugin.pages) == ["reports/a/1/"]


def test_manifest_kinds_and_parents_are_run_length_coded() -> None:
    pages = [IndexedPage("", "首页", "<p>首页</p>"),
             IndexedPage("r/", "甲", "<p>甲</p>", kind=OVERVIEW, year="2025"),
             *(IndexedPage(f"r/{n}/", f"第{n}节", "<p>乙</p>", kind=TEXT, parent=1)
               for n in range(5))]
    built = build_index(pages, FOLD)
    data = json.loads(built.files["manifest.js"][len("__ngram_manifest(") : -3])
    assert decode_ints(data["kinds"]) == [OTHER, 1, OVERVIEW, 1, TEXT, 5]
    assert decode_ints(data["parents"]) == [0, 2, 2, 5]
    assert '"r/","甲",2025]' in built.files["p/0.js"]


RANKED = [
    IndexedPage("", "首页", "<p>妇联工作报告</p>"),
    IndexedPage("a/", "甲市十件大事", "<h1>甲市十件大事</h1><ul><li>一、母婴室</li></ul>",
                kind=OVERVIEW, year="2025"),
    IndexedPage("a/1/", "一、母婴室", "<h1>一、母婴室</h1><p>建设母婴室1480间。</p>"
                "<p>出处：甲市十件大事</p>", kind=TEXT, parent=1),
    IndexedPage("a/figures/", "关键数据", "<h1>关键数据：甲市十件大事</h1>"
                "<p>母婴室1480间</p><p>母婴室1480间</p><p>母婴室1480间</p>", parent=1),
    IndexedPage("b/", "乙区工作总结", "<h1>乙区工作总结</h1><p>（一）妇联</p>", kind=OVERVIEW),
    IndexedPage("b/1/", "（一）妇联", "<p>母婴室1480间。</p>", kind=TEXT, parent=4),
    IndexedPage("themes/", "主题", "<p>健康</p>"),
    IndexedPage("themes/1/", "健康",
                "<p>母婴室1480间。甲市十件大事：一、母婴室。母婴室1480间。</p>", parent=6),
]


def test_worker_ranks_a_reports_own_text_before_pages_derived_from_it(tmp_path: Path) -> None:
    rows = _node_search(tmp_path, RANKED, ["1480", "十件大事", "母婴室", "乙区"])
    order = {row["query"]: [_url(g[0]["location"]) for g in row["result"]["items"]]
             for row in rows}
    # Equal matches: the text pages, then the derived ones (which quote it more often).
    assert order["1480"] == ["a/1/", "b/1/", "a/figures/", "themes/1/"]
    # A report's title: its overview, its text, its derived pages, then the rest.
    assert order["十件大事"] == ["a/", "a/1/", "a/figures/", "themes/1/"]
    # A title hit first, then text before derived, then frequency.
    assert order["母婴室"] == ["a/1/", "a/", "b/1/", "a/figures/", "themes/1/"]
    assert order["乙区"] == ["b/"]


def test_worker_titles_every_result_with_its_report_and_year(tmp_path: Path) -> None:
    rows = _node_search(tmp_path, RANKED, ["十件大事", "母婴室", "妇联"], meta_bytes=80)
    titles = {(row["query"], _url(g[0]["location"])): g[0]["title"]
              for row in rows for g in row["result"]["items"]}
    assert titles["十件大事", "a/"] == "甲市<mark>十件大事</mark>（2025）"
    assert titles["十件大事", "a/1/"] == "一、母婴室 · 甲市<mark>十件大事</mark>（2025）"
    assert titles["十件大事", "themes/1/"] == "健康 · 主题"
    assert titles["母婴室", "a/1/"] == "一、<mark>母婴室</mark> · 甲市十件大事（2025）"
    assert titles["母婴室", "a/figures/"] == "关键数据 · 甲市十件大事（2025）"
    assert titles["妇联", "b/1/"] == "（一）<mark>妇联</mark> · 乙区工作总结"  # no year known
    assert titles["妇联", ""] == "首页"
