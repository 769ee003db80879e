"""Typed records passed between the pipeline steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .changes import Edit
    from .decisions import Decision


@dataclass(frozen=True)
class RawSeed:
    """A seed file as read from disk: its name and its bytes, nothing decoded."""

    name: str
    data: bytes


class Kind(Enum):
    TITLE = "title"
    SUBTITLE = "subtitle"  # ——2026年1月25日在……会议上: when and where it was delivered
    SPEAKER = "speaker"  # 北京市市长 殷勇: who delivered it, as the report names them
    META = "meta"
    HEADING = "heading"
    # 附件1, 名词解释, 注释: opens an appendix, a page of its own at the end of the report
    APPENDIX = "appendix"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Block:
    """A block of report text after normalisation.

    `kind` is found once, when normalise rejoins the lines (paragraphs.py); `text` is the
    block's text with inline bold written as `**…**`; `level` is the outline level of a
    heading (outline.py: 1 for 第一部分, 2 for 一、, 3 for （一）, 4 for 1., 5 for （1）), 0 for
    other kinds; a heading of level 0 is a title without a number, which `structure` places.
    """

    kind: Kind
    text: str
    level: int = 0


@dataclass(frozen=True)
class Figure:
    """One quantity in the text (figures.py): block index and offsets in that block's text."""

    block: int
    start: int
    end: int
    text: str  # as written, e.g. "超2.3万余个"
    value: float  # 23000.0, for sorting
    unit: str  # "个", "%", "" for a bare magnitude
    sentence: str  # the sentence holding it, bold markers removed
    clause: str  # the clause holding it (between commas), bold markers removed
    at: int = 0  # where the figure starts in `sentence`
    page: str = ""  # key of the page it is on
    anchor: str = ""  # the id of its block on that page
    theme: str = ""  # the theme it belongs to (tag.py)


@dataclass(frozen=True)
class ReportMeta:
    title: str
    slug: str
    source: str
    issuer: str | None = None
    date: str | None = None  # publication date (YYYY-MM-DD, YYYY-MM or YYYY)
    tag_overrides: dict[str, tuple[str, ...]] = field(default_factory=dict)
    subtitle: str | None = None  # the subtitle line, as the report prints it
    speaker: str | None = None  # who delivered it, as the report names them
    delivered: str | None = None  # the delivery date, from the subtitle
    reprinted_by: str | None = None  # a newspaper or site in 来源: that republished it
    script: str = "hans"  # the seed's own script: "hans" Simplified, "hant" Traditional


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

    @property
    def published(self) -> bool:
        """Whether it is a page of the site: a part without text of its own (split.py) is a
        section of the nav only, its heading on its first section's page. The overview always
        is one: it shows the report's title and lists its parts."""
        return bool(self.blocks) or not self.key


@dataclass(frozen=True)
class Report:
    meta: ReportMeta
    pages: tuple[Page, ...]
    seed_text: str = ""  # the decoded seed, as the normalisation record replays it
    normalised: str = ""  # what normalise made of it: the text the pages show
    # Every change from seed_text to normalised (normalise.py), as its record page lists it.
    record: tuple[Edit, ...] = ()
    encoding: str = "utf-8"
    figures: tuple[Figure, ...] = ()
    comparison: Comparison | None = None
    # A seed in Traditional characters is analysed in its Simplified conversion, character for
    # character: `analysed` is that conversion and `own_normalised` the normalised text in the
    # seed's own characters (both "" for a Simplified seed). script_records.py takes the
    # Traditional site's text back from them.
    analysed: str = ""
    own_normalised: str = ""
    # What the converter decided where the input was ambiguous (decisions.py), for the record.
    decisions: tuple[Decision, ...] = ()


@dataclass(frozen=True)
class Item:
    """One point of a report: a bold lead-in and the text it opens, or a plain paragraph."""

    page: str  # page key
    block: int  # block index on that page
    lead: str  # the lead-in without its bold markers, "" for a plain paragraph
    text: str  # the rest of the point, bold markers removed
    theme: str
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class Pair:
    """A figure of the review and one of the plan about the same thing (either may be None)."""

    subject: str  # what both clauses share, e.g. "儿童友好社区覆盖率"
    review: Figure | None
    plan: Figure | None


@dataclass(frozen=True)
class ThemeComparison:
    theme: str
    pairs: tuple[Pair, ...]
    review: tuple[Item, ...]
    plan: tuple[Item, ...]


@dataclass(frozen=True)
class Comparison:
    """A report that reviews one year and plans the next: its two parts, theme by theme."""

    review_title: str
    plan_title: str
    review_year: int
    plan_year: int
    themes: tuple[ThemeComparison, ...]
