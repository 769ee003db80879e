"""The original as received, as pages: every line of the seed escaped, with its number.

The seed is published byte for byte for download, but many hosts (`mkdocs serve`, GitHub
Pages, a plain nginx) send a .txt as text/plain without a charset, which browsers read as
Latin-1: mojibake, and its file name is a hash. These pages show the decoded text exactly as
received, each line a paragraph whose id is its number (#L12), so the record's line numbers
link to it; they offer the file itself for download under a name made from the title. Every
line is text (render.escape_text), in both scripts: the Traditional site shows it as received
too. Not indexed for search: the report's pages hold its text.
"""

from __future__ import annotations

import re

from .models import Report
from .nav import ORIGINAL_TITLE
from .render import (
    CHROME_CLOSE,
    CHROME_OPEN,
    LINES_PER_PAGE,
    Tr,
    escape_text,
    original_path,
    quote_path,
    same,
)
from .render_derived import pager
from .yamlfile import dump_yaml

LANG = {"hans": "zh-Hans", "hant": "zh-Hant"}
# A download's file name: the report's title with what file systems refuse replaced.
_UNSAFE_NAME = re.compile(r"[^\w\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff（）()《》·\-]+")
NAME_CHARS = 80


def download_name(title: str, source: str) -> str:
    """`区妇联2024年工作总结和2025年工作计划.txt`: the title, safe as a file name, with the seed's
    extension."""
    stem = _UNSAFE_NAME.sub("_", title).strip("_")[:NAME_CHARS] or "original"
    dot = source.rfind(".")
    return stem + (source[dot:] if dot > 0 else ".txt")


def _line_md(n: int, line: str) -> str:
    shown = escape_text(line.rstrip("\r")) if line.strip() else "&nbsp;"
    return f'{shown}\n{{: #L{n} .rs-line data-line="{n}" }}\n'


def render_original(report: Report, tr: Tr = same) -> dict[str, str]:
    """The original's pages, below the generated folder."""
    meta = report.meta
    lines = report.seed_text.split("\n")
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # the file's last line end: no line after it
    count = (len(lines) - 1) // LINES_PER_PAGE + 1
    paths = [original_path(meta.slug, k * LINES_PER_PAGE + 1) for k in range(count)]
    name = download_name(meta.title, meta.source)
    files: dict[str, str] = {}
    for k, here in enumerate(paths):
        depth = here.count("/") - 1
        seed = quote_path("../" * depth + meta.source)
        title = tr(ORIGINAL_TITLE) if k == 0 else tr("原文（第{k}页）").format(k=k + 1)
        head = dump_yaml({"title": title, "report": meta.title, "slug": meta.slug,
                          "search": {"exclude": True}})  # fmt: skip
        intro = tr(
            "以下是收到的原文，未作任何改动（编码{encoding}）；行号与规范化记录中的行号一致。"
        ).format(encoding=report.encoding)
        out = [
            f"---\n{head}---\n",
            CHROME_OPEN + "\n",
            f"# {title}：{escape_text(meta.title)}\n",
            intro + "\n",
            f'[{tr("下载原文文件")}（{escape_text(name)}）]({seed}){{: download="{name}" }}\n',
            pager(paths, here, tr) + ("\n" if count > 1 else ""),
            CHROME_CLOSE + "\n",
            # In the seed's own script on both sites, and marked as such (screen readers,
            # fonts, and the Traditional site's check that it holds no Simplified text).
            f'<div class="rs-original" lang="{LANG[meta.script]}" markdown>\n',
        ]
        first = k * LINES_PER_PAGE
        out += [_line_md(first + i + 1, line)
                for i, line in enumerate(lines[first : first + LINES_PER_PAGE])]  # fmt: skip
        out.append(CHROME_CLOSE + "\n")
        files[here] = "\n".join(out)
    return files
