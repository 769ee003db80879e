"""Step 4, find structure: the report's title and outline headings among the normalised blocks.

The blocks come with their kind (title, header, heading, text) and a heading's level, found
once, while normalise rejoined the lines (paragraphs.py, from a block's first line); they
are not classified again here. What needs a block's whole, normalised text is checked here,
and can only make a title or heading running text: a numbered block of the weak levels (1.
and （1）) is a heading when short and unfinished, a long or finished one is a numbered
paragraph; a heading or title that joining made too long (or gave sentence marks) is text.
"""

from __future__ import annotations

from .models import Block, Kind
from .outline import STRONG_LEVELS, ends_sentence, heading_level, meta_fields
from .paragraphs import is_title_like

# A numbered line (1. or （1）) is a heading when short and unfinished; a long or
# finished one is a numbered paragraph and stays running text.
WEAK_HEADING_MAX_CHARS = 40


def _is_heading(block: Block) -> bool:
    # Joining may have made it too long, or left a number whose rest never came ("九" that a
    # page break parted from "、拓展…" when the rest did not join): then it is no heading.
    if heading_level(block.text) != block.level:
        return False
    if block.level in STRONG_LEVELS:
        return True
    return len(block.text) <= WEAK_HEADING_MAX_CHARS and not ends_sentence(block.text)


def _confirmed(block: Block) -> Block:
    """The block as its page shows it: its own kind, or running text."""
    if block.kind is Kind.HEADING and not _is_heading(block):
        return Block(Kind.PARAGRAPH, block.text)
    if block.kind is Kind.TITLE and not is_title_like(block.text):
        return Block(Kind.PARAGRAPH, block.text)
    return block


def find_structure(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The report's blocks as its pages show them; a block of blank text shows nothing."""
    return tuple(_confirmed(b) for b in blocks if b.text.strip())


def header_fields(blocks: tuple[Block, ...]) -> dict[str, str]:
    """Label -> value of the header lines (信息提供日期, 来源 …)."""
    fields: dict[str, str] = {}
    for block in blocks:
        if block.kind is Kind.META:
            for label, value in meta_fields(block.text):
                fields.setdefault(label, value)
    return fields
