"""What a line of a report is: outline heading, header field, or running text.

Used when normalise rejoins lines (paragraphs.py), which classifies each block by
the line that opens it and must not join a heading to the paragraph after it, and
by `structure`, which checks that a heading still stands once its text is final.
Outline numbering follows GB/T 9704: 一、 then （一） then 1. then （1）.
"""

from __future__ import annotations

import re

CN_NUM = "一二三四五六七八九十百零〇两"
# A strong heading always starts a new block; a weak one (1. and （1）) only after a
# finished sentence, because a page break can fall just before "2.3万" or "(1)".
HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^[{CN_NUM}]+、(?=\S)")),
    (2, re.compile(rf"^[（(][{CN_NUM}]+[）)](?=\S)")),
    (3, re.compile(r"^\d{1,2}[.．、](?=[^\d\s.．])")),
    (4, re.compile(r"^[（(]\d{1,2}[）)](?=[^\d\s）)])")),
)
STRONG_LEVELS = frozenset({1, 2})
# Longest plausible heading: longer lines that start like "1." are running text.
MAX_HEADING_CHARS = 120

# Header fields printed above a web article ("信息提供日期 : 2025-02-05 来源 : …").
META_LABELS = (
    "信息提供日期",
    "发布日期",
    "发布时间",
    "发文日期",
    "日期",
    "时间",
    "来源",
    "发布机构",
    "发文机关",
    "作者",
    "字号",
)
META_FIELD = re.compile(
    r"(?P<label>" + "|".join(META_LABELS) + r")\s*[:：]\s*"
    r"(?P<value>.*?)\s*(?=(?:" + "|".join(META_LABELS) + r")\s*[:：]|$)"
)
META_LINE = re.compile(r"^\s*(?:" + "|".join(META_LABELS) + r")\s*[:：]")

# The salutation that opens a report's text: the end of its masthead, a paragraph of its own.
SALUTATION = re.compile(
    r"^(?:各位代表|各位委员|各位委員|同志们|同志們|女士们|女士們|各位)[^。]{0,20}[：:！!]$"
)

# A sentence is finished by these (full- or half-width), possibly followed by
# closing quotes/brackets and the closing marker of a bold run.
TERMINALS = "。！？；!?;…"
CLOSERS = "”’」』）)》〉】]\"'"
_TAIL_MARKS = CLOSERS + "*"


def heading_level(line: str) -> int:
    """Outline level of a heading line, or 0 for a line that is not a heading."""
    stripped = line.lstrip("*")
    if len(stripped) > MAX_HEADING_CHARS:
        return 0
    for level, pattern in HEADING_PATTERNS:
        if pattern.match(stripped):
            return level
    return 0


def is_meta_line(line: str) -> bool:
    return bool(META_LINE.match(line))


def meta_fields(line: str) -> list[tuple[str, str]]:
    """The (label, value) pairs of a header line, in order."""
    return [(m["label"], m["value"]) for m in META_FIELD.finditer(line) if m["value"]]


def ends_sentence(text: str) -> bool:
    """True when `text` ends a sentence: 。！？；… possibly inside quotes or bold."""
    # Only the end matters: looking at a bounded tail keeps joining linear in paragraph length.
    # Closers, `*` and whitespace (str.isspace, as regex \s) come off the end in any mix.
    core = text[-256:]
    while True:
        stripped = core.rstrip(_TAIL_MARKS).rstrip()
        if stripped == core:
            break
        core = stripped
    return bool(core) and core[-1] in TERMINALS
