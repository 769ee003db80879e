"""The normalisation record: every change the converter made to a seed's text.

Normalisation never changes a character of wording; it only touches whitespace,
`**` markers and the width of , : ; ( ) ! ?. So the seed and the normalised text
have the same sequence of all other characters ("anchors"), and every change is
a difference in the run of fluid characters between two anchors. Listing those
differences, with their offsets, gives a record that replays exactly: applying
the edits to the seed gives the normalised text (`apply_edits`), which a test
checks for each seed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

# Characters normalisation may add, drop or swap; everything else is an anchor.
FLUID = " \t\n\r\f\v\u00a0\u3000\u2028\u2029\x85\ufeff*,，:：;；!！?？(（)）"
_FLUID_RUN = re.compile(f"[{re.escape(FLUID)}]+")


class RecordError(ValueError):
    """The two texts differ in an anchor character: something changed wording."""


@dataclass(frozen=True)
class Edit:
    start: int  # offset in the seed text
    end: int
    before: str
    after: str
    line: int  # 1-based line of `start` in the seed

    @property
    def kind(self) -> str:
        """What sort of repair this is, for the editor reading the record."""
        kinds = []
        if self.before.count("\n") != self.after.count("\n") or "\r" in self.before:
            kinds.append("断行")  # line joined or split
        if self.before.count("*") != self.after.count("*") or (
            "*" in self.before and self.before != self.after
        ):
            kinds.append("加粗")  # bold marker moved or added
        if any(c in self.before for c in ",:;!?()") and any(
            c in self.after for c in "，：；！？（）"
        ):
            kinds.append("标点")  # half-width punctuation made full-width
        if _spaces(self.before) != _spaces(self.after) and "断行" not in kinds:
            kinds.append("空格")  # spaces removed
        return "、".join(kinds) or "空白"


def _spaces(text: str) -> int:
    return sum(text.count(c) for c in " \t\u00a0\u3000")


def _gaps(text: str) -> dict[int, tuple[int, int]]:
    """Anchor index -> (start, end) of the fluid run just before that anchor."""
    gaps: dict[int, tuple[int, int]] = {}
    fluid_before = 0
    for match in _FLUID_RUN.finditer(text):
        anchor = match.start() - fluid_before
        gaps[anchor] = (match.start(), match.end())
        fluid_before += match.end() - match.start()
    return gaps


def record_edits(before: str, after: str) -> tuple[Edit, ...]:
    """The edits that turn `before` into `after`; RecordError if wording differs."""
    if _FLUID_RUN.sub("", before) != _FLUID_RUN.sub("", after):
        raise RecordError("normalisation changed a character of the text")
    gaps_b, gaps_a = _gaps(before), _gaps(after)
    # Where `before` has no gap at an anchor, the empty gap sits at the anchor's
    # offset: its index plus the fluid characters before it (prefix sums).
    anchors_b = sorted(gaps_b)
    fluid_upto = list(accumulate(gaps_b[a][1] - gaps_b[a][0] for a in anchors_b))
    edits: list[Edit] = []
    line, line_pos = 1, 0
    for anchor in sorted(gaps_b.keys() | gaps_a.keys()):
        if anchor in gaps_b:
            start_b, end_b = gaps_b[anchor]
        else:
            k = bisect_left(anchors_b, anchor)
            start_b = end_b = anchor + (fluid_upto[k - 1] if k else 0)
        start_a, end_a = gaps_a.get(anchor, (0, 0))
        old, new = before[start_b:end_b], after[start_a:end_a]
        if old != new:
            line += before.count("\n", line_pos, start_b)
            line_pos = start_b
            edits.append(Edit(start_b, end_b, old, new, line))
    return tuple(edits)


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


def _show(text: str) -> str:
    """Make whitespace visible: ⏎ for a line break, ␣ for a space, □ for an ideographic one."""
    return text.replace("\r", "").replace("\n", "⏎").replace(" ", "␣").replace("\u3000", "□")


def record_tsv(seed_text: str, edits: tuple[Edit, ...]) -> str:
    rows = ["line\toffset\tkind\tbefore\tafter"]
    for e in edits:
        rows.append(f"{e.line}\t{e.start}\t{e.kind}\t{_show(e.before)}\t{_show(e.after)}")
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
