"""Step 4, find structure: classify the normalised blocks into title, header, headings, text."""

from __future__ import annotations

from .models import Block, Kind
from .outline import STRONG_LEVELS, ends_sentence, heading_level, is_meta_line, meta_fields
from .paragraphs import is_title_like

# A numbered line (1. or （1）) is a heading when short and unfinished; a long or
# finished one is a numbered paragraph and stays running text.
WEAK_HEADING_MAX_CHARS = 40


def find_structure(text: str) -> tuple[Block, ...]:
    """Blocks of a normalised text (one block per line, blank lines between)."""
    blocks: list[Block] = []
    for line in (ln for ln in text.split("\n") if ln.strip()):
        level = heading_level(line)
        if level and (
            level in STRONG_LEVELS
            or (len(line) <= WEAK_HEADING_MAX_CHARS and not ends_sentence(line))
        ):
            blocks.append(Block(Kind.HEADING, line, level))
        elif is_meta_line(line) and meta_fields(line):
            blocks.append(Block(Kind.META, line))
        elif not blocks and is_title_like(line):
            blocks.append(Block(Kind.TITLE, line))
        else:
            blocks.append(Block(Kind.PARAGRAPH, line))
    return tuple(blocks)


def header_fields(blocks: tuple[Block, ...]) -> dict[str, str]:
    """Label -> value of the header lines (信息提供日期, 来源 …)."""
    fields: dict[str, str] = {}
    for block in blocks:
        if block.kind is Kind.META:
            for label, value in meta_fields(block.text):
                fields.setdefault(label, value)
    return fields
