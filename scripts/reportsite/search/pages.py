"""What the search knows about a page besides its text: kind, parent and year.

The worker ranks a report's own text above the pages derived from it and shows, with every
result, the report it belongs to (``search/README.md``, Ranking and Result titles). Both come
from what each generated page already carries, never from the generator:

* front matter (``page.meta``): report pages have ``report`` and ``slug``, an overview its
  report's title as ``title`` and, when known, ``date`` (published) or ``delivered``;
* where the page's Markdown sits (``page.file.src_uri``): ``reports/<slug>/index.md`` is the
  overview; ``figures*``, ``compare/`` and the record (``changes.md``) under it are derived
  from the text; everything else under it is the text (sections); theme pages, the catalogue,
  the tags and home pages are no report's text.

A page's parent is the index page of the nearest folder above it that has one (theme →
主题, comparison → 总结与计划对照 → the report), never the home page or the catalogue of all
reports (they would add 报告 to every title), and a report's overview has none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ..safetext import plain_text

# Page kinds, as the manifest stores them (worker.js: OVERVIEW, TEXT).
OTHER = 0  # derived pages (key figures, comparison, themes, catalogue), home, tags
OVERVIEW = 1  # a report's overview: its title page
TEXT = 2  # a report's section pages

# Under reports/<slug>/: pages made from the text rather than being it.
_DERIVED = re.compile(r"^(figures|compare$|changes\.md$)")
_YEAR = re.compile(r"^\s*(\d{4})")


@dataclass
class PageFacts:
    """A page as the search plugin saw it, before the index order is known."""

    url: str
    src: str  # the Markdown path (``page.file.src_uri``), independent of directory URLs
    title: str  # plain text
    kind: int = OTHER
    year: str = ""  # the overview's publication (else delivery) year, for its title


def excluded(meta: Mapping[str, Any]) -> bool:
    """Material's front matter switch ``search: {exclude: true}`` (the record pages)."""
    search = meta.get("search")
    return isinstance(search, Mapping) and bool(search.get("exclude"))


def page_facts(url: str, src: str, nav_title: str, meta: Mapping[str, Any]) -> PageFacts:
    """Kind, title and year of one page from its front matter and Markdown path.

    ``nav_title`` and the front matter ``title`` are HTML (MkDocs' titles, and the reportsite
    plugin's ``html_meta``); the result is text. An overview is titled with its report (its
    front matter title, also its <h1>) instead of its nav label 概览: that is what a reader
    types, and what the result list must say.
    """
    kind = _kind(src, meta)
    title = plain_text(nav_title) if nav_title else url
    year = ""
    if kind == OVERVIEW:
        own = meta.get("title")
        if isinstance(own, str) and plain_text(own).strip():
            title = plain_text(own).strip()
        for key in ("date", "delivered"):
            found = _YEAR.match(str(meta.get(key) or ""))
            if found:
                year = found.group(1)
                break
    return PageFacts(url=url, src=src, title=title, kind=kind, year=year)


def _kind(src: str, meta: Mapping[str, Any]) -> int:
    slug = meta.get("slug")
    if not isinstance(slug, str) or not slug or not meta.get("report"):
        return OTHER
    parts = PurePosixPath(src).parts
    if slug not in parts[:-1]:
        return OTHER
    rest = parts[parts.index(slug) + 1 :]
    if rest == ("index.md",):
        return OVERVIEW
    return OTHER if _DERIVED.match(rest[0]) else TEXT


def parents(pages: list[PageFacts]) -> list[int]:
    """For each page, the position in ``pages`` of its parent, or -1 (module docstring)."""
    index_of = {}
    for i, page in enumerate(pages):
        path = PurePosixPath(page.src)
        # Folders below the catalogue's (reports/) only: not home, not the catalogue.
        if path.name == "index.md" and len(path.parts) >= 3:
            index_of[str(path.parent)] = i
    out = []
    for page in pages:
        found = -1
        if page.kind != OVERVIEW:
            path = PurePosixPath(page.src)
            folder = path.parent if path.name != "index.md" else path.parent.parent
            while len(folder.parts) >= 2 and found < 0:
                found = index_of.get(str(folder), -1)
                folder = folder.parent
        out.append(found)
    return out
