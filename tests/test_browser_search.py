"""Search quality through Material's own search box, in headless Chromium.

Both scripts (site/ and site/zh-Hant/), over http and from file:// (offline bundle with
Material's offline plugin, where the worker runs inside iframe-worker). Queries come from
tests/search_queries.yml; which pages *should* match is computed from the built pages' text
(devtools/truth.py, without the pages excluded from search), never hard-coded; only the
page a title query must list first is named there.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from devtools.browser import launch, open_site, page_key, type_query
from devtools.truth import Corpus, excluded_pages
from reportsite.search.index import load_fold_map
from reportsite.search.plugin import ASSETS
from support.searchsites import file_site, served_site
from support.site import ensure_docs

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.browser, pytest.mark.build]

QUERIES: dict[str, Any] = yaml.safe_load(
    (ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8")
)
FIRST: dict[str, str] = {str(q): page for q, page in QUERIES["first"].items()}
PRESENT = [q for group in QUERIES["present"].values() for q in group] + list(FIRST)
CROSS = list(QUERIES["cross_script"])
ABSENT = list(QUERIES["absent"])
FOLD = load_fold_map(str(ASSETS / "t2s_chars.json"))


@dataclass
class Site:
    root: Path  # the site (Simplified root or zh-Hant subdir)
    start: str  # URL of its home page
    corpus: Corpus
    directory_urls: bool  # reports/x/1/index.html (http) or reports/x/1.html (file://)

    def key(self, markdown: str) -> str:
        """A Markdown path under docs/ as the built page ``page_key`` names."""
        if markdown == "index.md" or markdown.endswith("/index.md"):
            return markdown[: -len(".md")] + ".html"
        return markdown[: -len(".md")] + ("/index.html" if self.directory_urls else ".html")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch(pw)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def http_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    ensure_docs()
    with served_site(tmp_path_factory, "search-http") as served:
        yield served


@pytest.fixture(scope="module")
def file_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ensure_docs()
    return file_site(tmp_path_factory, "search-file")


def _site(request: pytest.FixtureRequest, kind: str, script: str) -> Site:
    """The built site (served over http, or opened from file://) in `script`; the fixture
    of the other kind is not set up."""
    sub = "zh-Hant/" if script == "hant" else ""
    if kind == "http":
        root, base = request.getfixturevalue("http_root")
        corpus = Corpus.from_site(root / sub, FOLD, excluded_pages(root))
        return Site(root / sub, base + sub, corpus, directory_urls=True)
    file_root: Path = request.getfixturevalue("file_root")
    corpus = Corpus.from_site(file_root / sub, FOLD, excluded_pages(file_root))
    root = file_root / sub
    return Site(root, root.as_uri() + "/index.html", corpus, directory_urls=False)


Found = tuple[list[str], str, list[str]]  # result pages, the meta line, result titles


def _run(browser: Any, site: Site, queries: list[str]) -> dict[str, Found]:
    page = browser.new_page(locale="zh-CN")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        open_site(page, site.start)
        out = {}
        for q in queries:
            outcome = type_query(page, q)
            keys = [page_key(hit.href, site.start.rsplit("/", 1)[0] + "/") for hit in outcome.hits]
            out[q] = (keys, outcome.meta, [hit.title for hit in outcome.hits])
        assert not errors, errors
        return out
    finally:
        page.close()


def _none_text(site: Site) -> str:
    return "没有找到符合条件的结果" if "zh-Hant" not in site.start else "沒有找到符合條件的結果"


def _check(site: Site, results: dict[str, Found], queries: list[str]) -> list[str]:
    """Every failure as a readable line (so one run reports all of them)."""
    problems = []
    for q in queries:
        found = results[q][0]
        truth = site.corpus.containing(q)
        if not truth:
            problems.append(f"{q!r}: query set error, no page contains it")
            continue
        missing = truth - set(found)
        extra = [k for k in found if k not in truth]
        if missing:
            problems.append(f"{q!r}: recall {1 - len(missing) / len(truth):.2f}, missing {missing}")
        if not found or found[0] not in truth:
            problems.append(f"{q!r}: top result {found[:1]} does not contain the query")
        if extra:
            problems.append(f"{q!r}: {len(extra)} results without the query: {extra[:3]}")
        if q in FIRST and found[:1] != [site.key(FIRST[q])]:
            problems.append(f"{q!r}: first result {found[:1]}, not {site.key(FIRST[q])}")
    return problems


VARIANTS = [("http", "hans"), ("http", "hant"), ("file", "hans"), ("file", "hant")]


@pytest.mark.parametrize(("kind", "script"), VARIANTS, ids=[f"{k}-{s}" for k, s in VARIANTS])
def test_search_finds_every_page_in_either_script(
    request: pytest.FixtureRequest, browser: Any, kind: str, script: str
) -> None:
    site = _site(request, kind, script)
    queries = PRESENT + CROSS + ABSENT
    results = _run(browser, site, queries)

    problems = _check(site, results, PRESENT + CROSS)
    for q in ABSENT:
        found, meta, _ = results[q]
        if site.corpus.containing(q):
            problems.append(f"{q!r}: query set error, listed as absent but present")
        if found or meta.strip() != _none_text(site):
            problems.append(f"{q!r}: absent word gave {len(found)} results, meta {meta!r}")
    # Cross-script: a Traditional query on the Simplified site (and vice versa) finds exactly
    # what its Simplified twin finds.
    for q in CROSS:
        if not results[q][0]:
            problems.append(f"{q!r}: cross-script query found nothing")
    assert not problems, "\n".join(problems)


REPORT = "reports/shenzhen-2024-ten-events/"
YEAR = "（2025）"  # the seed's header: 信息提供日期 : 2025-02-05
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


@pytest.mark.parametrize(("kind", "script"), VARIANTS, ids=[f"{k}-{s}" for k, s in VARIANTS])
def test_a_report_title_lists_the_report_first_and_every_result_names_its_report(
    request: pytest.FixtureRequest, browser: Any, kind: str, script: str
) -> None:
    site = _site(request, kind, script)
    overview = (site.root / REPORT / "index.html").read_text(encoding="utf-8")
    match = _H1.search(overview)
    assert match, "the overview has an <h1>"
    heading = re.sub(r'<a class="headerlink".*?</a>|<[^>]+>', "", match.group(1), flags=re.S)
    report = html.unescape(heading).strip() + YEAR  # the report's title in this site's script
    found, _, titles = _run(browser, site, ["十件大事"])["十件大事"]
    own = [k for k in found if k.startswith(REPORT)]
    sections = [k for k in own if re.fullmatch(r"\d+(/index)?\.html", k[len(REPORT) :])]
    # Overview, its ten sections, then its derived pages, then everything else.
    assert len(sections) == 10, own
    assert found[: len(own)] == [site.key(REPORT + "index.md"), *sections, *own[11:]], found
    assert titles[0] == report, titles[0]
    for key, title in zip(found[1:], titles[1:], strict=True):
        if key.startswith(REPORT):
            assert title.endswith(" · " + report), (key, title)
        elif key.startswith("reports/themes/") and key != site.key("reports/themes/index.md"):
            assert " · " in title, (key, title)  # 儿童友好 · 主题


def test_exact_matches_rank_before_partial_matches(
    request: pytest.FixtureRequest, browser: Any
) -> None:
    site = _site(request, "http", "hans")
    for q in QUERIES["multi_word"]:
        found = _run(browser, site, [q])[q][0]
        exact = site.corpus.containing(q)  # whitespace is folded away: the whole phrase
        words = [site.corpus.containing(w) for w in q.split()]
        every_word = set.intersection(*words)
        assert exact and every_word - exact, f"query set: {q!r} needs exact and partial pages"
        assert set(found) == exact | every_word, q
        ranks = [found.index(k) for k in exact]
        assert max(ranks) < min(found.index(k) for k in every_word - exact), q


def test_search_uses_ngram_worker_not_the_site_wide_index(
    browser: Any, http_root: tuple[Path, str]
) -> None:
    root, base = http_root
    page = browser.new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    try:
        open_site(page, base)
        outcome = type_query(page, "杜玉涛")
    finally:
        page.close()
    assert outcome.hits
    assert any(u.endswith("search/ngram/worker.js") for u in urls)
    assert not any("/workers/search." in u or "/lunr/" in u for u in urls), urls
    assert (root / "search" / "search_index.json").stat().st_size < 2_000
