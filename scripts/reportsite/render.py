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
from dataclasses import dataclass, field
from urllib.parse import quote

from .changes import RECORD_TITLE
from .decisions import Decision
from .models import Block, Figure, Kind, Page, ReportMeta
from .paths import ORIGINAL_PAGE, RECORD_PAGE
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
# Lines of the original a page shows (render_original.py): a page's parse tree grows with it
# (see render_derived.FIGURE_ROWS); real reports have a few hundred lines, a PDF's text layer
# a few thousand.
LINES_PER_PAGE = 1000
# The derived pages' names, as the overview links them (render_derived.py titles them).
FIGURES_LABEL = "关键数据"
COMPARE_LABEL = "总结与计划对照"

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


@dataclass(frozen=True)
class Around:
    """What a report page links to besides its own text: the theme pages its tags open
    (tag -> path below the generated folder), its report's derived pages, and the reports
    before and after it in the catalogue ({title, url} from the site's root)."""

    themes: dict[str, str] = field(default_factory=dict)
    compared: bool = False  # the report has a review-next-to-plan page
    prev_report: dict[str, str] | None = None
    next_report: dict[str, str] | None = None


# A page's description (<meta name="description">): its first sentence, at most this long.
DESCRIPTION_CHARS = 120
_SENTENCE = re.compile(r"^.*?[。！？；]", re.S)


def first_sentence(blocks: tuple[Block, ...]) -> str:
    """The first sentence of the page's running text (the title or heading if it has none)."""
    texts = [b.text for b in blocks if b.kind is Kind.PARAGRAPH and not b.text.startswith("各位")]
    texts += [b.text for b in blocks]
    for text in texts:
        plain = heading_title(text).strip()
        if plain:
            match = _SENTENCE.match(plain)
            sentence = match[0] if match else plain
            return sentence if len(sentence) <= DESCRIPTION_CHARS else (
                sentence[: DESCRIPTION_CHARS - 1] + "…"
            )
    return ""


def front_matter(page: Page, meta: ReportMeta, around: Around | None = None) -> str:
    data: dict[str, object] = {"title": page.title}
    data["report"] = meta.title
    description = first_sentence(page.blocks)
    if description:
        data["description"] = description
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
    for key in ("prev_report", "next_report"):
        link = getattr(around, key, None)
        if link:
            data[key] = link
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
    # escape_text backslash-escapes [ and ], which Python-Markdown reads in a link's text:
    # a title with brackets keeps them (a link written in it stays text).
    return f"[{escape_text(text)}]({target})"


def render_page(
    page: Page,
    meta: ReportMeta,
    pages_by_key: dict[str, Page],
    figures: tuple[Figure, ...] = (),
    tr: Tr = same,
    around: Around | None = None,
) -> str:
    """The Markdown file for one page: its title, its provenance right under it, its blocks
    (each holding figures with its anchor id), the pages it lists."""
    around = around or Around()
    lines = [front_matter(page, meta, around)]
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
        lines.append(provenance(page, meta, tr, around))
    anchors = {figure.block: figure.anchor for figure in figures}
    after_title = _title_end(page)
    for n, block in enumerate(page.blocks):
        lines.append(_block_md(block, page_level, anchors.get(n, "")) + "\n")
        if n == after_title:
            lines.append(provenance(page, meta, tr, around))
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
    return "\n".join(lines)


def _title_end(page: Page) -> int:
    """Index of the block the provenance follows: the page's title (on the overview, the
    masthead's last line: title, subtitle, speaker), or -1 when the page opens with none."""
    end = -1
    for n, block in enumerate(page.blocks):
        if block.kind in (Kind.TITLE, Kind.SUBTITLE, Kind.SPEAKER):
            end = n
        elif block.kind in (Kind.HEADING, Kind.APPENDIX) and end < 0:
            if block.kind is Kind.HEADING and heading_title(block.text) != page.title:
                continue  # a part's label above the page's own heading
            return n
        else:
            break
    return end


def meta_details(meta: ReportMeta, tr: Tr = same) -> list[str]:
    """Issuer, speaker and dates, as the pages and the catalogue show them."""
    parts = [tr(label) + escape_text(value) for label, value in (
        ("发布单位：", meta.issuer), ("报告人：", meta.speaker),
        ("报告日期：", meta.delivered), ("发布日期：", meta.date),
    ) if value]  # fmt: skip
    if not meta.date and not meta.delivered:
        parts.append(tr("日期：未注明"))
    return parts


def provenance(page: Page, meta: ReportMeta, tr: Tr = same, around: Around | None = None) -> str:
    """Under the page's title: which report it is, who issued it and when, who delivered it,
    the original, the page's themes; on the overview, the report's derived pages too."""
    around = around or Around()
    here = posixpath.dirname(page.path)
    folder = meta.slug

    def rel(path: str) -> str:
        return quote_path(posixpath.relpath(f"{folder}/{path}", here))

    parts = []
    if page.key:
        parts.append(tr("出自：") + _link(meta.title, rel("index.md")))
    parts += meta_details(meta, tr)
    if meta.reprinted_by:
        parts.append(tr("转载来源：") + escape_text(meta.reprinted_by))
    parts.append(_link(tr("原文"), rel(ORIGINAL_PAGE)))
    lines = [" · ".join(parts)]
    if page.tags:
        themes = "、".join(
            _link(tag, quote_path(posixpath.relpath(around.themes[tag], here)))
            if tag in around.themes else escape_text(tag)
            for tag in page.tags
        )
        lines.append(tr("主题：") + themes)
    if not page.key:
        derived = [_link(tr(FIGURES_LABEL), rel("figures.md"))]
        if around.compared:
            derived.append(_link(tr(COMPARE_LABEL), rel("compare/index.md")))
        derived.append(_link(tr(RECORD_TITLE), rel(RECORD_PAGE)))
        lines.append(tr("本报告：") + " · ".join(derived))
    body = "\n\n".join(lines)
    return f'<div class="rs-chrome rs-provenance" markdown>\n\n{body}\n\n{CHROME_CLOSE}\n'


def quote_path(path: str) -> str:
    """A relative path as a link target: percent-encoded but for its separators."""
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
                f"| {_line_link(meta.slug, d.line)} | {escape_text(tr(d.what))} | "
                f"{escape_text(d.text)} |"
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
        cells = [escape_text(cell) for cell in row]
        if row[1].isdigit():  # the line, linked to the original's line
            cells[1] = _line_link(meta.slug, int(row[1]))
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("\n" + CHROME_CLOSE + "\n")
    return "\n".join(lines)


def _line_link(slug: str, line: int) -> str:
    if not line:
        return "—"
    # original_path is below `slug`: relative to it, the rest of the path (posixpath.relpath
    # was a seventh of the pipeline's time on a record page of thousands of rows).
    target = original_path(slug, line).removeprefix(slug + "/")
    return f"[{line}]({quote_path(target)}#L{line})"


def original_path(slug: str, line: int) -> str:
    """The page (below the generated folder) that shows `line` of the seed: LINES_PER_PAGE
    lines a page (render_original.py)."""
    k = (max(line, 1) - 1) // LINES_PER_PAGE + 1
    stem = ORIGINAL_PAGE.removesuffix(".md")
    return f"{slug}/{ORIGINAL_PAGE}" if k == 1 else f"{slug}/{stem}/{k}.md"


def _seed_link(meta: ReportMeta) -> str:
    return quote(meta.source)
