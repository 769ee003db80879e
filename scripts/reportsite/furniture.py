"""Part of step 3, normalise: lines that are not the report's text, found and removed by rule.

A report scraped from a portal carries the page's own furniture (toolbars, breadcrumbs,
share buttons, the 来源/时间 header, photo captions, the editor's name); one from a PDF
carries page numbers and running headers. Each is removed only when a rule can say why:

- by **pattern**, a whole line of portal chrome (`site_chrome`, `breadcrumb`,
  `photo_credit`, `editor_line`, `source_note`) or a page number (`page_number`);
- by **position**, a line of the masthead, before the salutation or first heading, that is
  the page's header (`header_field`, `header_date`), its copy of the title (`repeated_title`)
  or a caption of the speaker's photo (`masthead_caption`);
- by **repetition**, the same short line on every page (`running_header`).

When no rule applies the line stays. Nothing is removed silently: every removed line is an
edit of the record (changes.py), with its rule, and the removed header fields are what the
masthead step reads the date and source from. An editor keeps a line that a rule removed
by listing it under `keep:` for the seed in seeds/metadata.yml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .layout import detect_wrap_width, is_full
from .outline import SALUTATION, heading_level
from .pagefurniture import page_breaks, page_numbers, running_headers

# What the record page says each rule removed (the rule id is in changes.tsv too).
RULES = {
    "site_chrome": "网页工具栏",
    "breadcrumb": "网页导航路径",
    "header_field": "网页信息栏",
    "header_date": "网页发布时间",
    "repeated_title": "网页重复标题",
    "masthead_caption": "图片说明",
    "photo_credit": "图片说明",
    "editor_line": "编辑署名",
    "source_note": "转载来源",
    "page_number": "页码",
    "running_header": "页眉页脚",
}

# Line ends as unify_newlines knows them: a line is its text and its end.
_LINE = re.compile(r"([^\r\n\f\v\u2028\u2029\x85]*)(\r\n|[\r\n\f\v\u2028\u2029\x85]|\Z)")
_EDGE = " \t\u00a0\u3000\ufeff"

# Portal toolbars, share bars and footers, in both scripts: a line made only of these
# (and brackets, bars, colons) is the page's chrome, wherever it stands.
CHROME_WORDS = (
    "下载 下載 打印 列印 全屏 收藏 分享 分享到 关闭 關閉 关闭窗口 關閉窗口 关闭本页 打印本页 "
    "列印本頁 返回顶部 返回頂部 回到顶部 返回 字号 字號 字体 字體 大 中 小 "
    "加大 还原 還原 减小 減小 "
    "默认 預設 放大 缩小 縮小 扫一扫在手机打开当前页 扫一扫在手机上打开当前页 手机扫一扫 "
    "扫一扫 掃一掃 微信 微博 QQ空间 QQ 朋友圈 复制链接 複製連結 相关报道 相關報道 相关链接 "
    "相關連結 相关新闻 相關新聞 相关阅读 相關閱讀 上一篇 下一篇 跳过导航 跳過導航 "
    "无障碍 無障礙 纠错 糾錯 我要纠错 网站地图 網站地圖 听全文 朗读 朗讀 语音播报 "
    "繁体 繁體 简体 簡體 English 阅读模式 閱讀模式 回首页 回首頁 网站导览 網站導覽 网站导航 "
    "網站導航 回上一页 回上一頁 上一页 上一頁 下一页 下一頁 友善列印 字级 字級 分享至 转寄 轉寄"
).split()
_CHROME_SEP = r"[\s【】\[\]|｜/／:：·•,，、<>《》()（）]*"
_CHROME = re.compile(
    rf"^{_CHROME_SEP}(?:(?:{'|'.join(sorted(map(re.escape, CHROME_WORDS), key=len, reverse=True))})"
    rf"{_CHROME_SEP})+$"
)
# A counter the portal prints: 阅读量：1234, 浏览次数: 56 次.
_COUNTER = re.compile(
    r"^(?:阅读量|閱讀量|阅读数|阅读|浏览次数|瀏覽次數|浏览量|瀏覽量|点击数|點擊數|访问量)"
    r"\s*[:：]?\s*\d*\s*次?$"
)
_BRACKETS_ONLY = re.compile(r"^(?:[【】\[\]]|:::|[|｜]+)$")  # ::: is a portal's access key
# The portal's own name on a line of its own: 澳門特別行政區政府入口網站, 某某市人民政府门户网站.
SITE_NAME = re.compile(
    r"^\S{2,24}(?:门户网站|門戶網站|入口网站|入口網站|政府网站|政府網站|官方网站|官方網站|政府网|政府網)$"
)

BREADCRUMB_HEAD = re.compile(
    r"^(?:当前位置|當前位置|您的位置|您现在的位置|您現在的位置|所在位置|位置)\s*[:：]"
)
_CRUMB_SEP = re.compile(r"^\s*[>›»＞/]+\s*$")
_TRAIL = re.compile(r"^(?:首页|首頁|网站首页|網站首頁)\s*[>›»＞/]")

# 本报记者 戴冰摄 / 新华社记者 李学仁 摄 / 摄影：… / （图片来源：…）: the line is a photo's caption.
PHOTO_CREDIT = re.compile(
    r"(?:(?:本报|本報|新华社|新華社|记者|記者|通讯员|通訊員|特约|特約)[^。！？]{0,24}[摄攝]|"
    r"[摄攝]影\s*[:：/]\s*[^。]{1,20}|[（(]?(?:图片来源|圖片來源)\s*[:：][^。]{1,30}[）)]?)$"
)
PHOTO_CREDIT_MAX_CHARS = 80
EDITOR_LINE = re.compile(
    r"^[（(【\[]?(?:责任编辑|責任編輯|编辑|編輯|责编|責編|校对|校對|审核|審核|审校|審校|"
    r"终审|終審|初审|初審|二审|三审|监制|監製|值班编辑|网络编辑|網絡編輯)\s*[:：]\s*"
    r"[^。！？，]{1,20}[）)】\]]?$"
)
SOURCE_NOTE = re.compile(
    r"^[（(](?:来源|來源|稿件来源|文章来源|转载自|轉載自|转自|轉自)\s*[:：]?[^。]{1,30}[）)]$"
)

# The masthead ends at the salutation or the first heading of the outline.
# A report without either: the masthead is at most this many lines.
MASTHEAD_MAX_LINES = 12
# A web page's time stamp (2026-01-31 07:00:44); a date written 2026年1月31日 is the report's.
_DATETIME = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
# 殷勇同志作政府工作报告。: the caption of the speaker's photo, in the page's masthead.
_CAPTION = re.compile(r"作了?(?:政府)?工作[报報]告[。.]?$")
# The subtitle says where the report was delivered; it is never a caption.
_DELIVERY = re.compile(r"在.{2,40}(?:会议|會議|大会|大會)上")

# The labels of a portal's article header, in both scripts.
HEADER_LABELS = (
    "信息提供日期", "发布日期", "發布日期", "发布时间", "發布時間", "发表时间", "發表時間",
    "发文日期", "發文日期", "成文日期", "归档时间", "歸檔時間", "更新时间", "更新時間",
    "更新日期", "發佈日期", "发布于", "發佈時間", "资料来源", "資料來源",
    "日期", "时间", "時間", "来源", "來源", "发布机构", "發布機構", "发文机关", "發文機關",
    "作者", "字号", "字號", "浏览次数", "瀏覽次數", "阅读量", "閱讀量", "点击数", "點擊數",
)  # fmt: skip
_LABELS = "|".join(sorted(HEADER_LABELS, key=len, reverse=True))
HEADER_FIELD = re.compile(
    rf"(?P<label>{_LABELS})\s*[:：]\s*(?P<value>.*?)\s*(?=(?:{_LABELS})\s*[:：]|$)"
)
# A label whose value the page put on the next line (时间： / 2026-02-02 09:20).
_BARE_LABEL = re.compile(rf"^({_LABELS})\s*[:：]$")

@dataclass(frozen=True)
class Removed:
    """A line that is not the report's text: where it was in the seed and why it went."""

    start: int  # offset in the seed text of the line's first character
    end: int  # offset just past its line end
    line: int  # 1-based line number in the seed
    text: str  # the line without its end, as the seed has it
    rule: str  # a key of RULES
    fields: tuple[tuple[str, str], ...] = ()  # header fields it held (来源, 时间 …)
    span: str = ""  # the seed's characters from start to end: the line and its end


