"""reportsite.urls: the script switch and hreflang links, without a build."""

from __future__ import annotations

import posixpath

import pytest

from reportsite.urls import Roots, alternates, site_roots, twin_href

HANT = "zh-Hant/"


@pytest.mark.parametrize(
    ("page_url", "script", "expected"),
    [
        ("", "hans", "zh-Hant/"),
        ("", "hant", "../"),
        ("reports/a/", "hans", "../../zh-Hant/reports/a/"),
        ("reports/a/", "hant", "../../../reports/a/"),
        # file:// builds have no directory URLs
        ("reports/a.html", "hans", "../zh-Hant/reports/a.html"),
        ("reports/a/2/3.html", "hant", "../../../../reports/a/2/3.html"),
        ("index.html", "hant", "../index.html"),
    ],
)
def test_twin_href(page_url: str, script: str, expected: str) -> None:
    assert twin_href(page_url, script, HANT) == expected


@pytest.mark.parametrize("page_url", ["", "tags/", "reports/a/", "reports/a/2/3.html"])
def test_twin_href_round_trip_lands_on_the_same_page(page_url: str) -> None:
    """Following the switch from a page, then back, resolves to the page itself."""
    hans_page = "/" + page_url
    hant_page = posixpath.normpath(posixpath.join(posixpath.dirname(hans_page),
                                                  twin_href(page_url, "hans", HANT)))
    assert hant_page.rstrip("/") == ("/zh-Hant/" + page_url).rstrip("/")
    back = posixpath.normpath(posixpath.join(
        posixpath.dirname("/zh-Hant/" + page_url), twin_href(page_url, "hant", HANT)))
    assert back.rstrip("/") == hans_page.rstrip("/") or (back == "/" and not page_url)


def test_deeper_hant_dir() -> None:
    assert twin_href("reports/a/", "hant", "tc/zh-Hant/") == "../../../../reports/a/"


def test_site_roots_for_both_scripts() -> None:
    roots, url = site_roots("hans", HANT, "https://example.org/r")
    assert (roots.hans_root, roots.hant_root, url) == (
        "https://example.org/r/", "https://example.org/r/zh-Hant/", "https://example.org/r/")
    roots, url = site_roots("hant", HANT, "https://example.org/r/zh-Hant/")
    assert (roots.hans_root, roots.hant_root, url) == (
        "https://example.org/r/", "https://example.org/r/zh-Hant/",
        "https://example.org/r/zh-Hant/")


def test_twin_built_alone_lives_below_the_inherited_url() -> None:
    roots, url = site_roots("hant", HANT, "https://example.org/")
    assert url == "https://example.org/zh-Hant/"
    assert roots.hans_root == "https://example.org/"


def test_no_site_url_gives_empty_roots() -> None:
    roots, url = site_roots("hans", HANT, "")
    assert (roots.hans_root, roots.hant_root, url) == ("", "", "")


def test_alternates_are_absolute_when_served() -> None:
    roots = Roots("hant", HANT, "https://example.org/", "https://example.org/zh-Hant/")
    assert alternates("reports/a/", roots, use_directory_urls=True) == [
        {"lang": "zh-Hans", "href": "https://example.org/reports/a/"},
        {"lang": "zh-Hant", "href": "https://example.org/zh-Hant/reports/a/"},
        {"lang": "x-default", "href": "https://example.org/reports/a/"},
    ]


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_alternates_are_relative_from_file_urls(script: str) -> None:
    """No host to point at, and Material fetches sitemap.xml beside each alternate."""
    roots = Roots(script, HANT, "https://example.org/", "https://example.org/zh-Hant/")
    links = alternates("reports/a.html", roots, use_directory_urls=False)
    own, twin = "a.html", twin_href("reports/a.html", script, HANT)
    hans, hant = (own, twin) if script == "hans" else (twin, own)
    assert [link["href"] for link in links] == [hans, hant, hans]
    assert not any("://" in link["href"] for link in links)
