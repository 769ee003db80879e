"""devtools.corpus_report: each measure on small fixtures, and the tool on the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from devtools import corpus_measure as m
from devtools.corpus_report import main
from reportsite.models import Block, Kind, Page

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"


# --------------------------------------------------------------------------- furniture


def test_a_glued_toolbar_is_counted_once_per_rule() -> None:
    counts = m.furniture_counts(["打印全屏收藏【字号：加大还原减小】2026年安徽省政府工作报告"])
    assert counts["toolbar"] == 1
    assert counts["font_size"] == 1
    assert sum(counts.values()) == 2


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("下载", "toolbar"),
        ("首页>政府信息公开>政府工作报告", "breadcrumb"),
        ("当前位置：首页", "breadcrumb"),
        ("扫一扫在手机打开当前页", "scan_qr"),
        ("【打印本页】", "print_page"),
        ("【关闭窗口】", "close_window"),
        ("分享:", "share"),
        ("阅读量：1024", "read_count"),
        ("殷勇同志作政府工作报告。本报记者 戴冰摄", "photo_credit"),
        ("编辑：何继红", "editor"),
        ("责任编辑 张三", "editor"),
        ("跳过导航", "skip_nav"),
        ("归档时间：2026-02-02", "archive_time"),
        ("相关报道：", "related"),
    ],
)
def test_each_furniture_rule_counts_its_line(line: str, rule: str) -> None:
    counts = m.furniture_counts([line])
    assert counts[rule] >= 1, counts


def test_report_text_is_not_furniture() -> None:
    clean = [
        "推进产业生态合作、公共服务分享，支持襄阳打造中西部非省会龙头城市。",
        "全省文物收藏单位新增12家，数字资源下载量增长30%。",
        "一、2025年工作回顾",
    ]
    assert set(m.furniture_counts(clean).values()) == {0}


def test_every_rule_is_reported_even_at_zero() -> None:
    assert list(m.furniture_counts([])) == [name for name, _ in m.FURNITURE_RULES]


# --------------------------------------------------------------------------- PDF artefacts


def test_a_page_number_inside_a_sentence_is_found() -> None:
    found = m.page_numbers(["推动经济高质量发展— 3 —取得新成效", "坚持就业优先- 14 -政策"])
    assert found == ["— 3 —", "- 14 -"]


def test_dates_and_ranges_are_not_page_numbers() -> None:
    assert m.page_numbers(["时间：2026-02-11", "未来3—5年", "——2026年1月27日在会议上"]) == []


def test_an_inserted_space_between_han_characters_is_found() -> None:
    seed = "陕西省省长 赵刚\n各位代表：\n现在，我代表省人民政府\n"
    shown = ["陕西省省长 赵刚 各位代表：", "现在，我代表省人民 政府"]
    assert m.inserted_spaces(shown, seed) == ["赵刚 各位", "人民 政府"]


def test_a_space_the_seed_has_is_not_counted() -> None:
    seed = "省长 王清宪\n各位代表：\n本报记者 朱江 摄\n各位代表："
    assert m.inserted_spaces(["省长 王清宪各位代表：", "本报记者 朱江 摄各位代表："], seed) == []


# --------------------------------------------------------------------------- pages and headings


def _page(*blocks: Block, key: str = "1") -> Page:
    return Page(path=f"r/{key}.md", key=key, title="t", blocks=blocks, nav_parent=None)


def test_a_page_with_only_a_heading_is_empty() -> None:
    heading = Block(Kind.HEADING, "三、2026年重点工作", 1)
    assert m.is_empty_page(_page(heading))
    assert m.is_empty_page(_page(heading, Block(Kind.PARAGRAPH, "2026 — 3 —")))
    assert not m.is_empty_page(_page(heading, Block(Kind.PARAGRAPH, "今年是开局之年。")))


def test_headings_by_level_and_long_ones() -> None:
    long = "（一）促进消费投资良性互动，主动服务融入新发展格局。突出内需主导，坚持惠民生和促消费。"
    blocks = [
        Block(Kind.HEADING, "一、工作回顾", 1),
        Block(Kind.HEADING, "（一）**稳经济**", 2),
        Block(Kind.HEADING, long, 2),
        Block(Kind.PARAGRAPH, "x" * 50),
    ]
    assert m.heading_levels(blocks) == {1: 1, 2: 2}
    assert m.long_headings(blocks) == [long]


# --------------------------------------------------------------------------- Traditional


def test_a_known_wrong_conversion_is_counted() -> None:
    counts = m.wrong_conversions(["充分汕頭髮揮作用，更加註重實效。"])
    assert {k: v for k, v in counts.items() if v} == {"发挥": 1, "注重": 1}


def test_the_right_forms_are_not_counted() -> None:
    right = ["充分汕頭發揮作用，更加注重實效，踏上新征程，完善分配制度，和面向未來的免簽政策。"]
    assert set(m.wrong_conversions(right).values()) == {0}


def test_wrong_forms_do_not_overlap() -> None:
    """Each wrong form counts once: no wrong form is inside another one."""
    wrong = [w for _, w in m.WRONG_CONVERSIONS]
    assert not [(a, b) for a in wrong for b in wrong if a != b and a in b]


def test_segment_diff_finds_where_segmentation_decides() -> None:
    # A converter that, like OpenCC on 汕头发挥, takes 头发 as one word only when it sees it.
    table = {"汕头发挥作用": "汕頭髮揮作用", "汕头": "汕頭", "发挥": "發揮", "作用": "作用"}

    def segments(text: str) -> list[str]:
        return ["汕头", "发挥", "作用"] if text == "汕头发挥作用" else [text]

    diff = m.segment_diff(["汕头发挥作用", "作用"], table.__getitem__, segments)
    assert diff.positions == 1
    assert diff.examples == ("汕头发挥作用: 汕頭髮揮作用 / 汕頭發揮作用",)


def test_segment_diff_keeps_at_most_twenty_examples() -> None:
    diff = m.segment_diff(["ab" * 30], str.upper, lambda t: list(t.lower()))
    assert diff.positions == 0
    many = m.segment_diff(["a" * 30], lambda t: t if len(t) == 1 else "b" * len(t), list)
    assert many.positions == 30
    assert len(many.examples) == m.MAX_EXAMPLES


# --------------------------------------------------------------------------- metadata

EXPECTED = {
    "title": "2026年北京市政府工作报告",
    "published": "2026-02-02",
    "delivered": "2026-01-25",
    "issuer": "北京市人民政府",
    "speaker": "北京市市长 殷勇",
}


def test_meta_right_when_the_reader_sees_each_line() -> None:
    blocks = (
        Block(Kind.TITLE, "2026年北京市政府工作报告"),
        Block(Kind.PARAGRAPH, "——2026年1月25日在北京市第十六届人民代表大会第四次会议上"),
        Block(Kind.PARAGRAPH, "北京市市长 殷勇"),
    )
    found = {"title": EXPECTED["title"], "date": "2026-02-02", "issuer": "北京市人民政府"}
    assert m.meta_checks(found, blocks, EXPECTED) == dict.fromkeys(m.META_FIELDS, True)


def test_meta_wrong_when_lines_are_glued_or_fields_differ() -> None:
    blocks = (
        Block(Kind.TITLE, "下载"),
        Block(Kind.PARAGRAPH, "打印全屏收藏2026年1月25日在北京市第十六届人民代表大会第四次会议上"),
        Block(Kind.PARAGRAPH, "北京市市长 殷勇各位代表：现在，我代表北京市人民政府"),
    )
    found = {"title": "下载", "date": None, "issuer": "北京日报"}
    assert m.meta_checks(found, blocks, EXPECTED) == dict.fromkeys(m.META_FIELDS, False)


def test_the_speaker_may_end_the_delivery_line() -> None:
    text = "2026年1月27日在陕西省第十四届人民代表大会第四次会议上 陕西省省长 赵刚"
    line = Block(Kind.PARAGRAPH, text)
    assert m.speaker_shown([line], "陕西省省长 赵刚")
    assert m.delivered_shown([line], "2026-01-27", "陕西省省长 赵刚")
    assert not m.delivered_shown([line], "2026-01-28", "陕西省省长 赵刚")


# --------------------------------------------------------------------------- the tool


def test_the_tool_reports_every_corpus_file_and_a_consistent_total(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = list(yaml.safe_load((CORPUS / "corpus.yml").read_text(encoding="utf-8")))
    assert len(names) == 12
    out = tmp_path / "corpus.json"
    assert main(["--corpus", str(CORPUS), "--json", str(out)]) == 0
    table = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    assert len(table) == 2 + 12 + 1  # head, rule, a row per file, total
    assert table[-1].startswith("| total |")
    rows = json.loads(out.read_text(encoding="utf-8"))
    files, total = rows[:-1], rows[-1]
    assert [r["name"] for r in files] == names
    assert total["files"] == 12
    for field in m.META_FIELDS:
        assert {r["meta"][field] for r in files} <= {0, 1}
        right = total["meta"][field]
        assert right == sum(r["meta"][field] for r in files)
        assert right + (total["files"] - right) == 12
    for key in ("pages", "empty_pages", "long_headings", "inserted_spaces", "segment_diffs"):
        assert total[key] == sum(r[key] for r in files)
    assert all(r["pages"] >= 1 and r["empty_pages"] <= r["pages"] for r in files)
    assert sum(total["headings"].values()) == sum(sum(r["headings"].values()) for r in files)
    assert total["furniture"] == {
        name: sum(r["furniture"][name] for r in files) for name, _ in m.FURNITURE_RULES
    }
    assert all(len(r["examples"]["segment_diffs"]) <= m.MAX_EXAMPLES for r in files)
    assert all(r["long_headings"] == len(r["examples"]["long_headings"]) for r in files)