@dataclass(frozen=True)
class Sifted:
    kept: str  # the seed without its removed lines
    removed: tuple[Removed, ...]
    # Lines of `kept` (0-based) that open a page: a page number or running header was removed
    # just before them. A page break alone never starts a paragraph (paragraphs.join_lines).
    breaks: frozenset[int] = frozenset()


@dataclass
class _Line:
    start: int
    end: int
    text: str  # stripped of edge spaces
    raw: str


def _lines(text: str) -> list[_Line]:
    out = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and not m[0]:
            break
        out.append(_Line(m.start(), m.end(), m[1].strip(_EDGE), m[1]))
        if not m[2]:
            break
    return out


def header_fields(line: str) -> list[tuple[str, str]]:
    """The (label, value) pairs of a header line, in order."""
    return [(m["label"], m["value"]) for m in HEADER_FIELD.finditer(line) if m["value"]]


def pattern_rule(text: str) -> str | None:
    """The pattern rule a whole line of furniture matches, if any."""
    if is_chrome(text):
        return "site_chrome"
    if EDITOR_LINE.match(text):
        return "editor_line"
    if SOURCE_NOTE.match(text):
        return "source_note"
    if PHOTO_CREDIT.search(text) and len(text) <= PHOTO_CREDIT_MAX_CHARS:
        return "photo_credit"
    return None


