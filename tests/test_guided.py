"""Word-guided conversion (reportsite.guided)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportsite.glossary import load_glossary
from reportsite.guided import Guide, convert_guided, separator_for, tokenizer
from reportsite.script import cache_dir, make_converter, traditional_keep_markup

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
