"""Step 6b, figures: every quantity in a report, with its sentence and its place.

A quantity is a number with what it counts: a measure word or unit (`152家`, `1480间`,
`12384小时`, `60%`, `22万P`), or a magnitude (`逾100万`, `近7万`). Written as it stands in
the text, with the qualifiers that belong to the amount (`超2.3万余个`, `不少于200人`,
`60%以上`). The same rules read Simplified and Traditional text (mainland, Taiwan, Hong Kong,
Macau reports): a text and its OpenCC conversion give the same figures. Rules, each named in
tests/golden/figures/:

* digits: ASCII or full-width, with a decimal point (`208.8万例`) or thousands commas
  (`8,881億元`, as Taiwan and Hong Kong write them);
* magnitude: 万/萬, 亿/億 and 兆 (1e12, Taiwan usage) multiply, also compounded (`5.3万亿元`,
  `3千万元`), chained (`2兆8,881億元`) and after 余/多 (`5400多亿元`); 千/百 only before a
  unit. With a magnitude the unit may be missing (`视频观看逾100万`). 兆 before a Han word
  that is no unit is the mainland's mega (`100兆宽带`, `1000兆瓦`), not a magnitude;
* units: Simplified, their Traditional forms, and a short list of Latin units (`22万P`,
  `500MW`, `30PB`) that end where a non-Latin character follows; other letters after digits
  are codes and names (`5G`, `4K`, `3D`, `5A级`);
* Han numerals only with a qualifier that marks an amount (`近万人`, `上千名`, `数百场`) or
  after a period (`每月一期`): without one they are names or set phrases in these texts
  (`一委十三室`, `三新`, `两癌`, `十件大事`, `三年行动`, `一对一`, `最后一百米`);
* ordinals are not quantities (`第3次`, `第七次`, `第一批`), nor anniversaries and ages
  (`80周年`, `70周岁`: 周 counts weeks only);
* not quantities: years and dates, ranges of years (`2021-2025年`), phone numbers and
  codes (`12338热线`: no unit), versions (`2.0`), numbers inside a formula (`1+10+92+N`).
  Dates and times: `6月18日`, `2025-02-05 17:14` (月/日 are not units, digits joined to
  `-:/` are not read). Years: 4 digits before 年 or 年度 (`2024年`); any number right
  after 民國/民国 (`民國113年`); 2-3 digits before 年度 (`101年度`) or before 年 and a
  month (`99年5月`); 100-199 before 年 with no qualifier of amount (`113年`: an ROC year,
  2011-2110; a duration that long is written 百年 or with 近/多/余 in these texts). Other
  numbers before 年 are durations (`3年`, `连续45年`, `近113年`, `14.2年`, `5000多年`).

Nothing here changes the text: figures are offsets into a block's text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from .models import Block, Figure, Kind, Page

# Measure words and units as Simplified texts write them.
SIMPLIFIED_UNITS = """
    % ％ ‰ 万元 亿元 元 美元 港元 港币 澳门元 澳门币 平方米 平方公里 公里 千米 米 立方米
    公顷 亩 吨 斤 千瓦 千瓦时 兆瓦 标准箱 标箱
    人次 场次 批次 户次 次 人 名 位 户 个 家 间 处 所 座 栋 条 项 件 宗 例 剂 份 篇 部门
    场 期 讲 节 堂 课 门 支 队 组 对 批 届 类 种 本 册 套 台 辆 张 块 棵 只 头 首 幅 部
    小时 分钟 天 周 个月 年
    """.split()
# Their Traditional forms: every form OpenCC's s2t, s2tw and s2hk give for them in running
# text (tests/test_figures.py derives them again), written out so that the module needs no
# OpenCC. Both 臺 and 台, 戶 and 户 (Hong Kong), 隻 and 只, 週 and 周 occur; 箇 and 分鍾 are
# what OpenCC makes of 个 before 中 and of 分钟 after 万, so converted texts hold them.
TRADITIONAL_UNITS = """
    萬元 億元 港幣 澳門元 澳門幣 公頃 畝 噸 千瓦時 標準箱 標箱
    場次 戶次 戶 個 箇 間 處 棟 條 項 劑 部門 場 講 節 課 門 隊 組 對 屆 類 種 冊 臺 輛 張 塊
    隻 頭 小時 分鐘 分鍾 個月 週
    """.split()
# Latin units, kept few: letters after digits are mostly codes and names (5G, 4K, 3D).
# P is petaflops of computing power (`22万P`).
LATIN_UNITS = "P PB TB GB EB PFLOPS EFLOPS kW kWh MW MWh GW GWh TWh km kg".split()
# Longest first, so that 人次 wins over 人, 场次 over 场 and kWh over kW.
UNITS = sorted(SIMPLIFIED_UNITS + TRADITIONAL_UNITS + LATIN_UNITS, key=len, reverse=True)
_DIGIT = "0-9０-９"
_HAN_NUM = "零一二三四五六七八九十两兩百千万萬亿億兆"
# Qualifiers before the number that are part of the amount.
_BEFORE = "超过|超過|不少于|不少於|不低于|不低於|不超过|不超過|超|近|逾|约|約"
_AFTER = "以上|以下|左右"
_APPROX = "[余餘多]"
_UNIT = "|".join(re.escape(u) + ("(?![A-Za-z])" if u.isascii() and u.isalpha() else "")
                 for u in UNITS)
# Thousands commas only in groups of three (`8,881`), so `1,2` stays two numbers.
_NUM = rf"[{_DIGIT}]{{1,3}}(?:,[{_DIGIT}]{{3}})+(?![{_DIGIT}])|[{_DIGIT}]+"
_NUM = rf"(?:{_NUM})(?:[.．][{_DIGIT}]+)?"
# 兆 multiplies unless a Han word that is no unit follows (the mainland's 100兆宽带, 兆瓦).
_MULT = (rf"[千百]?[万萬亿億]{{1,2}}|[千百](?={_APPROX}?(?:{_UNIT}))"
         rf"|兆(?![\u4e00-\u9fff])|兆(?={_APPROX}?(?:{_UNIT}|{_AFTER}))")
_SMALLER = "(?:[千百]?[万萬亿億]|[千百])"
_REST = rf"(?:[{_DIGIT}]{{1,3}}(?:,[{_DIGIT}]{{3}})+|[{_DIGIT}]{{3}})(?![{_DIGIT}.．A-Za-z])"
_DIGITS_RE = re.compile(
    rf"(?P<before>{_BEFORE})?"
    rf"(?P<num>{_NUM}){_APPROX}?"
    rf"(?P<mult>{_MULT})?"
    # After a magnitude, further numbers (`2兆8,881億元`, `3万5千人`), and the rest below
    # it written out (`1萬1,000處`, `2萬500人`): only in commas or 3 digits, so that neither
    # 3亿5G nor 1万2024年 is read as one number.
    rf"(?(mult)(?P<more>(?:{_NUM}{_SMALLER})*(?:{_REST})?))"
    rf"{_APPROX}?"
    rf"(?P<unit>{_UNIT})?"
    rf"(?P<after>{_AFTER})?"
)
_HAN_RE = re.compile(
    rf"(?:(?P<before>近|逾|超|约|約|上|数|數|几|幾)(?P<num>[{_HAN_NUM}]*[十百千万萬亿億兆])"
    rf"|(?<=每[年月周週天日])(?P<per>[{_HAN_NUM}]+))"
    rf"{_APPROX}?"
    rf"(?P<unit>{_UNIT})"
)
# A number touching these is part of a date, time, code, range or formula.
_JOINED = re.compile(rf"[{_DIGIT}A-Za-z.．:：/\-－+＋~～]")
_MONTH = re.compile(rf"[{_DIGIT}]{{1,2}}月")
_PAIR = re.compile(rf"({_NUM})({_SMALLER})?")
_SENTENCE_END = "。！？；!?;\n"
_CLAUSE_END = _SENTENCE_END + "，、：,:"
MAGNITUDE = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "兆": 1e12, "千": 1e3, "百": 1e2}
_HAN_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}


_ASCII_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")


def _number(digits: str, mult: str = "") -> float:
    """`33.8`, `亿` → 3.38e9: the number times its magnitude (万 1e4, 万亿 1e12, 千万 1e7).

    Digits times magnitude, then one division by the decimals' power of ten: 33.8 * 1e8
    would give 3379999999.9999995.
    """
    plain = digits.replace(",", "").translate(_ASCII_DIGITS)
    whole, _, decimals = plain.partition(".")
    value = float(int(whole + decimals))
    for ch in mult:
        value *= MAGNITUDE[ch]
    return value / 10.0 ** len(decimals)


def _value(match: re.Match[str]) -> float:
    """2兆8,881億 → 2.8881e12: the number times its magnitude, plus each further number
    times its own."""
    value = _number(match["num"], match["mult"] or "")
    for num, mult in _PAIR.findall(match["more"] or ""):
        value += _number(num, mult)
    return value


def han_value(numeral: str) -> float:
    """近万 → 1e4, 上千 → 1e3, 三十万 → 3e5: a Han numeral's value."""
    total = section = 0.0
    digit = 0.0
    for ch in numeral:
        if ch in _HAN_DIGIT:
            digit = _HAN_DIGIT[ch]
        elif ch == "十":
            section += (digit or 1) * 10
            digit = 0
        elif ch in ("百", "千"):
            section += (digit or 1) * MAGNITUDE[ch]
            digit = 0
        else:  # 万 / 亿 / 兆
            total = (total + section + digit or 1) * MAGNITUDE[ch]
            section = digit = 0
    return total + section + digit


