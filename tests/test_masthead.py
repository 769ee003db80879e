"""masthead.py: the title, subtitle and speaker lines, and the metadata read from them and from
the page's header; metadata.yml overrides each."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportsite.config import load_config
from reportsite.masthead import (
    find_date,
    is_press,
    issuer_of,
    qualified_title,
    split_masthead,
)
from reportsite.models import Kind
from reportsite.pipeline import run_pipeline
from support.helpers import ROOT
from support.runs import assert_refused, convert_here


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2026-01-31 07:00:44", "2026-01-31"),
        ("——2026年1月25日在北京市第十六届人民代表大会第四次会议上", "2026-01-25"),
        ("二〇二六年一月二十五日在会议上", "2026-01-25"),
        ("中華民國113年10月15日", "2024-10-15"),
        ("民国101年3月1日", "2012-03-01"),
        ("2026/2/3", "2026-02-03"),
        ("2025-13-45", None),
        ("没有日期", None),
    ],
)
def test_find_date(text: str, date: str | None) -> None:
    assert find_date(text) == date


def kinds(lines: list[str]) -> list[tuple[str, str]]:
    blocks, _ = split_masthead(lines)
    return [(b.kind.value, b.text) for b in blocks]


def test_title_subtitle_speaker_and_salutation_are_blocks_of_their_own() -> None:
    lines = [
        "2026年北京市政府工作报告",
        "——2026年1月25日在北京市第十六届人民代表大会第四次会议上",
        "北京市市长 殷勇",
        "",
        "各位代表：",
        "现在，我代表北京市人民政府报告工作。",
    ]
    blocks, taken = split_masthead(lines)
    assert [b.kind for b in blocks] == [Kind.TITLE, Kind.SUBTITLE, Kind.SPEAKER, Kind.PARAGRAPH]
    assert taken == 5


def test_speaker_on_the_subtitle_s_line_is_split_off() -> None:
    line = "2026年1月27日在陕西省第十四届人民代表大会第四次会议上 陕西省省长 赵刚"
    assert kinds(["陕西省2026年政府工作报告", line])[1:] == [
        ("subtitle", "2026年1月27日在陕西省第十四届人民代表大会第四次会议上"),
        ("speaker", "陕西省省长 赵刚"),
    ]


def test_a_title_wrapped_over_two_lines_is_one_title() -> None:
    lines = ["关于北京市2025年国民经济和社会发展计划执行情况", "与2026年计划的报告",
             "——2026年1月25日在北京市第十六届人民代表大会第四次会议上"]  # fmt: skip
    assert kinds(lines)[0] == (
        "title", "关于北京市2025年国民经济和社会发展计划执行情况与2026年计划的报告"
    )


def test_a_title_alone_is_left_to_joining() -> None:
    # Joining finds it as the first block, and rejoins it when a hard wrap cut it.
    assert kinds(["区妇联2024年工作总结", "一、2024年工作总结"]) == []
    # A text that opens with a sentence has no masthead.
    assert kinds(["现在，我代表省人民政府报告工作。"]) == []


def test_a_sentence_that_opens_like_a_subtitle_is_text() -> None:
    line = "2025年1月在全省大会上，我们提出了目标，一年来逐项落实。"
    assert kinds(["标题", line]) == []


def test_traditional_masthead() -> None:
    lines = ["政府工作報告", "——2026年1月20日在澳門特別行政區第八屆立法會全體會議上",
             "行政長官 岑浩輝"]  # fmt: skip
    assert [k for k, _ in kinds(lines)] == ["title", "subtitle", "speaker"]


def test_a_subtitle_in_brackets_and_a_letter_spaced_title() -> None:
    """As a PDF sets them: 政 府 工 作 报 告 over （2026年1月25日在……会议上）."""
    sub = "（2026年1月25日在北京市第十六届人民代表大会第四次会议上）"
    assert kinds(["政 府 工 作 报 告", sub, "北京市市长　殷勇"]) == [
        ("title", "政 府 工 作 报 告"), ("subtitle", sub), ("speaker", "北京市市长　殷勇"),
    ]
    assert qualified_title("政 府 工 作 报 告", sub) == "2026年北京市政府工作报告"
    assert issuer_of("政 府 工 作 报 告", sub, None) == "北京市人民政府"
    assert qualified_title("福田区 妇联工作报告", None) == "福田区 妇联工作报告"


def test_a_generic_title_is_qualified_from_the_subtitle() -> None:
    sub = "――2026年1月27日在青海省第十四届人民代表大会第四次会议上"
    assert qualified_title("政府工作报告", sub) == "2026年青海省政府工作报告"
    assert qualified_title("2026年北京市政府工作报告", sub) == "2026年北京市政府工作报告"
    assert qualified_title("政府工作报告", None) == "政府工作报告"


def test_issuer_is_the_government_not_the_paper() -> None:
    sub = "——2026年1月31日在西藏自治区第十二届人民代表大会第四次会议上"
    assert issuer_of("政府工作报告", sub, "西藏日报") == "西藏自治区人民政府"
    assert issuer_of("2024年工作总结", None, "福田区妇女联合会") == "福田区妇女联合会"
    macau = "——2025年11月14日在澳門特別行政區第八屆立法會全體會議上"
    assert issuer_of("政府工作報告", macau, "澳門日報") is None
    assert issuer_of("政府工作報告", macau, "澳門特別行政區政府") == "澳門特別行政區政府"
    assert issuer_of("2024年工作总结", None, "深圳特区报") is None
    assert [is_press(s) for s in ("北京日报", "新华社", "人民网", "福田区妇女联合会")] == [
        True, True, True, False
    ]  # fmt: skip


def _convert(tmp_path: Path, seed: str, metadata: str = "") -> object:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "report.txt").write_text(seed, encoding="utf-8")
    if metadata:
        (seeds / "metadata.yml").write_text(metadata, encoding="utf-8")
    config = load_config(seeds, tmp_path / "out", ROOT / "config", pages_dir=None)
    (report,) = run_pipeline(config, write=False).reports
    return report


SEED = (
    "下载\n打印\n政府工作报告\n――2026年1月27日在青海省第十四届人民代表大会第四次会议上\n"
    "省长 罗东川\n2026-01-31 07:00:44\n来源：青海日报\n各位代表：\n"
    "现在，我代表省人民政府向大会报告工作，请予审议。\n一、工作回顾\n过去一年，经济稳中有进。\n"
)


def test_metadata_from_the_report(tmp_path: Path) -> None:
    meta = _convert(tmp_path, SEED).meta  # type: ignore[attr-defined]
    got = (meta.title, meta.date, meta.delivered, meta.issuer, meta.speaker, meta.reprinted_by)
    assert got == (
        "2026年青海省政府工作报告", "2026-01-31", "2026-01-27", "青海省人民政府", "省长 罗东川",
        "青海日报",
    )  # fmt: skip


def test_metadata_yml_overrides_every_field_and_keeps_lines(tmp_path: Path) -> None:
    report = _convert(tmp_path, SEED, (
        "report.txt:\n  title: 青海省政府工作报告（2026）\n  subtitle: 在省人代会上\n"
        "  speaker: 罗东川\n  delivered: 2026-01-28\n  date: 2026-02-01\n  issuer: 青海省政府\n"
        "  keep: [下载]\n"
    ))  # fmt: skip
    meta = report.meta  # type: ignore[attr-defined]
    assert (meta.title, meta.subtitle, meta.speaker, meta.delivered, meta.date, meta.issuer) == (
        "青海省政府工作报告（2026）", "在省人代会上", "罗东川", "2026-01-28", "2026-02-01",
        "青海省政府",
    )  # fmt: skip
    kept = [e for e in report.record if e.rule]  # type: ignore[attr-defined]
    assert "下载\n" not in [e.before for e in kept]
    assert "打印\n" in [e.before for e in kept]


def test_an_impossible_delivered_date_in_metadata_is_refused(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "report.txt").write_text(SEED, encoding="utf-8")
    (seeds / "metadata.yml").write_text("report.txt:\n  delivered: 2026-02-30\n", encoding="utf-8")
    assert_refused(convert_here(seeds, tmp_path / "out"), "metadata.yml:2:", "delivered")
