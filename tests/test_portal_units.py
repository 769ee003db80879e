"""Reading tools without a build: public addresses, footer runs of reading, report links,
the 404 page's paths (reportsite.urls, reportsite.portal) and the QR code (reportsite.qr)."""

from __future__ import annotations

import itertools
import logging
import re
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from reportsite.portal import keep_footer_in_reading, page_tools, report_link
from reportsite.qr import QUIET_ZONE, qr_modules, qr_svg
from reportsite.urls import not_found_paths, public_url, reading_group, site_roots

HANS, HANT = "https://example.org/r/", "https://example.org/r/zh-Hant/"


@pytest.mark.parametrize(
    ("page_url", "expected"),
    [
        ("", HANS),
        ("reports/a/1/1/", HANS + "reports/a/1/1/"),
        # file:// builds (no directory URLs): the same page on the served site
        ("index.html", HANS),
        ("reports/a/index.html", HANS + "reports/a/"),
        ("reports/a/1/1.html", HANS + "reports/a/1/1/"),
        ("reports/themes/index.html", HANS + "reports/themes/"),
    ],
)
def test_public_url(page_url: str, expected: str) -> None:
    assert public_url(page_url, HANS) == expected
    assert public_url(page_url, HANT) == HANT + expected.removeprefix(HANS)


def test_no_public_url_without_site_url() -> None:
    assert public_url("reports/a/", "") == ""


@pytest.mark.parametrize(
    ("page_url", "in_report", "group"),
    [
        ("", False, "site"),
        ("reports/", False, "site"),
        ("reports/index.html", False, "site"),
        ("reports/themes/", False, "themes"),
        ("reports/a/", True, "report:a:text"),
        ("reports/a/index.html", True, "report:a:text"),
        ("reports/a/1/2/", True, "report:a:text"),
        ("reports/a/1/2.html", True, "report:a:text"),
        ("reports/a/10/", True, "report:a:text"),
        ("reports/a/figures/", True, "report:a:derived"),
        ("reports/a/figures.html", True, "report:a:derived"),
        ("reports/a/figures/2/", True, "report:a:derived"),
        ("reports/a/figures-2/", True, "report:a:derived"),
        ("reports/a/compare/", True, "report:a:derived"),
        ("reports/a/compare/10.html", True, "report:a:derived"),
        ("reports/a/changes/", True, "report:a:derived"),
        ("reports/a/figuresque/", True, "report:a:text"),
        ("reports/b/", True, "report:b:text"),
        ("reports/themes/", False, "themes"),
        ("reports/themes/index.html", False, "themes"),
        ("reports/themes/3/", False, "themes"),
        ("reports/themes/3.html", False, "themes"),
    ],
)
def test_reading_group(page_url: str, in_report: bool, group: str) -> None:
    assert reading_group(page_url, in_report) == group


def _page(url: str, report: bool, **meta: Any) -> Any:
    page = SimpleNamespace(url=url, meta={"report": "某报告"} if report else {},
                           previous_page=None, next_page=None,
                           file=SimpleNamespace(src_uri=url + "index.md"))
    page.meta.update(meta)
    return page


def test_footer_stays_within_a_report_text() -> None:
    """The last text page does not lead to the key figures, the overview not back to the
    catalogue; the key figures lead on to the comparison; a report does not lead into the
    next one."""
    catalogue = _page("reports/", False)
    overview = _page("reports/a/", True)
    last = _page("reports/a/2/4/", True)
    figures = _page("reports/a/figures/", True)
    compare = _page("reports/a/compare/", True)
    record = _page("reports/a/changes/", True)
    next_report = _page("reports/b/", True)
    chain = [catalogue, overview, last, figures, compare, record, next_report]
    for before, after in itertools.pairwise(chain):
        before.next_page, after.previous_page = after, before
    for page in chain:
        keep_footer_in_reading(page)
    assert (catalogue.next_page, overview.previous_page) == (None, None)
    assert overview.next_page is last and last.previous_page is overview
    assert (last.next_page, figures.previous_page) == (None, None)
    assert figures.next_page is compare and record.previous_page is compare
    assert (record.next_page, next_report.previous_page) == (None, None)


def test_report_link_shapes(caplog: pytest.LogCaptureFixture) -> None:
    page = _page("reports/b/", True, prev_report={"title": "甲报告", "url": "reports/a/"},
                 next_report={"title": "丙报告", "url": "reports/c/"})
    assert report_link(page, "prev_report", True) == {"title": "甲报告", "href": "reports/a/"}
    assert report_link(page, "next_report", False) == {
        "title": "丙报告", "href": "reports/c/index.html"}
    assert report_link(_page("reports/b/", True), "prev_report", True) is None
    assert caplog.records == []