# A caption or credit a hard wrap cut spans at most this many lines.
WRAPPED_MAX_LINES = 3


def _pattern_lines(
    lines: list[_Line], i: int, wrap: tuple[str, int] | None
) -> dict[int, str]:
    """The lines from i that a pattern rule removes: line i alone, or with the lines a hard
    wrap cut it into (本报记者 朱江 / 摄), read whole."""
    whole = lines[i].text
    for j in range(i, min(len(lines), i + WRAPPED_MAX_LINES)):
        if j > i:
            whole += lines[j].text
        rule = pattern_rule(whole)
        if rule:
            return dict.fromkeys(range(i, j + 1), rule)
        if not is_full(lines[j].raw.rstrip(_EDGE), wrap) or j + 1 >= len(lines) or not (
            lines[j + 1].text
        ):
            break
    return {}


def is_chrome(text: str) -> bool:
    return bool(
        _CHROME.match(text) or _COUNTER.match(text) or _BRACKETS_ONLY.match(text)
        or SITE_NAME.match(text)
    )


def _masthead_end(lines: list[_Line]) -> int:
    """Index of the line that opens the report's text: the salutation or the first heading."""
    for i, line in enumerate(lines):
        if line.text and (SALUTATION.match(line.text) or heading_level(line.text) in (1, 2)):
            return i
    return min(len(lines), _nth_text(lines, MASTHEAD_MAX_LINES))


def _nth_text(lines: list[_Line], n: int) -> int:
    seen = 0
    for i, line in enumerate(lines):
        if line.text:
            seen += 1
            if seen > n:
                return i
    return len(lines)


def _breadcrumbs(lines: list[_Line]) -> set[int]:
    """A trail of links: 首页 > 政务公开 > …, on one line or a line per item and separator."""
    out: set[int] = set()
    i = 0
    while i < len(lines):
        text = lines[i].text
        if BREADCRUMB_HEAD.match(text) or _TRAIL.match(text):
            out.add(i)
        elif text in ("首页", "首頁", "网站首页", "網站首頁"):
            # A line per item: separators and items alternate; the trail ends at the last item.
            j, trail = i + 1, [i]
            while j + 1 < len(lines) and _CRUMB_SEP.match(lines[j].text) and lines[j + 1].text:
                trail += [j, j + 1]
                j += 2
            if len(trail) > 1:
                out.update(trail)
                i = j
                continue
        i += 1
    return out


