"""The report's masthead: title, subtitle and speaker lines, and what they and the page's
header say (title, delivery date, issuer, publication date, the paper that reprinted it).

A government report opens, before its salutation (各位代表：) or first heading, with

    2026年北京市政府工作报告                                   title
    ——2026年1月25日在北京市第十六届人民代表大会第四次会议上       subtitle: when and where
    北京市市长 殷勇                                             speaker

These lines are the report's own text and stay on its overview page, each a block of its own
kind (normalise must not run them together: `split_masthead`). The portal's header lines
(来源：北京日报, 时间：2026-02-02) were removed by furniture.py and give their values here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .models import Block, Kind
from .outline import SALUTATION, heading_level
from .paragraphs import is_title_like

CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})"
_MD = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_CN = re.compile(rf"({_YEAR})\s*年\s*({_MD})\s*月\s*({_MD})\s*日")
# ——2026年1月25日在北京市第十六届人民代表大会第四次会议上; dashes of any width, or none.
SUBTITLE = re.compile(
    rf"^(?:[—–―\-－]{{1,2}}\s*)?(?:.{{0,8}}?{DATE_CN.pattern}\s*)?在.{{2,60}}?"
    r"(?:会议|會議|大会|大會|会|會)上(?:的(?:报告|報告|讲话|講話))?"
    # A PDF sets it in brackets: （2026年1月25日在……会议上）.
    r"(?:(?<=上)|(?<=告)|(?<=话)|(?<=話))[）)]?"
)
_DASHED = re.compile(r"^[—–―\-－]{1,2}\s*\S")
# 北京市市长 殷勇 / 省人民政府省长 王清宪 / 自治区主席 嘎玛泽登: an office and a name.
OFFICES = (
    "省长|省長|市长|市長|区长|區長|县长|縣長|州长|州長|盟长|盟長|旗长|旗長|主席|总理|總理|"
    "院长|院長|行政长官|行政長官|主任|理事长|理事長|局长|局長|厅长|廳長|书记|書記|主委|部长|部長"
)
SPEAKER = re.compile(
    rf"^(?:[—–―\-－]{{1,2}}\s*)?\S{{0,24}}?(?:{OFFICES})\s*[\u4e00-\u9fff·]{{2,8}}$"
)
# The speaker's own line is short; a longer one is a sentence about them.
SPEAKER_MAX_CHARS = 36
# A masthead has at most this many lines of title.
TITLE_MAX_LINES = 3
# Titles that name only the genre: the reader needs the year and the place too.
GENERIC_TITLES = frozenset(
    {"政府工作报告", "政府工作報告", "工作报告", "工作報告", "施政报告", "施政報告"}
)
# Where it was delivered: 在北京市第十六届人民代表大会 → 北京市.
REGION = re.compile(
    r"在(.{2,12}?(?:省|市|自治区|自治區|特别行政区|特別行政區|区|區|县|縣|州|盟|旗))第"
)
# A 来源 that is a paper, an agency or a site reprinted the report; it did not issue it.
PRESS = re.compile(
    r"(?:日报|日報|晚报|晚報|时报|時報|商报|商報|报社|報社|新闻|新聞|通讯社|通訊社|新华社|新華社|"
    r"电视台|電視台|广播|廣播|融媒|传媒|傳媒|客户端|客戶端|网|網|报|報)$"
)
PUBLISHED_LABELS = (
    "发布时间", "發布時間", "发布日期", "發布日期", "发表时间", "發表時間", "信息提供日期",
    "时间", "時間", "日期", "发文日期", "發文日期", "成文日期", "归档时间", "歸檔時間", "更新时间",
)  # fmt: skip
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_ROC = re.compile(r"民[国國]\s*(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@dataclass(frozen=True)
class Masthead:
    title: str | None
    subtitle: str | None
    speaker: str | None


def _cn_number(text: str) -> int:
    """二〇二六 → 2026 (digit by digit); 二十五 → 25; 十 → 10; digits as they are."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(CN_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def _iso(year: int, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2999):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_date(text: str) -> str | None:
    """The first date in `text` as YYYY-MM-DD: 2026-01-31, 2026年1月27日, 二〇二六年一月二十七日,
    民國113年10月15日 (the ROC year plus 1911)."""
    found: list[tuple[int, int, int, int]] = []
    m = _ISO.search(text)
    if m:
        found.append((m.start(), int(m[1]), int(m[2]), int(m[3])))
    m = DATE_CN.search(text)
    if m:
        found.append((m.start(), _cn_number(m[1]), _cn_number(m[2]), _cn_number(m[3])))
    m = _ROC.search(text)
    if m:
        found.append((m.start(), int(m[1]) + 1911, int(m[2]), int(m[3])))
    if not found:
        return None
    _, year, month, day = min(found)
    return _iso(year, month, day)


