"""Text side of the n-gram search (issue 4): page HTML → sections, and the one normalisation.

``search/worker.js`` folds the reader's query with the same rules (``normalise`` there), so
both sides must change together:

* per character: NFKC, lower case, then the Traditional→Simplified character map;
* whitespace (and zero-width characters, and any space NFKC produces) is soft: dropped,
  except one space kept between two ASCII letters/digits (``2024 年`` = ``2024年``,
  ``covid 19`` stays two words);
* ``\\n`` is a hard block boundary (paragraphs, list items, cells): runs collapse to one and
  no n-gram crosses it; none at either end.

Speed matters (issue 7: the 100x archive, 2.4 million characters per script, must index in
a few seconds), so both halves avoid per-character Python where they can: the HTML is cut
with one regular expression instead of ``html.parser``, and the normaliser maps runs of
ordinary characters with ``str.translate`` and only walks whitespace runs and the few
characters whose fold is not one character (``…`` → ``...``) one by one.
``Normaliser.normalise_slow`` is the plain per-character definition the fast path is tested
against.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

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


class Normaliser:
    """Fold text to the one script the index is kept in, remembering where each char came from."""

    def __init__(self, fold: Mapping[str, str]) -> None:
        self.fold = dict(fold)
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
                out = "".join(" " if _is_soft_space(c) else self.fold.get(c, c) for c in nfkc)
            self._map[ch] = out
            if out != ch:
                self._table[ord(ch)] = out
            if ch != BOUNDARY and not _is_soft_space(ch) and (len(out) != 1 or out == " "):
                self._irregular.add(ch)
                self._compile()
            elif out != ch:
                self._table1[ord(ch)] = out
        return out

    def normalise_slow(self, text: str) -> tuple[str, list[int]]:
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

    def normalise(self, text: str) -> tuple[str, list[int]]:
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
            return self.normalise_slow(text)  # NFKC gave a space or nothing: rare, keep it simple
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
        return self.normalise(text)[0]


# --------------------------------------------------------------------------- HTML → sections


@dataclass
class Section:
    """One searchable unit: the page intro (anchor "") or the text under one heading."""

    anchor: str
    heading: str
    body: str  # blocks joined with BOUNDARY


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd details div dl dt figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th "
    "thead tr ul".split()
)
_SKIP_TAGS = frozenset({"script", "style", "template", "svg", "noscript"})
_RAW_TEXT = frozenset({"script", "style"})  # their content is not markup: jump to the end tag
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TOKEN = re.compile(
    r"<!--.*?-->|<!.*?>|<\?.*?>|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S,
)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


def _attrs(raw: str) -> dict[str, str]:
    out = {}
    for m in _ATTR.finditer(raw):
        value = m.group(2) if m.group(2) is not None else m.group(3) or m.group(4) or ""
        out[m.group(1).lower()] = html.unescape(value)
    return out


class _Sections:
    """Walks the tokens of one page's content HTML and cuts it at headings with an id."""

    def __init__(self, title: str) -> None:
        self.sections: list[Section] = [Section("", title, "")]
        self.buf: list[str] = []
        self.heading: tuple[str, str] | None = None  # (tag, id) of the open heading
        self.heading_buf: list[str] = []
        self.seen_content = False

    def flush_block(self) -> None:
        if self.buf and self.buf[-1] != BOUNDARY:
            self.buf.append(BOUNDARY)

    def data(self, text: str) -> None:
        if "&" in text:
            text = html.unescape(text)
        if self.heading is not None:
            self.heading_buf.append(text)
            return
        if not self.seen_content and text.strip():
            self.seen_content = True
        # Source newlines inside a block are soft whitespace, not block boundaries.
        self.buf.append(text.replace(BOUNDARY, " "))

    def close_heading(self) -> None:
        assert self.heading is not None
        tag, anchor = self.heading
        heading = " ".join("".join(self.heading_buf).split())
        self.heading = None
        # The page's own <h1> at the very top heads the intro section, whose heading is the
        # page title; keep the h1's words searchable when they differ (首页 vs 妇联工作报告).
        if tag == "h1" and len(self.sections) == 1 and not self.seen_content:
            if heading and heading != self.sections[0].heading:
                self.buf.append(heading + BOUNDARY)
            self.seen_content = True
            return
        self.end_section()
        self.sections.append(Section(anchor, heading, ""))

    def end_section(self) -> None:
        self.sections[-1].body = "".join(self.buf).strip(BOUNDARY + " ")
        self.buf = []


def extract_sections(page_html: str, title: str) -> list[Section]:
    """Split rendered page content at headings with an id: intro section first.

    Skipped: script/style/svg/…, permalink anchors (``headerlink``), anything marked
    ``data-search-exclude``. Block elements end a block (BOUNDARY); inline markup does not.
    """
    sections = _fast_sections(page_html, title)
    return clean_lines(_walk_sections(page_html, title) if sections is None else sections)


def clean_lines(sections: list[Section]) -> list[Section]:
    """One space between words, no blank blocks."""
    for section in sections:
        lines = (" ".join(line.split()) for line in section.body.split(BOUNDARY))
        section.body = BOUNDARY.join(line for line in lines if line)
    return sections


