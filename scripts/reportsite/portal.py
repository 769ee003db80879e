"""What the reading tools of a page need from the build (overrides/partials/page-tools.html,
report-nav.html): its public address and QR code, the previous and next report, and footer
links kept within one run of reading.

Called from the reportsite plugin's ``on_page_context``; the addresses are pure functions in
``urls.py``, the QR code is ``qr.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from mkdocs.structure.pages import Page

from .qr import qr_svg
from .urls import public_url, reading_group, site_path_href

log = logging.getLogger("mkdocs.plugins.reportsite")

# Front-matter keys the generator sets on a report's pages: {title, url}, url relative to the
# site root ("reports/<slug>/"); absent on the first / last report and on other pages.
REPORT_LINKS = ("prev_report", "next_report")


def report_link(page: Page, key: str, use_directory_urls: bool) -> dict[str, str] | None:
    """``page.meta[key]`` as {title, href} (href site-relative, for the ``url`` filter).

    A value of the wrong shape is logged as a warning, so ``mkdocs build --strict`` fails on
    it rather than publishing a broken or foreign link.
    """
    value = page.meta.get(key)
    if value is None:
        return None
    if isinstance(value, Mapping):
        title, url = value.get("title"), value.get("url")
        if isinstance(title, str) and title.strip() and isinstance(url, str):
            href = site_path_href(url, use_directory_urls)
            if href is not None:
                return {"title": title, "href": href}
    log.warning(
        f"{page.file.src_uri}: {key} must be a mapping {{title: text, url: reports/<slug>/}} "
        f"(url relative to the site root, ending in /): {value!r}"
    )
    return None


def keep_footer_in_reading(page: Page) -> None:
    """Drop the footer's 上一页/下一页 (and <link rel=prev/next>) where it would leave the run
    of reading: a report's text, its generated pages, the themes, the rest of the site."""
    own = reading_group(page.url, bool(page.meta.get("report")))
    for attr in ("previous_page", "next_page"):
        other = getattr(page, attr)
        if other is not None and reading_group(other.url, bool(other.meta.get("report"))) != own:
            setattr(page, attr, None)


def page_tools(page: Page, root: str, use_directory_urls: bool) -> dict[str, Any]:
    """Template data for a page's tools: ``url`` (public address, "" without site_url),
    ``qr`` (inline SVG, or None), ``prev_report`` / ``next_report`` ({title, href} or None)."""
    url = public_url(page.url, root)
    data: dict[str, Any] = {"url": url, "qr": qr_svg(url) if url else None}
    for key in REPORT_LINKS:
        data[key] = report_link(page, key, use_directory_urls)
    return data
