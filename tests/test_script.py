"""Tests for reportsite.script: OpenCC config choice, glossary overrides and validation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import opencc
import pytest

from devtools.opencc_review import leftover_simplified, review_ambiguities
from reportsite.errors import ReportError
from reportsite.glossary import load_glossary, parse_glossary
from reportsite.paths import NAV_FILE
from reportsite.pipeline import script_sites
from reportsite.script import custom_config, make_converter, traditional_nav
from reportsite.settings import Glossary, Override

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = load_glossary(REPO / "config" / "glossary.yml")
CONVERTER = make_converter(GLOSSARY)


def test_default_config_is_regional_standard_without_phrase_localisation() -> None:
    assert GLOSSARY.config == "s2tw"
    assert CONVERTER.config == "s2tw"


@pytest.mark.parametrize("override", GLOSSARY.overrides, ids=lambda o: o.simplified)
def test_glossary_override_applies(override: Override) -> None:
    assert override.example is not None, "every override needs an example to test"
    assert override.simplified in override.example.simplified
    assert CONVERTER.convert(override.example.simplified) == override.example.traditional


@pytest.mark.parametrize("override", GLOSSARY.overrides, ids=lambda o: o.simplified)
@pytest.mark.parametrize("base", ["s2t", "s2tw", "s2hk"])
def test_glossary_override_wins_over_every_base_config(override: Override, base: str) -> None:
    converted = make_converter(GLOSSARY, base).convert(override.simplified)
    # The regional step still changes variant forms (臺→台 for s2hk): that step alone is
    # OpenCC's t2tw / t2hk (s2t has none).
    variants = {"s2t": None, "s2tw": "t2tw", "s2hk": "t2hk"}[base]
    expected = opencc.OpenCC(variants).convert(override.traditional) if variants else (
        override.traditional)
    assert converted == expected


def _without(override: Override) -> Glossary:
    rest = tuple(o for o in GLOSSARY.overrides if o is not override)
    return Glossary(GLOSSARY.config, rest, GLOSSARY.path)


@pytest.mark.parametrize("override", GLOSSARY.overrides, ids=lambda o: o.simplified)
def test_glossary_override_is_needed(override: Override) -> None:
    """An entry whose example the rest of the glossary already converts the same way, in
    every base config, is dead weight: the guided conversion (or OpenCC) gets it right, or
    the entry it guarded against no longer reaches its text."""
    assert override.example is not None
    text = override.example.simplified
    # Compared in Taiwan forms: a value writes 為 where s2t writes 爲, which is no choice.
    forms = opencc.OpenCC("t2tw")
    assert any(
        forms.convert(make_converter(GLOSSARY, base).convert(text))
        != forms.convert(make_converter(_without(override), base).convert(text))
        for base in ("s2t", "s2tw", "s2hk")
    )


def test_measured_configs_differ_as_documented() -> None:
    sample = "为群众启动社区信息项目"
    assert make_converter(None, "s2t").convert(sample) == "爲羣衆啓動社區信息項目"
    assert make_converter(None, "s2tw").convert(sample) == "為群眾啟動社區信息項目"
    assert make_converter(None, "s2twp").convert(sample) == "為群眾啟動社群資訊專案"


def test_custom_config_puts_glossary_first_in_segmentation_and_conversion() -> None:
    cfg = custom_config("s2tw", "/tmp/glossary.txt")
    seg = cfg["segmentation"]["dict"]["dicts"]
    first = cfg["conversion_chain"][0]["dict"]["dicts"]
    assert seg[0] == {"type": "text", "file": "/tmp/glossary.txt"}
    assert first[0] == {"type": "text", "file": "/tmp/glossary.txt"}
    assert cfg["conversion_chain"][0]["dict"]["match_policy"] == "short_circuit"
    # Standard dictionaries are referenced by absolute path (config lives in a cache dir).
    files = re.findall(r'"file": "([^"]+\.ocd2)"', json.dumps(cfg))
    assert files and all(Path(f).is_file() for f in files)


def test_seeds_every_ambiguous_character_reviewed() -> None:
    """The one-to-many review: each context's conversion must be one we checked by hand.

    A new report adds new contexts; this test then lists them so a person reviews them (and
    adds a glossary entry if OpenCC is wrong) before extending REVIEWED_WRONG_FREE below.
    """
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    found = review_ambiguities(texts, CONVERTER)
    chars = {a.char for a in found}
    # These are the characters reviewed in the seeds (README, "Glossary").
    assert {
        "并",
        "参",
        "台",
        "周",
        "托",
        "干",
        "余",
        "发",
        "面",
        "于",
        "系",
        "制",
        "划",
        "范",
        "复",
        "后",
    } <= chars
    wrong = {"併為", "直播周", "點贊", "人蔘"}
    for amb in found:
        for _src, out in amb.contexts:
            assert not any(w in out.replace(" ", "") for w in wrong), (amb.char, out)


def test_leftover_detector_flags_simplified_and_spares_ambiguous_traditional() -> None:
    assert [x.char for x in leftover_simplified("綜合干預，简体", CONVERTER)] == ["简", "体"]
    assert leftover_simplified("綜合干預，家庭關係", CONVERTER) == []


def test_nav_labels_convert_paths_stay() -> None:
    nav = [{"区妇联报告": [{"概览": "reports/futian/index.md"}, "reports/futian/1/index.md"]}]
    assert traditional_nav(nav, CONVERTER) == [
        {"區婦聯報告": [{"概覽": "reports/futian/index.md"}, "reports/futian/1/index.md"]}
    ]


def test_interface_strings_are_traditional() -> None:
    """overrides/partials/languages/zh-Hant.html: every string is a fixed point of the converter."""
    text = (REPO / "overrides/partials/languages/zh-Hant.html").read_text(encoding="utf-8")
    strings = re.findall(r'^\s*"([a-z.]+)": "(.*)",?$', text, re.M)
    assert len(strings) > 40
    for key, value in strings:
        if key.startswith("search.config"):
            continue
        assert CONVERTER.convert(value) == value, key
        assert leftover_simplified(value, CONVERTER) == [], key
    assert dict(strings)["search.result.one"] == "找到 1 個符合條件的結果"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("overrides: []\ncolour: red\n", r"g\.yml:2: unknown key 'colour'"),
        ("config: s2x\n", r"g\.yml:1: config must be one of"),
        (
            "overrides:\n  - simplified: 并为\n    traditional: 2024\n    reason: x\n",
            r"g\.yml:3: traditional must be a string",
        ),
        (
            "overrides:\n  - simplified: 并为\n    traditional: 並為\n",
            r"g\.yml:2: override is missing 'reason'",
        ),
        (
            "overrides:\n  - simplified: 并为\n    traditional: 並 為\n    reason: x\n",
            r"g\.yml:3: traditional must not contain whitespace",
        ),
        (
            "overrides:\n  - {simplified: 并为, traditional: 並為, reason: x}\n"
            "  - {simplified: 并为, traditional: 併為, reason: y}\n",
            r"g\.yml:3: duplicate override '并为' \(first at line 2\)",
        ),
        (
            "overrides:\n  - {simplified: 并为, traditional: 並為, reason: x, note: y}\n",
            r"g\.yml:2: unknown key 'note' in override",
        ),
        ("overrides: {并为: 並為}\n", r"g\.yml:1: overrides must be a list"),
        ("overrides: [\n", r"g\.yml:2: invalid YAML"),
    ],
)
def test_glossary_validation_reports_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ReportError, match=message):
        parse_glossary(text, "config/g.yml")


def test_empty_glossary_is_plain_opencc() -> None:
    assert parse_glossary("", "x.yml") == Glossary("s2tw", (), "x.yml")


# --------------------------------------------------------------------------- the script step


def test_script_sites_convert_pages_and_nav_and_keep_other_files() -> None:
    """The pipeline's script step: Simplified as rendered, Traditional converted; a seed as
    published and the record table stay byte for byte, in both; a hand-written page written
    for the Traditional site (x.zh-Hant.md) is its x.md there, unconverted, and no page of the
    Simplified site."""
    seed = "妇联工作报告".encode("gb18030")
    files: dict[str, str | bytes] = {
        "a/index.md": "---\ntitle: 妇女儿童\nslug: funv\n---\n\n# 妇女儿童\n\n[发展](../b/)\n",
        "a/changes.tsv": "行\t原文\n1\t妇女\n",
        "a/原文.txt": seed,
        NAV_FILE: "- 报告: []\n",
    }
    nav: list[object] = [{"报告": ["reports/index.md", {"妇女发展": "reports/a/index.md"}]}]
    pages = {"index.md": "# 欢迎\n\n按 [繁體](zh-Hant/) 阅读。\n",
             "about.md": "# 关于\n", "about.zh-Hant.md": "# 關於本站\n\n按「简体」閱讀。\n"}
    sites = script_sites(files, nav, pages, CONVERTER)
    hans, hant = sites["hans"], sites["hant"]
    assert hans.files is files
    assert hans.pages == {k: v for k, v in pages.items() if not k.endswith(".zh-Hant.md")}
    assert hans.nav == [{"首页": "index.md"}, *nav]
    assert hant.files["a/index.md"] == (
        "---\ntitle: 婦女兒童\nslug: funv\n---\n\n# 婦女兒童\n\n[發展](../b/)\n")
    assert hant.files["a/changes.tsv"] == files["a/changes.tsv"]
    assert hant.files["a/原文.txt"] is seed
    assert NAV_FILE not in hant.files  # written for readers of docs/, never served
    assert hant.pages == {"index.md": "# 歡迎\n\n按 [繁體](zh-Hant/) 閱讀。\n",
                          "about.md": "# 關於本站\n\n按「简体」閱讀。\n"}
    assert hant.nav == [{"首頁": "index.md"},
                        {"報告": ["reports/index.md", {"婦女發展": "reports/a/index.md"}]}]


def test_script_sites_without_a_converter_is_simplified_only() -> None:
    assert set(script_sites({}, [], {}, None)) == {"hans"}
