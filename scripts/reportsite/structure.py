"""Step 4, find structure: the report's title and outline among the normalised blocks.

The blocks come with their kind (title, header, heading, appendix, text) and a heading's
level, found once, while normalise rejoined the lines (paragraphs.py, from a block's first
line); they are not classified again here. What needs the whole outline is settled here, and
can only make a title or heading running text, or give a heading without a number its level:

- `confirm_headings`: a numbered block of the weak levels (1. and （1）) is a heading when
  short and unfinished, a long or finished one is a numbered paragraph; a heading or title
  that joining made too long (or gave sentence marks) is text;
- `place_unnumbered`: a title without a number (“十四五”时期发展成就和2025年工作回顾) is a part
  when its position says so: text follows it, and it stands one level above the numbered
  headings that follow it, or beside other such parts;
- `lists_stay_text`: numbered one-sentence items with nothing under them ((一)推动经济发展。
  (二)强化社会安全网。) are a list in their page, not a heading each over an empty page;
- an appendix (附件1, 名词解释, 注释) keeps its own numbered lists: split.py puts it on a page
  of its own, whatever its headings.
"""

from __future__ import annotations

from collections.abc import Sequence

from .models import Block, Kind
from .outline import STRONG_LEVELS, ends_sentence, heading_level, is_first_number, meta_fields
from .paragraphs import is_title_like

# A numbered line (1. or （1）) is a heading when short and unfinished; a long or
# finished one is a numbered paragraph and stays running text.
WEAK_HEADING_MAX_CHARS = 40
# The page level a report without numbered headings gives its titles without numbers.
DEFAULT_PART_LEVEL = 2
MIN_UNNUMBERED_PARTS = 2


def _text(block: Block) -> Block:
    return Block(Kind.PARAGRAPH, block.text)


def _is_heading(block: Block) -> bool:
    if block.level == 0:
        return True  # placed (or made text) by place_unnumbered
    # Joining may have left a number whose rest never came ("九" that a page break parted
    # from "、拓展…" when the rest did not join): then it is no heading.
    first_line = block.text.split("\n", 1)[0]
    if heading_level(first_line) != block.level:
        return False
    if block.level in STRONG_LEVELS:
        return True
    return len(block.text) <= WEAK_HEADING_MAX_CHARS and not ends_sentence(block.text)


def confirm_headings(blocks: Sequence[Block]) -> list[Block]:
    """The blocks as their pages show them: each its own kind, or running text."""
    out = []
    for block in blocks:
        if block.kind is Kind.HEADING and not _is_heading(block):
            block = _text(block)
        elif block.kind is Kind.TITLE and not is_title_like(block.text):
            block = _text(block)
        out.append(block)
    return out


def _is_body(block: Block) -> bool:
    return block.kind is Kind.PARAGRAPH


def _strong(block: Block) -> bool:
    return block.kind is Kind.HEADING and block.level in STRONG_LEVELS


def unnumbered_levels(blocks: Sequence[Block]) -> dict[int, int]:
    """Block index -> outline level, for each title without a number (a heading of level 0)
    that the outline places; the others are text.

    A title above numbered headings restarts their numbering: the first numbered heading
    after it (before any other such title) is number one (一、 （一） 1.), and the title
    stands one level above it (“十四五”时期发展成就和2025年工作回顾 over （一）（二）). A title
    with no numbered heading under it is placed beside the titles so placed, where it stands
    outside their numbered headings (a closing part), or, in a report with no numbered
    heading at all, at the page level. Only a title that text follows is placed: a caption,
    a line the page cut, a signature at the end, a lead-in without its colon stay text.
    """
    candidates = [i for i, b in enumerate(blocks) if b.kind is Kind.HEADING and b.level == 0]
    if not candidates:
        return {}
    bounds = [*candidates[1:], len(blocks)]
    levels: dict[int, int] = {}
    for i, end in zip(candidates, bounds, strict=True):
        first = next((b for b in blocks[i + 1 : end] if _strong(b)), None)
        if first is not None and first.level > 1 and is_first_number(first.text):
            if _text_before(blocks, i + 1, end, first.level - 1):
                levels[i] = first.level - 1
    placed = sorted(set(levels.values()))
    numbered = any(_strong(b) for b in blocks)
    unplaced: list[int] = []
    for i, end in zip(candidates, bounds, strict=True):
        if i in levels or any(_strong(b) for b in blocks[i + 1 : end]):
            continue
        if not _text_before(blocks, i + 1, end, 0):
            continue
        if placed and _outside_numbered(blocks, i, placed[0]):
            levels[i] = placed[0]
        elif not numbered:
            unplaced.append(i)
    # With no numbered heading, titles organise the report only when there are several: a
    # single one is likelier the first words of a paragraph that a page break cut.
    if len(unplaced) >= MIN_UNNUMBERED_PARTS:
        levels.update(dict.fromkeys(unplaced, DEFAULT_PART_LEVEL))
    return levels


