"""Headless Chromium: key-figures tables sort, and a figure's link lands on the figure.

Both scripts, over http and from file:// (no directory URLs): what a reader does.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from support.site import BuiltSite, LocalServer, RecordingPage

pytestmark = pytest.mark.browser
DISTRICT = "reports/futian-2024-review-2025-plan"


def _values(page: Any, table: int = 0) -> list[float]:
    cells = page.locator(".rs-sortable table").nth(table).locator("tbody tr td:nth-child(3)")
    # A row holds one sentence's figures; the column sorts by the first (sort-tables.js).
    return [float(t.split("、")[0].replace(",", "")) for t in cells.all_inner_texts()]


def _check_sort_and_follow(rp: RecordingPage, url: str, script: str) -> None:
    page = rp.page
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == script
    tables = page.locator(".rs-sortable table")
    assert tables.count() >= 5  # one per theme
    first = tables.nth(1)
    header = first.locator("thead th").nth(2)
    button = header.locator("button.rs-sort")
    before = _values(page, 1)
    assert len(before) >= 3 and before != sorted(before)
    button.focus()
    page.keyboard.press("Enter")  # reachable from the keyboard
    assert header.get_attribute("aria-sort") == "ascending"
    assert _values(page, 1) == sorted(before)
    button.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert _values(page, 1) == sorted(before, reverse=True)
    # Sorting by # restores reading order.
    first.locator("thead th").nth(0).locator("button").click()
    assert _values(page, 1) == before
    # The place link opens the report page at that figure's paragraph, highlighted.
    row = first.locator("tbody tr").first
    quantity = row.locator("td").nth(1).inner_text().strip().split("、")[0]
    link = row.locator("td").nth(4).locator("a")
    # The link names the paragraph and, as a text fragment, the sentence inside it.
    anchor, _, fragment = (link.get_attribute("href") or "").rpartition("#")[2].partition(":~:")
    assert re.fullmatch(r"fig-[a-z]+", anchor)
    assert fragment.startswith("text=")
    link.click()
    page.wait_for_url(re.compile(f"#{anchor}(:~:.*)?$"))
    target = page.locator(f"#{anchor}")
    assert quantity in target.inner_text()
    assert target.evaluate("el => el.matches(':target')")


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_figures_table_over_http(
    browser_page: RecordingPage, http_server: LocalServer, script: str
) -> None:
    prefix = "zh-Hant/" if script == "zh-Hant" else ""
    _check_sort_and_follow(
        browser_page, f"{http_server.base_url}{prefix}{DISTRICT}/figures/", script
    )


def test_figures_table_from_file_url(browser_page: RecordingPage, file_site: BuiltSite) -> None:
    _check_sort_and_follow(
        browser_page, f"{file_site.base_url}zh-Hant/{DISTRICT}/figures.html", "zh-Hant"
    )
    assert [u for u in browser_page.requests if not u.startswith(("file://", "data:"))] == []


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_review_next_to_plan_side_by_side(
    browser_page: RecordingPage, http_server: LocalServer, script: str
) -> None:
    page = browser_page.page
    page.set_viewport_size({"width": 1400, "height": 900})
    prefix = "zh-Hant/" if script == "zh-Hant" else ""
    page.goto(f"{http_server.base_url}{prefix}{DISTRICT}/compare/5/")
    row = page.locator("article table tbody tr").first
    cells = row.locator("td").all_inner_texts()
    assert cells[1].startswith("60%") and cells[2].startswith("100%")
    sides = page.locator(".rs-compare-side")
    assert sides.count() == 2
    left, right = (sides.nth(i).bounding_box() for i in (0, 1))
    assert left and right and right["x"] > left["x"] + left["width"] - 1  # side by side
    assert abs(right["y"] - left["y"]) < 2
