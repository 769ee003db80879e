"""Headless Chromium: the header script switch goes to the same page in the other script and back.

Real clicks, over http (local server) and from file:// (build without directory URLs).  Every
request the browser makes is recorded; none may leave the local server (or the file tree).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from support.site import BuiltSite, LocalServer, RecordingPage

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser
SWITCH = "a[data-rs-switch]"


def themed_page() -> str:
    """A themed report page (part page below a report), as a site-relative path without suffix."""
    nav = (REPO / "docs" / "reports" / ".nav.yml").read_text(encoding="utf-8")

    def leaves(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, list):
            return [x for item in node for x in leaves(item)]
        if isinstance(node, dict):
            return [x for value in node.values() for x in leaves(value)]
        return []

    paths = [p for p in leaves(yaml.safe_load(nav)) if not p.endswith("index.md")]
    assert paths, "no themed page in docs/reports/.nav.yml"
    return paths[0].removesuffix(".md")  # e.g. reports/<slug>/1/2


def _switch_roundtrip(rp: RecordingPage, start: str, twin: str, back: str) -> None:
    page = rp.page
    page.goto(start)
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    title_hans = page.locator("h1").first.inner_text()

    switch = page.locator(SWITCH)
    assert switch.inner_text().strip() == "繁體"
    switch.click()
    page.wait_for_url(twin)
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    title_hant = page.locator("h1").first.inner_text()
    assert title_hant != title_hans and len(title_hant) == len(title_hans)

    switch = page.locator(SWITCH)
    assert switch.inner_text().strip() == "简体"
    switch.click()
    page.wait_for_url(back)
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").first.inner_text() == title_hans


@pytest.mark.parametrize("which", ["themed", "home", "themes"])
def test_switch_over_http(browser_page: RecordingPage, http_server: LocalServer,
                          which: str) -> None:
    path = {"themed": themed_page() + "/", "home": "", "themes": "reports/themes/"}[which]
    base = http_server.base_url
    _switch_roundtrip(browser_page, base + path, base + "zh-Hant/" + path, base + path)
    own = urlsplit(base).netloc
    foreign = [u for u in browser_page.requests if urlsplit(u).netloc != own
               and not u.startswith("data:")]
    assert foreign == []
    # The served pages really came from our server (the log proves the request path).
    assert any(f"GET /zh-Hant/{path}" in line for line in http_server.log)


def test_switch_from_file_url(browser_page: RecordingPage, file_site: BuiltSite) -> None:
    path = themed_page() + ".html"
    base = file_site.base_url
    _switch_roundtrip(browser_page, base + path, base + "zh-Hant/" + path, base + path)
    foreign = [u for u in browser_page.requests
               if not (u.startswith("file://") or u.startswith("data:"))]
    assert foreign == []


def test_no_external_request_when_searching(browser_page: RecordingPage,
                                           http_server: LocalServer) -> None:
    """Loading a Traditional page and typing a query fetches only local files."""
    page = browser_page.page
    page.goto(http_server.base_url + "zh-Hant/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill("婦女")
    page.keyboard.press("End")  # Material reacts to key events, as after an IME commit
    page.wait_for_selector(".md-search-result__meta", timeout=15000)
    own = urlsplit(http_server.base_url).netloc
    assert [u for u in browser_page.requests if urlsplit(u).netloc not in {own, ""}] == []
    assert any(u.endswith("zh-Hant/search/search_index.json") for u in browser_page.requests)