class _Stops:
    """Where sentences (or clauses) end in one block: found once, looked up per figure.

    A linear scan per figure would make a long paragraph with many figures quadratic.
    """

    def __init__(self, text: str, stops: str) -> None:
        self.text = text
        self.ends = [m.start() for m in re.finditer(f"[{re.escape(stops)}]", text)]

    def around(self, start: int, end: int) -> tuple[str, int]:
        """The sentence or clause around text[start:end], without bold markers, and where
        in it the figure starts."""
        i = bisect_left(self.ends, start)
        left = self.ends[i - 1] + 1 if i else 0
        j = bisect_left(self.ends, end)
        right = self.ends[j] + 1 if j < len(self.ends) else len(self.text)
        head = self.text[left:start]
        lead = len(head) - len(head.lstrip())
        whole = self.text[left:right].strip().replace("**", "")
        return whole, len(head[lead:].replace("**", ""))


def _is_year(match: re.Match[str], text: str) -> bool:
    """Whether the number before 年 is a year (rules in the module's docstring)."""
    num = match["num"]
    if not num.isdecimal():
        return False  # 1.5年, 1,000年
    if re.search(_APPROX, match[0]):
        return False  # 5000多年, 500余年: no year is "more than"
    rest = text[match.end("unit"):]
    if len(num) >= 4:
        return True
    if len(num) >= 2 and (rest.startswith("度") or _MONTH.match(rest)):
        return True  # 101年度, 99年5月: ROC years
    return len(num) == 3 and 100 <= int(num) < 200 and not (match["before"] or match["after"])


