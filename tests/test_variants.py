"""The seeds cut, wrapped and encoded in other ways convert to the same report.

Extraction can cut a paragraph anywhere, wrap lines at any width and save the
file in any of the encodings we accept. These tests make such variants of both
seeds and check that the pages come out with the same headings and the same
text, and, in the blank-line layout, the same paragraphs.
"""

from __future__ import annotations

import codecs
import random
import re
import textwrap

import pytest

from reportsite.decode import decode
from reportsite.layout import display_width
from reportsite.models import Kind
from reportsite.normalise import normalise
from reportsite.outline import ends_sentence
from reportsite.structure import find_structure
from support.helpers import han_digits, seed_paths
from support.pdfvariants import Layout, break_page_inside, pdf_variant

HAN_SPACE_HAN = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")
SEEDS = {p.name: decode(p.name, p.read_bytes()) for p in seed_paths()}


def structure_of(text: str) -> tuple[list[str], list[str]]:
    blocks = find_structure(normalise(text).blocks)
    heads = [b.text for b in blocks if b.kind is not Kind.PARAGRAPH]
    paras = [b.text for b in blocks if b.kind is Kind.PARAGRAPH]
    return heads, paras


def wrap_chars(text: str, width: int) -> str:
    """Hard-wrap every line at `width` characters, as a fixed-width dump does."""
    out = []
    for line in text.split("\n"):
        out += [line[i : i + width] for i in range(0, len(line), width)] or [""]
    return "\n".join(out)


def wrap_columns(text: str, columns: int) -> str:
    """Hard-wrap at a display width, Han counting two columns."""
    out = []
    for line in text.split("\n"):
        cur = ""
        for ch in line:
            if display_width(cur + ch) > columns:
                out.append(cur)
                cur = ""
            cur += ch
        out.append(cur)
    return "\n".join(out)


def cut_pages(text: str, seed: int, cuts: int = 6) -> str:
    """Insert page breaks (blank lines) mid-sentence, away from bold markers."""
    rng = random.Random(seed)
    candidates = [
        i
        for i in range(1, len(text) - 1)
        if text[i - 1] not in "\n*" and text[i] not in "\n*" and not ends_sentence(text[:i])
    ]
    for i in sorted(rng.sample(candidates, cuts), reverse=True):
        text = text[:i] + "\n\n" + text[i:]
    return text


@pytest.mark.parametrize("name", sorted(SEEDS))
@pytest.mark.parametrize("width", [24, 31, 45, 80])
def test_hard_wrap_keeps_headings_and_text(name: str, width: int) -> None:
    original = SEEDS[name]
    heads, paras = structure_of(original)
    w_heads, w_paras = structure_of(wrap_chars(original, width))
    assert w_heads == heads
    assert han_digits("".join(w_paras)) == han_digits("".join(paras))
    assert all(ends_sentence(p) for p in w_paras)


@pytest.mark.parametrize("name", sorted(SEEDS))
@pytest.mark.parametrize("columns", [60, 78])
def test_display_width_wrap(name: str, columns: int) -> None:
    heads, paras = structure_of(SEEDS[name])
    w_heads, w_paras = structure_of(wrap_columns(SEEDS[name], columns))
    assert w_heads == heads
    assert han_digits("".join(w_paras)) == han_digits("".join(paras))


def test_textwrap_in_blank_layout_keeps_paragraphs() -> None:
    """textwrap breaks at spaces, so line lengths vary; blank lines still separate.

    A wrap that fell on the space between two Han characters (a slogan's halves, 美丽职场
    圳等你来) cannot be told from a line break in Chinese text, where a wrap adds no space:
    those spaces are not put back (join_lines never inserts a space between Han characters).
    """
    original = SEEDS["000_1b6eb3483533bf33.txt"]
    wrapped = "\n".join(textwrap.fill(line, 33) if line else "" for line in original.split("\n"))
    heads, paras = structure_of(wrapped)
    o_heads, o_paras = structure_of(original)
    assert heads == o_heads
    assert [HAN_SPACE_HAN.sub("", p) for p in paras] == [HAN_SPACE_HAN.sub("", p) for p in o_paras]
    assert paras != o_paras  # a wrap fell on such a space: the case is exercised


@pytest.mark.parametrize("name", sorted(SEEDS))
@pytest.mark.parametrize("seed", range(5))
def test_page_breaks_anywhere_mid_sentence(name: str, seed: int) -> None:
    original = SEEDS[name]
    assert structure_of(cut_pages(original, seed)) == structure_of(original)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_bold_split_at_every_position(name: str) -> None:
    """A page break anywhere inside a bold run gives the same paragraphs.

    (A break right after a finished bold lead-in moves it to the next paragraph,
    by design: see tests/golden/normalise/trailing_leadin_carried.yml.)
    """
    original = SEEDS[name]
    heads, paras = structure_of(original)
    starts = [i for i in range(len(original)) if original.startswith("**", i)]
    for open_at, close_at in zip(starts[::2], starts[1::2], strict=True):
        for cut in range(open_at + 3, close_at + 1):
            if ends_sentence(original[:cut].rstrip("*")) and cut <= close_at:
                continue
            variant = original[:cut] + "\n\n" + original[cut:]
            assert structure_of(variant) == (heads, paras), variant[cut - 12 : cut + 12]


@pytest.mark.parametrize("name", sorted(SEEDS))
@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("gbk"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: "\n".join("\u3000\u3000" + ln if ln else ln for ln in t.split("\n")).encode(),
        lambda t: t.encode("utf-16"),
    ],
    ids=["gb18030", "gbk", "bom", "crlf", "indent", "utf16"],
)
def test_encodings_and_indents(name: str, encode) -> None:  # type: ignore[no-untyped-def]
    original = SEEDS[name]
    assert structure_of(decode(name, encode(original))) == structure_of(original)


PDF = Layout(width=34, indent=True, page_lines=40, numbers="dash", header="区妇联工作报告")


@pytest.mark.parametrize("share", [0.3, 0.6, 1.0])
@pytest.mark.parametrize("lead", ["**典范领航见行见效。**", "**组织覆盖有形有效。**"])
def test_bold_leadin_cut_by_a_pdf_page_break(lead: str, share: float) -> None:
    """A PDF page that ends inside a bold lead-in, or right after it (a page number and the
    running header between): the same headings and paragraphs as the page without the break;
    a lead-in left at the page's end goes with the text after the break."""
    text = pdf_variant(SEEDS["000_1b6eb3483533bf33.txt"], PDF)
    cut = break_page_inside(text, lead, PDF, share=share, reflow=True)
    assert structure_of(cut) == structure_of(text)
