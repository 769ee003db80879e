"""Step 3, normalise: repair the layout and typography that extraction broke.

Each rule is a named function; `normalise` runs them in order and returns the
repaired blocks, each with the kind that rejoining the lines found for it, their
text (one block per line, blocks separated by a blank line) and the record of
every change (changes.py): the one that the 规范化记录 page publishes, so an
editor can check every one. No rule adds, drops or replaces a character of the
report's wording: rules join lines, move `**` markers, swap half-width
punctuation for its full-width form and drop spaces; the record refuses a text
where one did.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from .changes import Edit, record_edits, with_removals
from .furniture import Removed, sift
from .masthead import split_masthead
from .models import Block, Kind
from .outline import (
    HEADING_MAX_CHARS,
    META_FIELD,
    RUNIN_MAX_CHARS,
    STRONG_LEVELS,
    meta_fields,
    runin_end,
)
from .paragraphs import carry_trailing_leadins, join_lines
from .settings import SpacingPolicy
from .structure import confirm_headings, unnumbered_levels

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK punctuation and full-width forms, and the general punctuation Chinese uses.
CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef“”‘’—…·"
_HAN = re.compile(f"[{HAN}]")
# Looking for the nearest word, a mark looks past spaces, quotes and brackets.
_SKIP = " \t\u00a0\u3000“”‘’\"'()（）《》〈〉「」『』【】[]"
ALNUM = r"A-Za-z0-9%‰℃°"
SPACE = r"[ \t\u00a0\u3000]"
SPACES = SPACE + "+"

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
# Bold lead-ins are short titled sentences; longer first sentences are running text.
LEADIN_MAX_CHARS = 30
# A document uses run-in bold lead-ins when at least this many survive extraction.
LEADIN_MIN_BOLD = 2
LEADIN = re.compile(f"[^，。！？；：,;:!?*]{{1,{LEADIN_MAX_CHARS}}}?[。！？]")


@dataclass(frozen=True)
class Normalised:
    blocks: tuple[Block, ...]  # what structure takes: the kinds are not worked out again
    text: str  # the blocks' text, one per line, a blank line between: what the record replays
    record: tuple[Edit, ...]  # the edits that turn the input into `text`, as published
    removed: tuple[Removed, ...] = ()  # the furniture lines (furniture.py), also in `record`


def unify_newlines(text: str) -> str:
    """CRLF, CR, form feeds and Unicode line separators become LF."""
    return re.sub(r"\r\n?|[\f\v\u2028\u2029\x85]", "\n", text)


EDGES = " \t\u00a0\u3000\ufeff"


def strip_line_edges(text: str) -> str:
    """Trailing blanks go; leading spaces, including full-width paragraph indents, go.
    (join_lines reads the indents first: they say where a paragraph starts.)"""
    return "\n".join(ln.strip(EDGES) for ln in text.split("\n"))


def split_runin_headings(blocks: list[Block]) -> list[Block]:
    """A numbered heading whose line goes on with its section's text is a heading and a
    paragraph: `（一）着力完善市场经济体制。坚持以改革促发展…` is the heading up to its
    first full stop or colon, then the text. Only for the strong levels (第一部分, 一、,
    （一））: 1. and （1） also number paragraphs, whose first sentence is no title. A first
    sentence longer than a title (RUNIN_MAX_CHARS) makes the block a numbered paragraph; so
    does a heading longer than any title (HEADING_MAX_CHARS) with no sentence to split at."""
    out: list[Block] = []
    for block in blocks:
        if block.kind is not Kind.HEADING or block.level not in STRONG_LEVELS:
            out.append(block)
            continue
        end = runin_end(block.text)
        head = block.text[:end] if end else block.text
        if len(head.replace("**", "")) > (RUNIN_MAX_CHARS if end else HEADING_MAX_CHARS):
            out.append(Block(Kind.PARAGRAPH, block.text))
        elif end:
            out += [Block(Kind.HEADING, head, block.level), Block(Kind.PARAGRAPH, block.text[end:])]
        else:
            out.append(block)
    return out


def split_meta_fields(block: str) -> list[str]:
    """A header line with several fields becomes one line per field.

    Only when every label has a value: a bare label (`来源：` at the end of the line) has no
    field to go to, and splitting would drop its text.
    """
    fields = meta_fields(block)
    if len(fields) < 2 or len(fields) != len(META_FIELD.findall(block)):
        return [block]
    return [f"{label}：{value}" for label, value in fields]


def _neighbour(text: str, i: int, step: int) -> str:
    """Nearest character to text[i] in direction `step`, past spaces, quotes and brackets."""
    j = i + step
    while 0 <= j < len(text) and text[j] in _SKIP:
        j += step
    return text[j] if 0 <= j < len(text) else ""


# Only the marks are visited: a loop over every character of a block was the slowest step.
_MARKS = re.compile("[" + re.escape("".join(FULL_WIDTH)) + "]")
_PARENS = re.compile(r"[()]")


def _paren_pairs(text: str) -> dict[int, int]:
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for m in _PARENS.finditer(text):
        i = m.start()
        if m[0] == "(":
            stack.append(i)
        elif stack:
            j = stack.pop()
            pairs[j], pairs[i] = i, j
    return pairs


def full_width_punctuation(text: str) -> str:
    """Half-width , : ; ( ) ! ? in Chinese text become full-width.

    A mark is in Chinese text when the nearest word character on either side (past
    spaces, quotes and brackets) is Han. Between two digits (1,000 and 17:14) and
    in Latin text it stays. Brackets go in pairs: a pair changes when it holds or
    touches Han.
    """
    marks = [m.start() for m in _MARKS.finditer(text)]
    if not marks:
        return text
    pairs = _paren_pairs(text)
    chars = list(text)
    for i in marks:
        c = text[i]
        prev, nxt = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if c in "()" and i in pairs:
            a, b = sorted((i, pairs[i]))
            touches = _HAN.search(text[a + 1 : b]) or _HAN.match(_neighbour(text, a, -1))
            convert = bool(touches or _HAN.match(_neighbour(text, b, 1)))
        else:
            convert = bool(_HAN.match(prev) or _HAN.match(nxt))
            if c in ",:" and prev.isdigit() and nxt.isdigit():
                convert = False
        if convert:
            chars[i] = FULL_WIDTH[c]
    return "".join(chars)


def _spaces_after(cls: str) -> str:
    """Spaces right after a character of `cls`: `(?<=cls)SPACES`, written to open with the
    space so that the regex engine skips to the next space in C; a pattern that opens with
    a lookbehind is tried at every position of the text (same matches either way)."""
    return f"{SPACE}(?<={cls}{SPACE}){SPACE}*"


_SPACE_RULES = (
    # Han and a digit or Latin letter: GB/T 15835 sets no space between them.
    re.compile(_spaces_after(f"[{HAN}]") + f"(?=[{ALNUM}])"),
    re.compile(_spaces_after(f"[{ALNUM}]") + f"(?=[{HAN}])"),
    # Full-width punctuation carries its own spacing: a space beside it is stray.
    re.compile(_spaces_after(f"[{CJK_PUNCT}]") + "(?=\\S)"),
    re.compile(_spaces_after("\\S") + f"(?=[{CJK_PUNCT}])"),
)


def remove_cjk_spacing(text: str) -> str:
    """Drop spaces between Han and digits/Latin and beside full-width punctuation.

    Spaces between two Han characters stay: they separate the halves of a slogan
    (“福爱童行 守护成长”). Spaces between two Latin words stay.
    """
    for rule in _SPACE_RULES:
        # One sub in C, no callback: a 30 MB seed has ~370,000 of these spaces.
        text = rule.sub("", text)
    return text


def promote_leadins(blocks: list[Block]) -> list[Block]:
    """Run-in lead-ins that lost their bold in extraction get it back.

    In a report that sets its run-in lead-ins in bold (`**组织覆盖有形有效。**印发…`),
    a paragraph that opens with a short titled sentence (no comma, at most 30
    characters, more text after it) opens with a lead-in too: `理论精髓入脑入心。`.
    """
    bold_runs = sum(b.text.count("**") // 2 for b in blocks if b.kind is Kind.PARAGRAPH)
    if bold_runs < LEADIN_MIN_BOLD:
        return blocks
    out: list[Block] = []
    for block in blocks:
        text = block.text
        match = LEADIN.match(text)
        if block.kind is Kind.PARAGRAPH and match and match.end() < len(text):
            lead = match[0]
            block = replace(block, text=f"**{lead}**{text[match.end() :]}")
        out.append(block)
    return out


def balance_bold(text: str) -> str:
    """An unmatched `**` closes at the end of its sentence, or stays to be shown as text."""
    if text.count("**") % 2 == 0:
        return text
    # The unmatched marker is the last one when the runs before it pair up.
    i = text.rfind("**")
    after = text[i + 2 :]
    match = re.match(r"[^*。！？；]{1,30}[。！？；]", after)
    if match:
        return text[: i + 2] + match[0] + "**" + after[match.end() :]
    # Left as it is: the renderer shows an unmatched marker as literal text.
    return text


TextRule = Callable[[str], str]


def placed_titles(blocks: list[Block]) -> set[int]:
    """The titles without a number that the outline takes (structure.py's rule), for
    join_lines to keep apart from the text after them."""
    pieces: list[Block] = []
    origin: list[int] = []  # the index in `blocks` of each piece
    for n, block in enumerate(blocks):
        split = split_runin_headings([block])
        pieces += split
        origin += [n] * len(split)
    return {origin[i] for i in unnumbered_levels(confirm_headings(pieces))}


def normalise(
    text: str, *, spacing: SpacingPolicy = "remove", keep: tuple[str, ...] = ()
) -> Normalised:
    """Run every rule in order. Output: one block per line, blank line between blocks.

    Furniture lines go first (furniture.py; `keep` lists lines an editor keeps), then the
    masthead's lines are set apart (masthead.py) so that joining does not run them into the
    text. RecordError (changes.py) when a rule changed a character of wording: a converter bug.
    """
    sifted = sift(text, keep)
    lines = unify_newlines(sifted.kept).split("\n")
    head, taken = split_masthead([ln.strip(EDGES) for ln in lines])
    titled = any(b.kind is Kind.TITLE for b in head)
    breaks = frozenset(i - taken for i in sifted.breaks if i >= taken)
    body = join_lines("\n".join(lines[taken:]), titled=titled, breaks=breaks, place=placed_titles)
    blocks = head + carry_trailing_leadins(split_runin_headings(body))
    inline: list[TextRule] = [full_width_punctuation]
    if spacing == "remove":
        inline.append(remove_cjk_spacing)
    out: list[Block] = []
    for block in blocks:
        parts = [block.text]
        if block.kind is Kind.META:
            parts = split_meta_fields(block.text)
        for part in parts:
            for rule in inline:
                part = rule(part)
            out.append(Block(block.kind, part, block.level))
    out = promote_leadins(out)
    final = tuple(
        Block(b.kind, balance_bold(b.text)) if b.kind is Kind.PARAGRAPH else b for b in out
    )
    text = "\n\n".join(b.text for b in final) + "\n"
    record = with_removals(record_edits(sifted.kept, text), sifted.removed)
    return Normalised(final, text, record, sifted.removed)
