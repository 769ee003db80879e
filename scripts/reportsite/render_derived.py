"""Render the pages derived from the text: key figures, theme pages, review next to plan.

Everything here is ours, not the report's: each page's body sits in `rs-chrome` divs (the
whole-text tests count the report's own pages only). The pages are searchable like any
other: a reader looking for 1480 may well want the key-figures table. Tables are Markdown
so that MkDocs rewrites and checks every link and anchor (`../5.md#fig-1`) for both URL
styles; `rs-sortable` tables get sort buttons from
overrides/assets/javascripts/sort-tables.js.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

from .models import Comparison, Figure, Item, Page, Pair, Report, ThemeComparison
from .render import (
    CHROME_CLOSE,
    COMPARE_LABEL,
    FIGURES_LABEL,
    Tr,
    escape_text,
    meta_details,
    render_inline,
    same,
)
from .settings import Taxonomy
from .yamlfile import dump_yaml

FIGURES_PAGE = "figures.md"
FIGURES_TITLE = FIGURES_LABEL
COMPARE_DIR = "compare"
COMPARE_TITLE = COMPARE_LABEL
THEMES_DIR = "themes"
THEMES_TITLE = "主题"
SORTABLE_OPEN = '<div class="rs-chrome rs-sortable" markdown>'
CHROME_OPEN = '<div class="rs-chrome" markdown>'
# Rows per page of a figures table. Python-Markdown holds a page's whole element tree while it
# renders, about 100 times the page's Markdown: one unbounded table (every figure of a 50 MB
# report, or of a theme across the archive) set the build's peak memory at many GB. Cut into
# pages of this many rows, the largest page, and so the peak, no longer grows with the input.
FIGURE_ROWS = 400


def _head(title: str, **extra: object) -> str:
    data: dict[str, object] = {"title": title, **extra}
    dumped = dump_yaml(data)
    return f"---\n{dumped}---\n"


@lru_cache(maxsize=65536)
def _rel(target: str, here: str) -> str:
    # Cached: a key-figures page links the same few pages thousands of times, and relpath
    # asks the OS for the working directory each time.
    return posixpath.relpath(target, posixpath.dirname(here))


def _cell(text: str) -> str:
    return escape_text(text).replace("\n", " ")


def _link(label: str, target: str) -> str:
    return f"[{_cell(label)}]({target})"  # brackets escaped, kept as written (render._link)


def _from_report(report: Report, here: str, tr: Tr) -> str:
    """Which report a derived page comes from, under its title: a link and who issued it."""
    link = _link(report.meta.title, _rel(f"{report.meta.slug}/index.md", here))
    details = meta_details(report.meta, tr)
    return " · ".join([tr("出自：") + link, *details]) + "\n"


def theme_slug(theme: str, taxonomy: Taxonomy) -> str:
    """Themes are numbered in taxonomy order (the fallback last): ASCII URLs, like pages."""
    order = [*taxonomy.themes, taxonomy.fallback]
    return str(order.index(theme) + 1) if theme in order else str(len(order) + 1)


def value_text(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.4f}".rstrip("0").rstrip(".")


def sentence_md(figures: tuple[Figure, ...]) -> str:
    """The figures' sentence with each figure in bold."""
    s = figures[0].sentence
    out, pos = [], 0
    for figure in sorted(figures, key=lambda f: f.at):
        at, n = figure.at, len(figure.text)
        if at < pos or s[at:at + n] != figure.text:
            continue  # a figure cut by bold markers, or overlapping another: left plain
        out += [_cell(s[pos:at]), "**", _cell(figure.text), "**"]
        pos = at + n
    return "".join(out) + _cell(s[pos:])


def entries(figures: Rows) -> list[Entry]:
    """One entry per sentence: the figures it holds, in reading order (a sentence with seven
    figures is one row listing them, not seven rows repeating it)."""
    out: dict[tuple[int, str, int, str], tuple[list[Figure], Page, Report]] = {}
    for figure, page, report in figures:
        key = (id(report), figure.page, figure.block, figure.sentence)
        out.setdefault(key, ([], page, report))[0].append(figure)
    return [(tuple(figs), page, report) for figs, page, report in out.values()]


# Between the figures of a row: a line may break after the comma (no rule of line breaking
# allows one between 、 and a digit, and a card on a phone is narrower than 12384小时、70000人).
LIST_SEP = "、<wbr>"


def _quantities(figures: tuple[Figure, ...]) -> str:
    """The quantities as written; the cell sorts by the first one's value (sort-tables.js)."""
    first, *rest = figures
    head = f'<span data-rs-value="{first.value!r}">{_cell(first.text)}</span>'
    return LIST_SEP.join([head, *(_cell(f.text) for f in rest)])


