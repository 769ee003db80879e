"""What corpus_report measures, as pure functions of text and records (no files, no pipeline).

Each measure takes the text a reader would see (a page's blocks, a Traditional page) and,
where it needs one, the seed; the rule tables below are the only place a pattern is written,
so the next issue can tell which rule a figure comes from and a test can name it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reportsite.models import Block, Kind, Page

# Site chrome the scrapers kept: (rule name, pattern). Matched in every block of every page,
# bold markers removed; each match is one fragment (normalise may have glued several lines
# of furniture into one block, so a line-anchored pattern would undercount).
FURNITURE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("breadcrumb", re.compile(r"首页\s*[>＞›»]|当前位置")),
    # One toolbar word alone is a block only as furniture; two in a row anywhere is a toolbar.
    (
        "toolbar",
        re.compile(
            r"^(?:下载|打印|全屏|收藏)$"
            r"|(?:下载|打印|全屏|收藏)(?:\s*(?:下载|打印|全屏|收藏))+"
        ),
    ),
    ("font_size", re.compile(r"【?字号[:：]\s*(?:加大\s*还原\s*减小\s*】?)?|加大\s*还原\s*减小")),
    ("scan_qr", re.compile(r"扫一扫在手机(?:上)?打开")),
    ("print_page", re.compile(r"【打印本页】")),
    ("close_window", re.compile(r"【关闭窗口】")),
    ("share", re.compile(r"分享[:：]|分享到")),
    ("read_count", re.compile(r"阅读(?:量|数|次数)[:：]")),
    ("photo_credit", re.compile(r"(?:本报|新华社)记者[\s\u3000]*[\u4e00-\u9fff·\s]{1,12}?摄")),
    ("editor", re.compile(r"责任编辑|编辑[:：]")),
    ("skip_nav", re.compile(r"跳过导航")),
    ("archive_time", re.compile(r"归档时间")),
    ("related", re.compile(r"相关报道[:：]")),
)

# PDF text layers put a page number between dashes on its own line; joined into a paragraph
# it sits inside a sentence. Not after a digit or dash, so 2026-02-11 is no page number.
PAGE_NUMBER = re.compile(
    r"(?<![\d\-—–－])[—–\-－]{1,2}[ \t\u3000]*\d{1,4}[ \t\u3000]*[—–\-－]{1,2}"
    r"(?![\d\-—–－])"
)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK extension A, unified, compatibility
HAN = re.compile(f"[{_HAN}]")
HAN_SPACE_HAN = re.compile(f"(?<=[{_HAN}])[ \t\u3000]+(?=[{_HAN}])")
# Characters of context on each side when looking an inserted space up in the seed.
SPACE_CONTEXT = 2

# Known wrong Simplified → Traditional conversions: (Simplified context, the wrong Traditional
# the site's converter makes of it), counted as the wrong form found on the Traditional pages.
# Each wrong form is never right in any context, and no two overlap, so counts add up:
# 髮揮 covers 汕头发挥 → 汕頭髮揮 and 资金发挥 → 資金髮揮 (OpenCC segments 头发, 金发 as "hair"),
# 製度 covers 分配制度 (配制), 麵向 covers 和面向 (和面, "knead dough").
WRONG_CONVERSIONS: tuple[tuple[str, str], ...] = (
    ("发挥", "髮揮"),
    ("发展", "髮展"),
    ("注重", "註重"),
    ("征程", "徵程"),
    ("历程", "曆程"),
    ("历史", "曆史"),
    ("制度", "製度"),
    ("面向", "麵向"),
    ("免签", "免籤"),
    ("困难", "睏難"),
    ("指明了", "指明瞭"),
    ("对标对表", "對標對錶"),
)
HEADING_MAX_CHARS = 40
MAX_EXAMPLES = 20


def plain(text: str) -> str:
    """A block's text as the reader sees it: without the `**` bold markers."""
    return text.replace("**", "")


def furniture_counts(texts: Iterable[str]) -> dict[str, int]:
    """Fragments of site chrome per rule (every rule named, zeros included)."""
    counts = dict.fromkeys((name for name, _ in FURNITURE_RULES), 0)
    for text in texts:
        for name, pattern in FURNITURE_RULES:
            counts[name] += len(pattern.findall(plain(text)))
    return counts


def page_numbers(texts: Iterable[str]) -> list[str]:
    return [m.group(0) for text in texts for m in PAGE_NUMBER.finditer(plain(text))]


def inserted_spaces(texts: Iterable[str], seed: str) -> list[str]:
    """Spaces between two Han characters that the seed does not have there, with
    SPACE_CONTEXT characters either side. A space is the seed's own (省长 王清宪) when the
    seed has it with its context on one side at least: joining lines changes the other
    side (本报记者 朱江 摄 + 各位代表), while a line break turned into a space matches neither."""
    found = []
    for text in texts:
        shown = plain(text)
        for m in HAN_SPACE_HAN.finditer(shown):
            left = shown[max(0, m.start() - SPACE_CONTEXT) : m.start()]
            right = shown[m.end() : m.end() + SPACE_CONTEXT]
            space = m.group(0)
            if left + space + right[:1] not in seed and left[-1:] + space + right not in seed:
                found.append(left + space + right)
    return found