# （2025年12月30日）: the date a report carries under its title, a line of its own.
DATE_LINE = re.compile(rf"^[（(]?{DATE_CN.pattern}[）)]?$")


def is_subtitle(line: str) -> bool:
    if DATE_LINE.match(line):
        return True
    return bool(SUBTITLE.match(line)) and (bool(DATE_CN.search(line)) or bool(_DASHED.match(line)))


def is_speaker(line: str) -> bool:
    return len(line) <= SPEAKER_MAX_CHARS and bool(SPEAKER.match(line))


def _opens_text(line: str) -> bool:
    return bool(SALUTATION.match(line)) or heading_level(line) > 0


_SUBTITLE_START = re.compile(rf"^(?:[—–―\-－]{{1,2}}|[（(]?{DATE_CN.pattern}\s*在)")
# A subtitle a hard wrap cut goes on for at most this many more lines.
SUBTITLE_MAX_LINES = 3


def _subtitle_parts(line: str) -> tuple[str, str] | None:
    """(subtitle, speaker after it on the same line or "") when `line` is a whole subtitle."""
    if not is_subtitle(line):
        return None
    match = SUBTITLE.match(line)
    end = match.end() if match else len(line)
    head, tail = line[:end], line[end:].strip()
    if tail and not is_speaker(tail):
        return None  # a sentence that opens like a subtitle: the report's text
    return head, tail


def _whole_subtitle(lines: list[str], at: list[int]) -> tuple[str, int] | None:
    """The subtitle that starts at lines[at[0]], rejoined if a hard wrap cut it (——2026年1月25日
    在北京市第十六届人民代表大会第四次会 / 议上, or its speaker: …会议上 陕西 / 省省长 赵刚),
    and how many lines it takes."""
    text = lines[at[0]]
    if _subtitle_parts(text):
        return text, 1
    if not _SUBTITLE_START.match(text):
        return None
    for n in range(1, min(SUBTITLE_MAX_LINES, len(at))):
        if _opens_text(lines[at[n]]):
            return None
        text += lines[at[n]]
        if _subtitle_parts(text):
            return text, n + 1
    return None