def figure_rows(
    rows: list[Entry], here: str, with_report: bool, start: int = 1, tr: Tr = same,
) -> list[str]:
    labels = ("数量", "数值", "内容", "报告与位置" if with_report else "位置")
    head = "| # | " + " | ".join(tr(label) for label in labels) + " |"
    out = [head, "|---:|---|---:|---|---|"]
    for n, (figures, page, report) in enumerate(rows, start=start):
        # The link opens the paragraph; sort-tables.js adds the sentence as a text fragment
        # (#fig-a:~:text=…) where the browser highlights one.
        place = _link(page.title, f"{_rel(page.path, here)}#{figures[0].anchor}")
        if with_report:
            place = f"{_cell(report.meta.title)}：{place}"
        first = figures[0]
        values = LIST_SEP.join([f'<span data-rs-value="{first.value!r}">'
                                f"{value_text(first.value)}</span>",
                                *(value_text(f.value) for f in figures[1:])])  # fmt: skip
        out.append(
            f"| {n} | {_quantities(figures)} | {values} | {sentence_md(figures)} | {place} |"
        )
    return out


def _by_key(report: Report) -> dict[str, Page]:
    return {p.key: p for p in report.pages}


Rows = list[tuple[Figure, Page, Report]]
Entry = tuple[tuple[Figure, ...], Page, Report]  # the figures of one sentence, where it is
Piece = tuple[str, int, list[Entry]]  # heading, number of its first row, rows


def table_pages(
    first: str, groups: list[tuple[str, list[Entry]]]
) -> list[tuple[str, list[Piece]]]:
    """Cut (heading, rows) groups into pages of at most FIGURE_ROWS rows, in order.

    Page 1 is `first` (`x.md`); page k is `x/k.md`. Each page holds (heading, number of its
    first row, rows) pieces; a group that goes on from one page to the next is cut there.
    """
    pieces: list[list[Piece]] = [[]]
    room = FIGURE_ROWS
    for heading, rows in groups:
        done = 0
        while done < len(rows):
            if room == 0:
                pieces.append([])
                room = FIGURE_ROWS
            take = rows[done:done + room]
            pieces[-1].append((heading, done + 1, take))
            done += len(take)
            room -= len(take)
    stem = first.removesuffix(".md")
    return [(first if k == 1 else f"{stem}/{k}.md", page) for k, page in enumerate(pieces, 1)]


def page_label(k: int, tr: Tr = same) -> str:
    return tr("第{k}页").format(k=k)


def pager(paths: list[str], here: str, tr: Tr = same) -> str:
    """第k页，共m页, with the first, previous and next pages (not every page: a list of all
    of them on each page would grow with the square of their number)."""
    if len(paths) < 2:
        return ""
    k = paths.index(here)
    links = []
    if k > 1:
        links.append(_link(page_label(1, tr), _rel(paths[0], here)))
    if k > 0:
        links.append(_link(tr("上一页"), _rel(paths[k - 1], here)))
    if k + 1 < len(paths):
        links.append(_link(tr("下一页"), _rel(paths[k + 1], here)))
    where = tr("第{k}页，共{n}页：").format(k=k + 1, n=len(paths))
    return where + "　".join(links) + "\n"


def _table_md(pieces: list[Piece], here: str, with_report: bool,
              level: str, tr: Tr = same) -> list[str]:
    lines = []
    for heading, start, rows in pieces:
        cont = tr("（续）") if start > 1 else ""
        lines.append(f"{SORTABLE_OPEN}\n\n{level} {escape_text(heading)}{cont}\n")
        lines.append("\n".join(figure_rows(rows, here, with_report, start, tr)))
        lines.append("\n" + CHROME_CLOSE + "\n")
    return lines


def render_figures_page(report: Report, taxonomy: Taxonomy, tr: Tr = same) -> dict[str, str]:
    """The report's key figures: one sortable table per theme, themes in taxonomy order,
    over as many pages as FIGURE_ROWS asks (one for any report of ordinary length)."""
    pages = _by_key(report)
    groups = [
        (theme, entries([(f, pages[f.page], report) for f in report.figures if f.theme == theme]))
        for theme in [*taxonomy.themes, taxonomy.fallback]
    ]
    cut = table_pages(f"{report.meta.slug}/{FIGURES_PAGE}", [g for g in groups if g[1]])
    paths = [path for path, _ in cut]
    files: dict[str, str] = {}
    for k, (here, pieces) in enumerate(cut, 1):
        title = tr(FIGURES_TITLE)
        title = title if k == 1 else f"{title}（{page_label(k, tr)}）"
        lines = [_head(title, report=report.meta.title, slug=report.meta.slug)]
        lines.append(f"{CHROME_OPEN}\n\n# {title}：{escape_text(report.meta.title)}\n")
        lines.append(_from_report(report, here, tr))
        lines.append(
            tr("报告中的全部数量（数字及其单位或量词），共{n}项，按主题分组。"
               "点击表头可排序；“位置”链接到原文中的这句话。").format(n=len(report.figures))
            + "\n\n" + pager(paths, here, tr)
            + ("\n" if len(paths) > 1 else "") + CHROME_CLOSE + "\n"
        )
        lines += _table_md(pieces, here, with_report=False, level="##", tr=tr)
        if not report.figures:
            lines.append(f"{CHROME_OPEN}\n\n{tr('本报告没有数量。')}\n\n{CHROME_CLOSE}\n")
        files[here] = "\n".join(lines)
    return files