_TAG = r"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
_DROP = re.compile(
    r"<!--.*?-->|<(script|style)\b.*?</\1\s*>"
    r"|<a\s[^>]*\bclass=\"(?:[^\"]*\s)?headerlink(?:\s[^\"]*)?\"[^>]*>.*?</a\s*>",
    re.S | re.I,
)
# Nested skipped regions need the walker; so do NULs (the fast path's block marker).
_NEEDS_WALK = re.compile(r"<(?:svg|template|noscript)\b|data-search-exclude|headerlink|\x00", re.I)
_ID_HEADING = re.compile(r"<(h[1-6])\b" + _TAG + r"(.*?)</\1\s*>", re.S | re.I)
_HEADING_OPEN = re.compile(r"<h[1-6]\b", re.I)
_HEADING_CLOSE = re.compile(r"</h[1-6]\s*>", re.I)
_BLOCK_TAG = re.compile(r"</?(?:" + "|".join(sorted(_BLOCK_TAGS)) + r")\b" + _TAG, re.I)
_ANY_TAG = re.compile(r"<[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>")


def _fast_text(fragment: str) -> str:
    """Text of an HTML fragment: block tags → BOUNDARY, other tags dropped, entities decoded."""
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub("\x00", fragment))
    if "&" in text:
        text = html.unescape(text)
    return text.replace(BOUNDARY, " ").replace("\x00", BOUNDARY)


def _fast_sections(page_html: str, title: str) -> list[Section] | None:
    """``_walk_sections`` with a few regular expressions, for the HTML Python-Markdown writes.

    Returns None when the page holds something only the walker handles (nested skipped
    regions, block markup inside a heading).
    """
    page_html = _DROP.sub("", page_html)
    if _NEEDS_WALK.search(page_html):
        return None
    headings = list(_ID_HEADING.finditer(page_html))
    # Every heading tag inside one match, none nested: the sections are unambiguous.
    opened = len(_HEADING_OPEN.findall(page_html))
    if opened != len(headings) or opened != len(_HEADING_CLOSE.findall(page_html)):
        return None
    sections = [Section("", title, "")]
    body: list[str] = []
    seen_content = False
    pos = 0
    for m in headings:
        anchor = _attrs(m.group(2)).get("id") if m.group(2).strip() else None
        if not anchor:
            continue  # a heading without id is a block of its section
        if _BLOCK_TAG.search(m.group(3)) or _HEADING_OPEN.search(m.group(3)):
            return None
        before = _fast_text(page_html[pos : m.start()])
        body.append(before)
        seen_content = seen_content or bool(before.strip())
        heading = " ".join(_fast_text(m.group(3)).split())
        pos = m.end()
        if m.group(1).lower() == "h1" and len(sections) == 1 and not seen_content:
            # See _Sections.close_heading: the page's own title heading.
            if heading and heading != sections[0].heading:
                body.append(heading + BOUNDARY)
            seen_content = True
            continue
        sections[-1].body = "".join(body)
        body = []
        sections.append(Section(anchor, heading, ""))
    body.append(_fast_text(page_html[pos:]))
    sections[-1].body = "".join(body)
    return sections


def _walk_sections(page_html: str, title: str) -> list[Section]:
    """The general case: a token walker that tracks open elements like a browser."""
    state = _Sections(title)
    stack: list[tuple[str, bool]] = []  # open elements: (tag, opened a skipped region)
    skip = 0
    pos = 0
    while True:
        m = _TOKEN.search(page_html, pos)
        end = m.start() if m else len(page_html)
        if end > pos and not skip:
            state.data(page_html[pos:end])
        if m is None:
            break
        pos = m.end()
        tag = (m.group(2) or "").lower()
        if not tag:
            continue  # comment, doctype, processing instruction
        if m.group(1):  # end tag: pop to the matching open element, like a browser
            if tag in _VOID_TAGS or not any(t == tag for t, _ in stack):
                if not skip and tag in _BLOCK_TAGS:  # a stray </p> still ends a block
                    state.flush_block()
                continue
            while stack:
                open_tag, skipped = stack.pop()
                skip -= skipped
                if open_tag == tag:
                    break
            if skip:
                continue
            if state.heading is not None and tag == state.heading[0]:
                state.close_heading()
            elif tag in _BLOCK_TAGS:
                state.flush_block()
            continue
        raw = m.group(3)
        attrs = _attrs(raw) if raw.strip() else {}
        skipped = (
            tag in _SKIP_TAGS
            or "headerlink" in (attrs.get("class") or "").split()  # the ¶ permalink
            or "data-search-exclude" in attrs
        )
        if tag in _RAW_TEXT:
            close = re.compile(rf"</{tag}\s*>", re.I).search(page_html, pos)
            pos = close.end() if close else len(page_html)
            continue
        if tag in _VOID_TAGS or raw.rstrip().endswith("/"):
            if not skip and not skipped and tag in _BLOCK_TAGS:
                state.flush_block()
            continue
        stack.append((tag, skipped))
        skip += skipped
        if skip:
            continue
        if tag in _HEADINGS and attrs.get("id") and state.heading is None:
            state.heading = (tag, attrs["id"])
            state.heading_buf = []
        elif tag in _BLOCK_TAGS:
            state.flush_block()
    if state.heading is not None:
        state.close_heading()
    state.end_section()
    return state.sections


def section_text(norm: Normaliser, section: Section) -> str:
    """The folded string the index positions refer to: heading, boundary, body."""
    return norm.text(section.heading + BOUNDARY + section.body)
