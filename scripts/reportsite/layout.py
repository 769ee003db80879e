"""The layout of a text's lines: what the whole text says about where paragraphs end.

Extraction from PDF or the web leaves two layouts: blank-line-separated paragraphs (page
breaks add a blank line inside a paragraph), and one paragraph per line (a hard wrap adds a
newline inside one). A PDF's text layer also keeps first-line indents and pads its lines to
a fixed width. `read_layout` measures these once for a text; paragraphs.py joins its lines
by them, and furniture.py reads wrapped lines of furniture whole.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .outline import ends_sentence, heading_level


@dataclass(frozen=True)
class Line:
    """One line of the text: as printed (its indent included, for the wrap width), and its
    words without the edge spaces."""

    raw: str
    text: str
    indent: bool  # it opens with spaces: a paragraph's first-line indent, or centred

    @staticmethod
    def of(raw: str) -> Line:
        raw = raw.rstrip(_EDGES)
        text = raw.lstrip(_EDGES)
        lead = raw[: len(raw) - len(text)]
        return Line(raw, text, bool(text) and _columns(lead) >= INDENT_MIN_COLUMNS)


_EDGES = " \t\u00a0\u3000\ufeff"
# A first-line indent tells paragraphs apart when some lines have one and the others go on
# without: with fewer than this many, or on nearly every line (a margin, or one paragraph a
# line), it tells nothing.
INDENT_MIN_LINES = 3
# An indent is two columns at least (　　 or two spaces): a single space at the start of a
# line is where a wrap fell on a space of the text.
INDENT_MIN_COLUMNS = 2


def _columns(spaces: str) -> int:
    return sum(2 if c == "\u3000" else 4 if c == "\t" else 1 for c in spaces)

INDENT_MAX_SHARE = 0.8
NEARLY_FULL = 0.9


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


def is_full(line: str, wrap: tuple[str, int] | None) -> bool:
    if wrap is None:
        return False
    measure, width = wrap
    size = len(line) if measure == "chars" else display_width(line)
    return size >= width - (1 if measure == "chars" else 2)


def blank_separated(lines: list[Line], gaps: list[bool], wrap: tuple[str, int] | None) -> bool:
    """True when paragraphs are separated by blank lines (rather than one per line).
    `gaps[i]`: a blank line (not a page break) stands before line i."""
    by_blank = direct = 0
    prev: Line | None = None
    for line, blank in zip(lines, gaps, strict=True):
        if not line.text:
            continue
        if (
            prev is not None
            and ends_sentence(prev.text)
            and not heading_level(line.text)
            and not is_full(prev.raw, wrap)
        ):
            if blank:
                by_blank += 1
            else:
                direct += 1
        prev = line
    return by_blank > direct


@dataclass(frozen=True)
class Layout:
    """What the whole text says about its lines: the wrap width, whether blank lines or
    first-line indents separate paragraphs, and which gaps are page breaks."""

    wrap: tuple[str, int] | None
    blank_layout: bool
    indents: bool
    gaps: list[bool]  # a blank line (not a page break) before line i
    breaks: list[bool]  # a page break before line i
    longest: int = 0  # characters in the longest line

    def full(self, raw: str) -> bool:
        return is_full(raw, self.wrap)

    def nearly_full(self, raw: str) -> bool:
        """Full, or, where no wrap width shows (a short text), nearly as long as the longest
        line: what a short heading's rest never is."""
        return self.full(raw) or len(raw) >= NEARLY_FULL * self.longest

    @property
    def line_layout(self) -> bool:
        """One paragraph a line (a web page's text): neither wrapped nor blank-separated."""
        return self.wrap is None and not self.blank_layout


def read_layout(lines: list[Line], breaks: frozenset[int]) -> Layout:
    """The layout of the whole text. `breaks`: indices of the lines that open a page, where
    furniture.py removed a page number or running header just before them."""
    gaps, pb = [False] * len(lines), [False] * len(lines)
    blank = broken = False
    for i, line in enumerate(lines):
        broken = broken or i in breaks
        if not line.text:
            blank = True
            continue
        # Blank lines at a page break are the page's margin, not a paragraph's end.
        gaps[i], pb[i] = blank and not broken, broken
        blank = broken = False
    wrap = detect_wrap_width([ln.raw for ln in lines])
    texts = [ln for ln in lines if ln.text]
    indented = sum(ln.indent for ln in texts)
    indents = INDENT_MIN_LINES <= indented <= INDENT_MAX_SHARE * len(texts)
    longest = max((len(ln.raw) for ln in texts), default=0)
    return Layout(wrap, blank_separated(lines, gaps, wrap), indents, gaps, pb, longest)
