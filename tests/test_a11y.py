"""Accessibility: axe-core over every built page of both scripts, in headless Chromium.

axe-core comes from npm (pinned in package.json / package-lock.json; `make test` runs
`npm ci` first) and is injected into each page served by the test's own server. A page fails
on any *serious* or *critical* violation; moderate and minor ones are reported as warnings
(there are none today). Besides every HTML page of site/ and site/zh-Hant/ (404 and tags
pages included; assets and search files are not pages), axe also runs with search results
open, and on a few pages at a phone's width, where Material's layout changes (drawer, tables
scrolling sideways).

Fixes this test drove (README, "Print and accessibility"): the dark red palette, the script
switch's accessible name, names for the search dialog, the tag list and the section navs,
underlined links in running text, the search result count's contrast, focusable table
scrollers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support.axe import AXE, check, run_axe
from support.site import BuiltSite, LocalServer

ROOT = Path(__file__).resolve().parent.parent
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
pytestmark = [pytest.mark.browser, pytest.mark.build]

@pytest.fixture(scope="module")
def axe_path() -> Path:
    if not AXE.is_file():
        pytest.fail(
            f"{AXE.relative_to(ROOT)} is missing: run `make node` (npm ci) first; "
            "`make test` does.",
            pytrace=False,
        )
    return AXE


def site_pages(root: Path) -> list[str]:
    """Every HTML page of both scripts, relative to the site root (assets and search skipped)."""
    pages = []
    for path in root.rglob("*.html"):
        rel = path.relative_to(root)
        if {"assets", "search"} & set(rel.parts):
            continue
        pages.append(rel.as_posix())
    return sorted(pages)


def test_every_page_of_both_scripts(
    chromium: Any, built_site: BuiltSite, http_server: LocalServer, axe_path: Path
) -> None:
    pages = site_pages(built_site.root)
    hant = [p for p in pages if p.startswith("zh-Hant/")]
    # Both scripts, page for page, including the tags and 404 pages.
    assert len(hant) > 20 and len(pages) == 2 * len(hant)
    for special in ("404.html", "reports/themes/index.html"):
        assert special in pages and "zh-Hant/" + special in pages
    context = chromium.new_context(locale="zh-CN", viewport=DESKTOP)
    try:
        page = context.new_page()
        results = {}
        for rel in pages:
            page.goto(http_server.base_url + rel, wait_until="load")
            results[rel] = run_axe(page, axe_path)
    finally:
        context.close()
    assert len(results) == len(pages)
    check(results)


@pytest.mark.parametrize(("home", "query"), [("", "妇联"), ("zh-Hant/", "婦聯")])
def test_search_results_open(
    chromium: Any, http_server: LocalServer, axe_path: Path, home: str, query: str
) -> None:
    context = chromium.new_context(locale="zh-CN", viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(http_server.base_url + home, wait_until="load")
        box = page.locator("input[data-md-component=search-query]")
        box.click()
        box.press_sequentially(query, delay=10)
        # Han text arrives like an IME commit (no key events); Material reacts to keyup.
        box.dispatch_event("compositionend")
        box.press("End")
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        assert page.locator(".md-search").is_visible()
        # The worker answers twice (the list, then the list with snippets): check the list
        # the reader is left with, then with a result under the pointer and with one
        # focused from the keyboard (Material tints it; its snippet text once fell to
        # 4.37:1 there, found only when the list happened to open under the pointer).
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)  # Material's transitions take 250 ms
        where = f"{home or '/'} with results for {query}"
        results = {where: run_axe(page, axe_path)}
        # A result with snippet text (a heading-only result has nothing to measure).
        link = page.locator(".md-search-result__link:has(article > p)").nth(1)
        link.hover()
        page.wait_for_timeout(300)
        results[where + ", a result hovered"] = run_axe(page, axe_path)
        page.mouse.move(0, 0)
        link.focus()
        page.wait_for_timeout(300)
        results[where + ", a result focused"] = run_axe(page, axe_path)
        check(results)
    finally:
        context.close()


def test_phone_width(
    chromium: Any, built_site: BuiltSite, http_server: LocalServer, axe_path: Path
) -> None:
    """Home, a report page, a normalisation record (a wide table), tags and 404 on a phone."""
    reports = sorted(p.parent for p in (built_site.root / "reports").glob("*/changes"))
    assert reports, "no report with a normalisation record in the built site"
    slug = reports[0].name
    pages = ["", f"reports/{slug}/", f"reports/{slug}/changes/", "reports/themes/", "404.html"]
    context = chromium.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True)
    try:
        page = context.new_page()
        results = {}
        for rel in pages + ["zh-Hant/" + p for p in pages]:
            page.goto(http_server.base_url + rel, wait_until="load")
            results[f"{rel or '/'} (390 px)"] = run_axe(page, axe_path)
    finally:
        context.close()
    check(results)
