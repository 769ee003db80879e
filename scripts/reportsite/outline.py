"""What a line of a report is: outline heading, appendix heading, header field, or running text.

Used when normalise rejoins lines (paragraphs.py), which classifies each block by the line that
opens it and must not join a heading to the paragraph after it, and by `structure`, which
settles each heading once its text is final. Outline numbering follows GB/T 9704 and what real
reports print above it:

    level 1  第一部分 / 第一篇 / 第一章, and 壹、贰、 (Taiwan's top level)
    level 2  一、
    level 3  （一）
    level 4  1.
    level 5  （1）

Levels 1-3 are strong: such a number always opens a block. 1. and （1） are weak, because a page
break can fall just before "2.3万" or "(1)", and because many reports number their paragraphs.
"""

from __future__ import annotations

import re

CN_NUM = "一二三四五六七八九十百零〇两兩"
CAPITAL_NUM = "壹贰貳叁参參肆伍陆陸柒捌玖拾"
HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^第[{CN_NUM}\d]{{1,4}}(?:部分|篇|章)")),
    (1, re.compile(rf"^[{CAPITAL_NUM}]{{1,3}}[、．.](?=\S)")),
    (2, re.compile(rf"^[{CN_NUM}]{{1,4}}、(?=\S)")),
    (3, re.compile(rf"^[（(][{CN_NUM}]{{1,4}}[）)](?=\S)")),
    (4, re.compile(r"^\d{1,2}[.．、](?=[^\d\s.．])")),
    (5, re.compile(r"^[（(]\d{1,2}[）)](?=[^\d\s）)])")),
)
STRONG_LEVELS = frozenset({1, 2, 3})
# A heading is a title, not a sentence: a numbered block whose first sentence runs longer than
# this is a numbered paragraph. Real reports' longest section titles are about 50 characters
# (湖北's 48: （二）大力推进科技创新、产业创新和金融创新深度融合发展，加快构建体现湖北优势
# 的现代化产业体系。).
HEADING_MAX_CHARS = 60
# The run-in heading that opens a numbered paragraph (（一）着力完善市场经济体制。坚持…) is its
# first sentence; longer than this, the line is a numbered paragraph of running text.
RUNIN_MAX_CHARS = 50
# A run-in heading ends at its first full stop or colon.
RUNIN_END = "。！？：:"
# A line that is only a number: the heading's words are on the next line (第一部分 / 工作回顾).
NUMBER_ONLY = re.compile(
    rf"^(?:第[{CN_NUM}\d]{{1,4}}(?:部分|篇|章)|[{CAPITAL_NUM}]{{1,3}}、|[{CN_NUM}]{{1,4}}、"
    rf"|[（(][{CN_NUM}]{{1,4}}[）)])$"
)

# An appendix opens with a line of its own: 附件1, 附件：…, 名词解释, 注释. Everything after it is
# the appendix, its numbered lists included; it is a page of its own at the end of the report.
APPENDIX = re.compile(
    rf"^(?:(?:附件|附录|附錄|附表)\s*[{CN_NUM}\d]{{0,3}}\s*(?:[:：].{{0,38}}|[\s\u3000]+\S.{{0,37}})?"
    r"|(?:名词解释|名詞解釋|名词注释|名詞註釋|注释|註釋|注解|註解|释义|釋義)\s*[:：]?)$"
)
APPENDIX_MAX_CHARS = 40

# Header fields printed above a web article ("信息提供日期 : 2025-02-05 来源 : …").
META_LABELS = (
    "信息提供日期",
    "发布日期",
    "发布时间",
    "发文日期",
    "日期",
    "时间",
    "来源",
    "发布机构",
    "发文机关",
    "作者",
    "字号",
)
META_FIELD = re.compile(
    r"(?P<label>" + "|".join(META_LABELS) + r")\s*[:：]\s*"
    r"(?P<value>.*?)\s*(?=(?:" + "|".join(META_LABELS) + r")\s*[:：]|$)"
)
META_LINE = re.compile(r"^\s*(?:" + "|".join(META_LABELS) + r")\s*[:：]")

