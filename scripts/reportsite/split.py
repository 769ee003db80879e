"""Step 5, split: one overview page per report, one page per themed section.

When a report has two outline levels (一、 then （一）), the first level becomes a
part with its own index page and every （一） section a page under it; with one
level (the ten events), every 一、 section is a page. Deeper headings stay inside
their page. Paths are ASCII and depend only on position: `<slug>/1/2.md`.
"""

from __future__ import annotations

from typing import Any

from .models import Block, Kind, Page


def page_levels(blocks: tuple[Block, ...]) -> tuple[int | None, int | None]:
    """(part level, page level) for this report's outline."""
    levels = sorted({b.level for b in blocks if b.kind is Kind.HEADING})
    if not levels:
        return None, None
    if len(levels) >= 2 and levels[1] == levels[0] + 1:
        return levels[0], levels[1]
    return None, levels[0]


def split_pages(slug: str, title: str, blocks: tuple[Block, ...]) -> tuple[Page, ...]:
    part_level, page_level = page_levels(blocks)
    overview: list[Block] = []
    pages: list[dict[str, Any]] = []  # mutable while collecting, frozen below
    part_no = page_no = 0
    current: list[Block] = overview
    part_key: str | None = None
    for block in blocks:
        if block.kind is Kind.HEADING and block.level == part_level:
            part_no, page_no = part_no + 1, 0
            part_key = str(part_no)
            current = []
            pages.append(
                {
                    "key": part_key,
                    "path": f"{slug}/{part_no}/index.md",
                    "head": block,
                    "blocks": current,
                    "parent": None,
                }
            )
        elif block.kind is Kind.HEADING and block.level == page_level:
            page_no += 1
            if part_key is not None:
                key, path = f"{part_key}-{page_no}", f"{slug}/{part_no}/{page_no}.md"
            else:
                key, path = str(page_no), f"{slug}/{page_no}.md"
            current = []
            pages.append(
                {"key": key, "path": path, "head": block, "blocks": current, "parent": part_key}
            )
        current.append(block)
    children: dict[str | None, list[str]] = {}
    for p in pages:
        children.setdefault(p["parent"], []).append(p["key"])
    out = [
        Page(
            path=f"{slug}/index.md",
            key="",
            title=title,
            blocks=tuple(overview),
            nav_parent=None,
            children=tuple(children.get(None, [])),
        )
    ]
    for p in pages:
        out.append(
            Page(
                path=p["path"],
                key=p["key"],
                title=p["head"].text.replace("**", ""),
                blocks=tuple(p["blocks"]),
                nav_parent=p["parent"],
                children=tuple(children.get(p["key"], [])) if p["parent"] is None else (),
            )
        )
    return tuple(out)
