"""Step 2, decode: bytes to text, UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

Every failure names the file and says what is wrong; nothing is guessed silently.
"""

from __future__ import annotations

import codecs
import re

from .errors import ReportError

# Han in every block: unified (BMP and Extensions A-I on planes 2 and 3) and compatibility.
_HAN_RANGES = (
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ee5f"
    r"\U0002f800-\U0002fa1f\U00030000-\U000323af"
)
HAN = re.compile(f"[{_HAN_RANGES}]")
# C0/C1 controls other than tab, newline, carriage return and form feed: a text
# report has none, binary data has plenty.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# What a Chinese text decoded with the right codec is made of: ASCII, Han, CJK
# punctuation and full-width forms, general punctuation (“” — …), Latin-1 (·).
# Radicals, strokes, bopomofo and variation selectors (U+FE00-FE0F, U+E0100-E01EF, which pick
# a glyph of the Han character before them) belong too.
PLAUSIBLE = re.compile(
    r"[\x00-\x7f\u00a0-\u00ff\u2000-\u206f\u2100-\u214f\u2460-\u24ff\u2500-\u257f"
    r"\u2e80-\u2fdf\u2ff0-\u2fff\u3000-\u303f\u3100-\u312f\u31a0-\u31ef\ufe00-\ufe0f"
    r"\uff00-\uffef\U000e0100-\U000e01ef" + _HAN_RANGES + "]"
)
# The complement, searched with one regex pass: a per-character Python loop took 3 s on 30 MB.
IMPLAUSIBLE = re.compile("[^" + PLAUSIBLE.pattern[1:])


def _utf8_share(data: bytes) -> float:
    """Share of the non-ASCII bytes that belong to well-formed UTF-8 sequences."""
    decoded = data.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    non_ascii = sum(1 for b in data if b >= 0x80)
    return 1.0 if non_ascii == 0 else max(0.0, 1 - bad / non_ascii)


def decode(name: str, data: bytes) -> str:
    """Decode a seed's bytes. Raises ReportError for empty, binary or undecodable input."""
    return decode_seed(name, data)[0]


def decode_seed(name: str, data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a seed's bytes; ReportError when it is not text."""
    if not data.strip():
        raise ReportError(name, "file is empty")
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = _strict(name, data[len(codecs.BOM_UTF8) :], "utf-8"), "UTF-8 (BOM)"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _strict(name, data, "utf-16"), "UTF-16"
    elif b"\x00" in data:
        raise ReportError(name, "binary data, not a text file")
    else:
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as exc:
            # Text that is mostly valid UTF-8 is UTF-8 with damage; decoding it as
            # GB18030 would "succeed" and turn every character into another one.
            if _utf8_share(data) > 0.5:
                raise ReportError(
                    name, f"invalid UTF-8 at byte {exc.start} (and not GB18030 either)"
                ) from None
            text, encoding = _strict(name, data, "gb18030"), "GB18030"
    # Strict UTF-8 is never a wrong guess for these files (random or GB18030 bytes are not
    # well-formed UTF-8), so its text may hold any character; the share of unusual
    # characters only tells a wrong GB18030 or UTF-16 guess from a right one.
    _check_text(name, text, plausible_only=encoding != "UTF-8" and encoding != "UTF-8 (BOM)")
    return text, encoding


def _strict(name: str, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ReportError(
            name, f"cannot decode: not UTF-8 or GB18030 text (bad byte at offset {exc.start})"
        ) from None


def _check_text(name: str, text: str, plausible_only: bool) -> None:
    if CONTROL.search(text):
        raise ReportError(name, "binary data, not a text file (control characters)")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    odd = len(IMPLAUSIBLE.findall(text)) if plausible_only else 0  # only non-ASCII counts
    if non_ascii and odd / non_ascii > 0.05:
        raise ReportError(name, "cannot decode: not UTF-8 or GB18030 text")
    if not text.strip():
        raise ReportError(name, "file is blank")
    if not HAN.search(text):
        raise ReportError(name, "no Chinese text in file")
