"""Inputs larger than the seeds, for the stress figures of the bench and the limit tests."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DISTRICT = "000_1b6eb3483533bf33.txt"  # the district women's federation's review and plan


HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def renumber(text: str, step: int) -> str:
    """Every number of `text` raised by `step`: a copy that is not the same paragraph."""
    return re.sub(r"\d+", lambda m: str(int(m[0]) + step), text)


def big_report(size: int) -> str:
    """The district report grown to `size` bytes: each section's paragraphs repeated, each
    copy with its numbers changed (`69 次` → `70 次` …), headings and title once.

    A section's paragraphs are repeated as a group because the seed's page breaks cut
    sentences between paragraphs; a group ends a sentence, so copies never run together.
    """
    blocks = (ROOT / "seeds" / DISTRICT).read_text(encoding="utf-8").split("\n\n")
    title, items = blocks[0], blocks[1:]
    groups: list[list[str] | str] = []
    for block in items:
        if HEADING.match(block) or not block.strip():
            groups.append(block)
        elif groups and isinstance(groups[-1], list):
            groups[-1].append(block)
        else:
            groups.append([block])
    body = sum(len("\n\n".join(g).encode("utf-8")) for g in groups if isinstance(g, list))
    copies = size // body + 1
    out = [title]
    for group in groups:
        if isinstance(group, str):
            out.append(group)
            continue
        text = "\n\n".join(group)
        for i in range(copies):
            out.append(renumber(text, i) if i else text)
    return "\n\n".join(out) + "\n"
