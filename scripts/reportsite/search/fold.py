"""The one normalisation of the n-gram search: index text and queries fold alike.

``search/worker.js`` folds the reader's query with the same rules (``normalise`` there), so
both sides must change together:

* per character: NFKC, lower case, then the Traditional→Simplified character map;
* whitespace (and zero-width characters, and any space NFKC produces) is soft: dropped,
  except one space kept between two ASCII letters/digits (``2024 年`` = ``2024年``,
  ``covid 19`` stays two words);
* ``\\n`` is a hard block boundary (paragraphs, list items, cells): runs collapse to one and
  no n-gram crosses it; none at either end.

Speed matters (the 100x archive, 2.4 million characters per script, must index in
a few seconds): ``Folder.normalise`` maps runs of ordinary characters with
``str.translate`` and only walks whitespace and the few characters whose fold is not one
character (``…`` → ``...``) one by one. ``Folder.normalise_slow`` is the plain
per-character definition the fast path is tested against.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

BOUNDARY = "\n"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_SOFT_CLASS = r"[^\S\n]|[" + _ZERO_WIDTH + "]"


def _odd_spacing(mapped: str) -> bool:
    """Anything but single spaces and single boundaries inside the text (after translate)."""
    if not mapped:
        return False
    return (
        mapped[0] in " \n"
        or mapped[-1] in " \n"
        or "  " in mapped
        or "\n\n" in mapped
        or " \n" in mapped
        or "\n " in mapped
    )


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_soft_space(ch: str) -> bool:
    return ch != BOUNDARY and (ch.isspace() or ch in _ZERO_WIDTH)


class Folder:
    """Fold text to the one script the index is kept in, remembering where each char came from."""

    def __init__(self, fold: Mapping[str, str]) -> None:
        self.fold_map = dict(fold)
        self._map: dict[str, str] = {}  # char → its fold; soft spaces → " "
        self._table: dict[int, str] = {}  # the chars whose fold differs, for str.translate
        self._table1: dict[int, str] = {}  # the same without the irregular ones
        self._irregular: set[str] = set()  # folds that are not exactly one non-space char
        self._compile()

    def _compile(self) -> None:
        irregular = "[" + "".join(re.escape(c) for c in sorted(self._irregular)) + "]"
        self._irregular_re = re.compile(irregular if self._irregular else "(?!)")
        # Runs of whitespace/boundaries, or one irregular char: everything else maps 1:1.
        alternatives = [f"(?:{_SOFT_CLASS}|\n)+"] + ([irregular] if self._irregular else [])
        self._split = re.compile("|".join(alternatives))

    def char(self, ch: str) -> str:
        """The fold of one character ("" is possible; soft spaces, also inside, become " ")."""
        out = self._map.get(ch)
        if out is None:
            if ch == BOUNDARY:
                out = BOUNDARY
            elif _is_soft_space(ch):
                out = " "
            else:
                nfkc = unicodedata.normalize("NFKC", ch).lower()
                out = "".join(" " if _is_soft_space(c) else self.fold_map.get(c, c) for c in nfkc)
            self._map[ch] = out
            if out != ch:
                self._table[ord(ch)] = out
            if ch != BOUNDARY and not _is_soft_space(ch) and (len(out) != 1 or out == " "):
                self._irregular.add(ch)
                self._compile()
            elif out != ch:
                self._table1[ord(ch)] = out
        return out

    def fold_slow(self, text: str) -> tuple[str, list[int]]:
        """The definition, one character at a time (reference for tests and the worker)."""
        out: list[str] = []
        src: list[int] = []
        pending = -1  # index of the first soft space since the last kept char
        for i, ch in enumerate(text):
            if ch == BOUNDARY:
                if out and out[-1] != BOUNDARY:
                    out.append(BOUNDARY)
                    src.append(i)
                pending = -1
                continue
            for c in self.char(ch):
                if c == " ":
                    if pending < 0:
                        pending = i
                    continue
                if pending >= 0 and out and _is_ascii_alnum(out[-1]) and _is_ascii_alnum(c):
                    out.append(" ")
                    src.append(pending)
                pending = -1
                out.append(c)
                src.append(i)
        while out and out[-1] == BOUNDARY:
            out.pop()
            src.pop()
        return "".join(out), src

    def fold(self, text: str) -> tuple[str, list[int]]:
        """Return the folded text and, for each of its chars, the index in ``text`` it came from.

        Same result as ``normalise_slow``. Section text out of ``extract_sections`` has single
        spaces and single boundaries, nothing at either end: then the fold is one
        ``str.translate``, only the spaces are looked at, and the few chars whose fold is
        longer than one char (``…``) are expanded last.
        """
        for ch in set(text).difference(self._map):
            self.char(ch)
        irregular = self._irregular.intersection(text)
        if any(" " in self._map[c] or not self._map[c] for c in irregular):
            return self.fold_slow(text)  # NFKC gave a space or nothing: rare, keep it simple
        mapped = text.translate(self._table1)
        if _odd_spacing(mapped):
            return self._normalise_runs(text)
        if " " not in mapped:
            folded, src = mapped, list(range(len(mapped)))
        else:
            folded, src = self._spaces(mapped, irregular)
        return self._expand(folded, src) if irregular else (folded, src)

    def _spaces(self, mapped: str, irregular: set[str]) -> tuple[str, list[int]]:
        """Drop single spaces unless they separate two ASCII letters/digits."""
        fold = self._map
        parts = mapped.split(" ")
        out = [parts[0]]
        src = list(range(len(parts[0])))
        pos = len(parts[0])  # index of the space before the next part
        for part in parts[1:]:
            before, after = out[-1][-1], part[0]
            if before in irregular:
                before = fold[before][-1]
            if after in irregular:
                after = fold[after][0]
            if _is_ascii_alnum(before) and _is_ascii_alnum(after):
                out.append(" ")
                src.append(pos)
            out.append(part)
            src.extend(range(pos + 1, pos + 1 + len(part)))
            pos += 1 + len(part)
        return "".join(out), src

    def _expand(self, folded: str, src: list[int]) -> tuple[str, list[int]]:
        """Replace each irregular char (kept as itself so far) by its fold."""
        out: list[str] = []
        new_src: list[int] = []
        pos = 0
        for m in self._irregular_re.finditer(folded):
            i = m.start()
            fold = self._map[m.group()]
            out += (folded[pos:i], fold)
            new_src += src[pos:i]
            new_src += [src[i]] * len(fold)
            pos = i + 1
        out.append(folded[pos:])
        new_src += src[pos:]
        return "".join(out), new_src

    def _normalise_runs(self, text: str) -> tuple[str, list[int]]:
        """General case: ordinary characters in runs, whitespace and irregular chars one by one."""
        out: list[str] = []
        src: list[int] = []
        last = ""  # last kept char
        pending = -1
        pos = 0
        table = self._table
        for m in self._split.finditer(text):
            start = m.start()
            if start > pos:
                run = text[pos:start].translate(table)
                if pending >= 0 and _is_ascii_alnum(last) and _is_ascii_alnum(run[0]):
                    out.append(" ")
                    src.append(pending)
                out.append(run)
                src.extend(range(pos, start))
                last = run[-1]
                pending = -1
            token = m.group()
            pos = m.end()
            if len(token) == 1 and token in self._irregular:
                for c in self._map[token]:
                    if c == " ":
                        if pending < 0:
                            pending = start
                        continue
                    if pending >= 0 and _is_ascii_alnum(last) and _is_ascii_alnum(c):
                        out.append(" ")
                        src.append(pending)
                    pending = -1
                    out.append(c)
                    src.append(start)
                    last = c
            elif BOUNDARY in token:
                if last and last != BOUNDARY:
                    out.append(BOUNDARY)
                    src.append(start + token.index(BOUNDARY))
                    last = BOUNDARY
                pending = -1  # nothing after a boundary can be kept as a space
            elif pending < 0:
                pending = start
        if pos < len(text):
            run = text[pos:].translate(table)
            if pending >= 0 and _is_ascii_alnum(last) and _is_ascii_alnum(run[0]):
                out.append(" ")
                src.append(pending)
            out.append(run)
            src.extend(range(pos, len(text)))
        folded = "".join(out)
        if folded.endswith(BOUNDARY):
            folded = folded[:-1]  # at most one: runs collapse
            src.pop()
        return folded, src

    def text(self, text: str) -> str:
        return self.fold(text)[0]