def is_empty_page(page: Page) -> bool:
    """No Han character outside its headings: the links to its children are ours, not text."""
    return not any(HAN.search(b.text) for b in page.blocks
                   if b.kind not in (Kind.HEADING, Kind.TITLE))  # fmt: skip


def heading_levels(blocks: Iterable[Block]) -> dict[int, int]:
    levels: dict[int, int] = {}
    for block in blocks:
        if block.kind is Kind.HEADING:
            levels[block.level] = levels.get(block.level, 0) + 1
    return dict(sorted(levels.items()))


def long_headings(blocks: Iterable[Block]) -> list[str]:
    return [
        plain(b.text)
        for b in blocks
        if b.kind in (Kind.HEADING, Kind.TITLE) and len(plain(b.text)) > HEADING_MAX_CHARS
    ]


def wrong_conversions(traditional: Iterable[str]) -> dict[str, int]:
    """Occurrences of each known wrong form in the Traditional text, keyed by its context."""
    counts = {simplified: 0 for simplified, _ in WRONG_CONVERSIONS}
    for text in traditional:
        for simplified, wrong in WRONG_CONVERSIONS:
            counts[simplified] += text.count(wrong)
    return counts


@dataclass(frozen=True)
class SegmentDiff:
    """Whole-paragraph vs segment-by-segment conversion: differing positions, a few contexts."""

    positions: int
    examples: tuple[str, ...]


def _diff_positions(a: str, b: str) -> list[int]:
    if len(a) == len(b):
        return [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    # A glossary entry may change the length; then compare what the two share in order.
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [i for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal"
            for i in range(i1, max(i2, i1 + 1))]  # fmt: skip


def segment_diff(
    paragraphs: Iterable[str],
    convert: Callable[[str], str],
    segment: Callable[[str], Iterable[str]],
) -> SegmentDiff:
    """OpenCC picks a character's Traditional form from the phrase it segments it into;
    converting jieba's words one by one shows where that segmentation decides something.
    Neither side is the truth: a difference is a place to look."""
    positions, examples = 0, list[str]()
    for text in paragraphs:
        shown = plain(text)
        whole = convert(shown)
        pieces = "".join(convert(s) for s in segment(shown))
        diffs = _diff_positions(whole, pieces)
        positions += len(diffs)
        for i in diffs:
            if len(examples) < MAX_EXAMPLES:
                lo, hi = max(0, i - 3), i + 4
                examples.append(f"{shown[lo:hi]}: {whole[lo:hi]} / {pieces[lo:hi]}")
    return SegmentDiff(positions, tuple(examples))


# --------------------------------------------------------------------------- metadata

META_FIELDS = ("title", "published", "delivered", "issuer", "speaker")
# The delivery line as a reader should see it: on its own, maybe with the speaker after it
# (陕西: ……会议上 陕西省省长 赵刚); nothing of the toolbar, title or breadcrumbs glued on.
DELIVERY_LINE = re.compile(
    r"^[—―\-－\s]*(\d{4}年\d{1,2}月\d{1,2}日)在[^。，；>\s]*会议上"
    r"(?: (.+))?$"
)


def chinese_date(iso: str) -> str:
    """2026-01-27 → 2026年1月27日, as the delivery line writes it."""
    year, month, day = iso.split("-")
    return f"{year}年{int(month)}月{int(day)}日"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", plain(text)).strip()


def delivered_shown(blocks: Iterable[Block], delivered: str, speaker: str = "") -> bool:
    """A block is the delivery line of that date (with the speaker, or nothing, after it)."""
    for block in blocks:
        m = DELIVERY_LINE.match(_squash(block.text))
        if m and m[1] == chinese_date(delivered) and m[2] in (None, _squash(speaker)):
            return True
    return False


def speaker_shown(blocks: Iterable[Block], speaker: str) -> bool:
    """The line naming the speaker is a block of its own, or ends the delivery line."""
    want = _squash(speaker)
    for block in blocks:
        text = _squash(block.text)
        m = DELIVERY_LINE.match(text)
        if text == want or (m is not None and m[2] == want):
            return True
    return False


def meta_checks(
    found: dict[str, str | None], blocks: tuple[Block, ...], expected: dict[str, str]
) -> dict[str, bool]:
    """Per field of META_FIELDS, whether the reader sees what corpus.yml says. `found` is the
    pipeline's title, date and issuer; delivery date and speaker have no field of their
    own, so they count as right when the overview page shows their line on its own."""
    speaker = expected.get("speaker", "")
    return {
        "title": found.get("title") == expected.get("title"),
        "published": found.get("date") == expected.get("published"),
        "delivered": bool(expected.get("delivered"))
        and delivered_shown(blocks, expected["delivered"], speaker),
        "issuer": found.get("issuer") == expected.get("issuer"),
        "speaker": bool(speaker) and speaker_shown(blocks, speaker),
    }
