"""Print: pages print cleanly on A4 in both scripts (print.css, overrides/main.html).

Each page of every shape (home, tags, report index, part page, leaf page, normalisation
record, any other generated report page) is loaded in headless Chromium, checked with print
media emulated (chrome hidden, page breaks on the right headings, link addresses, tables,
provenance), then printed to PDF with ``page.pdf()`` and the PDF's text read back with pypdf:
every Han character of the page's text is on paper in order, no sheet is blank, each
section that should start a sheet does, and every link's address is printed.

The seeds have no heading below their page level, so no real page has an h2 today; a report
with a deeper outline (一、 → （一） → 1.) built from sentences of a real seed covers them.

Needs a Chinese font (`make fonts`): without one, Chromium prints empty boxes and the PDF
holds no Han text to check.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

import pytest

from reportsite.outline import heading_level
from support.helpers import SEEDS, copy_project
from support.site import BuiltSite, LocalServer

pytestmark = [pytest.mark.browser, pytest.mark.build]
PYTHON = sys.executable
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Chromium's PDF maps each glyph back to one code point, and a glyph that Noto CJK shares
# between an ideograph and a radical (一/⼀, 户/⼾ in the SC font) comes back as the radical.
# NFKC would turn ⼾ into 戶, not 户; so a radical in the PDF text stands for "a Han
# character" in the comparison (the ones around it still pin the position).
RADICAL = re.compile(r"[\u2e80-\u2fdf]")
PDF_HAN = re.compile(r"[\u2e80-\u2fdf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
A4_POINTS = (595.0, 842.0)
# Screen chrome that must not print (Material hides most; print.css lists them all).
CHROME = (
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-search",
    ".md-footer",
    ".md-top",
    "[data-rs-switch]",
    ".md-skip",
    ".headerlink",
)
SYNTHETIC_SLUG = "print-outline-example"

_INSPECT = """(chrome) => {
  const article = document.querySelector("article");
  const style = (el, pseudo) => getComputedStyle(el, pseudo || null);
  const shown = el => el.checkVisibility();
  const report = !!article.querySelector(":scope > .rs-provenance");
  const h2s = [...article.querySelectorAll("h2")].map(h => {
    const prev = h.previousElementSibling;
    const opens = !prev || prev.matches("h1, .md-tags");
    return {text: h.innerText, breakBefore: style(h).breakBefore,
            expected: report && h.parentElement === article && !opens};
  });
  const links = [...article.querySelectorAll("a[href]")].map(a => ({
    href: a.getAttribute("href"),
    after: style(a, "::after").content,
    exempt: a.getAttribute("href").startsWith("#")
      || a.matches(".headerlink, .md-tag, .md-content__button"),
  }));
  return {
    chromePresent: chrome.filter(sel => document.querySelector(sel)),
    chromeShown: chrome.filter(sel => [...document.querySelectorAll(sel)].some(shown)),
    articleShown: shown(article),
    report,
    provenanceShown: report && shown(article.querySelector(":scope > .rs-provenance")),
    h1: [...article.querySelectorAll("h1")].map(h => ({
      text: h.innerText, breakBefore: style(h).breakBefore})),
    h2s,
    links,
    tables: [...article.querySelectorAll("table")].map(t => ({
      thead: t.tHead ? style(t.tHead).display : "table-header-group",
      rows: [...t.rows].map(r => style(r).breakInside),
    })),
    canonical: (document.querySelector('link[rel="canonical"]') || {}).href || location.href,
    printUrl: (document.querySelector(".rs-print-url") || {}).innerText || "",
  };
}"""


@dataclass(frozen=True)
class Printed:
    url: str
    screen_han: str  # Han characters of the article as shown on screen, in order
    dom: dict[str, Any]  # _INSPECT under print media
    sheets: list[str]  # text of each PDF page
    sizes: list[tuple[float, float]]  # each PDF page's size in points


def _han(text: str) -> str:
    return "".join(HAN.findall(text))


def _pdf_han(text: str) -> str:
    # A font's ToUnicode map may name a glyph by its CJK compatibility ideograph (落 U+F918
    # for 落, seen with Noto CJK TC): NFKC gives the ideograph. Radicals (⼀ for 一, ⻓ for
    # 长) stay as they are and match any character (_is_subsequence): NFKC has no
    # mapping for some of them, and the one it has is not always the character printed.
    return "".join(
        unicodedata.normalize("NFKC", c) if "\uf900" <= c <= "\ufaff" else c
        for c in PDF_HAN.findall(text)
    )


def _is_subsequence(needle: str, hay: str) -> tuple[bool, int]:
    """Whether ``needle`` occurs in ``hay`` in order; returns how far it matched."""
    pos = 0
    for i, ch in enumerate(needle):
        while pos < len(hay) and not (hay[pos] == ch or RADICAL.match(hay[pos])):
            pos += 1
        if pos == len(hay):
            return False, i
        pos += 1
    return True, len(needle)


def _starts_with(sheet_han: str, heading_han: str) -> bool:
    prefix = sheet_han[: len(heading_han)]
    return len(prefix) == len(heading_han) and all(
        a == b or RADICAL.match(a) for a, b in zip(prefix, heading_han, strict=True)
    )


def print_page(browser: Any, url: str) -> Printed:
    import pypdf

    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        screen_han = _han(page.locator("article").inner_text())
        # The page's address line is for paper only.
        assert not page.locator(".rs-print-url").is_visible(), url
        page.emulate_media(media="print")
        dom = page.evaluate(_INSPECT, list(CHROME))
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        context.close()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    sheets = [p.extract_text() for p in reader.pages]
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    return Printed(url, screen_han, dom, sheets, sizes)


def check_printed(p: Printed) -> int:
    """Every print assertion for one page; returns the number of sections that break."""
    dom, where = p.dom, p.url
    assert ".md-header" in dom["chromePresent"] and ".md-sidebar--primary" in dom["chromePresent"]
    assert dom["chromeShown"] == [], f"{where}: prints screen chrome {dom['chromeShown']}"
    assert dom["articleShown"], where
    if dom["report"]:
        assert dom["provenanceShown"], f"{where}: provenance block not printed"
    assert dom["printUrl"].endswith(dom["canonical"]), f"{where}: {dom['printUrl']!r}"

    # A4, and no blank sheet: every sheet has text, the first one starts with the page.
    assert all(abs(w - A4_POINTS[0]) < 2 and abs(h - A4_POINTS[1]) < 2 for w, h in p.sizes)
    sheet_han = [_pdf_han(s) for s in p.sheets]
    assert all(sheet_han), f"{where}: blank sheet among {len(p.sheets)}"
    for h1 in dom["h1"]:
        assert h1["breakBefore"] != "page", where
    title = _han(dom["h1"][0]["text"]) if dom["h1"] else p.screen_han
    assert _is_subsequence(title[:6], sheet_han[0])[0], f"{where}: first sheet lacks the title"

    # Page breaks: before each h2 that opens a report section, not before one that opens
    # the page; each such section starts a sheet of the PDF.
    breaks = [h for h in dom["h2s"] if h["expected"]]
    for h in dom["h2s"]:
        want = "page" if h["expected"] else "auto"
        assert h["breakBefore"] == want, f"{where}: h2 {h['text']!r} break-before {h}"
    assert len(p.sheets) >= 1 + len(breaks), where
    for h in breaks:
        head = _han(h["text"])
        assert any(_starts_with(s, head) for s in sheet_han[1:]), f"{where}: {h['text']!r}"

    # Every Han character of the page's text is printed, in order, and as often.
    printed = "".join(sheet_han)
    ok, upto = _is_subsequence(p.screen_han, printed)
    assert ok, f"{where}: printed text stops matching at {p.screen_han[upto : upto + 20]!r}"
    missing = Counter(p.screen_han) - Counter(printed)
    assert missing.total() <= len(RADICAL.findall(printed)), f"{where}: not printed {missing}"

    # Links: the absolute address on the published site follows each link's text.
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", "".join(p.sheets)))
    shown = [link for link in dom["links"] if not link["exempt"]]
    for link in shown:
        # The address as published, without a text fragment (a browser's highlight, not
        # part of the address).
        absolute = unquote(urljoin(dom["canonical"], link["href"])).partition(":~:")[0]
        assert absolute in link["after"] and ":~:" not in link["after"], f"{where}: {link}"
        assert unicodedata.normalize("NFKC", absolute) in flat, f"{where}: {absolute} not printed"
    for link in dom["links"]:
        if link["exempt"]:
            assert link["after"] in ("none", "normal"), f"{where}: {link}"

    # Tables: header row repeated on each sheet, rows never cut.
    for table in dom["tables"]:
        assert table["thead"] == "table-header-group", where
        assert set(table["rows"]) == {"avoid"}, where
    return len(breaks)


def require_chinese_font() -> None:
    fc_list = shutil.which("fc-list")
    out = ""
    if fc_list:
        out = subprocess.run(
            [fc_list, ":lang=zh", "family"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        ).stdout
    if not out.strip():
        pytest.fail(
            "No Chinese font (fc-list :lang=zh): Chromium would print empty boxes. "
            "Install one (Debian as root: `apt-get install -y fonts-noto-cjk`, which "
            "`make test` does via `make fonts`).",
            pytrace=False,
        )


def shapes(root: Path) -> list[str]:
    """One page of every shape: home, tags, and per report its index, first part page (a page
    with pages under it), first leaf page, and every other page that is not a numbered
    section (the normalisation record, and generated pages such as key figures)."""
    pages = ["", "reports/themes/"]
    for report in sorted(p for p in (root / "reports").iterdir() if p.is_dir()):
        base = f"reports/{report.name}/"
        pages.append(base)
        subdirs = sorted(p for p in report.iterdir() if (p / "index.html").is_file())
        numbered = [p for p in subdirs if p.name.isdigit()]
        parts = [p for p in numbered if any((c / "index.html").is_file() for c in p.iterdir())]
        leaves = [p for p in numbered if p not in parts]
        if parts:
            pages.append(f"{base}{parts[0].name}/")
            leaves = sorted(c for c in parts[0].iterdir() if (c / "index.html").is_file())
        if leaves:
            pages.append(f"{base}{leaves[0].relative_to(report).as_posix()}/")
        pages += [f"{base}{p.name}/" for p in subdirs if not p.name.isdigit()]
    return pages


@pytest.fixture(scope="module")
def fonts() -> None:
    require_chinese_font()


def test_site_pages_print_cleanly_in_both_scripts(
    fonts: None, chromium: Any, built_site: BuiltSite, http_server: LocalServer
) -> None:
    pages = shapes(built_site.root)
    assert any(p.endswith("/changes/") for p in pages), pages  # a page with a table
    failures = []
    for script in ("", "zh-Hant/"):
        for rel in pages:
            printed = print_page(chromium, http_server.base_url + script + rel)
            try:
                check_printed(printed)
            except AssertionError as err:
                failures.append(str(err))
    assert not failures, "\n".join(failures)


def _outline_seed() -> str:
    """A report 一、 → （一） → 1. made of finished sentences of a real seed."""
    text = (SEEDS / "000_1b6eb3483533bf33.txt").read_text(encoding="utf-8-sig")
    sentences = [s + "。" for s in re.split(r"。", re.sub(r"\s+", "", text)) if len(s) > 30]
    sentences = [s.replace("**", "") for s in sentences]
    sentences = [s for s in sentences if not heading_level(s)]  # no stray headings
    lines, k = ["大纲示例报告", ""], 0
    for part in "一二":
        lines += [f"{part}、第{part}部分", ""]
        for sec in "一二":
            lines += [f"（{sec}）第{sec}方面", "", sentences[k % len(sentences)], ""]
            k += 1
            for n in (1, 2, 3):
                body = "".join(sentences[(k + j) % len(sentences)] for j in range(3))
                lines += [f"{n}.第{n}项", "", body, ""]
                k += 3
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def outline_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Both scripts built from the seeds plus a report with headings below its page level."""
    base = tmp_path_factory.mktemp("print-outline")
    project = copy_project(base / "project")
    seed = project / "seeds" / "900_print_outline.txt"
    seed.write_text(_outline_seed(), encoding="utf-8")
    with open(project / "seeds" / "metadata.yml", "a", encoding="utf-8") as fh:
        fh.write(f"\n900_print_outline.txt:\n  issuer: 示例单位\n  slug: {SYNTHETIC_SLUG}\n")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env["SITE_URL"] = "https://example.org/reports/"
    site = base / "site"
    for cmd in (
        [PYTHON, "-m", "reportsite", "convert", "--seeds", "seeds", "--out", "docs/reports"],
        [PYTHON, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
    ):
        proc = subprocess.run(
            cmd, cwd=project, env=env, capture_output=True, text=True, encoding="utf-8"
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
    yield site


def test_sections_below_the_page_level_start_a_sheet(
    fonts: None, chromium: Any, outline_site: Path
) -> None:
    report = f"reports/{SYNTHETIC_SLUG}/"
    leaf = outline_site / report / "1" / "1" / "index.html"
    assert leaf.read_text(encoding="utf-8").count("<h2") == 3
    for script in ("", "zh-Hant/"):
        # The parts have no text of their own, so no page (split.py): their headings open
        # their first sections' pages.
        for rel in (report, f"{report}1/1/", f"{report}2/2/"):
            printed = print_page(chromium, (outline_site / script / rel / "index.html").as_uri())
            breaks = check_printed(printed)
            if rel.count("/") == 4:  # the leaf pages: intro, then three sections 1. 2. 3.
                assert breaks == 3, printed.url
                assert printed.dom["printUrl"].endswith(
                    f"https://example.org/reports/{script}{rel}"
                )
