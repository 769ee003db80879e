"""Which script a text is written in: Simplified ("hans") or Traditional ("hant").

A text is judged by the characters that only one script uses; a character common to both
(干 台 后 里 于 乾 著 …) counts for neither.  A character is Simplified-only when OpenCC's s2t
changes it, no Traditional conversion (s2t, s2tw, s2hk) ever writes it, and Big5 cannot
encode it; Traditional-only when t2s changes it, t2s never writes it, and GB 2312 cannot
encode it.  The two character sets catch what OpenCC's first-choice conversion alone cannot
tell: 干 is changed by s2t (→ 幹) but is also the Traditional of 干預, and Big5 has it; 乾 is
changed by t2s (→ 干) but is also the Simplified of 乾隆, and GB 2312 has it.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

import opencc

Script = Literal["hans", "hant"]

# CJK Extension A and the unified block; compatibility ideographs (U+F900…) are changed by
# OpenCC's normalisation in both directions and say nothing about the script.
_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000))
_SEP = "\uf8ff"  # private use: OpenCC passes it through, so one call converts every character


def _encodes(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _each(config: str, chars: list[str]) -> list[str]:
    out = str(opencc.OpenCC(config).convert(_SEP.join(chars))).split(_SEP)
    if len(out) != len(chars):
        raise RuntimeError(f"OpenCC {config} changed the character separator")
    return out


@functools.cache
def script_characters() -> tuple[frozenset[str], frozenset[str]]:
    """(Simplified-only characters, Traditional-only characters); about 0.2 s, once."""
    chars = [chr(i) for lo, hi in _RANGES for i in range(lo, hi)]
    s2t, t2s = _each("s2t", chars), _each("t2s", chars)
    written_traditional = {*s2t, *_each("s2tw", chars), *_each("s2hk", chars)}
    written_simplified = set(t2s)
    hans = frozenset(
        c for c, t in zip(chars, s2t, strict=True)
        if t != c and c not in written_traditional and not _encodes(c, "cp950")
    )
    hant = frozenset(
        c for c, s in zip(chars, t2s, strict=True)
        if s != c and c not in written_simplified and not _encodes(c, "gb2312")
    )
    return hans, hant


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    hans, hant = script_characters()
    return (
        re.compile("[" + "".join(sorted(hans)) + "]"),
        re.compile("[" + "".join(sorted(hant)) + "]"),
    )


def script_counts(text: str) -> tuple[int, int]:
    """(Simplified-only, Traditional-only) characters in ``text``."""
    hans, hant = _patterns()
    # findall over the whole text: a regular expression class scans a 30 MB text in about
    # 0.2 s, so no sampling is needed (and none can miss a short Traditional passage).
    return len(hans.findall(text)), len(hant.findall(text))


def detect_script(text: str) -> Script:
    """"hant" when Traditional-only characters outnumber Simplified-only ones, else "hans"
    (a tie or a text with neither, e.g. digits and 的 了 是 only, is "hans")."""
    hans, hant = script_counts(text)
    return "hant" if hant > hans else "hans"
