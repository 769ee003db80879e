"""Rebuild paragraphs from extracted lines: hard wraps, page breaks and split bold runs.

Extraction from PDF or the web leaves two layouts: blank-line-separated paragraphs
(page breaks add a blank line inside a paragraph), and one paragraph per line
(a hard wrap adds a newline inside one). The rules here are layout repairs: they
join or split lines and move `**` markers; they never change a character of text.

Joining has to know what each block is (a heading does not take the paragraph after it), so
this is where the report's blocks are classified, once: title, header line, heading (with its
outline level) or running text, from the line that opens the block. The kinds go with the
blocks to the structure step.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from .layout import Layout, Line, read_layout
from .models import Block, Kind
from .outline import (
    HEADING_MAX_CHARS,
    NUMBER_ONLY,
    RUNIN_END,
    RUNIN_MAX_CHARS,
    SALUTATION,
    STRONG_LEVELS,
    ends_clause,
    ends_sentence,
    has_sentence_mark,
    heading_level,
    is_appendix,
    is_meta_line,
    runin_end,
)

# A heading may be wrapped after one of these: the line clearly goes on.
OPEN_TAIL = "，、,和与及或的"
# Longest first line of a heading's continuation in the blank-separated layout.
HEADING_TAIL_CHARS = 40
# Longest title a report has on its first line.
MAX_TITLE_CHARS = 80
BOLD = "**"


@dataclass
class _Open:
    """A block while lines are still being joined to it (Block is its finished, frozen form)."""

    kind: Kind
    level: int  # outline level of a heading, else 0
    text: str
    last_line: str  # as printed, its indent included: what a hard wrap filled
    first: int  # index of its first line
    lines: int = 1


def is_title_like(line: str) -> bool:
    """A report's first line is its title when short, with no sentence marks or bold."""
    return len(line) <= MAX_TITLE_CHARS and not re.search(r"[，。！？；,;!?]|\*\*", line)


def is_heading_like(line: str) -> bool:
    """A line that reads as a title of a part (“十四五”时期发展成就和2025年工作回顾): short, no
    sentence or clause marks, not a lead-in to what follows (……以下工作：)."""
    return (
        2 <= len(line) <= HEADING_MAX_CHARS
        and is_title_like(line)
        and not ends_clause(line)
        and not SALUTATION.match(line)
    )


def _title_line(line: Line, layout: Layout) -> bool:
    """A line that reads as a title (is_heading_like) and stops short of the width: a wrapped
    line of a paragraph fills it."""
    return is_heading_like(line.text) and not layout.nearly_full(line.raw)


def _split_outline_number(lines: list[Line], i: int) -> int:
    """A break right after an outline number ("九" / "、拓展…") leaves a heading in two: the
    level of the heading that lines[i] opens so, else 0."""
    if len(lines[i].text) > 4:
        return 0
    rest = next((ln.text for ln in lines[i + 1 :] if ln.text), "")
    level = heading_level(lines[i].text + rest)
    return level if level in STRONG_LEVELS else 0


def _kind(
    lines: list[Line], i: int, first: bool, layout: Layout, titles: frozenset[int] | None
) -> tuple[Kind, int]:
    """What the block opened by lines[i] is, with its outline level: the one classification
    of the report's blocks, which the later steps take as it is. Level 0 on a heading: a
    title without a number, which `structure` places in the outline or makes text; with
    `titles`, only those lines may be one."""
    line = lines[i].text
    if is_meta_line(line):
        return Kind.META, 0
    level = heading_level(line)
    if level:
        return Kind.HEADING, level
    if first and is_title_like(line):
        return Kind.TITLE, 0
    if not first and is_appendix(line):
        return Kind.APPENDIX, 0
    level = _split_outline_number(lines, i)
    if level:
        return Kind.HEADING, level
    if (
        not first
        and (titles is None or i in titles)
        and _title_line(lines[i], layout)
    ):
        return Kind.HEADING, 0
    return Kind.PARAGRAPH, 0


def _wrapped_tail(lines: list[Line], i: int, layout: Layout) -> bool:
    """Whether lines[i:] hold the wrapped rest of a title or heading.

    The rest of a wrapped heading is zero or more full lines and then a short line
    that finishes no sentence; a paragraph after a heading ends with a sentence.
    """
    for line in lines[i:]:
        if not line.text or heading_level(line.text) or is_meta_line(line.text):
            return False
        if not layout.full(line.raw):
            return not ends_sentence(line.text)
        if ends_sentence(line.text):
            return False
    return False


def _title_ends_within(text: str) -> bool:
    """Whether a full stop or colon ends a title in the first RUNIN_MAX_CHARS of `text`."""
    stops = [text.find(c, 0, RUNIN_MAX_CHARS + 1) for c in RUNIN_END]
    return any(at >= 0 for at in stops)