def _figure_cell(figure: Figure | None, pages: dict[str, Page], here: str, tr: Tr) -> str:
    if figure is None:
        return "—"
    page = pages[figure.page]
    link = f"{_rel(page.path, here)}#{figure.anchor}"
    return f"**{_cell(figure.text)}**：{_cell(figure.clause)} [{tr('原文')}]({link})"


def _pair_row(pair: Pair, pages: dict[str, Page], here: str, tr: Tr) -> str:
    return (
        f"| {_cell(pair.subject)} | {_figure_cell(pair.review, pages, here, tr)} | "
        f"{_figure_cell(pair.plan, pages, here, tr)} |"
    )


def _items_md(items: tuple[Item, ...], pages: dict[str, Page], here: str) -> str:
    out = []
    for item in items:
        page = pages[item.page]
        target = _rel(page.path, here)
        lead = f"**{escape_text(item.lead)}**。" if item.lead else ""
        out.append(f"{lead}{render_inline(item.text)}（[{_cell(page.title)}]({target})）")
    return "\n\n".join(out)


def render_compare_pages(report: Report, taxonomy: Taxonomy, tr: Tr = same) -> dict[str, str]:
    """One page per theme with the review and the plan side by side, and an index page."""
    comparison = report.comparison
    if comparison is None:
        return {}
    folder = f"{report.meta.slug}/{COMPARE_DIR}"
    pages = _by_key(report)
    files: dict[str, str] = {}
    index = f"{folder}/index.md"
    years = tr("{a}年与{b}年").format(a=comparison.review_year, b=comparison.plan_year)
    lines = [_head(tr(COMPARE_TITLE), report=report.meta.title, slug=report.meta.slug)]
    lines.append(f"{CHROME_OPEN}\n\n# {tr(COMPARE_TITLE)}：{years}\n")
    lines.append(_from_report(report, index, tr))
    lines.append(
        tr("“{a}”与“{b}”按主题并列：做了什么，计划做什么。").format(
            a=escape_text(comparison.review_title), b=escape_text(comparison.plan_title)
        ) + "\n"
    )
    for theme in comparison.themes:
        target = f"{theme_slug(theme.theme, taxonomy)}.md"
        paired = sum(1 for p in theme.pairs if p.review and p.plan)
        lines.append(
            f"- {_link(theme.theme, target)}："
            + tr("总结{r}项，计划{p}项，可对照的数据{n}组").format(
                r=len(theme.review), p=len(theme.plan), n=paired
            )
        )
    lines.append("\n" + CHROME_CLOSE + "\n")
    files[index] = "\n".join(lines)
    for theme in comparison.themes:
        path = f"{folder}/{theme_slug(theme.theme, taxonomy)}.md"
        files[path] = _compare_page(report, comparison, theme, pages, path, tr)
    return files


