"""The normalisation record: every change the converter made to a seed's text.

Normalisation never changes a character of wording; it only touches whitespace,
`**` markers and the width of , : ; ( ) ! ?. So the seed and the normalised text
have the same sequence of all other characters ("anchors"), and every change is
a difference in the run of fluid characters between two anchors. Listing those
differences, with their offsets, gives a record that replays exactly: applying
the edits to the seed gives the normalised text (`apply_edits`), which a test
checks for each seed.

This is the one record of what normalisation did: `normalise` returns it with the
text, the 规范化记录 page and changes.tsv publish it, and the golden tests check it.
Derived from the two texts rather than kept by each rule, it cannot miss a change.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate, pairwise, repeat
from operator import add, itemgetter
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .furniture import Removed

# Characters normalisation may add, drop or swap; everything else is an anchor.
FLUID = " \t\n\r\f\v\u00a0\u3000\u2028\u2029\x85\ufeff*,，:：;；!！?？(（)）"
_FLUID_RUN = re.compile(f"[{re.escape(FLUID)}]+")
_FLUID_SPLIT = re.compile(f"({_FLUID_RUN.pattern})")


class RecordError(ValueError):
    """The two texts differ in an anchor character: something changed wording."""


class Edit(NamedTuple):  # immutable, and quick to make: a big seed has ~450,000 edits
    start: int  # offset in the seed text
    end: int
    before: str
    after: str
    line: int  # 1-based line of `start` in the seed
    # A removed line (furniture.py): the rule that removed it, as the record names it.
    rule: str = ""

    @property
    def kind(self) -> str:
        """What sort of repair this is, for the editor reading the record."""
        return removal_kind(self.rule) if self.rule else _kind(self.before, self.after)


def removal_kind(rule: str) -> str:
    """删除（页码） for a line that rule `page_number` removed (furniture.RULES)."""
    from .furniture import RULES  # furniture is the step; the record only names its rules

    return f"删除（{RULES.get(rule, rule)}）"


# A 30 MB seed has ~450,000 edits but only a handful of distinct (before, after) pairs.
@functools.lru_cache(maxsize=4096)
def _kind(before: str, after: str) -> str:
    """Why an edit was made, as the record page says it: the kinds of repair it holds (one
    edit may hold two, 断行、加粗), each the work of these rules of normalise.py and
    paragraphs.py: 断行 unify_newlines, join_lines, split_meta_fields, carry_trailing_leadin;
    加粗 extend_split_bold, merge_split_bold, carry_trailing_leadin, promote_leadin,
    balance_bold; 标点 full_width_punctuation; 空格 remove_cjk_spacing, strip_line_edges."""
    kinds = []
    if before.count("\n") != after.count("\n") or "\r" in before:
        kinds.append("断行")  # line joined or split
    if before.count("*") != after.count("*") or ("*" in before and before != after):
        kinds.append("加粗")  # bold marker moved or added
    if any(c in before for c in ",:;!?()") and any(c in after for c in "，：；！？（）"):
        kinds.append("标点")  # half-width punctuation made full-width
    if _spaces(before) != _spaces(after) and "断行" not in kinds:
        kinds.append("空格")  # spaces removed
    return "、".join(kinds) or "空白"


def _spaces(text: str) -> int:
    return sum(text.count(c) for c in " \t\u00a0\u3000")


def _runs(text: str) -> tuple[str, list[int], list[str], list[int]]:
    """The anchors of a text and its fluid runs: (anchor text, anchor index of each run, the
    runs, fluid characters before each run). Built by C-level calls only (split, accumulate):
    a loop over match objects took seconds on a 30 MB seed."""
    parts = _FLUID_SPLIT.split(text)  # anchors, run, anchors, run, …, anchors
    pieces, runs = parts[::2], parts[1::2]
    keys = list(accumulate(map(len, pieces[:-1])))
    before = [0, *accumulate(map(len, runs))]
    return "".join(pieces), keys, runs, before


def record_edits(before: str, after: str) -> tuple[Edit, ...]:
    """The edits that turn `before` into `after`; RecordError if wording differs."""
    anchors_b, keys_b, runs_b, fluid_b = _runs(before)
    anchors_a, keys_a, runs_a = _runs(after)[:3]
    if anchors_b != anchors_a:
        raise RecordError("normalisation changed a character of the text")
    # Anchor index -> the fluid run just before that anchor, in each text; only the anchors
    # whose runs differ are edits (set operations in C, then Python for the edits alone).
    gaps_b, gaps_a = dict(zip(keys_b, runs_b, strict=True)), dict(zip(keys_a, runs_a, strict=True))
    changed = sorted(set(map(itemgetter(0), gaps_b.items() ^ gaps_a.items())))
    # Column by column with map (C loops): a 30 MB seed has ~450,000 edits. Runs before an
    # anchor hold fluid_b[k] characters, so the seed's gap starts there (where the seed has
    # no gap, the empty one sits at that offset); lines count the newlines up to each start.
    olds = list(map(gaps_b.get, changed, repeat("")))
    news = list(map(gaps_a.get, changed, repeat("")))
    fluid = map(fluid_b.__getitem__, map(bisect_left, repeat(keys_b), changed))
    starts = list(map(add, changed, fluid))
    ends = map(add, starts, map(len, olds))
    newlines = map(before.count, repeat("\n"), [0, *starts[:-1]], starts)
    lines = accumulate(newlines, initial=1)
    next(lines)  # the initial 1 belongs to no edit
    return tuple(map(Edit, starts, ends, olds, news, lines))


def with_removals(
    edits: tuple[Edit, ...], removed: Sequence[Removed], seed: str | None = None
) -> tuple[Edit, ...]:
    """The record from the seed: `edits` (from the seed without its removed lines to the
    normalised text) moved to seed offsets and lines, and one edit per removed line, with
    its rule. An edit whose span held a removed line is cut there, its new text going with
    the first piece, so that the edits replay in order and never overlap."""
    if not removed:
        return edits
    points: list[int] = []  # where each removed line was, in the kept text
    cum_len, cum_nl = [0], [0]
    for r in removed:
        size = r.end - r.start
        points.append(r.start - cum_len[-1])
        cum_len.append(cum_len[-1] + size)
        cum_nl.append(cum_nl[-1] + r.span.count("\n"))
    out = [Edit(r.start, r.end, r.span, "", r.line, r.rule) for r in removed]
    for e in edits:
        cuts = points[bisect_right(points, e.start) : bisect_left(points, e.end)]
        bounds = [e.start, *cuts, e.end]
        for n, (a, b) in enumerate(pairwise(bounds)):
            if n and a == b:
                continue
            first = bisect_right(points, a)
            last = first if a == b else bisect_left(points, b)
            line = e.line + e.before[: a - e.start].count("\n") + cum_nl[first]
            piece = e.before[a - e.start : b - e.start]
            after = e.after if n == 0 else ""
            out.append(Edit(a + cum_len[first], b + cum_len[last], piece, after, line))
    out.sort(key=lambda x: (x.start, x.end))
    return tuple(out)


def in_original(edits: tuple[Edit, ...], original: str) -> tuple[Edit, ...]:
    """The record of a text analysed in another script's characters (a Traditional seed read
    in its Simplified conversion, character for character), for the original: only a removed
    line holds anything but whitespace, bold markers and punctuation, so only its text is
    taken from the original."""
    return tuple(e._replace(before=original[e.start : e.end]) if e.rule else e for e in edits)


def apply_edits(text: str, edits: tuple[Edit, ...]) -> str:
    """Replay a record: the seed text with every edit applied."""
    out: list[str] = []
    pos = 0
    for edit in edits:
        out.append(text[pos : edit.start])
        if text[edit.start : edit.end] != edit.before:
            raise RecordError(f"record does not fit the text at offset {edit.start}")
        out.append(edit.after)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


# The page lists this many edits; the TSV beside it lists them all.
PAGE_ROWS = 2000
RECORD_TITLE = "规范化记录"
CONTEXT = 6


@functools.lru_cache(maxsize=4096)  # the record's before/after strings repeat a lot
def _show(text: str) -> str:
    """Make whitespace visible: ⏎ for a line break, ␣ for a space, □ for an ideographic one."""
    return text.replace("\r", "").replace("\n", "⏎").replace(" ", "␣").replace("\u3000", "□")


@functools.lru_cache(maxsize=4096)
def _tsv_tail(before: str, after: str, rule: str) -> str:
    kind = removal_kind(rule) if rule else _kind(before, after)
    return f"{kind}\t{_show(before)}\t{_show(after)}"


def record_tsv(seed_text: str, edits: tuple[Edit, ...]) -> str:
    rows = ["line\toffset\tkind\tbefore\tafter"]
    if edits:
        # Columns by transposing (zip), rows by map: one Python-level step per edit was most
        # of the time for a big seed; kind and the shown texts repeat, so they are memoised.
        starts, _, befores, afters, lines, rules = zip(*edits, strict=True)
        rows += map("{}\t{}\t{}".format, lines, starts, map(_tsv_tail, befores, afters, rules))
    return "\n".join(rows) + "\n"


def record_rows(seed_text: str, edits: tuple[Edit, ...]) -> list[tuple[str, ...]]:
    """(number, line, kind, seed excerpt, normalised excerpt) for the record page."""
    rows: list[tuple[str, ...]] = []
    for n, e in enumerate(edits[:PAGE_ROWS], 1):
        left = seed_text[max(0, e.start - CONTEXT) : e.start]
        right = seed_text[e.end : e.end + CONTEXT]
        rows.append(
            (
                str(n),
                str(e.line),
                e.kind,
                _show(left + "【" + e.before + "】" + right),
                _show(left + "【" + e.after + "】" + right),
            )
        )
    return rows
