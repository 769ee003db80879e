"""Hostile queries and cross-script highlighting, through Material's search box in Chromium.

Both scripts, over http and from file:// (offline bundle, worker inside iframe-worker).
Every hostile query runs in a fresh page, so its request count is the worst case (nothing
cached by an earlier query): the search files it loads must stay under the bound the
worker enforces (search/README.md, "Bounds") and no file may be requested twice. No dialog
may open and no script error may occur. Timing is not asserted: waits are only generous
timeouts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from devtools.browser import open_site, page_key
from devtools.truth import page_text
from support.searchsites import file_site, served_site

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.browser, pytest.mark.build]

# The bound of search/README.md ("Bounds"), fixed here: raising the worker's caps must be a
# deliberate change to this test too.
MAX_KEYS = 128
SNIPPET_PAGES = 10

# As JavaScript string literals (json.dumps escapes to ASCII): lone surrogates survive.
HOSTILE = {
    "img-onerror": "<img src=x onerror=alert(1)>",
    "svg-onload": '"><svg onload=alert(1)>',
    "regex-meta": ".*+?^${}()|[]\\",
    "long-10000": "妇联" * 2500 + "儿童" * 2500,
    "long-mixed": ("妇女儿童 HPV 2.3 " * 700)[:10_000],
    "emoji-astral": "👩‍👧‍👦😀𠀀𪚥妇联🇨🇳",
    "lone-surrogates": "\ud800妇\udfff联\udc00",
    "whitespace": " \t\u3000 \u200b ",
}
VARIANTS = [("http", "hans"), ("http", "hant"), ("file", "hans"), ("file", "hant")]
VARIANT_IDS = [f"{k}-{s}" for k, s in VARIANTS]

_SET_QUERY = """(q) => {
  const box = document.querySelector("input[data-md-component=search-query]");
  box.focus();
  box.value = q;
  box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
}"""
_META = "document.querySelector('.md-search-result__meta').textContent.trim()"


@pytest.fixture(scope="module")
def http_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    with served_site(tmp_path_factory, "hostile-http") as served:
        yield served


@pytest.fixture(scope="module")
def file_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return file_site(tmp_path_factory, "hostile-file")


def _start(request: pytest.FixtureRequest, kind: str, script: str) -> tuple[Path, str]:
    """(site root of the script, URL of its home page)."""
    sub = "zh-Hant/" if script == "hant" else ""
    if kind == "http":
        root, base = request.getfixturevalue("http_root")
        return root / sub, base + sub
    root = request.getfixturevalue("file_root") / sub
    return root, root.as_uri() + "/index.html"


def _bound(site: Path) -> int:
    """Most search files one query may load: shard files of at most MAX_KEYS keys (postings
    and positions), every page-table file, one text block per snippet."""
    source = (site / "search" / "ngram" / "worker.js").read_text(encoding="utf-8")
    manifest = json.loads(re.search(r"__ngram_manifest\((\{.*\})\);", source).group(1))  # type: ignore[union-attr]
    chunks = len(list((site / "search" / "ngram" / "p").glob("*.js")))
    keys = min(MAX_KEYS, manifest["shards"]) + min(MAX_KEYS, manifest["pshards"])
    return keys + chunks + SNIPPET_PAGES


class Watched:
    """A page with its dialogs, script errors and search-file requests recorded."""

    def __init__(self, rec: Any) -> None:
        self.page = rec.page
        self.requests: list[str] = rec.requests
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def search_files(self, since: int) -> list[str]:
        return [u for u in self.requests[since:] if "/search/ngram/" in u]

    def open(self, url: str) -> None:
        open_site(self.page, url)
        # READY: Material swaps "initialising" for the placeholder text.
        self.page.wait_for_function(
            "() => { const c = JSON.parse(document.getElementById('__config').textContent);"
            f" return {_META} === c.translations['search.result.placeholder']; }}",
            timeout=30_000,
        )

    def query(self, text: str) -> list[str]:
        """Send ``text`` as the box's value; returns the search files it loaded once quiet."""
        self.page.locator("input[data-md-component=search-query]").click()
        since = len(self.requests)
        self.page.evaluate("window.__search.mark = window.__search.changes")
        self.page.evaluate(f"() => ({_SET_QUERY})({json.dumps(text)})")
        if text.strip():  # Material answers a blank query itself, with its placeholder
            self.page.wait_for_function(
                "window.__search.changes > window.__search.mark", timeout=60_000
            )
        self._settle(since)
        return self.search_files(since)

    def _settle(self, since: int, quiet_ms: int = 800, timeout_ms: int = 60_000) -> None:
        """After the first answer, wait until no search file was requested and the list
        stayed the same for ``quiet_ms`` (generous ceiling, never a timing assertion)."""
        waited, last = 0, None
        while waited < timeout_ms:
            self.page.wait_for_timeout(quiet_ms)
            waited += quiet_ms
            now = (len(self.search_files(since)), self.page.evaluate(_META))
            if now == last:
                return
            last = now

    def hrefs(self) -> list[str]:
        return list(
            self.page.eval_on_selector_all(
                "a.md-search-result__link", "links => links.map(a => a.href)"
            )
        )


