"""The MkDocs nav of the generated pages: a report's pages in document order, the themes.

Labels are our own wording, in the site's script (`tr`, render.py); page titles come from the
reports' records, already in it.
"""

from __future__ import annotations

from .changes import RECORD_TITLE
from .models import Report
from .paths import ORIGINAL_PAGE, RECORD_PAGE
from .render import Tr, same
from .render_derived import (
    COMPARE_DIR,
    COMPARE_TITLE,
    FIGURES_PAGE,
    FIGURES_TITLE,
    THEMES_DIR,
    THEMES_TITLE,
    page_label,
    theme_slug,
)
from .settings import Taxonomy

ORIGINAL_TITLE = "原文"

OVERVIEW_LABEL = "概览"


HOME_LABEL = "首页"
HOME_PAGE = "index.md"


def site_nav(nav: list[object], tr: Tr = same) -> list[object]:
    """The whole site's nav around the generated part. A page's themes are its tags: they
    link to the theme pages (主题), which list every page of a theme by report."""
    return [{tr(HOME_LABEL): HOME_PAGE}, *nav]


def paged(first: str, count: int, tr: Tr = same) -> object:
    """A nav entry for a table cut over `count` pages: the first page, or a section whose
    index is the first page and whose children are the others."""
    if count < 2:
        return first
    stem = first.removesuffix(".md")
    return [first, *({page_label(k, tr): f"{stem}/{k}.md"} for k in range(2, count + 1))]


def nav_entries(
    report: Report,
    prefix: str,
    taxonomy: Taxonomy,
    figure_pages: int = 1,
    tr: Tr = same,
    original_pages: int = 1,
) -> list[object]:
    """The report's part of the MkDocs nav, in document order."""
    by_key = {p.key: p for p in report.pages}
    items: list[object] = [{tr(OVERVIEW_LABEL): f"{prefix}/{by_key[''].path}"}]
    for key in by_key[""].children:
        page = by_key[key]
        if page.children:
            # A part without text of its own has no page: the nav shows it as a section.
            sub: list[object] = [f"{prefix}/{page.path}"] if page.published else []
            sub += [{by_key[c].title: f"{prefix}/{by_key[c].path}"} for c in page.children]
            items.append({page.title: sub})
        else:
            items.append({page.title: f"{prefix}/{page.path}"})
    folder = f"{prefix}/{report.meta.slug}"
    items.append({tr(FIGURES_TITLE): paged(f"{folder}/{FIGURES_PAGE}", figure_pages, tr)})
    if report.comparison is not None:
        sub = [f"{folder}/{COMPARE_DIR}/index.md"]
        sub += [
            {t.theme: f"{folder}/{COMPARE_DIR}/{theme_slug(t.theme, taxonomy)}.md"}
            for t in report.comparison.themes
        ]
        items.append({tr(COMPARE_TITLE): sub})
    items.append({tr(RECORD_TITLE): f"{folder}/{RECORD_PAGE}"})
    items.append({tr(ORIGINAL_TITLE): paged(f"{folder}/{ORIGINAL_PAGE}", original_pages, tr)})
    return [{report.meta.title: items}]


def theme_nav(
    files: dict[str, str], prefix: str, taxonomy: Taxonomy, tr: Tr = same
) -> list[object]:
    """主题: the themes index, then one entry per theme page, in taxonomy order."""
    sub: list[object] = [f"{prefix}/{THEMES_DIR}/index.md"]
    for theme in [*taxonomy.themes, taxonomy.fallback]:
        path = f"{THEMES_DIR}/{theme_slug(theme, taxonomy)}.md"
        if path in files:
            more = sum(1 for p in files if p.startswith(path.removesuffix(".md") + "/"))
            sub.append({theme: paged(f"{prefix}/{path}", 1 + more, tr)})
    return [{tr(THEMES_TITLE): sub}]
