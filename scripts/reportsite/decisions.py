"""The converter's decisions on a report, for its record page: where the input was ambiguous.

The record lists every change to the seed's characters (changes.py); some choices change
none but decide what a reader sees: the script the seed was read in, where a title or date
came from, which line without a number is a title, where an appendix starts, which numbered
items are a list rather than pages. `report_decisions` reads them back from the converted
report, so no step has to keep a list of its own, and the record page shows each with the
line of the seed it concerns; an editor who disagrees overrides it in seeds/metadata.yml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .masthead import GENERIC_TITLES
from .models import Block, Kind, Page, ReportMeta
from .outline import STRONG_LEVELS, ends_sentence, heading_level, runin_end
from .settings import SeedMeta
from .split import heading_title

# How much of a block the record page quotes, and how many Han characters of it find it in
# the seed.
QUOTE_CHARS = 24
KEY_CHARS = 8
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")



@dataclass(frozen=True)
class Decision:
    line: int  # 1-based line of the seed it concerns; 0 for the whole report
    what: str  # the decision, in our wording (Simplified; the Traditional site converts it)
    text: str  # the report's words it concerns ("" for none)


class _Lines:
    """Line numbers of texts in the seed, looked up in order (blocks come in order)."""

    def __init__(self, seed: str) -> None:
        self.seed, self.at = seed, 0
        # The last position looked up and its line: lookups mostly move forward, so each
        # counts line ends from there, not from the start of the seed.
        self._known, self._line = 0, 1

    def of(self, text: str) -> int:
        # A run of Han characters: normalise changed the marks and spaces around them.
        run = _HAN_RUN.search(text)
        key = run[0][:KEY_CHARS] if run else ""
        found = self.seed.find(key, self.at) if key else -1
        if found < 0:
            found = self.seed.find(key) if key else -1
        if found < 0:
            return 0
        self.at = found
        if found >= self._known:
            self._line += self.seed.count("\n", self._known, found)
        else:
            self._line = self.seed.count("\n", 0, found) + 1
        self._known = found
        return self._line

    def text(self, line: int) -> str:
        """The seed's line `line` (1-based), "" for 0; near the last one looked up."""
        if not line:
            return ""
        start = self.seed.rfind("\n", 0, self.at) + 1
        end = self.seed.find("\n", self.at)
        return self.seed[start : end if end >= 0 else len(self.seed)]


def _quote(text: str) -> str:
    plain = heading_title(text)
    return plain if len(plain) <= QUOTE_CHARS else plain[: QUOTE_CHARS - 1] + "…"


def meta_decisions(
    meta: ReportMeta, seed_meta: SeedMeta, own_title: str | None, name: str, script: str
) -> list[Decision]:
    """How the title, issuer and source were chosen, where the report did not say so."""
    out = []
    if script == "hant":
        what = "原文为繁体字：按其简体转换分析；繁体版照原文发布，简体版为转换"
        out.append(Decision(0, what, ""))
    if not seed_meta.title:
        if own_title is None:
            out.append(Decision(0, "没有标题行：标题取自文件名", name))
        elif own_title in GENERIC_TITLES and meta.title != own_title:
            out.append(Decision(0, "标题只说明文种：补上报告的年份和地点", meta.title))
    if not seed_meta.issuer and meta.issuer:
        if meta.issuer.endswith("人民政府") and meta.subtitle:
            out.append(Decision(0, "在人民代表大会上所作的政府工作报告：发布单位为该地人民政府",
                                meta.issuer))  # fmt: skip
    if meta.reprinted_by:
        out.append(Decision(0, "“来源”是报刊或网站：作转载来源，不作发布单位", meta.reprinted_by))
    return out


def outline_decisions(pages: Iterable[Page], seed: str) -> list[Decision]:
    """The outline's choices, block by block, with the seed's line of each."""
    lines = _Lines(seed)
    out: list[Decision] = []
    for page in pages:
        if not page.published:
            out.append(Decision(lines.of(page.title), "该部分没有自己的正文：不单独成页，"
                                "标题列在第一节的页首", _quote(page.title)))  # fmt: skip
        blocks = page.blocks
        for n, block in enumerate(blocks):
            line = lines.of(block.text)
            what = _block_decision(block)
            after = blocks[n + 1] if n + 1 < len(blocks) else None
            if not what and after is not None and _runin(block, after, lines.text(line)):
                what = "标题与正文印在同一行：在标题的句号或冒号后分开"
            if what:
                out.append(Decision(line, what, _quote(block.text)))
    return out


def _han(text: str) -> str:
    return "".join(_HAN_RUN.findall(text))


def _runin(block: Block, after: Block, seed_line: str) -> bool:
    """A numbered heading whose paragraph the seed prints on the same line: the heading's
    last Han characters and the paragraph's first are one run of the line's."""
    if block.kind is not Kind.HEADING or heading_level(block.text) not in STRONG_LEVELS:
        return False
    if after.kind is not Kind.PARAGRAPH:
        return False
    joint = _han(block.text)[-KEY_CHARS // 2 :] + _han(after.text)[: KEY_CHARS // 2]
    return bool(joint) and joint in _han(seed_line)


def _block_decision(block: Block) -> str:
    first = block.text.split("\n", 1)[0]
    number = heading_level(first)
    if block.kind is Kind.APPENDIX:
        return "附件或注释：自此单独成页，其中的编号列表留在页内"
    if block.kind is Kind.HEADING and not number:
        return f"没有编号的标题：按位置作第{block.level}级标题"
    if block.kind is Kind.PARAGRAPH and number in STRONG_LEVELS:
        if ends_sentence(block.text) and not runin_end(block.text):
            return "编号的一句话条目：作列表留在页内，不单独成页"
        return "编号段落的首句不像标题（过长）：作正文"
    return ""