@pytest.fixture()
def watched(browser_page: Any) -> Watched:
    return Watched(browser_page)


@pytest.mark.parametrize("name", list(HOSTILE))
@pytest.mark.parametrize(("kind", "script"), VARIANTS, ids=VARIANT_IDS)
def test_hostile_query_is_bounded_and_harmless(
    request: pytest.FixtureRequest, watched: Watched, kind: str, script: str, name: str
) -> None:
    site, start = _start(request, kind, script)
    watched.open(start)
    files = watched.query(HOSTILE[name])
    meta = watched.page.evaluate(_META)
    duplicates = sorted({u for u in files if files.count(u) > 1})
    assert not duplicates, f"{len(files)} requests, {len(duplicates)} files twice: {duplicates[:3]}"
    assert len(files) <= _bound(site), f"{len(files)} requests, bound {_bound(site)}"
    assert not watched.dialogs, watched.dialogs
    assert not watched.errors, watched.errors
    assert "初始化" not in meta, f"no answer: {meta!r}"
    assert watched.page.locator("svg[onload], img[onerror]").count() == 0


def _long_passage(site: Path, length: int) -> tuple[str, str]:
    """(page, first ``length`` characters of its longest block) from the Simplified site."""
    best = ("", "")
    for path in sorted((site / "reports").rglob("*.html")):
        for block in page_text(path.read_text(encoding="utf-8")).split("\x00"):
            block = block.strip()
            if len(block) > len(best[1]):
                best = (path.relative_to(site).as_posix(), block)
    assert len(best[1]) >= length, "no block long enough in the built reports"
    return best[0], best[1][:length]


@pytest.mark.parametrize("length", [150, 400])
@pytest.mark.parametrize(("kind", "script"), VARIANTS, ids=VARIANT_IDS)
def test_long_copied_passage_finds_its_page(
    request: pytest.FixtureRequest, watched: Watched, kind: str, script: str, length: int
) -> None:
    """A sentence copied from a report (Simplified, so cross-script on zh-Hant) finds its
    page; past the cap, the capped prefix still does."""
    hans, _ = _start(request, kind, "hans")
    site, start = _start(request, kind, script)
    target, passage = _long_passage(hans, length)
    watched.open(start)
    files = watched.query(passage)
    base = start.rsplit("/", 1)[0] + "/"
    found = [page_key(h, base) for h in watched.hrefs()]
    assert target in found, f"{target} not among {found[:5]}"
    assert len(files) <= _bound(site) and len(files) == len(set(files))
    assert not watched.errors, watched.errors


CROSS = [("hant", "妇女", "婦女"), ("hans", "婦女", "妇女")]


@pytest.mark.parametrize("kind", ["http", "file"])
@pytest.mark.parametrize(("script", "query", "shown"), CROSS, ids=["hans-query", "hant-query"])
def test_opened_result_marks_the_query_in_the_other_script(
    request: pytest.FixtureRequest, watched: Watched, kind: str, script: str, query: str, shown: str
) -> None:
    _, start = _start(request, kind, script)
    watched.open(start)
    watched.query(query)
    hrefs = watched.hrefs()
    assert hrefs, f"{query!r} found nothing"
    watched.page.goto(hrefs[0])
    marks = watched.page.locator("article mark")
    marks.first.wait_for(state="attached", timeout=15_000)
    texts = marks.all_text_contents()
    assert shown in "".join(texts), texts[:5]
    assert not watched.errors, watched.errors


@pytest.mark.parametrize(("kind", "script"), VARIANTS, ids=VARIANT_IDS)
def test_hostile_h_parameter_on_a_page_is_harmless(
    request: pytest.FixtureRequest, watched: Watched, kind: str, script: str
) -> None:
    """A crafted link (`?h=` is part of the URL anyone can send) marks text, never runs it."""
    _, start = _start(request, kind, script)
    for name, text in HOSTILE.items():
        # Lone surrogates as their (invalid) UTF-8 bytes, as a hand-made link would carry;
        # 4,000 characters (still 20 times the cap): http.server refuses longer request lines.
        h = quote(text[:4000], safe="", errors="surrogatepass")
        watched.page.goto(f"{start}?h={h}")
        watched.page.wait_for_load_state("load")
        assert watched.page.locator("svg[onload], img[onerror]").count() == 0, name
        assert watched.page.locator("article").count() == 1, name
    # The catalogue names the reports, so the words are on it to be marked.
    page = "reports/index.html" if kind == "file" else "reports/"
    catalogue = start.removesuffix("index.html") + page
    watched.page.goto(f"{catalogue}?h={quote('妇联 婦聯')}")
    watched.page.locator("article mark").first.wait_for(state="attached", timeout=15_000)
    assert not watched.dialogs, watched.dialogs
    assert not watched.errors, watched.errors