def _heading_goes_on(cur: _Open, lines: list[Line], i: int, layout: Layout) -> bool:
    """Whether lines[i] is the rest of the title or heading `cur`."""
    line = lines[i]
    if cur.kind is Kind.HEADING and cur.text[-8:].rstrip(BOLD)[-1:] in OPEN_TAIL:
        return True  # cut after 、，和: the words go on
    if cur.kind is Kind.HEADING and cur.level in (2, 3) and NUMBER_ONLY.match(cur.text):
        return True  # （一） / 推动…: the number alone on its line
    if NUMBER_ONLY.match(cur.text) or cur.kind is Kind.APPENDIX:
        return False  # 第一部分 / 附件1 above their words: the lines stay as printed
    if not layout.gaps[i] and layout.full(cur.last_line):
        if (
            cur.kind is Kind.HEADING
            and cur.level
            and not (layout.indents and line.indent)
            and _title_ends_within(cur.text + line.text)
        ):
            # A numbered line that fills the width goes on when its title ends soon after:
            # the rest of the title, or the section's text run in after it (normalise's
            # split_runin_headings cuts it at its first full stop). A title that filled the
            # line and ends there has its paragraph below (_wrapped_tail tells).
            return True
        if _wrapped_tail(lines, i, layout):
            return True
    # A page break inside a heading leaves its short unfinished rest on the next page; a
    # paragraph after a heading finishes its sentence, or fills its first line.
    return (
        cur.kind is Kind.HEADING
        and (layout.gaps[i] or layout.breaks[i] or layout.blank_layout)
        and not ends_sentence(cur.text)
        and cur.lines < 3
        and len(cur.text) + len(line.text) <= HEADING_MAX_CHARS
        and not layout.nearly_full(line.raw)
        and not has_sentence_mark(line.text)
        and not (layout.indents and line.indent)
    )


def _wrapped_on(cur: _Open, line: Line, layout: Layout) -> bool:
    """Whether `line` is where a hard wrap cut the unfinished sentence of `cur`: its last
    line fills the width, and no indent opens this one."""
    return (
        layout.full(cur.last_line)
        and not ends_clause(cur.text)
        and not (layout.indents and line.indent)
    )


def _joins(cur: _Open, lines: list[Line], i: int, layout: Layout) -> bool:
    """Whether lines[i] continues block `cur` rather than starting a new block."""
    line = lines[i].text
    level = heading_level(line)
    # A heading whose line went on with its section's text (（一）…。坚持…) goes on as
    # that text does: normalise's split_runin_headings cuts the title off later.
    running = cur.kind is Kind.PARAGRAPH or (cur.kind is Kind.HEADING and runin_end(cur.text))
    if running and level and _wrapped_on(cur, lines[i], layout):
        return True  # …推进合 / 六、合淮、合滁产业走廊: a wrap, not a heading
    if is_meta_line(line) or level in STRONG_LEVELS:
        return False
    if not running:
        return not level and not is_appendix(line) and _heading_goes_on(cur, lines, i, layout)
    # The salutation (各位代表：) is a paragraph of its own, though it ends no sentence.
    if SALUTATION.match(cur.text):
        return False
    # A first-line indent opens a paragraph, whatever the line before it; where paragraphs
    # open with one, a line after a page break without one goes on the paragraph.
    if layout.indents:
        if lines[i].indent:
            return False
        if layout.breaks[i] and not level and not _title_line(lines[i], layout):
            return True  # not a title either: those stand on a line of their own
    # One paragraph a line: a line that reads as a title stays one, even where the outline
    # found no place for it (structure.py); across a blank line or page break it was cut.
    if (
        layout.line_layout
        and cur.lines == 1
        and is_heading_like(cur.text)
        and not (layout.gaps[i] or layout.breaks[i])
    ):
        return False
    full = layout.full(cur.last_line)
    # A paragraph: an unfinished sentence goes on, across blank lines and page breaks too;
    # a lead-in (……以下几点：) on a line that stops short ends it.
    if not ends_sentence(cur.text):
        return full or not ends_clause(cur.text)
    if level or (is_appendix(line) and not full):
        return False
    # A short line that reads as a title and finishes nothing is no paragraph's last line
    # (that ends a sentence), whatever the width of the line before.
    if _title_line(lines[i], layout):
        return False
    # A finished sentence: a page break alone never opens a paragraph, a blank line does in
    # the blank-line layout, and a wrap goes on where the line was full.
    return not layout.gaps[i] and (layout.blank_layout or full)


def _bold_open_at_end(text: str) -> bool:
    """True when `text` ends inside a bold run (an odd number of markers)."""
    return text.count(BOLD) % 2 == 1


def join_pair(left: str, right: str) -> str:
    """Join two pieces of one paragraph, repairing a bold run that the cut split.

    `**智慧联动**` + `全链条。…` is one lead-in cut by a page break: the bold run goes
    on to the end of the sentence. `**A**` + `**B。**` is one run split in two.
    """
    if left.endswith(BOLD) and not _bold_open_at_end(left):
        inner = left[: -len(BOLD)]
        if right.startswith(BOLD):  # merge_split_bold
            return inner + right[len(BOLD) :]
        start = inner.rfind(BOLD)
        run = inner[start + len(BOLD) :]
        if not ends_sentence(run):
            match = re.match(r"[^，。！？；,;!?*]{0,30}?[。！？；!?;]", right)
            if match:  # extend_split_bold
                end = match.end()
                return inner + right[:end] + BOLD + right[end:]
    return left + right


