"""The catalogue (报告): every report, newest first, with who issued it and when.

One order for the whole site: the catalogue lists the reports in it, the nav holds them in it
and 上一篇/下一篇 walk them in it (pipeline.render_reports).
"""

from __future__ import annotations

import re

from .models import Report
from .render import CHROME_CLOSE, Tr, meta_details, same
from .render_derived import CHROME_OPEN, _head, _link

CATALOGUE_PAGE = "index.md"
CATALOGUE_TITLE = "报告"
UNDATED = "未注明日期"


def _date(report: Report) -> str:
    """The date a report is listed under: published, else delivered."""
    return report.meta.date or report.meta.delivered or ""


_TITLE_YEAR = re.compile(r"(?:19|20)\d{2}(?=年)")


def title_year(report: Report) -> str:
    """For a report that gives no date, the latest year its title names (a review of 2024 and
    plan for 2025 is issued in 2025), or ""."""
    years = _TITLE_YEAR.findall(report.meta.title)
    return max(years) if years else ""


def _sort_key(report: Report) -> tuple[str, str]:
    year = title_year(report)
    return _date(report) or (f"{year}-00-00" if year else ""), report.meta.title


def catalogue_order(reports: tuple[Report, ...]) -> tuple[Report, ...]:
    """The reports as the catalogue lists them, the nav holds them and 上一篇/下一篇 walk them:
    newest first (by date; a report without one by its title's year)."""
    return tuple(sorted(reports, key=_sort_key, reverse=True))


def _year(report: Report, tr: Tr) -> str:
    year = (_date(report) or title_year(report))[:4]
    return f"{year}年" if year.isdigit() else tr(UNDATED)


def report_details(report: Report, tr: Tr = same) -> str:
    """Issuer, speaker and dates of a report, as the catalogue shows them (and the pages)."""
    return " · ".join(meta_details(report.meta, tr))


def render_catalogue(reports: tuple[Report, ...], tr: Tr = same) -> str:
    """报告: every report, newest year first, with issuer and date.

    The sidebar of a report page lists that report only (overrides/partials/nav-item.html
    reads `catalogue: true`): a sidebar listing every report costs each page O(reports),
    which at hundreds of reports made every page hundreds of KB and the build quadratic.
    This page is where the reader picks a report.
    """
    by_year: dict[str, list[Report]] = {}
    for report in catalogue_order(reports):
        by_year.setdefault(_year(report, tr), []).append(report)
    title = tr(CATALOGUE_TITLE)
    lines = [_head(title, catalogue=True), f"{CHROME_OPEN}\n\n# {title}\n"]
    lines.append(tr("共{n}份报告，按日期排列，新的在前；未注明日期的按标题中的年份。").format(
        n=len(reports)) + "\n")
    for year, listed in by_year.items():
        lines.append(f"## {year}\n")
        for report in listed:
            link = _link(report.meta.title, f"{report.meta.slug}/index.md")
            lines.append(f"- {link}\n\n    {report_details(report, tr)}\n")
        lines.append("")
    lines.append(CHROME_CLOSE + "\n")
    return "\n".join(lines)
