"""PDF-like variants of a report: its text as a PDF's text layer gives it.

A report published as a web page comes one paragraph per line. The same report printed to
PDF and extracted comes as the page set it:

- hard wraps at a fixed width (30-40 characters a line), a closing punctuation mark kept at
  the end of the line it follows (the typesetter's rule that no line starts with 。，);
- a first-line indent of two ideographic spaces (　　) on every paragraph, or none;
- a page-number line at the foot of every page (`— 3 —`, `- 3 -`, `第3页`, `3/40`);
- a running header (or footer) on every page: the report's short title; only on a document of
  three pages or more (on one or two, a line repeated once or twice cannot be told from the
  text, and real reports that short rarely carry one);
- page breaks wherever the page is full: inside sentences, inside a wrapped heading, right
  after a bold lead-in.

`pdf_variant` makes one such text from a web text, deterministically from its `Layout`;
`layouts` gives a spread of layouts for a test to run over. Nothing here knows the
converter: the variants are made the way a PDF makes them, not the way the rules read them.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

INDENT = "\u3000\u3000"
# A line may not start with these: the typesetter keeps them on the line before.
NO_LINE_START = "，。、；：！？）」』”’》〉】…—"
PAGE_NUMBER_STYLES = ("dash", "hyphen", "page", "ratio")
RUNNING_MIN_PAGES = 3


@dataclass(frozen=True)
class Layout:
    width: int  # characters a full line holds (the indent counts)
    indent: bool  # 　　 before each paragraph's first line
    page_lines: int  # lines of text a page holds
    numbers: str  # one of PAGE_NUMBER_STYLES
    header: str  # a running header on every page after the first; "" for none
    footer: bool = False  # the running line at the foot of the page, above the number
    blank_around_number: bool = True  # a blank line before and after the number line

    @property
    def name(self) -> str:
        where = "footer" if self.footer else "header"
        running = f"{where}-{'yes' if self.header else 'no'}"
        indent = "indent" if self.indent else "flush"
        return f"w{self.width}-{indent}-p{self.page_lines}-{self.numbers}-{running}"


def page_number(style: str, n: int, total: int) -> str:
    return {
        "dash": f"— {n} —",
        "hyphen": f"- {n} -",
        "page": f"第{n}页",
        "ratio": f"{n}/{total}",
    }[style]


def wrap(paragraph: str, width: int, indent: bool) -> list[str]:
    """A paragraph's lines as a typesetter breaks them: `width` characters a line, a closing
    mark that would open a line kept at the end of the one before."""
    text = (INDENT if indent else "") + paragraph
    lines: list[str] = []
    i = 0
    while i < len(text):
        end = min(len(text), i + width)
        while end < len(text) and text[end] in NO_LINE_START:
            end += 1
        lines.append(text[i:end])
        i = end
    return lines or [""]


def _pages(web_text: str, layout: Layout) -> list[list[str]]:
    body: list[str] = []
    for paragraph in web_text.split("\n"):
        if paragraph.strip():
            body += wrap(paragraph.strip(), layout.width, layout.indent)
    return [body[i : i + layout.page_lines] for i in range(0, len(body), layout.page_lines)]


def pdf_variant(web_text: str, layout: Layout) -> str:
    """The web text (one paragraph per line) as a PDF text layer with `layout` gives it."""
    pages = _pages(web_text, layout)
    running = layout.header if len(pages) >= RUNNING_MIN_PAGES else ""
    out: list[str] = []
    for n, lines in enumerate(pages, start=1):
        if running and not layout.footer and n > 1:
            out.append(running)
        out += lines
        if running and layout.footer:
            out.append(running)
        number = page_number(layout.numbers, n, len(pages))
        out += ["", number, ""] if layout.blank_around_number else [number]
    return "\n".join(out).rstrip("\n") + "\n"


def furniture_lines(web_text: str, layout: Layout) -> list[tuple[str, str]]:
    """(rule, line) for each line pdf_variant adds that is not the report's: the page numbers
    (page_number) and the running header or footer (running_header)."""
    pages = _pages(web_text, layout)
    out = [("page_number", page_number(layout.numbers, n, len(pages)))
           for n in range(1, len(pages) + 1)]  # fmt: skip
    if layout.header and len(pages) >= RUNNING_MIN_PAGES:
        copies = len(pages) if layout.footer else len(pages) - 1
        out += [("running_header", layout.header)] * copies
    return out


def layouts(seed: int, count: int, header: str) -> list[Layout]:
    """`count` layouts drawn from the ranges real PDFs show, reproducibly from `seed`; every
    page-number style and both indents appear when count >= 4."""
    rng = random.Random(seed)
    out = []
    for k in range(count):
        out.append(
            Layout(
                width=rng.randint(30, 40),
                indent=k % 2 == 0,
                page_lines=rng.randint(30, 45),
                numbers=PAGE_NUMBER_STYLES[k % len(PAGE_NUMBER_STYLES)],
                header=header if k % 3 != 2 else "",
                footer=k % 4 == 3,
                blank_around_number=k % 5 != 4,
            )
        )
    return out


def break_page_inside(
    text: str, needle: str, layout: Layout, number: int = 99, share: float = 0.5,
    reflow: bool = False,
) -> str:
    """`text` (a variant) with a page break inside the first `needle` (a heading or a bold
    lead-in, which a wrap may already have cut): the line holding its middle is cut there,
    and a page number and the running header stand between the halves, as a page that ends
    mid-heading gives them. With `reflow` (a cut inside a paragraph), the rest of the cut line
    runs on into the next, as a page that ends there reflows it: no line of a PDF page is a
    few characters long in the middle of a paragraph."""
    wrap = r"(?:\n[ \u3000]*)?"
    match = re.search(wrap.join(map(re.escape, needle)), text)
    if match is None:
        raise ValueError(f"{needle!r} is not in the text")
    at = match.start()
    for _ in range(round(len(needle) * share) - 1):  # past `share` of the needle
        at = re.compile(wrap).match(text, at + 1).end()  # type: ignore[union-attr]
    at += 1
    page = page_number(layout.numbers, number, number)
    furniture = ["", page, ""] if layout.blank_around_number else [page]
    if layout.header and not layout.footer and layout.header in text.split("\n"):
        furniture.append(layout.header)  # where the variant prints one (three pages or more)
    rest = text[at:]
    end = rest.find("\n")
    if reflow and end > 0 and rest[end + 1 : end + 2].strip():
        rest = rest[:end] + rest[end + 1 :]
    return text[:at] + "\n" + "\n".join(furniture) + "\n" + rest