def _is_quantity(match: re.Match[str], text: str) -> bool:
    start, end = match.start("num"), match.end("num")
    unit = match["unit"]
    if match["before"] is None and start > 0 and _JOINED.match(text[start - 1]):
        return False  # e.g. the 2025 of 2021-2025年, the 10 of 1+10+92
    if match["before"] is None and text[start - 1:start] == "第":
        return False  # an ordinal
    if text[max(start - 2, 0):start] in ("民國", "民国"):
        return False  # an ROC year, with or without 年
    if end < len(text) and _JOINED.match(text[end]) and not match["mult"] and not unit:
        return False  # 2.0, 17:14, 2025-02-05, 5G
    if unit is None:
        return match["mult"] is not None  # 逾100万 counts; 12338热线 does not
    if unit in ("周", "週") and text.startswith(("年", "岁", "歲"), match.end("unit")):
        return False  # 80周年 is an anniversary (an ordinal), 70周岁 an age
    if unit == "年" and not match["mult"]:
        return not _is_year(match, text)
    return True


def find_figures(text: str) -> list[tuple[int, int, str, float, str]]:
    """(start, end, text, value, unit) of every quantity in one block's text.

    The figure's text is as written, zero-width characters included (`6\u200b17场次`, shown
    as 617场次); its value is read without them.
    """
    # Offsets refer to `text`; bold markers never sit inside a figure, so remove them (and
    # zero-width characters) only for matching and map the offsets back.
    plain, index = _strip_invisible(text)
    found: list[tuple[int, int, str, float, str]] = []
    for match in _DIGITS_RE.finditer(plain):
        if _is_quantity(match, plain):
            found.append((match.start(), match.end(), match[0], _value(match),
                          match["unit"] or ""))
    for match in _HAN_RE.finditer(plain):
        numeral = match["num"] or match["per"]
        found.append((match.start(), match.end(), match[0], han_value(numeral), match["unit"]))
    found.sort()
    out = []
    for s, e, t, v, u in found:
        start, end = index[s], index[e - 1] + 1
        written = text[start:end].replace("**", "") if end - start != len(t) else t
        out.append((start, end, written, v, u))
    return out


