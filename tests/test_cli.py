"""`reportsite convert` end to end: good runs, and bad input that must fail cleanly.

Bad input gives one line naming the file and the problem, exit status 1, no
traceback, and leaves the previous output as it was.
"""

from __future__ import annotations

import codecs
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.helpers import SEEDS, han_digits, report_text

CONVERT = ("-m", "reportsite", "convert")
DISTRICT = (SEEDS / "000_1b6eb3483533bf33.txt").read_text(encoding="utf-8")


def run(seeds: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *CONVERT, "--seeds", str(seeds), "--out", str(out), *extra],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    shutil.copy(SEEDS / "metadata.yml", folder / "metadata.yml")
    return folder


def test_converts_the_seeds(seeds: Path, tmp_path: Path) -> None:
    result = run(seeds, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "converted 2 reports" in result.stdout
    assert (tmp_path / "out" / "futian-2024-review-2025-plan" / "1" / "1.md").exists()


BAD_SEEDS = {
    "binary.txt": (bytes(range(256)) * 4, "binary data"),
    "empty.txt": (b"", "file is empty"),
    "blank.txt": (b"  \n\n\t\n", "file is empty"),
    "latin.txt": (b"Just some English text.\n", "no Chinese text"),
    "broken.txt": (DISTRICT.encode("utf-8")[:4000] + b"\xff\xfe\xfa" + b"abc", "invalid UTF-8"),
    "garbage.txt": (bytes([0x81, 0x30, 0xFF, 0xFF]) * 50, "cannot decode"),
}


@pytest.mark.parametrize("name", sorted(BAD_SEEDS))
def test_bad_seed_fails_cleanly_and_keeps_output(name: str, seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(seeds, out).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    data, message = BAD_SEEDS[name]
    (seeds / name).write_bytes(data)
    result = run(seeds, out)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and message in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("gb18030", b""), ("gbk", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16", b"")],
)
def test_other_encodings_convert_to_the_same_pages(
    encoding: str, prefix: bytes, seeds: Path, tmp_path: Path
) -> None:
    # Both under a folder of the same name: pages link other reports from the site's root.
    utf8, others = tmp_path / "utf8" / "reports", tmp_path / "other" / "reports"
    assert run(seeds, utf8).returncode == 0
    name = "000_1b6eb3483533bf33.txt"
    (seeds / name).write_bytes(prefix + DISTRICT.replace("\n", "\r\n").encode(encoding))
    assert run(seeds, others).returncode == 0
    for page in utf8.rglob("*.md"):
        if page.name in ("changes.md", "original.md"):  # they name the encoding and show the
            continue  # file as received: its CRLF joins, its bytes
        other = others / page.relative_to(utf8)
        assert other.read_text(encoding="utf-8") == page.read_text(encoding="utf-8")


def test_hidden_and_other_files_are_ignored(seeds: Path, tmp_path: Path) -> None:
    (seeds / ".draft.txt").write_bytes(b"\x00\x01")
    (seeds / "notes.md").write_text("# 不是报告", encoding="utf-8")
    (seeds / "scan.pdf").write_bytes(b"%PDF-1.4")
    result = run(seeds, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "converted 2 reports" in result.stdout


def test_odd_file_names_and_duplicate_text(seeds: Path, tmp_path: Path) -> None:
    """Spaces, brackets and Chinese in a file name; the same text twice."""
    shutil.copy(seeds / "000_1b6eb3483533bf33.txt", seeds / "区妇联 报告 (副本).txt")
    result = run(seeds, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    copies = [p for p in (tmp_path / "out").iterdir() if p.name.startswith("report-")]
    assert len(copies) == 1 and copies[0].name.isascii()
    assert "source: 区妇联 报告 (副本).txt" in (copies[0] / "index.md").read_text(encoding="utf-8")


def test_markdown_and_html_in_a_seed_are_kept_as_text(seeds: Path, tmp_path: Path) -> None:
    text = (
        "测试报告\n\n# 井号开头的一句话。\n\n> 引用符号开头。\n\n- 减号开头。\n\n"
        "| 竖线 | 开头。\n\n"
        "---\n\n<script>alert(1)</script>脚本。<img src=x onerror=alert(1)>图片。"
        "[点我](javascript:alert(1))链接。\n"
    )
    (seeds / "markup.txt").write_text(text, encoding="utf-8")
    result = run(seeds, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "markup" / "index.md").read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page and "](javascript" not in page
    assert han_digits(report_text(page)).endswith(han_digits(text.split("\n", 1)[1]))


def test_unbalanced_bold_is_repaired_or_shown(seeds: Path, tmp_path: Path) -> None:
    text = "测试报告\n\n一、标题\n\n**开头没有闭合。正文继续。\n\n正文**结尾多一个标记\n"
    (seeds / "bold.txt").write_text(text, encoding="utf-8")
    result = run(seeds, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "bold" / "1.md").read_text(encoding="utf-8")
    assert "**开头没有闭合**。正文继续。" in page
    assert r"正文\*\*结尾多一个标记" in page


@pytest.mark.parametrize(
    ("file", "content", "message"),
    [
        (
            "metadata.yml",
            "000_1b6eb3483533bf33.txt:\n  titel: x\n",
            "metadata.yml:2: unknown key 'titel'",
        ),
        (
            "metadata.yml",
            "000_1b6eb3483533bf33.txt:\n  slug: Not A Slug\n",
            "metadata.yml:2: slug must",
        ),
        ("metadata.yml", "a.txt: [\n", "metadata.yml:2: invalid YAML"),
        ("metadata.yml", "a.txt:\n  tags: 5\n", "metadata.yml:2: tags must be a mapping"),
    ],
)
def test_bad_metadata_names_file_and_line(
    file: str, content: str, message: str, seeds: Path, tmp_path: Path
) -> None:
    (seeds / file).write_text(content, encoding="utf-8")
    result = run(seeds, tmp_path / "out")
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("themes:\n  儿童友好: 5\n", "taxonomy.yml:2: keywords of '儿童友好' must be a list"),
        ("themes: {}\ncolour: red\n", "taxonomy.yml:2: unknown key 'colour'"),
        ("fallback: 综合\n", "missing 'themes:'"),
    ],
)
def test_bad_taxonomy_names_file_and_line(
    content: str, message: str, seeds: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "taxonomy.yml").write_text(content, encoding="utf-8")
    result = run(seeds, tmp_path / "out", "--config", str(config))
    assert result.returncode == 1
    assert message in result.stderr, result.stderr


def test_missing_seeds_folder(tmp_path: Path) -> None:
    result = run(tmp_path / "nope", tmp_path / "out")
    assert result.returncode == 1
    assert "seeds folder does not exist" in result.stderr
