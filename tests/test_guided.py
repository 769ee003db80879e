"""Word-guided conversion (reportsite.guided), the length-keeping simplifier and detect_script."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import opencc
import pytest

from reportsite.glossary import load_glossary
from reportsite.guided import Guide, convert_guided, separator_for, tokenizer
from reportsite.script import (
    cache_dir,
    detect_script,
    make_converter,
    make_simplifier,
    traditional_keep_markup,
)
from reportsite.scriptdetect import script_characters, script_counts

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = load_glossary(REPO / "config" / "glossary.yml")
CONVERTER = make_converter(GLOSSARY)
PLAIN = make_converter(GLOSSARY, guided=False)
OPENCC = make_converter(None, guided=False)  # plain OpenCC s2tw, no glossary
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
CORPUS = sorted((REPO / "tests" / "fixtures" / "corpus").glob("*.txt"))


def _corpus_sample(chars: int = 20_000) -> str:
    return "".join(p.read_text(encoding="utf-8")[:chars // len(CORPUS)] for p in CORPUS)


# --------------------------------------------------------------------------- guided s2tw


@pytest.mark.parametrize(
    ("simplified", "plain", "guided"),
    [
        ("汕头发挥", "汕頭髮揮", "汕頭發揮"),
        ("更加注重", "更加註重", "更加注重"),
        ("五年历程", "五年曆程", "五年歷程"),
        ("和面向未来", "和麵向未來", "和面向未來"),
        ("指明了方向", "指明瞭方向", "指明了方向"),
        ("建设100个中小学校", "建設100箇中小學校", "建設100個中小學校"),
    ],
)
def test_guided_conversion_reads_no_phrase_across_a_word(
    simplified: str, plain: str, guided: str
) -> None:
    assert OPENCC.convert(simplified) == plain
    assert make_converter(None).convert(simplified) == guided
    assert CONVERTER.convert(simplified) == guided


def test_glossary_phrase_is_one_segment_and_wins() -> None:
    text = "开展消费帮扶直播周等活动"
    assert CONVERTER.guide is not None
    assert "直播周" in CONVERTER.guide.pieces(text)
    assert CONVERTER.convert(text) == "開展消費幫扶直播週等活動"
    # Alone, at a block's edges and next to markup too.
    assert CONVERTER.convert("直播周") == "直播週"
    assert CONVERTER.convert("**直播周**") == "**直播週**"


def test_glossary_phrase_applies_only_where_its_characters_are_words() -> None:
    # 并为 is "and for" in ，并|为 but not in 合并|为 (merge into), where jieba reads 合并.
    assert CONVERTER.convert("困境妇女，并为困境儿童结对") == "困境婦女，並為困境兒童結對"
    assert CONVERTER.convert("两个街道合并为一个") == "兩個街道合併為一個"
    # 东西里 is a place; in 东西里面 jieba reads 里面 and the entry stays out.
    assert CONVERTER.convert("意风区—东西里") == "意風區—東西里"
    assert CONVERTER.convert("这些东西里面") == "這些東西裡面"


def test_guide_never_splits_a_glossary_phrase_jieba_would_cut() -> None:
    tok = tokenizer(cache_dir())
    assert list(tok.cut("太古里", HMM=False)) == ["太古", "里"]
    guide = Guide(tok, ["太古里"])
    assert guide.pieces("西安太古里商业") == ["西安", "太古里", "商业"]


def test_non_han_text_passes_through_byte_for_byte() -> None:
    text = (
        "# 标题 {#plan .rs-part}\n\n- [发展](../b/发展.md \"t\") `代码` <b class='x'>粗</b>\n"
        "2025年GDP增长5.2%，A股、T恤、iPhone 16、e-mail：x@y.cn；\t\u3000\r\n😀𠀀\ue000\uf8ff\n"
    )
    out = CONVERTER.convert(text)
    assert len(out) == len(text)
    assert [c for c in out if not HAN.match(c)] == [c for c in text if not HAN.match(c)]
    for i, ch in enumerate(text):
        if not HAN.match(ch):
            assert out[i] == ch, (i, ch)


def test_separators_are_removed_exactly_even_when_the_text_holds_one() -> None:
    text = "汕头发挥\uf8ff更加注重\uf8fe五年历程"
    assert separator_for(text) == "\uf8fd"
    assert CONVERTER.convert(text) == "汕頭發揮\uf8ff更加注重\uf8fe五年歷程"
    assert "\uf8fd" not in CONVERTER.convert(text)


def test_placeholders_of_keep_markup_survive() -> None:
    text = "见[汕头发挥](../汕头发挥.md)和`代码`，**更加注重**。"
    assert traditional_keep_markup(text, CONVERTER) == (
        "見[汕頭發揮](../汕头发挥.md)和`代码`，**更加注重**。"
    )
    assert CONVERTER.convert("汕头\ue000发挥") == "汕頭\ue000發揮"
    assert CONVERTER.convert("\ue000汕头发挥\ue000") == "\ue000汕頭發揮\ue000"


def test_a_changed_mark_is_an_error_not_a_silent_merge() -> None:
    class Dropping:
        def convert(self, text: str) -> str:
            return text.replace(separator_for("") or "", "", 1)

    with pytest.raises(RuntimeError, match="word mark"):
        convert_guided(Dropping(), Guide(tokenizer(cache_dir())), "汕头发挥")


def test_guided_and_plain_agree_outside_word_boundary_cases() -> None:
    """On real text the two differ in a few places only (README: 43 on the corpus)."""
    text = _corpus_sample()
    a, b = PLAIN.convert(text), CONVERTER.convert(text)
    assert len(a) == len(b) == len(text)
    assert sum(x != y for x, y in zip(a, b, strict=True)) < len(text) // 200


def test_pieces_concatenate_to_the_text() -> None:
    assert CONVERTER.guide is not None
    text = _corpus_sample(5000)
    assert "".join(CONVERTER.guide.pieces(text)) == text


# --------------------------------------------------------------------------- t2s, same length

SIMPLIFIER = make_simplifier()


def _random_texts(count: int, seed: int = 7) -> list[str]:
    """Mixed texts: Traditional report text, any CJK code point (extensions, compatibility
    ideographs), private use (the word marks themselves), Markdown, Latin, emoji."""
    rng = random.Random(seed)
    trad = PLAIN.convert(_corpus_sample(30_000))
    pools = [
        lambda: trad[(i := rng.randrange(len(trad) - 40)) : i + rng.randrange(1, 40)],
        lambda: chr(rng.randrange(0x4E00, 0xA000)),
        lambda: chr(rng.randrange(0x3400, 0x4DC0)),
        lambda: chr(rng.randrange(0xF900, 0xFB00)),
        lambda: chr(rng.randrange(0x20000, 0x2A6E0)),
        lambda: rng.choice(["\ue000", "\uf8ff", "\uf8fe", "\U000ffffd"]),
        lambda: rng.choice(["**", "[", "](a.md)", "`", "\n", " ", "，", "。", "abc", "123"]),
        lambda: rng.choice(["😀", "\u200b", "\u3000", "\r\n", "\t"]),
    ]
    return ["".join(rng.choice(pools)() for _ in range(rng.randrange(1, 30))) for _ in range(count)]


@pytest.mark.parametrize("config", ["t2s", "tw2sp"])
def test_simplifier_keeps_every_length_and_every_non_han_character(config: str) -> None:
    simplifier = make_simplifier(config)
    for text in _random_texts(400):
        out = simplifier.convert(text)
        assert len(out) == len(text), text
        for i, ch in enumerate(text):
            if not HAN.match(ch):
                assert out[i] == ch, (text, i)


def test_simplifier_converts_word_by_word_and_per_character_where_lengths_change() -> None:
    assert SIMPLIFIER.convert("臺灣澳門特別行政區施政報告") == "台湾澳门特别行政区施政报告"
    assert SIMPLIFIER.convert("乾隆皇帝著作") == "乾隆皇帝著作"
    # tw2sp localises phrases and changes lengths (最佳化 → 优化): the segment is converted
    # character by character instead, so offsets still line up.
    tw2sp = make_simplifier("tw2sp")
    assert opencc.OpenCC("tw2sp").convert("程式最佳化") == "程序优化"  # 5 → 4 characters
    assert tw2sp.convert("程式最佳化") == "程序最佳化"
    assert tw2sp.convert("滑鼠軟體") == "鼠标软件"


def test_simplifier_on_the_corpus_is_the_inverse_where_the_text_is_unambiguous() -> None:
    text = _corpus_sample()
    trad = CONVERTER.convert(text)
    back = SIMPLIFIER.convert(trad)
    assert len(back) == len(text)
    # t2s is not an exact inverse (e.g. 乾 and 著 stay), but nearly.
    assert sum(x != y for x, y in zip(back, text, strict=True)) < len(text) // 500


# --------------------------------------------------------------------------- detect_script


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("台灣", "hant"),
        ("臺灣", "hant"),
        ("澳門特別行政區", "hant"),
        ("施政報告", "hant"),
        ("行政長官在立法會發表二〇二五年施政報告，香港特別行政區政府將推動經濟發展。", "hant"),
        ("澳門特別行政區政府二〇二六年財政年度施政報告", "hant"),
        ("為群眾辦實事，臺中市政府", "hant"),
        ("为群众办实事", "hans"),
        ("澳门特别行政区政府施政报告", "hans"),
        # Simplified with a few Traditional names: the majority decides.
        ("来自臺灣的代表和澳門特別行政區的嘉宾参加了会议，共同推进经济社会发展。", "hans"),
        ("", "hans"),
        ("2025年，的了是在和有", "hans"),  # no character of one script only
        ("干 台 后 里 于 乾 著", "hans"),  # characters common to both count for neither
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_script_characters_exclude_those_common_to_both() -> None:
    hans, hant = script_characters()
    assert {"发", "为", "众", "湾", "门"} <= hans
    assert {"發", "為", "爲", "眾", "灣", "門", "臺", "綫", "衛"} <= hant
    common = set("干台后里于乾著了的")
    assert not common & hans and not common & hant
    assert not hans & hant


def test_detect_script_on_the_corpus_and_its_conversion() -> None:
    for path in CORPUS[:3]:
        text = path.read_text(encoding="utf-8")
        assert detect_script(text) == "hans"
        assert detect_script(CONVERTER.convert(text)) == "hant"
        assert detect_script(SIMPLIFIER.convert(CONVERTER.convert(text))) == "hans"


def test_detect_script_reads_30_mb_quickly() -> None:
    text = (_corpus_sample(200_000) * 200)[:10_000_000]  # 10 M characters, about 30 MB
    assert len(text.encode("utf-8")) > 29_000_000
    detect_script("")  # the character tables, once
    started = time.perf_counter()
    hans, hant = script_counts(text)
    took = time.perf_counter() - started
    assert hans > 1_000_000 and hant == 0
    assert took < 10, took  # about 0.5 s here; generous for a loaded machine
