"""Part of step 3, normalise: the furniture a printed page adds, found by repetition.

A PDF's text layer carries each page's number (`— 3 —`, `- 4 -`, `第3页`, `3/40`, a bare number
rising page after page) and its running header or footer (the report's short title, the
office's name) on every page. They are removed by line, like the web's furniture
(furniture.py `sift`, which lists them in the record), and where they stood is a page break:
`page_breaks` tells paragraphs.join_lines, for which a page break alone never starts a
paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol

from .outline import SALUTATION, ends_sentence, heading_level


class TextLine(Protocol):
    @property
    def text(self) -> str: ...


# — 3 —, - 4 -, 第3页, 第3页 共40页, 3/40, Page 3 of 40.
PAGE_NUMBER = re.compile(
    r"^(?:[—–\-－―─]+\s*\d{1,4}\s*[—–\-－―─]+|第\s*\d{1,4}\s*[页頁](?:\s*[,，/]?\s*共\s*\d{1,4}\s*[页頁])?"
    r"|(?:共\s*\d{1,4}\s*[页頁]\s*)?第\s*\d{1,4}\s*[页頁]|\d{1,4}\s*/\s*\d{1,4}|"
    r"[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
# Bare numbers are page numbers only as a rising run of at least this many.
BARE_RUN = 3

# A running header is a short line, repeated on at least this many pages; where page numbers
# say where the pages break, on two, each copy beside a page number.
RUNNING_MIN = 3
RUNNING_MIN_BY_NUMBERS = 2
RUNNING_MAX_CHARS = 40


def page_numbers(lines: Sequence[TextLine]) -> set[int]:
    out = {i for i, ln in enumerate(lines) if PAGE_NUMBER.match(ln.text)}
    bare = [i for i, ln in enumerate(lines) if _BARE_NUMBER.match(ln.text)]
    values = [int(lines[i].text) for i in bare]
    if len(bare) >= BARE_RUN and all(b > a for a, b in pairwise(values)):
        out.update(bare)
    return out


def _mask(text: str) -> str:
    """A running header with its page number masked, so that every page's copy is equal."""
    return re.sub(r"\d+", "#", text)


def running_headers(lines: Sequence[TextLine], pages: set[int], start: int) -> set[int]:
    """Short lines repeated on page after page (at least RUNNING_MIN times; with page
    numbers, on half the pages and twice at least, each copy beside a page number), that end
    no sentence and open no heading: the report's own repeated lines (各位代表！) end one."""
    counts = Counter(
        _mask(ln.text) for i, ln in enumerate(lines) if ln.text and i not in pages
    )
    need = max(RUNNING_MIN_BY_NUMBERS if pages else RUNNING_MIN, len(pages) // 2)
    headers = {
        key for key, n in counts.items()
        if n >= need and len(key) <= RUNNING_MAX_CHARS and not ends_sentence(key)
        and not key.endswith(("：", ":")) and not heading_level(key)
        and not SALUTATION.match(key)
    }  # fmt: skip
    out: set[int] = set()
    texts = [i for i, ln in enumerate(lines) if ln.text and i not in pages]
    order = {i: n for n, i in enumerate(texts)}
    near_page = {order[i] for i in texts if _next_to(lines, i, pages)}
    for key in headers:
        where = [i for i in texts if _mask(lines[i].text) == key]
        # The copy in the masthead is the title itself, which stays.
        if where[0] < start:
            where = where[1:]
        if len(where) < need:
            continue
        if pages:
            # Each copy stands by a page break: within a few lines of a page number.
            if not all(order[i] in near_page or order[i] < NEAR for i in where):
                continue
        elif not _evenly_spaced([order[i] for i in where]):
            continue
        out.update(where)
    return out


# How near a page number a running header stands, in lines of text.
NEAR = 3


def _next_to(lines: Sequence[TextLine], i: int, pages: set[int]) -> bool:
    """Whether line i is within NEAR lines of text of a page-number line."""
    for step in (-1, 1):
        j, seen = i + step, 0
        while 0 <= j < len(lines) and seen < NEAR:
            if j in pages:
                return True
            if lines[j].text:
                seen += 1
            j += step
    return False


# Without page numbers, a header's copies stand a page apart: gaps of at least this many
# lines of text, the longest at most three times the shortest.
MIN_PAGE_LINES = 10


def _evenly_spaced(where: list[int]) -> bool:
    gaps = [b - a for a, b in pairwise(where)]
    return bool(gaps) and min(gaps) >= MIN_PAGE_LINES and max(gaps) <= 3 * min(gaps)


PAGE_RULES = frozenset({"page_number", "running_header"})


def page_breaks(
    lines: Sequence[TextLine],
    rules: dict[int, tuple[str, tuple[tuple[str, str], ...]]],
    kept: set[str],
) -> frozenset[int]:
    """Indices, among the lines that stay, of those right after a removed page number or
    running header."""
    out, gone = set(), 0
    for i, line in enumerate(lines):
        if i in rules and line.text not in kept:
            gone += 1
            if rules[i][0] in PAGE_RULES:
                out.add(i + 1 - gone)
    return frozenset(out)