# The salutation that opens a report's text: the end of its masthead, a paragraph of its own.
SALUTATION = re.compile(
    r"^(?:各位代表|各位委员|各位委員|各位议员|各位議員|同志们|同志們|女士们|女士們|各位)[^。]{0,20}[：:！!]$"
)

# A sentence is finished by these (full- or half-width), possibly followed by
# closing quotes/brackets and the closing marker of a bold run.
TERMINALS = "。！？；!?;…"
CLOSERS = "”’」』）)》〉】]\"'"
_TAIL_MARKS = CLOSERS + "*"
# Inside a title there is no sentence: no full stop, semicolon, question or exclamation mark.
_SENTENCE_MARK = re.compile(r"[。！？；!?;]")


def heading_level(line: str) -> int:
    """Outline level of the number that opens the line (1-5, see the module's docstring),
    or 0. The line may go on past its heading (a run-in heading, normalise.py) or be a
    numbered paragraph (structure.py): this only reads the number."""
    stripped = line.lstrip("*")
    for level, pattern in HEADING_PATTERNS:
        if pattern.match(stripped):
            return level
    return 0


_FIRST = re.compile(
    r"^(?:第[一1](?:部分|篇|章)|壹|[（(]?(?:一|1)(?![\d一二三四五六七八九十〇零])[、.．）)])"
)


def is_first_number(line: str) -> bool:
    """Whether the line's outline number is the first of its list (第一部分, 一、, （一）, 1.,
    （1）, 壹、): a heading above it restarts the numbering."""
    return bool(_FIRST.match(line.lstrip("*")))


def is_appendix(line: str) -> bool:
    """Whether the line opens an appendix (附件1, 名词解释, 注释 …), a line of its own."""
    text = line.replace("**", "").strip()
    return len(text) <= APPENDIX_MAX_CHARS and bool(APPENDIX.match(text)) and not (
        _SENTENCE_MARK.search(text)
    )


def runin_end(text: str) -> int:
    """Where the run-in heading at the start of a numbered block ends (just past its first
    full stop or colon, and the closing marks after it), or 0 when the block has none or
    nothing follows it."""
    plain_at = [i for i, c in enumerate(text) if c in RUNIN_END]
    if not plain_at:
        return 0
    end = plain_at[0] + 1
    while end < len(text) and text[end] in _TAIL_MARKS:
        end += 1
    # A bold run opened before the stop closes after it: **（一）…。**坚持 stays whole.
    if text[:end].count("**") % 2:
        return 0
    return end if text[end:].strip() else 0


def is_meta_line(line: str) -> bool:
    return bool(META_LINE.match(line))


def meta_fields(line: str) -> list[tuple[str, str]]:
    """The (label, value) pairs of a header line, in order."""
    return [(m["label"], m["value"]) for m in META_FIELD.finditer(line) if m["value"]]


def ends_sentence(text: str) -> bool:
    """True when `text` ends a sentence: 。！？；… possibly inside quotes or bold."""
    # Only the end matters: looking at a bounded tail keeps joining linear in paragraph length.
    # Closers, `*` and whitespace (str.isspace, as regex \s) come off the end in any mix.
    core = text[-256:]
    while True:
        stripped = core.rstrip(_TAIL_MARKS).rstrip()
        if stripped == core:
            break
        core = stripped
    return bool(core) and core[-1] in TERMINALS


def ends_clause(text: str) -> bool:
    """True when `text` ends a sentence or a lead-in to what follows (……以下工作：)."""
    core = text.rstrip(_TAIL_MARKS + " \t\u3000")
    return ends_sentence(text) or core.endswith(("：", ":"))


def has_sentence_mark(text: str) -> bool:
    return bool(_SENTENCE_MARK.search(text))
