"""A copy of the project with script payloads in every input that reaches a page.

Used by tests/test_security_payloads.py: one project, built once per mode (http, file://).
The payloads sit in a seed's first line (its title), its headings and paragraphs, a seed file
name with no title line, `seeds/metadata.yml` (title, issuer, tags), theme names in
`config/taxonomy.yml`, and `site_name` / `site_description` in mkdocs.yml. `Expected` is what
the pipeline made of them: the text readers must see.
"""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from reportsite.config import load_config
from reportsite.glossary import load_glossary
from reportsite.pipeline import run_pipeline
from reportsite.script import make_converter
from support.helpers import copy_project
from support.site import BUILD_CODE

PYTHON = sys.executable

# Each would run (or make an element) if it reached the HTML unescaped in some context:
# element, attribute breakouts (double and single quotes), the end of <title>, a link, Jinja,
# and text that is already an entity (must show as typed, not as "<script>").
XSS = [
    "<svg onload=alert(1)>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' autofocus onfocus='alert(1)",
    "</title><script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "&lt;script&gt;",
]
ALL_XSS = "".join(XSS)
# Theme names and tags: two themes, the payloads split between them.
THEME_A = "妇女" + "".join(XSS[:4])
THEME_B = "儿童" + "".join(XSS[4:])
SITE_NAME = "妇联报告" + ALL_XSS
SITE_DESCRIPTION = "说明" + ALL_XSS
ISSUER = "单位" + ALL_XSS
NAMED_SEED = "<svg onload=alert(1)>' onmouseover='alert(1)\" autofocus onfocus=\"alert(1).txt"
META_SEED = "b-meta.txt"
TITLE_SEED = "a-title.txt"
PUNCT_SEED = "c-punct.txt"

# Printable ASCII punctuation, and sequences Markdown, HTML or Jinja would read.
SPECIALS = [
    "&amp;", "~~~", "&lt;", "&#60;", "&copy;", "\\~", "\\\\", "\\*", "~~x~~", "==x==", "^^x^^",
    "<b>x</b>", "<!-- x -->", "`x`", "__x__", "{: #x }", "[x](y)", "<http://a.b/>",
    "{{ x }}", "{% x %}", ":smile:", "$x$", "--", "...", "a_b_c", "#x", "1. x", "- x", "> x",
    "~~~ y", "`代码`", "{.属性}",
]
LINE_START = ["#", "-", "+", "=", ">", "1.", "1)", "*", "|", "~", "`"]


def punct_lines() -> list[str]:
    """One paragraph per character or sequence: inside Latin text (the normaliser leaves
    ASCII punctuation alone unless it stands beside Han), then at the start of a line (before
    Latin too: `1) 行` is made `1）行` by the normaliser, by design). Each holds a figure, so
    that its sentence is quoted in the key-figures table as well."""
    lines = [f"字符测试：a{ch}b，服务10人。" for ch in string.punctuation]
    lines += [f"序列测试：a {seq} b，服务10人。" for seq in SPECIALS]
    lines += [f"{lead} a行首测试，服务10人。" for lead in LINE_START]
    return lines


def title_seed() -> str:
    heads = [f"{n}、深化妇女儿童工作{p}" for n, p in zip("一二三四五六七八", XSS, strict=True)]
    body = "妇女儿童工作不断深化，每周开展3~5次活动，共举办6\u200b17场次，服务妇女儿童1200人。"
    parts = ["关于妇女儿童工作的报告" + XSS[1] + XSS[4], heads[0], body]
    parts += [f"第{i}项：{p}。" for i, p in enumerate(PARAGRAPH_PAYLOADS, 1)]
    for head in heads[1:]:
        parts += [head, body]
    return "\n\n".join(parts) + "\n"


def meta_seed() -> str:
    return "妇女工作报告\n\n一、妇女儿童工作\n\n妇女儿童工作扎实开展，服务妇女儿童300人。\n"


NUMERALS = [*"一二三四五六七八九十", *(f"十{d}" for d in "一二三四五六七八九")]


def named_seed() -> str:
    """No title line: the first line is a heading, so the title is the file name. A heading
    per payload of tests/test_security.py (the normaliser may make `(` beside Han full-width;
    the expected titles are what the pipeline made)."""
    parts = []
    for numeral, payload in zip(NUMERALS, ["", *PARAGRAPH_PAYLOADS], strict=False):
        parts += [f"{numeral}、妇女儿童工作{payload}", "妇女儿童工作扎实开展，服务妇女儿童500人。"]
    return "\n\n".join(parts) + "\n"


def punct_seed() -> str:
    return "字符测试报告\n\n一、字符测试\n\n" + "\n\n".join(punct_lines()) + "\n"