def _text_before(blocks: Sequence[Block], start: int, end: int, level: int) -> bool:
    """Whether running text comes in blocks[start:end] before a heading of `level` or above
    (or an appendix)."""
    for block in blocks[start:end]:
        if block.kind is Kind.APPENDIX or (block.kind is Kind.HEADING and 0 < block.level <= level):
            return False
        if _is_body(block):
            return True
    return False


def place_unnumbered(blocks: list[Block]) -> list[Block]:
    """Titles without a number at their level (unnumbered_levels), or as text."""
    levels = unnumbered_levels(blocks)
    return [
        Block(Kind.HEADING, b.text, levels[i]) if i in levels else _text(b)
        if b.kind is Kind.HEADING and b.level == 0 else b
        for i, b in enumerate(blocks)
    ]


def _outside_numbered(blocks: Sequence[Block], i: int, level: int) -> bool:
    """Whether blocks[i] stands outside any numbered heading of `level` or above: since
    the last heading of those levels, only other unnumbered titles came."""
    for block in reversed(blocks[:i]):
        if block.kind is Kind.HEADING and 0 < block.level <= level:
            return False
        if block.kind is Kind.HEADING and block.level == 0:
            return True
    return True


def lists_stay_text(blocks: list[Block]) -> list[Block]:
    """Runs of numbered one-sentence items with nothing under them are a list, not headings.

    A run is the sibling headings of one level between two headings above it. Where at least
    half of a run's items end a sentence and have no text before the next sibling, every item
    of the run is text, so its page shows the list whole.
    """
    out = list(blocks)
    # An appendix ends every run: its lists are its own.
    heads = [i for i, b in enumerate(blocks)
             if (b.kind is Kind.HEADING and b.level) or b.kind is Kind.APPENDIX]  # fmt: skip
    for level in sorted({blocks[i].level for i in heads if blocks[i].level}):
        run: list[int] = []
        for i in [*heads, len(blocks)]:
            within = i < len(blocks) and blocks[i].kind is Kind.HEADING
            if within and blocks[i].level > level:
                continue
            if within and blocks[i].level == level:
                run.append(i)
                continue
            _settle_run(out, blocks, run)
            run = []
    return out


def _settle_run(out: list[Block], blocks: list[Block], run: list[int]) -> None:
    if not run:
        return
    bare = 0
    for i in run:
        nxt = next((b for b in blocks[i + 1 :] if b.kind is not Kind.META), None)
        empty = nxt is None or nxt.kind in (Kind.HEADING, Kind.APPENDIX)
        if empty and nxt is not None and nxt.kind is Kind.HEADING and nxt.level > blocks[i].level:
            empty = False  # it heads deeper headings
        bare += empty and ends_sentence(blocks[i].text)
    if 2 * bare >= len(run):
        for i in run:
            out[i] = _text(blocks[i])


def find_structure(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The report's blocks as its pages show them; a block of blank text shows nothing."""
    kept = confirm_headings([b for b in blocks if b.text.strip()])
    return tuple(lists_stay_text(place_unnumbered(kept)))


def header_fields(blocks: tuple[Block, ...]) -> dict[str, str]:
    """Label -> value of the header lines (信息提供日期, 来源 …)."""
    fields: dict[str, str] = {}
    for block in blocks:
        if block.kind is Kind.META:
            for label, value in meta_fields(block.text):
                fields.setdefault(label, value)
    return fields
