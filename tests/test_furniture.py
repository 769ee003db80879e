"""furniture.py: each rule that removes a line, on small fixtures, and the lines it must keep.

The goldens in tests/golden/normalise/furniture_*.yml show the same rules through normalise,
with the record; these name one rule each, in both scripts where the portals differ.
"""

from __future__ import annotations

import pytest

from reportsite.changes import apply_edits
from reportsite.furniture import sift
from reportsite.normalise import normalise
from support.helpers import han_digits, own_text

BODY = (
    "各位代表：\n现在，我代表省人民政府向大会报告工作，请予审议。\n"
    "一、工作回顾\n过去一年，经济运行稳中有进。\n"
)


def removed(text: str, keep: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(r.rule, r.text) for r in sift(text, keep).removed]


@pytest.mark.parametrize(
    "line",
    [
        "下载", "打印", "【字号：", "】", "加大 还原 减小", "分享:", "分享到：微信 微博",
        "扫一扫在手机打开当前页【打印本页】【关闭窗口】", "相关报道：", "【打印本页】 【关闭窗口】",
        "跳過導航", "列印", "字號：大 中 小", "阅读量：1234", "浏览次数: 56 次", "上一篇",
        "返回顶部",
    ],
)  # fmt: skip
def test_site_chrome_lines_go(line: str) -> None:
    assert removed(f"标题\n{line}\n{BODY}") == [("site_chrome", line)]


@pytest.mark.parametrize(
    "line",
    ["下载安装包的人数增长。", "打印机产业链加快集聚", "中", "相关报道显示，消费持续回暖。"],
)
def test_words_of_chrome_in_a_sentence_stay(line: str) -> None:
    # A line is chrome only when it is nothing but chrome; 中 alone is a toolbar's font size.
    got = removed(f"{BODY}{line}\n")
    assert got == ([("site_chrome", line)] if line == "中" else [])


def test_breadcrumb_on_one_line_and_one_item_a_line() -> None:
    assert removed(f"当前位置：首页 > 政务公开 > 政府工作报告\n标题\n{BODY}") == [
        ("breadcrumb", "当前位置：首页 > 政务公开 > 政府工作报告")
    ]
    trail = "首页\n>\n政府信息公开\n>\n政府工作报告\n"
    assert [r for r, _ in removed(f"{trail}标题\n{BODY}")] == ["breadcrumb"] * 5


def test_a_line_that_says_only_shouye_without_a_trail_stays() -> None:
    assert removed(f"首页\n标题\n{BODY}") == []


def test_header_fields_of_both_scripts_go_with_their_values() -> None:
    text = f"标题\n來源：澳門特別行政區政府\n發布日期：2024-11-12\n{BODY}"
    got = sift(text).removed
    assert [(r.rule, r.fields) for r in got] == [
        ("header_field", (("來源", "澳門特別行政區政府"),)),
        ("header_field", (("發布日期", "2024-11-12"),)),
    ]


def test_a_label_with_its_value_on_the_next_line() -> None:
    got = sift(f"标题\n时间：\n2026-02-02 09:20\n{BODY}").removed
    assert [(r.rule, r.text, r.fields) for r in got] == [
        ("header_field", "时间：", (("时间", "2026-02-02 09:20"),)),
        ("header_field", "2026-02-02 09:20", ()),
    ]


def test_header_lines_after_the_masthead_are_text() -> None:
    # Position: a 来源： line inside the report is the report's, not the page's header.
    assert removed(f"标题\n{BODY}来源：国家统计局\n") == []


def test_a_numeric_time_stamp_goes_but_a_date_in_words_stays() -> None:
    assert removed(f"标题\n2026-01-31 07:00:44\n{BODY}") == [("header_date", "2026-01-31 07:00:44")]
    assert removed(f"标题\n2026年1月31日\n{BODY}") == []


def test_the_page_s_first_copy_of_a_repeated_title_goes() -> None:
    text = f"陕西省2026年政府工作报告\n首页\n>\n政府工作报告\n陕西省2026年政府工作报告\n{BODY}"
    got = removed(text)
    assert got[0] == ("repeated_title", "陕西省2026年政府工作报告")
    assert "陕西省2026年政府工作报告" in sift(text).kept


