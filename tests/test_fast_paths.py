"""The conversion's fast paths against plain reference implementations.

Each optimisation promised the same output as the code it replaced; these tests hold it to
that on random and hand-picked input: the front matter written through libyaml is byte for
byte PyYAML's, the normalisation record replays, the rewritten space patterns match what
the lookbehind patterns matched, the narrow-character count gives the display width.
"""

from __future__ import annotations

import random
import re

import pytest
import yaml

from reportsite.changes import apply_edits, record_edits, record_tsv
from reportsite.layout import display_width
from reportsite.normalise import ALNUM, CJK_PUNCT, HAN, SPACES, remove_cjk_spacing
from reportsite.outline import CLOSERS, TERMINALS, ends_sentence
from reportsite.render import escape_text
from reportsite.yamlfile import dump_yaml

# Characters on which libyaml and PyYAML are known to write different bytes, and ordinary ones.
ODD = ["\t", "\n", "\r", "\x85", "\u2028", "\ufeff", "\x07", "😀", "\U00020000", "\uffff"]
PLAIN = list("中文妇联“”（）：，。、　 abcXZ019-:?#&*!|>'\"%@`,[]{}~=+\\/.\u00a0é·—")
SCALARS = ["yes", "null", "~", "2024-01-01", "1e3", "0x1F", "-", "---", "? x", ": x", "#x",
           "&a", "*a", "!x", "", " ", "x  ", "'", '"', "<<", ".inf", "12:30:00"]  # fmt: skip


def _text(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return rng.choice(SCALARS)
    alphabet = PLAIN + ODD if rng.random() < 0.3 else PLAIN
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, rng.choice([3, 30, 200]))))


def _key(rng: random.Random) -> object:
    roll = rng.random()
    if roll < 0.6:
        return rng.choice(["title", "report", "source", "slug", "issuer", "date", "tags"])
    if roll < 0.8:  # long keys: PyYAML counts 128 characters, libyaml 128 bytes
        return "".join(rng.choice("中文妇联ab ") for _ in range(rng.randint(20, 140)))
    return rng.choice([_text(rng), 1, None, True])


def _value(rng: random.Random) -> object:
    if rng.random() < 0.7:
        return _text(rng)
    return rng.choice([True, None, 3, 1.5, [_text(rng), _text(rng)], {"exclude": True},
                       {_key(rng): _text(rng)}])  # fmt: skip


def _dump(data: object) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    except yaml.YAMLError as exc:
        return f"error {type(exc).__name__}"


def _fast(data: dict[object, object]) -> str:
    try:
        return dump_yaml(data)  # type: ignore[arg-type]
    except yaml.YAMLError as exc:
        return f"error {type(exc).__name__}"


# A nav label of the ten-events report: 58 characters, 174 bytes.
LONG = "四、打造妇儿阵地标杆，深圳妇儿大厦被住建部、国家发改委列入全国首批儿童友好空间建设"
LONG += "可复制经验推广清单（第一批）"


@pytest.mark.parametrize(
    "data",
    [
        {"title": LONG, "tags": ["妇女", "儿童"]},
        {LONG: "reports/x/4.md"},
        {"": 3},
        {"title": "a\tb"},
        {"title": "\ufeff标题"},
        {"title": "𠀀"},
        {"date": "2025-02-05"},
        {"title": "区妇联 报告 (副本)（2024）", "search": {"exclude": True}},
    ],
)
def test_front_matter_edge_cases_are_written_as_pyyaml_writes_them(data: dict) -> None:
    assert _fast(data) == _dump(data)


def test_front_matter_is_written_as_pyyaml_writes_it_on_random_documents() -> None:
    rng = random.Random(20260707)
    for _ in range(3000):
        data = {_key(rng): _value(rng) for _ in range(rng.randint(1, 7))}
        assert _fast(data) == _dump(data), data


def test_the_record_replays_on_random_texts() -> None:
    rng = random.Random(7)
    fluid = " \n*,，:：;；!！?？(（)）\u3000\r\t"
    for _ in range(3000):
        words = [rng.choice("ab中文。") for _ in range(rng.randint(0, 15))]

        def dress(words: list[str]) -> str:
            gaps = ["".join(rng.choice(fluid) for _ in range(rng.randint(0, 2))) for _ in words]
            return "".join(g + w for g, w in zip(gaps, words, strict=True)) + rng.choice(["", " "])

        before, after = dress(words), dress(words)
        edits = record_edits(before, after)
        assert apply_edits(before, edits) == after
        assert all(e.line == before.count("\n", 0, e.start) + 1 for e in edits)
        assert len(record_tsv(before, edits).splitlines()) == len(edits) + 1


# The patterns remove_cjk_spacing had before it was made quick: lookbehind first.
REFERENCE_RULES = [
    re.compile(f"(?<=[{HAN}]){SPACES}(?=[{ALNUM}])"),
    re.compile(f"(?<=[{ALNUM}]){SPACES}(?=[{HAN}])"),
    re.compile(f"(?<=[{CJK_PUNCT}]){SPACES}(?=\\S)"),
    re.compile(f"(?<=\\S){SPACES}(?=[{CJK_PUNCT}])"),
]


def _reference_spacing(text: str) -> str:
    for rule in REFERENCE_RULES:
        text = rule.sub("", text)
    return text


def test_space_removal_matches_the_lookbehind_patterns() -> None:
    rng = random.Random(5)
    alphabet = "中文aZ9%℃。，“”—…·\u3000、！ \t\u00a0  xy-"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        assert remove_cjk_spacing(text) == _reference_spacing(text), text


def test_display_width_counts_wide_characters_twice() -> None:
    wide = re.compile("[\u1100-\uff60\uffdd-\U0010ffff]")
    rng = random.Random(3)
    alphabet = "中文 ab1，。ｱﾝ\uff61\uffdc\uffdd\u1100\u10ff𠀀é\t"
    for _ in range(5000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert display_width(line) == len(line) + len(wide.findall(line)), line


def test_ends_sentence_looks_past_closers_bold_and_whitespace() -> None:
    tail = re.compile(f"[{re.escape(CLOSERS)}*\\s]+$")
    rng = random.Random(9)
    alphabet = "中。！？；…，a*" + CLOSERS + " \t\n\u3000\u00a0\u2028"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        core = tail.sub("", text[-256:])
        assert ends_sentence(text) == (bool(core) and core[-1] in TERMINALS), repr(text)
    assert ends_sentence("。" + " " * 300) is False  # only the last 256 characters count


def _escape_reference(text: str) -> str:
    """escape_text before its fast path: every replace and the sub on every text."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_\[\]{}|#!])", r"\\\1", text)
    match = re.match(r"^([-+]|\d+(?=[.)]))", text)
    if match:
        if match[1][0].isdigit():
            text = text[: match.end()] + "\\" + text[match.end() :]
        else:
            text = "\\" + text
    return text


def test_escape_text_fast_path_matches_the_reference() -> None:
    rng = random.Random(7)
    alphabet = list("&<>\\`*_[]{}|~#!-+=0123456789.)中文妇联，。 \nab٣")
    texts = ["", "中文", "1.", "١)", "-", "— 中", "2024年", "**粗体**"]
    texts += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10))) for _ in range(50_000)
    ]
    for text in texts:
        assert escape_text(text) == _escape_reference(text), repr(text)