def _compare_page(
    report: Report, comparison: Comparison, theme: ThemeComparison,
    pages: dict[str, Page], here: str, tr: Tr,
) -> str:
    review = tr("{y}年（总结）").format(y=comparison.review_year)
    plan = tr("{y}年（计划）").format(y=comparison.plan_year)
    years = tr("{a}年与{b}年").format(a=comparison.review_year, b=comparison.plan_year)
    title = f"{theme.theme}：{years}"
    lines = [_head(title, report=report.meta.title, slug=report.meta.slug)]
    lines.append(f"{CHROME_OPEN}\n\n# {escape_text(title)}\n")
    lines.append(_from_report(report, here, tr))
    paired = [p for p in theme.pairs if p.review and p.plan]
    lines.append(f"## {tr('数据对照')}\n")
    if paired:
        lines.append(tr("两年的数据说的是同一事项（两句话有共同的主语）时并列。") + "\n")
        lines.append(f"| {tr('事项')} | {review} | {plan} |\n|---|---|---|")
        lines.extend(_pair_row(p, pages, here, tr) for p in paired)
        lines.append("")
    else:
        lines.append(tr("本主题下两年没有可以并列的数据。") + "\n")
    only_review = sum(1 for p in theme.pairs if p.plan is None)
    only_plan = sum(1 for p in theme.pairs if p.review is None)
    figures = _rel(f"{report.meta.slug}/{FIGURES_PAGE}", here)
    if only_review or only_plan:
        lines.append(
            tr("另有{r}项{ry}年数据、{p}项{py}年数据只在一年出现：见下文与").format(
                r=only_review, ry=comparison.review_year, p=only_plan, py=comparison.plan_year
            ) + f"{_link(tr(FIGURES_TITLE), figures)}。\n"
        )
    lines.append(f"## {tr('工作对照')}\n")
    lines.append(CHROME_CLOSE + "\n")
    lines.append('<div class="rs-chrome rs-compare" markdown>\n')
    for label, part, items in (
        (review, comparison.review_title, theme.review),
        (plan, comparison.plan_title, theme.plan),
    ):
        lines.append('<section class="rs-compare-side" markdown>\n')
        lines.append(f"### {escape_text(label)}：{escape_text(part)}\n")
        lines.append(_items_md(items, pages, here) + "\n")
        lines.append("</section>\n")
    lines.append(CHROME_CLOSE + "\n")
    return "\n".join(lines)


def render_theme_pages(
    reports: tuple[Report, ...], taxonomy: Taxonomy, tr: Tr = same
) -> dict[str, str]:
    """A page per theme: its figures first (every report), then its pages and comparisons."""
    files: dict[str, str] = {}
    order = [*taxonomy.themes, taxonomy.fallback]
    index_lines = [
        _head(tr(THEMES_TITLE)), f"{CHROME_OPEN}\n\n# {tr(THEMES_TITLE)}\n",
        tr("每个主题汇集各份报告中与它有关的页面（页面标题下“主题”所列的，就是这里的主题）、"
           "关键数据和总结与计划对照。主题及其关键词在 config/taxonomy.yml 中设定。") + "\n",
    ]
    pages = {id(r): _by_key(r) for r in reports}
    for theme in order:
        here = f"{THEMES_DIR}/{theme_slug(theme, taxonomy)}.md"
        figures = [
            (f, pages[id(r)][f.page], r) for r in reports for f in r.figures if f.theme == theme
        ]
        tagged = [(p, r) for r in reports for p in r.pages if theme in p.tags]
        compared = [
            r for r in reports
            if r.comparison and any(t.theme == theme for t in r.comparison.themes)
        ]
        if not figures and not tagged and not compared:
            continue
        index_lines.append(
            f"- {_link(theme, posixpath.basename(here))}："
            + tr("数据{n}项，页面{p}个").format(n=len(figures), p=len(tagged))
        )
        cut = table_pages(here, [(tr(FIGURES_TITLE), entries(figures))] if figures else [])
        paths = [path for path, _ in cut]
        for k, (path, pieces) in enumerate(cut[1:], 2):
            title = f"{theme}（{page_label(k, tr)}）"
            files[path] = "\n".join([
                _head(title), f"{CHROME_OPEN}\n\n# {escape_text(title)}\n",
                pager(paths, path, tr), CHROME_CLOSE + "\n",
                *_table_md(pieces, path, with_report=True, level="##", tr=tr),
            ])
        lines = [_head(theme), f"{CHROME_OPEN}\n\n# {escape_text(theme)}\n"]
        lines += [pager(paths, here, tr)] if len(paths) > 1 else []
        lines.append(CHROME_CLOSE + "\n")
        lines += _table_md(cut[0][1], here, with_report=True, level="##", tr=tr)
        lines.append(f"{CHROME_OPEN}\n\n## {tr('相关页面')}\n")
        for report in reports:
            mine = [p for p, r in tagged if r is report]
            if mine:
                lines.append(f"### {escape_text(report.meta.title)}\n")
                lines.extend(f"- {_link(p.title, _rel(p.path, here))}" for p in mine)
                lines.append("")
        if not tagged:
            lines.append(tr("没有以此为主题的页面。") + "\n")
        if compared:
            lines.append(f"## {tr(COMPARE_TITLE)}\n")
        for report in compared:
            target = _rel(
                f"{report.meta.slug}/{COMPARE_DIR}/{theme_slug(theme, taxonomy)}.md", here
            )
            lines.append(f"- {_link(report.meta.title, target)}")
        lines.append("")
        lines.append(CHROME_CLOSE + "\n")
        files[here] = "\n".join(lines)
    index_lines.append("\n" + CHROME_CLOSE + "\n")
    files[f"{THEMES_DIR}/index.md"] = "\n".join(index_lines)
    return files
