"""Word-guided OpenCC conversion: OpenCC reads its phrases within jieba's words.

OpenCC converts by forward maximum matching over its phrase dictionary, so it reads a phrase
across a word boundary: 汕头|发挥 → 汕頭髮揮 (头发 = hair), 更加|注重 → 更加註重 (加注),
五年|历程 → 五年曆程 (年历), 和|面向 → 和麵向 (和面).  jieba knows those words.  We mark the
boundaries it finds with a private-use character, which OpenCC passes through untouched and
no phrase of its dictionaries contains, convert the whole text in one OpenCC call and remove
the marks again.  OpenCC's segmentation then never reads a phrase across a mark.

Which boundaries are marked, as measured on the twelve corpus reports and the two seeds
(README, "OpenCC configuration"):

* a boundary between two Han tokens of which at least one is a word of two or more
  characters.  A multi-character jieba word is evidence of a boundary: of the 59 places where
  this changed OpenCC's output on the corpus, 57 were right (个|中小学校 was 箇中, 长江|干流
  was 江干, …); the other two were names ending in 里 (太古|里, 东西|里), now glossary entries;
* not a boundary between two single-character tokens.  jieba falls back to single
  characters where its dictionary knows no word: names (查干湖), literary phrases (情系,
  民心所系), new words (内卷).  OpenCC's phrase is the better evidence there: marking these
  too changed 20 more places, 13 for the worse (內捲 → 內卷, 情繫 → 情系 …) and 7 for the
  better (并为, 对标对表, 许可制为), and those 7 are glossary entries;
* around a glossary phrase where it applies (see Guide): it is a segment of its own.

Only Han tokens are separated, so markup, digits, Latin, punctuation and the placeholders
of ``script.traditional_keep_markup`` reach OpenCC exactly as before.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jieba

# jieba's own block pattern (jieba.re_han_default): it segments these runs and passes every
# other character through one by one, so cutting block by block gives what cutting the whole
# text gives, and a block seen before (the derived pages quote the reports' sentences again)
# is looked up instead of segmented again.
_BLOCK = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&._%\\-]+")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# The word mark: private use, never \ue000 (traditional_keep_markup's placeholder).  A text
# holding the first candidate gets the next one; see separator_for.
_SEPARATORS = (
    *map(chr, range(0xF8FF, 0xE000, -1)),
    *map(chr, range(0xFFFFD, 0xF0000, -1)),
)
CACHE_BLOCKS = 1 << 16


def separator_for(text: str) -> str | None:
    """A private-use character that ``text`` does not contain (None if it holds them all)."""
    for sep in _SEPARATORS:
        if sep not in text:
            return sep
    return None


@functools.cache
def tokenizer(cache: Path | None = None) -> Any:
    """A jieba tokenizer of our own, not jieba's global one (Material's search may use and
    change that one).  Its dictionary cache goes into our per-user cache directory, not a
    shared temp file, because jieba loads it with pickle."""
    tok = jieba.Tokenizer()
    if cache is not None:
        tok.tmp_dir = str(cache)
    log = logging.getLogger("jieba")
    level = log.level
    log.setLevel(logging.WARNING)  # "Building prefix dict…" is not a build message
    try:
        tok.initialize()
    finally:
        log.setLevel(level)
    return tok


class Guide:
    """Marks the word boundaries of a text for one OpenCC call.

    ``phrases`` are glossary phrases (Han characters only).  Where one occurs without cutting
    a word of two or more characters that jieba found, it is one segment of its own: never
    split, and converted to the glossary's value.  Where its characters only meet across such
    a word (并为 in 合并|为, 加注 in 更加|注重), it is not that phrase and does not apply.
    """

    def __init__(self, tok: Any, phrases: Iterable[str] = ()) -> None:
        self._tok = tok
        self._phrases = frozenset(phrases)
        self._lengths = sorted({len(p) for p in self._phrases}, reverse=True)
        self._any = re.compile("|".join(map(re.escape, sorted(self._phrases))) or "(?!)")
        self._pieces = functools.lru_cache(maxsize=CACHE_BLOCKS)(self._block_pieces)

    def _tokens(self, block: str) -> list[tuple[str, bool]]:
        """(token, is a glossary phrase), in order."""
        # HMM off: it only joins runs of single characters into guessed words; on the corpus
        # it changed nothing (0 characters) and it costs time.
        words: list[str] = list(self._tok.cut(block, HMM=False))
        if not self._any.search(block):
            return [(w, False) for w in words]
        inside: set[int] = set()  # offsets that fall inside a word of two or more characters
        pos = 0
        for w in words:
            inside.update(range(pos + 1, pos + len(w)))
            pos += len(w)
        tokens: list[tuple[str, bool]] = []
        pos, k = 0, 0  # pos: next offset to place; k: next jieba word, at offset pos
        while pos < len(block):
            phrase = self._phrase_at(block, pos, inside)
            if phrase:
                tokens.append((phrase, True))
                end = pos + len(phrase)
                while pos < end:  # the phrase swallows whole words only
                    pos += len(words[k])
                    k += 1
            else:
                tokens.append((words[k], False))
                pos += len(words[k])
                k += 1
        return tokens

    def _phrase_at(self, block: str, pos: int, inside: set[int]) -> str:
        """The longest glossary phrase at ``pos`` (a word start) that ends between words."""
        for length in self._lengths:
            candidate = block[pos : pos + length]
            if (
                len(candidate) == length
                and candidate in self._phrases
                and pos + length not in inside
            ):
                return candidate
        return ""

    def _block_pieces(self, block: str) -> tuple[str, ...]:
        pieces: list[str] = []
        current: list[str] = []
        prev, prev_fixed = "", False
        for word, fixed in self._tokens(block):
            if (
                prev
                and _HAN.match(prev[-1])
                and _HAN.match(word[0])
                and (fixed or prev_fixed or len(word) > 1 or len(prev) > 1)
            ):
                pieces.append("".join(current))
                current = []
            current.append(word)
            prev, prev_fixed = word, fixed
        pieces.append("".join(current))
        if "".join(pieces) != block:  # jieba yields every character once; make sure
            raise RuntimeError(f"word segmentation lost text in {block[:40]!r}")
        return tuple(pieces)

    def mark(self, text: str, sep: str) -> tuple[str, int]:
        """``text`` with ``sep`` at each chosen word boundary, and how many were put in."""
        count = 0

        def one(match: re.Match[str]) -> str:
            nonlocal count
            block = match.group()
            if len(block) < 2:
                return block
            pieces = self._pieces(block)
            count += len(pieces) - 1
            return sep.join(pieces)

        return _BLOCK.sub(one, text), count

    def pieces(self, text: str) -> list[str]:
        """The segments OpenCC sees, in order (their concatenation is ``text``): for tests
        and the review tool."""
        sep = separator_for(text) or ""
        marked, _ = self.mark(text, sep)
        return marked.split(sep) if sep else [text]


def convert_guided(cc: Any, guide: Guide, text: str, same_length: bool = False) -> str:
    """Convert ``text`` with OpenCC ``cc`` word by word, in one call.

    With ``same_length`` every segment whose conversion changes its length is converted
    again character by character (a character that still would is kept as it is), so the
    result has the length of ``text`` and each character stays at its offset.
    """
    sep = separator_for(text)
    if sep is None:  # a text holding every private-use character: no mark left to use
        if same_length:
            return "".join(_keep_length(ch, str(cc.convert(ch))) for ch in text)
        return str(cc.convert(text))
    marked, count = guide.mark(text, sep)
    out = str(cc.convert(marked))
    if out.count(sep) != count:
        raise RuntimeError("OpenCC changed a word mark; cannot remove the marks exactly")
    if not same_length:
        return out.replace(sep, "")
    done = [
        piece if len(piece) == len(src) else _per_character(cc, src, sep)
        for src, piece in zip(marked.split(sep), out.split(sep), strict=True)
    ]
    return "".join(done)


def _per_character(cc: Any, text: str, sep: str) -> str:
    converted = str(cc.convert(sep.join(text))).split(sep)
    if len(converted) != len(text):
        return text
    return "".join(_keep_length(ch, c) for ch, c in zip(text, converted, strict=True))


def _keep_length(char: str, converted: str) -> str:
    return converted if len(converted) == 1 else char
