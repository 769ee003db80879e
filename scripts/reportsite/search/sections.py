"""Page HTML → searchable sections for the n-gram search.

A section is the page intro (anchor "") or the text under one heading with an id; blocks
(paragraphs, list items, cells …) are separated by BOUNDARY, which no n-gram crosses.
Skipped: script/style/svg/…, permalink anchors (``headerlink``), anything marked
``data-search-exclude``.

Two implementations that give the same sections: ``_fast_sections``, a few regular
expressions for the HTML Python-Markdown writes (2.4 million characters at 100x in well
under a second), and ``_walk_sections``, a tag walker that tracks open elements like a
browser, for anything else (nested skipped regions, odd heading markup). They are tested
equal on generated HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .fold import BOUNDARY, Folder


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


def _end_tag(tag: str, stack: list[tuple[str, bool]], skip: int, state: _Sections) -> int:
    """An end tag pops to the matching open element, like a browser; the new skip depth."""
    if tag in _VOID_TAGS or not any(t == tag for t, _ in stack):
        if not skip and tag in _BLOCK_TAGS:  # a stray </p> still ends a block
            state.flush_block()
        return skip
    while stack:
        open_tag, skipped = stack.pop()
        skip -= skipped
        if open_tag == tag:
            break
    if not skip:
        if state.heading is not None and tag == state.heading[0]:
            state.close_heading()
        elif tag in _BLOCK_TAGS:
            state.flush_block()
    return skip


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
        if m.group(1):
            skip = _end_tag(tag, stack, skip, state)
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


def section_text(norm: Folder, section: Section) -> str:
    """The folded string the index positions refer to: heading, boundary, body."""
    return norm.text(section.heading + BOUNDARY + section.body)