def split_masthead(lines: list[str]) -> tuple[list[Block], int]:
    """The masthead blocks at the head of `lines` (stripped lines of the report, furniture
    removed) and how many lines they take; the rest is the report's text.

    Title lines come first (up to TITLE_MAX_LINES), then the subtitle, which may run on to
    the speaker on the same line, and the speaker; a hard wrap may have cut any of them. The
    first line that is none of these ends the masthead. Without a subtitle or speaker there
    is no masthead to set apart: the title alone is the first block that joining finds.
    """
    text_at = [i for i, ln in enumerate(lines) if ln]
    blocks: list[Block] = []
    # Title lines: title-like lines, before the subtitle or speaker.
    titles: list[int] = []
    for i in text_at[:TITLE_MAX_LINES + 1]:
        line = lines[i]
        if (
            _SUBTITLE_START.match(line) or is_subtitle(line) or is_speaker(line)
            or _opens_text(line) or not is_title_like(line)
        ):  # fmt: skip
            break
        titles.append(i)
    rest = [i for i in text_at if not titles or i > titles[-1]]
    if not rest or not (_whole_subtitle(lines, rest) or is_speaker(lines[rest[0]])):
        # Only a title: joining finds it, and rejoins it if a hard wrap cut it (paragraphs.py).
        return [], 0
    n = titles[-1] + 1 if titles else 0
    if titles:
        blocks.append(Block(Kind.TITLE, "".join(lines[i] for i in titles)))
    k = 0
    while k < len(rest) and k < SUBTITLE_MAX_LINES + 2:
        whole = _whole_subtitle(lines, rest[k:])
        if whole and not any(b.kind is Kind.SUBTITLE for b in blocks):
            head, tail = _subtitle_parts(whole[0]) or (whole[0], "")
            blocks.append(Block(Kind.SUBTITLE, head))
            if tail:
                blocks.append(Block(Kind.SPEAKER, tail))
            k += whole[1]
        elif not any(b.kind is Kind.SPEAKER for b in blocks) and is_speaker(lines[rest[k]]):
            blocks.append(Block(Kind.SPEAKER, lines[rest[k]]))
            k += 1
        else:
            break
        n = rest[k - 1] + 1
    # The salutation opens the text and is a paragraph of its own: 各位代表： ends no
    # sentence, so joining would run it into the first paragraph.
    after = next((i for i in range(n, len(lines)) if lines[i]), None)
    if blocks and after is not None and SALUTATION.match(lines[after]):
        blocks.append(Block(Kind.PARAGRAPH, lines[after]))
        n = after + 1
    return blocks, n


def read_masthead(blocks: Iterable[Block]) -> Masthead:
    found: dict[Kind, str] = {}
    for block in blocks:
        if block.kind in (Kind.TITLE, Kind.SUBTITLE, Kind.SPEAKER):
            found.setdefault(block.kind, block.text.replace("**", ""))
    return Masthead(found.get(Kind.TITLE), found.get(Kind.SUBTITLE), found.get(Kind.SPEAKER))


def region(subtitle: str | None) -> str | None:
    match = REGION.search(subtitle or "")
    return match[1] if match else None


# A title set with a space between its characters (政 府 工 作 报 告), as PDFs print them.
_LETTER_SPACED = re.compile(r"^\S(?:[ \u3000]+\S)+$")


def unspaced(title: str) -> str:
    """A letter-spaced title as one word: the spaces are the typesetter's, not words'."""
    return re.sub(r"[ \u3000]+", "", title) if _LETTER_SPACED.match(title) else title


def qualified_title(title: str, subtitle: str | None) -> str:
    """A title that names only the genre (政府工作报告) gets the year and place of delivery
    from the subtitle: 2026年青海省政府工作报告. Any other title is the report's own (a
    letter-spaced one without its spaces)."""
    title = unspaced(title)
    if title not in GENERIC_TITLES:
        return title
    place, date = region(subtitle), find_date(subtitle or "")
    if not place or not date:
        return title
    return f"{date[:4]}年{place}{title}"


def is_press(source: str) -> bool:
    return bool(PRESS.search(source.strip()))


def issuer_of(title: str, subtitle: str | None, source: str | None) -> str | None:
    """Who issued the report: for a government work report, the people's government of the
    place it was delivered in; else the header's 来源 when it is a body, not the press."""
    place, title = region(subtitle), unspaced(title)
    # Delivered to a people's congress: the report is its people's government's. Elsewhere
    # (立法會, 立法院) the government has another name, which the header or metadata gives.
    congress = re.search("人民代表大会|人民代表大會", subtitle or "")
    if place and congress and ("政府工作报告" in title or "政府工作報告" in title):
        return place + "人民政府"
    if source and not is_press(source):
        return source
    return None


def published_date(fields: dict[str, str]) -> tuple[str, str] | None:
    """(label, raw value) of the header field that gives the publication date."""
    for label in PUBLISHED_LABELS:
        value = fields.get(label)
        # A value shaped like a date, real or not: the caller refuses an impossible one.
        if value and any(p.search(value) for p in (_ISO, DATE_CN, _ROC)):
            return label, value
    return None