# Zero-width space, non-joiner, joiner, word joiner and BOM: invisible, and copied into web
# text inside numbers (`6\u200b17场次`); they must not split a figure.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(rf"\*\*|[{ZERO_WIDTH}]")


def _strip_invisible(text: str) -> tuple[str, list[int]]:
    """The text without `**` and zero-width characters, and for each of its characters the
    offset in `text`."""
    if _INVISIBLE.search(text) is None:
        return text, list(range(len(text)))
    pieces: list[str] = []
    index: list[int] = []
    at = 0
    for match in _INVISIBLE.finditer(text):
        pieces.append(text[at:match.start()])
        index.extend(range(at, match.start()))
        at = match.end()
    pieces.append(text[at:])
    index.extend(range(at, len(text)))
    return "".join(pieces), index


def anchor_name(n: int) -> str:
    """`fig-a` … `fig-z`, `fig-aa` …: letters, so that no digit is added to the page's text
    (tests and readers count a report's digits)."""
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return f"fig-{letters}"


def page_figures(page: Page) -> tuple[Figure, ...]:
    """The page's figures, each with the page key and the anchor of its block: one anchor
    per block that holds figures, in reading order."""
    figures = extract_figures(page.blocks)
    blocks = sorted({f.block for f in figures})
    anchors = {block: anchor_name(n) for n, block in enumerate(blocks, start=1)}
    return tuple(replace(f, page=page.key, anchor=anchors[f.block]) for f in figures)


def extract_figures(blocks: tuple[Block, ...]) -> tuple[Figure, ...]:
    """Every quantity in these headings and paragraphs, in reading order."""
    figures: list[Figure] = []
    for n, block in enumerate(blocks):
        if block.kind not in (Kind.HEADING, Kind.PARAGRAPH):
            continue  # the title and the header's date/source lines hold no quantities
        found = find_figures(block.text)
        if not found:
            continue
        sentences, clauses = _Stops(block.text, _SENTENCE_END), _Stops(block.text, _CLAUSE_END)
        for start, end, text, value, unit in found:
            sentence, at = sentences.around(start, end)
            clause, _ = clauses.around(start, end)
            figures.append(
                Figure(
                    block=n,
                    start=start,
                    end=end,
                    text=text,
                    value=value,
                    unit=unit,
                    sentence=sentence,
                    clause=clause,
                    at=at,
                )
            )
    return tuple(figures)


def restate(figure: Figure, text: str) -> Figure:
    """The figure read from `text`, the same block in another script, character for character
    (script.py: a Traditional original analysed in its Simplified conversion): the same
    offsets give its text, sentence and clause as the original writes them."""
    sentence, at = _Stops(text, _SENTENCE_END).around(figure.start, figure.end)
    clause, _ = _Stops(text, _CLAUSE_END).around(figure.start, figure.end)
    written = text[figure.start : figure.end].replace("**", "")
    # The unit is the figure's own characters too: at the same place in it.
    unit_at = figure.text.rfind(figure.unit) if figure.unit else -1
    unit = written[unit_at : unit_at + len(figure.unit)] if unit_at >= 0 else figure.unit
    return replace(figure, text=written, unit=unit, sentence=sentence, clause=clause, at=at)