def _masthead(
    lines: list[_Line], end: int, wrap: tuple[str, int] | None = None
) -> dict[int, tuple[str, tuple[tuple[str, str], ...]]]:
    """Position rules: the header fields, the page's extra copy of the title and the photo
    caption, among the lines before the report's text. A header line that a hard wrap cut
    goes with the rest of it."""
    out: dict[int, tuple[str, tuple[tuple[str, str], ...]]] = {}
    texts = [ln.text for ln in lines[:end]]
    for i in range(end):
        text = texts[i]
        if not text or i in out:
            continue
        if HEADER_FIELD.match(text) and is_full(text, wrap):
            j = i
            while j + 1 < end and texts[j + 1] and is_full(texts[j], wrap):
                j += 1
            whole = "".join(texts[i : j + 1])
            out[i] = ("header_field", tuple(header_fields(whole)))
            for k in range(i + 1, j + 1):
                out[k] = ("header_field", ())
            continue
        bare = _BARE_LABEL.match(text)
        if bare:
            nxt = next((j for j in range(i + 1, end) if texts[j]), None)
            if nxt is not None and not _BARE_LABEL.match(texts[nxt]):
                out[i] = ("header_field", ((bare[1], texts[nxt]),))
                out[nxt] = ("header_field", ())
            continue
        if i in out:
            continue
        fields = header_fields(text)
        if fields and HEADER_FIELD.match(text):
            out[i] = ("header_field", tuple(fields))
        elif _DATETIME.match(text):
            out[i] = ("header_date", (("时间", text),))
        elif text in texts[i + 1 : end]:
            out[i] = ("repeated_title", ())
        elif (
            _CAPTION.search(text) and i > 0 and len(text) <= PHOTO_CREDIT_MAX_CHARS
            and not _DELIVERY.search(text)
        ):
            out[i] = ("masthead_caption", ())
    return out


def sift(text: str, keep: Iterable[str] = ()) -> Sifted:
    """The seed without the lines that rules find to be furniture, and those lines."""
    lines = _lines(text)
    kept_lines = set(keep)
    rules: dict[int, tuple[str, tuple[tuple[str, str], ...]]] = {}
    pages = page_numbers(lines)
    for i in pages:
        rules[i] = ("page_number", ())
    for i in _breadcrumbs(lines):
        rules.setdefault(i, ("breadcrumb", ()))
    wrap = detect_wrap_width([ln.raw.rstrip(_EDGE) for ln in lines])
    for i, line in enumerate(lines):
        if line.text and i not in rules:
            for k, rule in _pattern_lines(lines, i, wrap).items():
                rules.setdefault(k, (rule, ()))
    # Position rules look at the lines that are left, so chrome does not hide the masthead.
    rest = [i for i in range(len(lines)) if i not in rules]
    view = [lines[i] for i in rest]
    end = _masthead_end(view)
    for j, found in _masthead(view, end, wrap).items():
        rules.setdefault(rest[j], found)
    for i in running_headers(lines, pages, rest[end] if end < len(rest) else len(lines)):
        rules.setdefault(i, ("running_header", ()))
    removed = []
    number, counted = 1, 0  # lines as the record counts them: by "\n", counted once
    for i in sorted(rules):
        line = lines[i]
        if line.text in kept_lines:
            continue
        rule, fields = rules[i]
        number += text.count("\n", counted, line.start)
        counted = line.start
        span = text[line.start : line.end]
        removed.append(Removed(line.start, line.end, number, line.raw, rule, fields, span))
    pieces, pos = [], 0
    for r in removed:
        pieces.append(text[pos : r.start])
        pos = r.end
    pieces.append(text[pos:])
    return Sifted("".join(pieces), tuple(removed), page_breaks(lines, rules, kept_lines))