def make_hostile_project(dest: Path) -> Path:
    project = copy_project(dest)
    seeds = project / "seeds"
    for old in seeds.glob("*.txt"):
        old.unlink()
    for name, text in (
        (TITLE_SEED, title_seed()), (META_SEED, meta_seed()),
        (NAMED_SEED, named_seed()), (PUNCT_SEED, punct_seed()),
    ):
        (seeds / name).write_text(text, encoding="utf-8")
    metadata = {
        META_SEED: {"title": "元数据" + ALL_XSS, "issuer": ISSUER,
                    "tags": {"1": [THEME_A, "标签" + ALL_XSS, *PARAGRAPH_PAYLOADS]}},
    }
    (seeds / "metadata.yml").write_text(
        yaml.safe_dump(metadata, allow_unicode=True), encoding="utf-8"
    )
    taxonomy = {"themes": {THEME_A: ["妇女"], THEME_B: ["儿童"], "字符": ["字符"]},
                "fallback": "综合"}
    (project / "config" / "taxonomy.yml").write_text(
        yaml.safe_dump(taxonomy, allow_unicode=True), encoding="utf-8"
    )
    mkdocs = (project / "mkdocs.yml").read_text(encoding="utf-8")
    mkdocs = re.sub(r"^site_name: .*$", "site_name: " + _yaml_str(SITE_NAME), mkdocs, flags=re.M)
    mkdocs = re.sub(
        r"^site_description: .*$", "site_description: " + _yaml_str(SITE_DESCRIPTION), mkdocs,
        flags=re.M,
    )
    (project / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    return project


def _yaml_str(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, width=10**6).removesuffix("\n...\n").strip()


def build(
    project: Path, site: Path, site_url: str, offline: bool
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
               REPORTSITE_OFFLINE="true" if offline else "false")
    return subprocess.run(
        [PYTHON, "-c", BUILD_CODE, str(site), site_url, "0" if offline else "1"],
        cwd=project, env=env, capture_output=True, text=True, encoding="utf-8", check=False,
    )


@dataclass(frozen=True)
class Expected:
    """What the readers must see: every title, nav label and tag as text, per script."""

    titles: dict[str, set[str]]  # script -> page titles and nav labels
    tags: dict[str, set[str]]
    site_name: dict[str, str]
    description: dict[str, str]
    issuer: dict[str, str]


def expected_text(project: Path) -> Expected:
    result = run_pipeline(
        load_config(project / "seeds", project / "docs" / "reports", project / "config"),
        write=False,
    )
    titles = {r.meta.title for r in result.reports}
    titles |= {p.title for r in result.reports for p in r.pages}
    tags = {t for r in result.reports for p in r.pages for t in p.tags}
    conv = make_converter(load_glossary(project / "config" / "glossary.yml")).convert
    return Expected(
        titles={"hans": titles, "hant": {conv(t) for t in titles}},
        tags={"hans": tags, "hant": {conv(t) for t in tags}},
        site_name={"hans": SITE_NAME, "hant": conv(SITE_NAME)},
        description={"hans": SITE_DESCRIPTION, "hant": conv(SITE_DESCRIPTION)},
        issuer={"hans": ISSUER, "hant": conv(ISSUER)},
    )


@dataclass(frozen=True)
class HostileSite:
    project: Path
    root: Path
    base_url: str  # http://127.0.0.1:port/ or file:///…/
    offline: bool
    expected: Expected

    def pages(self) -> list[str]:
        files = sorted(self.root.rglob("*.html"))
        if self.offline:
            return [p.as_uri() for p in files]
        return [self.base_url + p.relative_to(self.root).as_posix() for p in files]


# The paragraph payloads of tests/test_security.py, also put in every other input here.
# Every payload sets window.__pwned (or calls alert) if it ever runs. Each sits between
# full-width punctuation so normalisation leaves it alone and it can be found on the page.
PAYLOADS = [
    "<script>window.__pwned=1;alert(1)</script>",
    '<img src=x onerror="window.__pwned=2;alert(2)">',
    "[点我](javascript:window.__pwned=3)",
    '<iframe src="javascript:parent.__pwned=4"></iframe>',
    '<svg onload="window.__pwned=5">',
    '<a href="javascript:window.__pwned=6">链接</a>',
    "javascript:window.__pwned=7",
    '{: onclick="window.__pwned=8" }',
    '<details open ontoggle="window.__pwned=9">',
    '<div markdown="1" onmouseover="window.__pwned=10">',
    "<style>body{display:none}</style>",
    "![x](https://evil.example/x.png)",
    "<https://evil.example/autolink>",
    '<object data="https://evil.example/o.swf"></object>',
    "`<script>window.__pwned=11</script>`",
    '<math><mtext><img src=x onerror="window.__pwned=12"></mtext></math>',
    "&lt;script&gt;window.__pwned=13&lt;/script&gt;",
    "--><script>window.__pwned=14</script><!--",
]
PARAGRAPH_PAYLOADS = PAYLOADS
