"""Typed records passed between the pipeline steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True)
class RawSeed:
    """A seed file as read from disk: its name and its bytes, nothing decoded."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Change:
    """One repair the normaliser made, for the per-seed normalisation report."""

    rule: str
    before: str
    after: str


class Kind(Enum):
    TITLE = "title"
    META = "meta"
    HEADING = "heading"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Block:
    """A block of report text after normalisation.

    `text` is the block's text with inline bold written as `**…**`; `level` is the
    outline level of a heading (1 for 一、, 2 for （一）, 3 for 1., 4 for （1）).
    """

    kind: Kind
    text: str
    level: int = 0


@dataclass(frozen=True)
class ReportMeta:
    title: str
    slug: str
    source: str
    issuer: str | None = None
    date: str | None = None
    tag_overrides: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    meta: ReportMeta
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Page:
    """One output page: its path under the output folder and its blocks."""

    path: str  # e.g. "futian-2024/1-2.md"
    key: str  # "" for the overview, "1" for a part, "1-2" for a section
    title: str
    blocks: tuple[Block, ...]
    nav_parent: str | None  # key of the part this page sits under, if any
    children: tuple[str, ...] = ()  # keys of pages listed on this page
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    meta: ReportMeta
    pages: tuple[Page, ...]
    changes: tuple[Change, ...] = ()
    seed_text: str = ""  # the decoded seed, as the normalisation record replays it
    normalised: str = ""  # what normalise made of it: the text the pages show
    encoding: str = "utf-8"