# Latin words on both sides of a wrap: a wrapper that breaks at spaces (textwrap) dropped one.
_LATIN_END = re.compile(r"[A-Za-z0-9,.;:!?)\]'\"%]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9(\['\"]")


def _separator(cur: _Open, line: Line, layout: Layout) -> str:
    """What stands between two joined lines: nothing in Chinese text; the line break itself
    between a number alone on its line and its words (第一部分 / 工作回顾), which keep their
    lines; a space a space-breaking wrapper dropped between Latin words."""
    if _number_alone(cur):
        return "\n"
    lost_space = (
        layout.wrap is not None
        and cur.kind is Kind.PARAGRAPH
        and not layout.full(cur.last_line)
        and bool(_LATIN_END.search(cur.text))
        and bool(_LATIN_START.match(line.text))
    )
    return " " if lost_space else ""


def _number_alone(cur: _Open) -> bool:
    """第一部分, 壹、 or 附件1 alone on its line: its words follow on the next line."""
    if cur.kind is Kind.APPENDIX:
        return "\n" not in cur.text
    return cur.kind is Kind.HEADING and cur.level == 1 and bool(NUMBER_ONLY.match(cur.text))


def _titles_its_number(cur: _Open, lines: list[Line], i: int, layout: Layout) -> bool:
    """Whether lines[i] holds the words of a heading printed as a number alone on its line
    (第一部分, 附件1), on the next line."""
    return _number_alone(cur) and cur.lines == 1 and not layout.gaps[i] and is_heading_like(
        lines[i].text
    ) and not heading_level(lines[i].text)


def _join(
    lines: list[Line], layout: Layout, titled: bool, titles: frozenset[int] | None
) -> list[_Open]:
    blocks: list[_Open] = []
    for i, line in enumerate(lines):
        if not line.text:
            continue
        cur = blocks[-1] if blocks else None
        if cur is not None and (
            _titles_its_number(cur, lines, i, layout) or _joins(cur, lines, i, layout)
        ):
            cur.text = join_pair(cur.text + _separator(cur, line, layout), line.text)
            cur.last_line = line.raw
            cur.lines += 1
        else:
            kind, level = _kind(lines, i, not blocks and not titled, layout, titles)
            blocks.append(_Open(kind, level, line.text, line.raw, i))
    return blocks


PlaceTitles = Callable[[list[Block]], Iterable[int]]


def join_lines(
    text: str,
    *,
    titled: bool = False,
    breaks: frozenset[int] = frozenset(),
    place: PlaceTitles | None = None,
) -> list[Block]:
    """Group lines into blocks, each with its kind (and a heading's level). `titled`: the
    masthead above this text (masthead.py) holds the title, so the first line is not one.
    `breaks`: lines that open a page (see _layout). Lines keep their edge spaces here: an
    indent says where a paragraph starts; joined, they go.

    `place` (structure.unnumbered_levels) says which titles without a number the outline
    takes, as indices of the blocks it is given: a line that only looked like one (the first
    words of a paragraph that a page break cut) is joined again as text."""
    lines = [Line.of(raw) for raw in text.split("\n")]
    layout = read_layout(lines, breaks)
    blocks = _join(lines, layout, titled, None)
    looked = {b.first for b in blocks if b.kind is Kind.HEADING and b.level == 0}
    if looked and place is not None:
        placed = set(place([Block(b.kind, b.text, b.level) for b in blocks]))
        titles = frozenset(b.first for n, b in enumerate(blocks) if n in placed)
        if titles != looked:
            blocks = _join(lines, layout, titled, titles)
    return [Block(b.kind, b.text, b.level) for b in blocks]


TRAILING_LEADIN = re.compile(r"\*\*([^*]+)\*\*$")


def carry_trailing_leadins(blocks: list[Block]) -> list[Block]:
    """A bold lead-in left at the end of a page starts the next paragraph.

    `…方案。**深化关爱服务。**` / `深入开展…`: the finished bold sentence at the very
    end of a block belongs to the paragraph after the break.
    """
    out = list(blocks)
    for i in range(len(out) - 1):
        text, ntext = out[i].text, out[i + 1].text
        match = TRAILING_LEADIN.search(text)
        if (
            out[i].kind is not Kind.PARAGRAPH
            or out[i + 1].kind is not Kind.PARAGRAPH
            or not match
            or not ends_sentence(match[1])
            or ntext.startswith(BOLD)
            or text[: match.start()].count(BOLD) % 2
        ):
            continue
        lead = match[0]
        rest = text[: match.start()]
        out[i] = replace(out[i], text=rest)
        out[i + 1] = replace(out[i + 1], text=lead + ntext)
    return [b for b in out if b.text]