def test_photo_captions() -> None:
    credit = "殷勇同志作政府工作报告。本报记者 戴冰摄"
    assert removed(f"标题\n{credit}\n{BODY}") == [("photo_credit", credit)]
    hant = "行政長官岑浩輝發表施政報告。本報記者 陳大文攝"
    assert removed(f"{BODY}{hant}\n") == [("photo_credit", hant)]
    # A caption without credit is found by its position, in the masthead only.
    assert removed(f"标题\n张工作政府工作报告。\n{BODY}") == [
        ("masthead_caption", "张工作政府工作报告。")
    ]
    assert removed(f"{BODY}省长作政府工作报告。\n") == []
    # The subtitle says where the report was made, and is never a caption.
    subtitle = "——2026年1月25日在北京市第十六届人民代表大会第四次会议上作政府工作报告"
    assert removed(f"标题\n{subtitle}\n{BODY}") == []


def test_editor_and_reprint_lines() -> None:
    tail = "（来源：青海日报）\n编辑：何继红\n責任編輯：陳大文\n"
    assert [r for r, _ in removed(BODY + tail)] == ["source_note", "editor_line", "editor_line"]
    # An editor's line holds a name, not a sentence.
    assert removed(BODY + "编辑：本书收录了全年的工作成果，供大家参考。\n") == []


@pytest.mark.parametrize(
    "number",
    ["— 3 —", "- 4 -", "－5－", "第6页", "第 7 頁", "第8页 共40页", "9/40", "Page 10 of 40"],
)
def test_page_numbers(number: str) -> None:
    text = f"{BODY}加快建设现代化产业\n{number}\n体系，推动高质量发展。\n"
    assert removed(text) == [("page_number", number)]


def test_bare_numbers_are_page_numbers_only_as_a_rising_run() -> None:
    pages = "\n".join(f"第{n}段文字，内容各不相同，长度也不一样。\n{n}" for n in range(1, 5))
    assert [r for r, _ in removed(f"{BODY}{pages}\n")] == ["page_number"] * 4
    assert removed(f"{BODY}全年新增就业\n12\n万人。\n") == []


def _pages(header: str, count: int, numbers: bool) -> str:
    out = ["2026年北京市政府工作报告", "各位代表："]
    for n in range(1, count + 1):
        out += [f"第{n}页的正文，说的是第{n}件事情，各不相同。" * 2] * 1
        out += [f"这一页还有第{n}段文字，长短不一{'。' * n}"] * 12
        if numbers:
            out.append(f"— {n} —")
        out.append(header.replace("N", str(n)))
    return "\n".join(out) + "\n"


def test_running_header_by_page_numbers() -> None:
    got = removed(_pages("2026年北京市政府工作报告", 4, numbers=True))
    assert [r for r, _ in got].count("running_header") == 4
    assert "2026年北京市政府工作报告" in sift(_pages("2026年北京市政府工作报告", 4, True)).kept


def test_running_footer_holding_its_page_number_without_number_lines() -> None:
    got = removed(_pages("北京市人民政府办公厅 第N页", 5, numbers=False))
    # 第N页 alone would be a page number; with the footer's text it is the footer, every page.
    assert [r for r, _ in got] == ["running_header"] * 5


def test_repeated_lines_close_together_are_text() -> None:
    text = BODY + "（单位：万元）\n全年投资增长。\n（单位：万元）\n全年产值增长。\n（单位：万元）\n"
    assert removed(text) == []


def test_a_report_s_own_repeated_sentence_stays() -> None:
    assert "running_header" not in [r for r, _ in removed(_pages("各位代表！", 4, True))]


def test_keep_lists_lines_an_editor_keeps() -> None:
    text = f"标题\n来源：北京日报\n{BODY}相关报道：\n"
    assert removed(text, keep=("相关报道：",)) == [("header_field", "来源：北京日报")]


def test_removals_replay_from_the_seed_with_crlf_and_page_breaks() -> None:
    seed = (
        "下载\r\n2026年北京市政府工作报告\r\n各位代表：\r\n加快建设现代化\r\n\r\n— 2 —\r\n\r\n"
        "产业体系。\f— 3 —\f\r\n推动高质量发展。\r\n"
    )
    result = normalise(seed)
    assert apply_edits(seed, result.record) == result.text
    assert han_digits(result.text) == han_digits(own_text(seed, result.record))
    kinds = [e.kind for e in result.record if e.rule]
    assert kinds == ["删除（网页工具栏）"] + ["删除（页码）"] * 2
    assert "加快建设现代化产业体系。" in result.text
