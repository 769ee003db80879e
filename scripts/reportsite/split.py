"""Step 5, split: one overview page per report, one page per themed section.

When a report has two outline levels (一、 then （一）), the first level becomes a
part with its own index page and every （一） section a page under it; with one
level (the ten events), every 一、 section is a page. Deeper headings stay inside
their page. An appendix (附件1, 名词解释, 注释) is a page of its own after the report's
parts, its own headings and numbered lists inside it. Paths are ASCII and depend only on
position: `<slug>/1/2.md`, `<slug>/a1.md`.

No page is without text: a part with no text of its own before its first section has no
page (its heading opens that section's page, and the nav shows it as a section), and a
heading with nothing under it goes to the top of the next page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Block, Kind, Page


def page_levels(blocks: tuple[Block, ...]) -> tuple[int | None, int | None]:
    """(part level, page level) for this report's outline."""
    levels = sorted({b.level for b in blocks if b.kind is Kind.HEADING and b.level})
    if not levels:
        return None, None
    if len(levels) >= 2 and levels[1] == levels[0] + 1:
        return levels[0], levels[1]
    return None, levels[0]


def heading_title(text: str) -> str:
    """A heading's text as a page title: bold markers off, its lines on one (附件1　…)."""
    return text.replace("**", "").replace("\n", "\u3000")


@dataclass
class _Draft:
    key: str
    path: str
    title: str
    parent: str | None
    blocks: list[Block] = field(default_factory=list)

    def has_text(self) -> bool:
        return any(b.kind is not Kind.HEADING for b in self.blocks)


def _drafts(slug: str, title: str, blocks: tuple[Block, ...]) -> list[_Draft]:
    end = next((i for i, b in enumerate(blocks) if b.kind is Kind.APPENDIX), len(blocks))
    part_level, page_level = page_levels(blocks[:end])
    drafts = [_Draft("", f"{slug}/index.md", title, None)]
    part_no = page_no = appendix_no = 0
    part_key: str | None = None
    for n, block in enumerate(blocks):
        if block.kind is Kind.APPENDIX:
            appendix_no += 1
            key = f"a{appendix_no}"
            drafts.append(_Draft(key, f"{slug}/{key}.md", heading_title(block.text), None))
        elif n < end and block.kind is Kind.HEADING and block.level == part_level:
            part_no, page_no = part_no + 1, 0
            part_key = str(part_no)
            path = f"{slug}/{part_no}/index.md"
            drafts.append(_Draft(part_key, path, heading_title(block.text), None))
        elif n < end and block.kind is Kind.HEADING and block.level == page_level:
            page_no += 1
            if part_key is not None:
                key, path = f"{part_key}-{page_no}", f"{slug}/{part_no}/{page_no}.md"
            else:
                key, path = str(page_no), f"{slug}/{page_no}.md"
            drafts.append(_Draft(key, path, heading_title(block.text), part_key))
        drafts[-1].blocks.append(block)
    return drafts


def _no_empty_pages(drafts: list[_Draft]) -> list[_Draft]:
    """A page with headings only gives them to the next page (its first section, for a part);
    the last one gives them to the page before. A part without text keeps its place in the
    outline, with no blocks: it has no page of its own."""
    out: list[_Draft] = []
    carry: list[Block] = []
    for n, draft in enumerate(drafts):
        draft.blocks[:0] = carry
        carry = []
        if not draft.key or draft.has_text():
            out.append(draft)
            continue
        following = drafts[n + 1] if n + 1 < len(drafts) else None
        if following is not None and following.parent == draft.key:
            carry, draft.blocks = draft.blocks, []
            out.append(draft)  # a part without text: a section in the nav, no page
        elif following is not None:
            carry = draft.blocks
        else:
            out[-1].blocks += draft.blocks
    return out


def split_pages(slug: str, title: str, blocks: tuple[Block, ...]) -> tuple[Page, ...]:
    drafts = _no_empty_pages(_drafts(slug, title, blocks))
    children: dict[str | None, list[str]] = {}
    for d in drafts[1:]:
        children.setdefault(d.parent, []).append(d.key)
    return tuple(
        Page(
            path=d.path,
            key=d.key,
            title=d.title,
            blocks=tuple(d.blocks),
            nav_parent=d.parent,
            children=tuple(children.get(d.key or None, [])) if d.parent is None else (),
        )
        for d in drafts
    )