@pytest.mark.parametrize(
    "value",
    [
        "reports/a/",
        {"title": "甲", "url": "https://evil.example/"},
        {"title": "甲", "url": "javascript:alert(1)//"},
        {"title": "甲", "url": "/reports/a/"},
        {"title": "甲", "url": "reports/../../a/"},
        {"title": "甲", "url": "reports/a"},
        {"title": "甲", "url": "reports/a/#x"},
        {"title": "甲", "url": 'reports/a"onclick=/'},
        {"title": "", "url": "reports/a/"},
        {"title": 3, "url": "reports/a/"},
        {"url": "reports/a/"},
    ],
)
def test_report_link_refuses_other_shapes(value: object, caplog: pytest.LogCaptureFixture) -> None:
    """Logged as a warning (mkdocs build --strict fails on it) and not shown."""
    page = _page("reports/b/", True, prev_report=value)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.reportsite"):
        assert report_link(page, "prev_report", True) is None
    assert "prev_report must be a mapping" in caplog.text
    assert "reports/b/index.md" in caplog.text


def test_page_tools_without_site_url_has_no_qr_code() -> None:
    tools = page_tools(_page("reports/a/", True), "", True)
    assert tools == {"url": "", "qr": None, "prev_report": None, "next_report": None}


def test_not_found_paths() -> None:
    roots, _ = site_roots("hans", "zh-Hant/", "https://example.org/r/")
    assert not_found_paths(roots) == {
        "hans": "/r/", "hant": "/r/zh-Hant/", "own": "/r/", "twin_404": "/r/zh-Hant/404.html"}
    roots, _ = site_roots("hant", "zh-Hant/", "https://example.org/r/zh-Hant/")
    paths = not_found_paths(roots)
    assert (paths["own"], paths["twin_404"]) == ("/r/zh-Hant/", "/r/404.html")
    roots, _ = site_roots("hans", "zh-Hant/", "")
    assert not_found_paths(roots)["twin_404"] == "/zh-Hant/404.html"


def test_not_found_paths_for_file_browsing_are_relative() -> None:
    """Offline, nothing serves 404.html elsewhere: its links are relative to where it lies."""
    roots, _ = site_roots("hans", "zh-Hant/", "")
    assert not_found_paths(roots, use_directory_urls=False) == {
        "hans": "index.html", "hant": "zh-Hant/index.html", "own": "index.html",
        "twin_404": "zh-Hant/404.html"}
    roots, _ = site_roots("hant", "zh-Hant/", "")
    paths = not_found_paths(roots, use_directory_urls=False)
    assert (paths["own"], paths["twin_404"], paths["hans"]) == (
        "index.html", "../404.html", "../index.html")


def test_qr_svg_is_the_code_of_the_text() -> None:
    """The SVG draws exactly the modules of the symbol, inside a quiet zone of 4."""
    url = "https://example.org/r/zh-Hant/reports/futian-2024-review-2025-plan/compare/10/"
    dark = qr_modules(url)
    n = dark.shape[0]
    assert dark.shape == (n, n) and (n - 17) % 4 == 0  # a QR version: 21, 25, … modules
    svg = str(qr_svg(url))
    size = n + 2 * QUIET_ZONE
    assert f'viewBox="0 0 {size} {size}"' in svg and 'aria-hidden="true"' in svg
    drawn = np.zeros((size, size), dtype=bool)
    path = re.search(r' d="([^"]+)"', svg)
    assert path
    x = y = 0.0
    for cmd, a, b in re.findall(r"([Mmh])(\d+(?:\.\d+)?)(?: (\d+(?:\.\d+)?))?", path.group(1)):
        if cmd == "M":
            x, y = float(a), float(b)
        elif cmd == "m":
            x += float(a)
        else:
            drawn[int(y), int(x):int(x) + int(a)] = True
            x += float(a)
    assert (drawn[QUIET_ZONE:-QUIET_ZONE, QUIET_ZONE:-QUIET_ZONE] == dark).all()
    assert not drawn[:QUIET_ZONE].any() and not drawn[:, :QUIET_ZONE].any()


def test_qr_code_decodes_to_the_text() -> None:
    import zxingcpp

    url = "http://localhost:8000/reports/shenzhen-2024-ten-events/10/"
    image = np.kron(np.pad(~qr_modules(url), QUIET_ZONE, constant_values=True),
                    np.ones((4, 4), dtype=bool)).astype(np.uint8) * 255
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]
