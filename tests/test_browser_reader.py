"""What a reader of a report meets, in headless Chromium, both scripts, desktop and phone.

- the provenance (which report, who issued it, when, the original) right under every report
  page's title, above the fold at 1280×800 and at 390×844;
- the original as received, over http: the seed's lines exactly (no mojibake), numbered, the
  record's line numbers leading to them, the raw file offered for download under a name
  made from the title;
- the key figures: one row per sentence, a card per row on a phone, each row's link carrying
  the sentence as a text fragment;
- no page of the site scrolls sideways at 390 px;
- every page's <title> names it, its report and the site: no two are the same.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from support.helpers import SEEDS
from support.site import BuiltSite, LocalServer

SCRIPTS = ["", "zh-Hant/"]
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}
DISTRICT, CITY = "futian-2024-review-2025-plan", "shenzhen-2024-ten-events"


@pytest.fixture(scope="module")
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(locale="zh-CN")
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


def _html_pages(root: Path) -> list[str]:
    """Every page of one script's site, as a path below its root ("" for the home page)."""
    out = []
    for path in sorted(root.rglob("index.html")):
        parts = path.relative_to(root).parent.parts
        if parts and parts[0] in ("zh-Hant", "search"):
            continue  # the other script's site, or search assets
        out.append("/".join(parts) + "/" if parts else "")
    return out


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("script", SCRIPTS, ids=["hans", "hant"])
@pytest.mark.parametrize(
    "rel", [f"reports/{DISTRICT}/", f"reports/{DISTRICT}/1/1/", f"reports/{CITY}/3/"]
)
def test_provenance_is_above_the_fold(
    page: Any, http_server: LocalServer, script: str, viewport: dict[str, int], rel: str
) -> None:
    page.set_viewport_size(viewport)
    page.goto(http_server.base_url + script + rel)
    box = page.locator("article .rs-provenance").first.bounding_box()
    assert box is not None and box["y"] + 24 < viewport["height"], (rel, box)
    text = page.locator("article .rs-provenance").first.inner_text()
    issuer = "福田區婦女聯合會" if script else "福田区妇女联合会"
    assert issuer in text and ("原文" in text)
    title = page.locator("article h1").first.bounding_box()
    assert title is not None and title["y"] < box["y"]  # under the title


@pytest.mark.parametrize("script", SCRIPTS, ids=["hans", "hant"])
def test_the_original_reads_as_received_over_http(
    page: Any, http_server: LocalServer, script: str
) -> None:
    seed = next(SEEDS.glob("003_*.txt"))
    lines = seed.read_text(encoding="utf-8").split("\n")
    page.set_viewport_size(PHONE)
    page.goto(f"{http_server.base_url}{script}reports/{CITY}/original/")
    for n in (1, 2, 3):
        shown = page.locator(f"#L{n}").inner_text()
        assert shown == lines[n - 1].strip() or (not lines[n - 1].strip() and not shown.strip())
    assert "Ã" not in page.locator("article").inner_text()  # no Latin-1 reading of UTF-8
    download = page.locator("a[download]")
    # Named after the title as the reader sees it on this site (the file is as received).
    name = "2024年深圳婦女兒童發展十件大事" if script else "2024年深圳妇女儿童发展十件大事"
    assert download.get_attribute("download") == f"{name}.txt"
    assert download.get_attribute("href").endswith(seed.name)
    # The record's line numbers lead to the original's lines.
    page.goto(f"{http_server.base_url}{script}reports/{CITY}/changes/")
    link = page.locator('a[href*="original/#L"]').first
    target = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_url(re.compile(f"original/#{target}$"))
    assert page.locator(f"#{target}").is_visible()


@pytest.mark.parametrize("script", SCRIPTS, ids=["hans", "hant"])
def test_key_figures_are_cards_on_a_phone(
    page: Any, http_server: LocalServer, script: str
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{http_server.base_url}{script}reports/{DISTRICT}/figures/")
    row = page.locator(".rs-sortable tbody tr").first
    cells = row.locator("td")
    boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
    # A card: the cells one under the other, each as wide as the card.
    assert all(b is not None for b in boxes)
    assert [b["y"] for b in boxes] == sorted(b["y"] for b in boxes)  # type: ignore[index]
    assert len({round(b["x"]) for b in boxes}) == 1  # type: ignore[index]
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"]
    # The row's link opens its paragraph with its sentence highlighted (a text fragment).
    href = row.locator('a[href*="#fig-"]').get_attribute("href")
    assert ":~:text=" in href
    sentence = cells.nth(3).inner_text().strip()
    page.goto(urljoin(page.url, href))
    anchor = href.split("#")[1].split(":~:")[0]
    assert sentence[:6] in page.locator(f"#{anchor}").inner_text()


@pytest.mark.parametrize("script", SCRIPTS, ids=["hans", "hant"])
def test_no_page_scrolls_sideways_on_a_phone(
    page: Any, built_site: BuiltSite, http_server: LocalServer, script: str
) -> None:
    page.set_viewport_size(PHONE)
    root = built_site.root / script if script else built_site.root
    wide = []
    for rel in _html_pages(root):
        page.goto(http_server.base_url + script + rel)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append((rel, width))
    assert wide == []


@pytest.mark.parametrize("script", SCRIPTS, ids=["hans", "hant"])
def test_every_page_has_its_own_title_and_description(
    built_site: BuiltSite, script: str
) -> None:
    root = built_site.root / script if script else built_site.root
    titles: Counter[str] = Counter()
    for path in root.rglob("index.html"):
        if script == "" and path.relative_to(root).parts[0] == "zh-Hant":
            continue
        html = path.read_text(encoding="utf-8")
        match = re.search(r"<title>(.*?)</title>", html, re.S)
        assert match, path
        titles[match[1].strip()] += 1
        assert re.search(r'<meta property="og:title" content="[^"]+"', html), path
        assert re.search(r'<meta property="og:url" content="http', html), path
    site = "工作報告" if script else "工作报告"
    assert all(t.endswith(f" - {site}") for t in titles), titles
    assert [t for t, n in titles.items() if n > 1] == []
