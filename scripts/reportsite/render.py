"""Render pages as Markdown with YAML front matter.

Report text is literal: anything in it that Markdown or HTML would interpret
(`# `, `> `, `- `, `|`, `---`, `<script>`, `[x](javascript:…)`) is escaped so
that it shows as written. The only markup is ours: headings, bold lead-ins and
the generated link lists, which sit in `<div class="rs-chrome">` so that tests
and search can tell them from the report's own text.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from urllib.parse import quote

from .changes import RECORD_TITLE
from .decisions import Decision
from .models import Block, Figure, Kind, Page, ReportMeta
from .paths import RECORD_PAGE
from .split import heading_title
from .yamlfile import dump_yaml

# Characters Python-Markdown gives a meaning to anywhere in a line. `\` first. Only characters
# in Python-Markdown's ESCAPED_CHARS (with the tables extension's `|`) may be escaped: for any
# other, such as `~` (no tilde extension here) or `=`, the backslash stays on the page.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!])")
# At the start of a line: list markers, numbered lists, rules. (A block is never a setext
# underline: every block is its own paragraph, so a leading `=` means nothing.)
_LINE_START = re.compile(r"^([-+]|\d+(?=[.)]))")
_TRAILING_PUNCT = re.compile(r"^(.*?)([。！？；，、：]*)$", re.S)
CHROME_OPEN = '<div class="rs-chrome" markdown>'
CHROME_CLOSE = "</div>"

# Our own wording on the pages (labels, headings, explanations), in the script of the site
# being rendered: the Simplified site renders it as written, the Traditional one through the
# script step's converter. The report's text never passes through it: it comes in the site's
# script already (script.py), so a Traditional original is published as it was received.
Tr = Callable[[str], str]


def same(text: str) -> str:
    return text


# Any character escape_text changes (&<>, _INLINE_SPECIAL, a _LINE_START lead): most report
# text holds none, and one C scan is much cheaper than the three replaces and the sub (a third
# of the conversion's time at 100x).
_ANY_SPECIAL = re.compile(f"[&<>]|{_INLINE_SPECIAL.pattern}|^[-+\\d]")


def escape_text(text: str) -> str:
    """Escape report text so that Python-Markdown shows it exactly as written."""
    if _ANY_SPECIAL.search(text) is None:
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    match = _LINE_START.match(text)
    if match:
        if match[1][0].isdigit():
            end = match.end()
            text = text[:end] + "\\" + text[end:]
        else:
            text = "\\" + text
    return text


def render_inline(text: str) -> str:
    """Report text with `**bold**` runs; everything else literal.

    Punctuation closing a bold run moves outside the markers (`**理论精髓入脑入心**。`):
    CommonMark renderers and pymdownx.betterem do not close `**…。**` before a Han
    character, and with the mark outside every renderer shows the bold.
    An unmatched marker left by the normaliser is shown as text.
    """
    parts = text.split("**")
    unmatched = len(parts) % 2 == 0
    out: list[str] = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(escape_text(part))
            continue
        if unmatched and i == len(parts) - 1:
            out.append(r"\*\*" + escape_text(part))
            continue
        match = _TRAILING_PUNCT.match(part)
        assert match is not None
        inner, punct = match[1], match[2]
        if not inner.strip():
            out.append(escape_text(part))
        else:
            out.append(f"**{escape_text(inner)}**{escape_text(punct)}")
    return "".join(out)


def front_matter(page: Page, meta: ReportMeta) -> str:
    data: dict[str, object] = {"title": page.title}
    data["report"] = meta.title
    data["source"] = meta.source
    if meta.issuer:
        data["issuer"] = meta.issuer
    if meta.date:
        data["date"] = meta.date
    for key in ("subtitle", "speaker", "delivered", "reprinted_by"):
        value = getattr(meta, key)
        if value:
            data[key] = value
    data["slug"] = meta.slug
    if page.tags:
        data["tags"] = list(page.tags)
    dumped = dump_yaml(data)
    return f"---\n{dumped}---\n"


def _block_md(block: Block, page_level: int, anchor: str = "") -> str:
    # A block holding figures gets an id (attr_list) that the key-figures tables link to.
    # On the block, not around each figure: markup inside the sentence would split the text
    # for anything that reads the HTML as a string (copy, search, tests).
    if block.kind is Kind.HEADING and block.level < page_level:
        # The heading of a part without text of its own, on its first section's page
        # (split.py): above the page's own title, as the part it belongs to.
        return render_inline(_one_line(block.text)) + "\n{: .rs-part }"
    if block.kind is Kind.HEADING:
        depth = min(6, max(1, block.level - page_level + 1))
        heading = "#" * depth + " " + render_inline(_one_line(block.text))
        return heading + (f" {{: #{anchor} }}" if anchor else "")
    if block.kind is Kind.APPENDIX:
        return "# " + render_inline(_one_line(block.text))
    if block.kind is Kind.TITLE:
        return "# " + render_inline(block.text)
    if block.kind in (Kind.SUBTITLE, Kind.SPEAKER):
        # The masthead's lines under the title, styled as a portal sets them (centred).
        return render_inline(block.text) + f"\n{{: .rs-{block.kind.value} }}"
    return render_inline(block.text) + (f"\n{{: #{anchor} }}" if anchor else "")


def _one_line(text: str) -> str:
    """A heading printed on two lines (第一部分 / 工作回顾, 附件1 / 标题) on one: a Markdown
    heading is one line; the ideographic space is how such a heading is set in one line."""
    return text.replace("\n", "\u3000")


def _link(text: str, target: str) -> str:
    label = escape_text(text).replace("\\[", "［").replace("\\]", "］")
    return f"[{label}]({target})"


def render_page(
    page: Page,
    meta: ReportMeta,
    pages_by_key: dict[str, Page],
    figures: tuple[Figure, ...] = (),
    tr: Tr = same,
) -> str:
    """The Markdown file for one page; each block holding figures with its anchor id."""
    lines = [front_matter(page, meta)]
    heads = [b.level for b in page.blocks if b.kind is Kind.HEADING]
    # The page's own heading is its h1: the one its title comes from (a part's heading may
    # stand above it, split.py).
    own = [b.level for b in page.blocks
           if b.kind is Kind.HEADING and heading_title(b.text) == page.title]  # fmt: skip
    page_level = own[0] if own else heads[0] if heads else 1
    if page.blocks and page.blocks[0].kind is Kind.APPENDIX and heads:
        page_level = min(heads) - 1  # the appendix's title is the page's h1, its headings below
    if not any(b.kind in (Kind.TITLE, Kind.HEADING, Kind.APPENDIX) for b in page.blocks[:1]):
        # No heading of the report's own opens this page: show the title, marked
        # as ours so the text-preservation check does not count it.
        lines.append(f"# {escape_text(page.title)} {{ .rs-chrome }}\n")
    anchors = {figure.block: figure.anchor for figure in figures}
    for n, block in enumerate(page.blocks):
        lines.append(_block_md(block, page_level, anchors.get(n, "")) + "\n")
    if page.children:
        here = posixpath.dirname(page.path)
        items = []
        for key in page.children:
            child = pages_by_key[key]
            # A part without text of its own has no page: its first section opens it.
            target = child if child.published else pages_by_key[child.children[0]]
            rel = posixpath.relpath(target.path, here)
            items.append(f"- {_link(child.title, rel)}")
        lines.append(CHROME_OPEN + "\n\n" + "\n".join(items) + "\n\n" + CHROME_CLOSE + "\n")
    lines.append(provenance(page, meta, tr))
    return "\n".join(lines)


def provenance(page: Page, meta: ReportMeta, tr: Tr = same) -> str:
    """Where the page comes from: report, issuer, date, the seed as published, the record."""
    here = posixpath.dirname(page.path)
    folder = meta.slug
    seed = posixpath.relpath(f"{folder}/{meta.source}", here)
    record = posixpath.relpath(f"{folder}/{RECORD_PAGE}", here)
    parts = [tr("出处：") + escape_text(meta.title)]
    if meta.issuer:
        parts.append(tr("发布单位：") + escape_text(meta.issuer))
    if meta.delivered:
        parts.append(tr("报告日期：") + escape_text(meta.delivered))
    if meta.date:
        parts.append(tr("发布日期：") + escape_text(meta.date))
    if meta.reprinted_by:
        parts.append(tr("转载来源：") + escape_text(meta.reprinted_by))
    parts.append(f"[{tr('原文')}（{escape_text(meta.source)}）]({_quote(seed)})")
    parts.append(f"[{tr(RECORD_TITLE)}]({_quote(record)})")
    body = " · ".join(parts)
    return f'<div class="rs-chrome rs-provenance" markdown>\n\n{body}\n\n{CHROME_CLOSE}\n'


def _quote(path: str) -> str:
    return quote(path, safe="/.-_~")


def render_record(
    meta: ReportMeta,
    encoding: str,
    rows: list[tuple[str, ...]],
    total: int,
    tr: Tr = same,
    decisions: tuple[Decision, ...] = (),
) -> str:
    """The normalisation record page: every change made to the seed, for an editor to check.
    `rows` (changes.record_rows) are shown as given: the seed's excerpts as received."""
    data = {
        "title": tr(RECORD_TITLE),
        "report": meta.title,
        "source": meta.source,
        "slug": meta.slug,
        "search": {"exclude": True},
    }
    head = dump_yaml(data)
    shown = tr("前{n}处").format(n=len(rows)) if len(rows) < total else tr("全部{n}处").format(
        n=total
    )
    lines = [
        f"---\n{head}---\n",
        CHROME_OPEN + "\n",
        f"# {tr(RECORD_TITLE)}：{escape_text(meta.title)}\n",
        tr("原文：") + f"[{escape_text(meta.source)}]({_seed_link(meta)})"
        + tr("（编码{encoding}）。").format(encoding=encoding)
        + tr(
            "转换只修复版式与标点，不改动文字；网页或排版带来的非正文行（工具栏、导航路径、"
            "页码、页眉等）整行删除，类型栏注明删除的规则。共{total}处修改，下表列出{shown}，"
            "完整列表见 "
        ).format(total=total, shown=shown)
        + "[changes.tsv](changes.tsv)"
        + tr("。【】内为修改的部分：⏎ 换行，␣ 空格，□ 全角空格。") + "\n",
    ]
    if decisions:
        lines += [
            f"## {tr('转换中的判断')}\n",
            tr("原文有歧义之处，转换器按规则作出的判断（标题、日期、发布单位"
               "可在 seeds/metadata.yml 中另行指定）：") + "\n",
            "| " + " | ".join(tr(h) for h in ("行", "判断", "原文")) + " |",
            "|---|---|---|",
            *(
                f"| {d.line or '—'} | {escape_text(tr(d.what))} | {escape_text(d.text)} |"
                for d in decisions
            ),
            "",
            f"## {tr('修改')}\n",
        ]
    lines += [
        "| # | " + " | ".join(tr(h) for h in ("行", "类型", "原文", "修改后")) + " |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(escape_text(cell) for cell in row) + " |")
    lines.append("\n" + CHROME_CLOSE + "\n")
    return "\n".join(lines)


def _seed_link(meta: ReportMeta) -> str:
    return quote(meta.source)
