"""Checks of single values from the inputs: real dates, visible text, SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping

from .errors import ReportError

DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Letters that draw nothing although Unicode files them as letters or symbols (Hangul fillers,
# the Mongolian vowel separator, the blank Braille pattern).
_BLANK_LETTERS = frozenset("\u115f\u1160\u180e\u2800\u3164\uffa0")
# Format characters (U+200B, U+2060, U+FEFF, bidi marks), controls, spaces, separators, marks
# that only modify a base character (variation selectors), private use, unassigned.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})


def real_date(text: str) -> bool:
    """`2025`, `2025-02` or `2025-02-05`, and a day that is in the calendar."""
    match = DATE.fullmatch(text)
    if not match:
        return False
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def visible(text: str) -> bool:
    """Whether `text` shows anything: one character other than spaces and format marks."""
    return any(
        unicodedata.category(c) not in _INVISIBLE_CATEGORIES and c not in _BLANK_LETTERS
        for c in text
    )


def source_date_epoch(environ: Mapping[str, str]) -> int | None:
    """SOURCE_DATE_EPOCH as MkDocs and `reportsite bundle` use it; None when unset.

    MkDocs calls int() on it for every page, so an empty or malformed value was a traceback
    halfway through the build. The reproducible-builds spec says a malformed value should
    stop the build: an empty one is refused too, rather than read as "now".
    """
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    hint = "unset it, or set it to seconds since 1970 (e.g. $(git log -1 --format=%ct))"
    if not re.fullmatch(r"[0-9]+", value):
        raise ReportError("SOURCE_DATE_EPOCH", f"{value[:40]!r} is not a whole number; {hint}")
    try:
        dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (OverflowError, ValueError, OSError):
        raise ReportError("SOURCE_DATE_EPOCH", f"{value[:40]!r} is out of range; {hint}") from None
    return int(value)
