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
from collections import Counter
from dataclasses import dataclass, replace

from .models import Block, Kind
from .outline import SALUTATION, STRONG_LEVELS, ends_sentence, heading_level, is_meta_line

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
    last_line: str


# East Asian wide characters are all from U+1100 on, but the half-width forms FF61-FFDC;
# the rest are narrow. Counting the narrow ones is quicker in Chinese text, which has few.
_NARROW = re.compile("[^\u1100-\uff60\uffdd-\U0010ffff]")


def display_width(line: str) -> int:
    """Columns a line takes in a fixed-width dump: East Asian wide characters count 2."""
    return 2 * len(line) - len(_NARROW.findall(line))


def detect_wrap_width(lines: list[str]) -> tuple[str, int] | None:
    """The width a hard wrap cut the lines at, if they were hard-wrapped.

    Hard-wrapped text has many lines of (nearly) the same length, measured either
    in characters or in display columns; unwrapped text has no such peak.
    Returns the measure ("chars" or "cols") and the width, or None.
    """
    text_lines = [ln for ln in lines if ln.strip()]
    if len(text_lines) < 8:
        return None
    best: tuple[int, str, int] | None = None
    for measure, fn in (("chars", len), ("cols", display_width)):
        counts = Counter(map(fn, text_lines))
        for width in counts:
            if width < 10:
                continue
            score = counts[width - 1] + counts[width] + counts[width + 1]
            if best is None or score > best[0]:
                best = (score, measure, width)
    if best is None or best[0] < max(4, 0.3 * len(text_lines)):
        return None
    _, measure, width = best
    # The peak straddles width-1..width+1: a full line is one that reaches the peak.
    return measure, width


def _is_full(line: str, wrap: tuple[str, int] | None) -> bool:
    if wrap is None:
        return False
    measure, width = wrap
    size = len(line) if measure == "chars" else display_width(line)
    return size >= width - (1 if measure == "chars" else 2)


def _blank_separated(lines: list[str], wrap: tuple[str, int] | None) -> bool:
    """True when paragraphs are separated by blank lines (rather than one per line)."""
    by_blank = direct = 0
    prev: str | None = None
    blank = False
    for line in lines:
        if not line.strip():
            blank = True
            continue
        if (
            prev is not None
            and ends_sentence(prev)
            and not heading_level(line)
            and not _is_full(prev, wrap)
        ):
            if blank:
                by_blank += 1
            else:
                direct += 1
        prev, blank = line, False
    return by_blank > direct


def is_title_like(line: str) -> bool:
    """A report's first line is its title when short, with no sentence marks or bold."""
    return len(line) <= MAX_TITLE_CHARS and not re.search(r"[，。！？；,;!?]|\*\*", line)


def _split_outline_number(lines: list[str], i: int) -> int:
    """A break right after an outline number ("九" / "、拓展…") leaves a heading in two: the
    level of the heading that lines[i] opens so, else 0."""
    if len(lines[i]) > 4:
        return 0
    rest = next((ln for ln in lines[i + 1 :] if ln.strip()), "")
    level = heading_level(lines[i] + rest)
    return level if level in STRONG_LEVELS else 0


def _kind(lines: list[str], i: int, first: bool) -> tuple[Kind, int]:
    """What the block opened by lines[i] is, with its outline level: the one classification
    of the report's blocks, which the later steps take as it is."""
    line = lines[i]
    if is_meta_line(line):
        return Kind.META, 0
    level = heading_level(line)
    if level:
        return Kind.HEADING, level
    if first and is_title_like(line):
        return Kind.TITLE, 0
    level = _split_outline_number(lines, i)
    return (Kind.HEADING, level) if level else (Kind.PARAGRAPH, 0)


def _wrapped_tail(lines: list[str], i: int, wrap: tuple[str, int] | None) -> bool:
    """Whether lines[i:] hold the wrapped rest of a title or heading.

    The rest of a wrapped heading is zero or more full lines and then a short line
    that finishes no sentence; a paragraph after a heading ends with a sentence.
    """
    for line in lines[i:]:
        if not line.strip() or heading_level(line) or is_meta_line(line):
            return False
        if not _is_full(line, wrap):
            return not ends_sentence(line)
        if ends_sentence(line):
            return False
    return False


def _joins(
    cur: _Open,
    lines: list[str],
    i: int,
    blank: bool,
    blank_layout: bool,
    wrap: tuple[str, int] | None,
) -> bool:
    """Whether lines[i] continues block `cur` rather than starting a new block."""
    line = lines[i]
    level = heading_level(line)
    if is_meta_line(line) or level in STRONG_LEVELS:
        return False
    full = _is_full(cur.last_line, wrap)
    if cur.kind is not Kind.PARAGRAPH:
        if cur.kind is Kind.HEADING and cur.text[-8:].rstrip(BOLD)[-1:] in OPEN_TAIL:
            return True
        if not blank and full and _wrapped_tail(lines, i, wrap):
            return True
        # A page break inside a heading leaves its short unfinished rest on the
        # next page; a paragraph after a heading finishes its sentence.
        return (
            cur.kind is Kind.HEADING
            and (blank or blank_layout)
            and len(cur.text) + len(line) <= HEADING_TAIL_CHARS * 3
            and len(line) <= HEADING_TAIL_CHARS
            and not _is_full(line, wrap)
            and not re.search(r"[。！？；!?;]", line)
        )
    # The salutation (各位代表：) is a paragraph of its own, though it ends no sentence.
    if SALUTATION.match(cur.text):
        return False
    # A paragraph: an unfinished sentence goes on, across blank lines too.
    if not ends_sentence(cur.text):
        return True
    if level:
        return False
    return not blank and (blank_layout or full)


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


def join_lines(text: str, *, titled: bool = False) -> list[Block]:
    """Group lines into blocks, each with its kind (and a heading's level). `titled`: the
    masthead above this text (masthead.py) holds the title, so the first line is not one."""
    lines = text.split("\n")
    wrap = detect_wrap_width(lines)
    blank_layout = _blank_separated(lines, wrap)
    blocks: list[_Open] = []
    blank = False
    for i, line in enumerate(lines):
        if not line.strip():
            blank = True
            continue
        cur = blocks[-1] if blocks else None
        if cur is not None and _joins(cur, lines, i, blank, blank_layout, wrap):
            # A wrapper that breaks at spaces (textwrap) drops the space it broke
            # at: a wrapped line that stops short of the width lost one.
            lost_space = (
                wrap is not None
                and not blank
                and cur.kind is Kind.PARAGRAPH
                and not _is_full(cur.last_line, wrap)
            )
            cur.text = join_pair(cur.text + (" " if lost_space else ""), line)
            cur.last_line = line
        else:
            kind, level = _kind(lines, i, not blocks and not titled)
            blocks.append(_Open(kind, level, line, line))
        blank = False
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
