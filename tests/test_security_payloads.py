"""Script payloads through every input that reaches a page, in real Chromium.

One hostile project (a copy of this one) puts the payloads in every input at once: a seed's
first line (its title), its headings and paragraphs, a seed file name with no title line,
`seeds/metadata.yml` (title, issuer, tags), a theme name in `config/taxonomy.yml`, and
`site_name` / `site_description` in mkdocs.yml. It is built twice, served over http and as
the offline bundle (file://, no directory URLs), and every page of both scripts is opened with
a dialog listener. Nothing may run, no element may come from a payload, and the payloads must
read as written in `<title>`, the header, the nav, the footer, the tag chips, the tags page
and search results. A payload in the glossary's `traditional` is refused (one line).

Also here: every ASCII punctuation character (and a few sequences that mean something to
Markdown or HTML) in a seed paragraph shows as written on the page, in the key-figures table
and in the search index; a zero-width space inside a number does not split the figure.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import socket
import subprocess
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from reportsite.config import load_config
from reportsite.errors import ReportError
from reportsite.glossary import load_glossary
from reportsite.pipeline import run_pipeline
from reportsite.script import make_converter
from support.helpers import copy_project
from support.hostile import (
    NAMED_SEED,
    PUNCT_SEED,
    THEME_A,
    THEME_B,
    TITLE_SEED,
    XSS,
    Expected,
    HostileSite,
    build,
    expected_text,
    make_hostile_project,
    punct_lines,
)
from support.site import PYTHON


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_hostile_project(tmp_path_factory.mktemp("hostile") / "project")


@pytest.fixture(scope="module")
def http_site(hostile_project: Path) -> Iterator[HostileSite]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    base_url = f"http://127.0.0.1:{port}/"
    site = hostile_project.parent / "site-http"
    result = build(hostile_project, site, base_url, offline=False)
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="hostile-server", daemon=True)
    thread.start()
    try:
        yield HostileSite(hostile_project, site, base_url, False, expected_text(hostile_project))
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def file_site(hostile_project: Path) -> HostileSite:
    site = hostile_project.parent / "site-file"
    result = build(hostile_project, site, "http://127.0.0.1:9/", offline=True)
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    return HostileSite(hostile_project, site, site.as_uri() + "/", True,
                       expected_text(hostile_project))


# Elements and attributes only a payload could have made.
_PLANTED = (
    'img[src="x"], svg[onload], [onerror], [onload], [onmouseover], [onfocus], [autofocus], '
    '[onclick], [ontoggle], a[href^="javascript" i], iframe[src^="javascript" i], '
    "article script, article iframe, article object, article style"
)
_READ_PAGE = """(planted) => {
  const text = (sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent.trim());
  return {
    planted: document.querySelectorAll(planted).length,
    pwned: typeof window.__pwned,
    title: document.title,
    header: text(".md-header__topic .md-ellipsis"),
    nav: text(".md-nav__link, .md-tabs__link, .md-nav__title"),
    footer: text(".md-footer__title .md-ellipsis"),
    // A page's themes are its tags, linked in its provenance (render.provenance).
    tags: text(".md-tag, .rs-provenance a[href*='themes/']"),
    headings: text("article h1, article h2, article h3"),
    attrs: [...document.querySelectorAll("[title], [aria-label], meta[content]")].map(
      (e) => (e.getAttribute("title") || "") + " " + (e.getAttribute("aria-label") || "") +
             " " + (e.getAttribute("content") || "")),
    logo: document.querySelector(".md-header .md-logo")?.getAttribute("title"),
    description: document.querySelector('meta[name="description"]')?.getAttribute("content"),
    body: document.body.innerText,
  };
}"""
# What double escaping would show; no input holds any of these.
_DOUBLE = ("&amp;lt;", "&lt;svg", "&lt;img", "&lt;/title", "&#34;", "&#39;", "&quot;")


@dataclass
class Seen:
    titles: set[str]
    tags: set[str]
    dialogs: list[str]
    issuer: bool = False  # the metadata issuer shown as written in some page's text
    site_description: bool = False  # some page describes itself with the site's description


def _page_with_dialog_log(chromium: Any) -> tuple[Any, Any, list[str]]:
    """A fresh context and page; every dialog that opens is dismissed and logged."""
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    dialogs: list[str] = []

    def dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    return context, page, dialogs


def _visit_all(site: HostileSite, chromium: Any) -> dict[str, Seen]:
    context, page, dialogs = _page_with_dialog_log(chromium)
    seen = {s: Seen(set(), set(), dialogs) for s in ("hans", "hant")}
    try:
        for url in site.pages():
            script = "hant" if "/zh-Hant/" in url else "hans"
            page.goto(url, wait_until="load")
            page.mouse.move(200, 300)  # hover handlers, if any were let through
            page.keyboard.press("Tab")  # focus handlers
            got = page.evaluate(_READ_PAGE, _PLANTED)
            _check_page(url, got, site.expected, script)
            seen[script].titles |= {got["title"], *got["header"], *got["nav"], *got["footer"]}
            seen[script].tags |= set(got["tags"]) | set(got["headings"])
            seen[script].issuer |= site.expected.issuer[script] in got["body"]
            seen[script].site_description |= got["description"] == site.expected.description[script]
    finally:
        context.close()
    return seen


def _check_page(url: str, got: dict[str, Any], expected: Expected, script: str) -> None:
    assert got["planted"] == 0, url
    assert got["pwned"] == "undefined", url
    assert got["title"].endswith(expected.site_name[script]) or "404" in url, (url, got["title"])
    assert got["logo"] == expected.site_name[script], url
    # A page's description is its first sentence (on the page); the site's (a payload) where
    # a page has none of its own. Either way read back as written.
    description = got["description"] or ""
    flat = re.sub(r"\s+", "", got["body"])
    assert description == expected.description[script] or (
        description and re.sub(r"\s+", "", description) in flat
    ), (url, description)
    shown = "\n".join([got["title"], got["body"], *got["attrs"]])
    for double in _DOUBLE:
        assert double not in shown, (url, double)


@pytest.mark.parametrize("mode", ["http", "file"])
def test_payloads_run_nothing_and_read_as_written(
    mode: str, request: pytest.FixtureRequest, chromium: Any
) -> None:
    site: HostileSite = request.getfixturevalue(f"{mode}_site")
    seen = _visit_all(site, chromium)
    assert seen["hans"].dialogs == []
    for script in ("hans", "hant"):
        missing = site.expected.titles[script] - seen[script].titles
        assert not missing, (script, sorted(missing)[:5])
        missing_tags = site.expected.tags[script] - seen[script].tags
        assert not missing_tags, (script, sorted(missing_tags)[:5])
        assert seen[script].issuer, script
        assert seen[script].site_description, script
    # The payloads did reach the titles and tags (the test would prove nothing otherwise).
    for payload in XSS:
        assert any(payload in t for t in site.expected.titles["hans"]), payload
    assert {THEME_A, THEME_B} <= site.expected.tags["hans"]
    assert any(NAMED_SEED.removesuffix(".txt") in t for t in site.expected.titles["hans"])


def test_search_results_show_payload_titles_as_text(http_site: HostileSite, chromium: Any) -> None:
    context, page, dialogs = _page_with_dialog_log(chromium)
    try:
        for prefix, query in (("", "深化妇女儿童工作"), ("zh-Hant/", "深化婦女兒童工作")):
            page.goto(http_site.base_url + prefix, wait_until="networkidle")
            box = page.locator("input[data-md-component=search-query]")
            box.click()
            box.press_sequentially(query, delay=10)
            # Han characters arrive like an IME commit; Material reacts to keyup only.
            box.dispatch_event("compositionend")
            box.press("End")
            page.wait_for_selector(".md-search-result__item", timeout=15000)
            page.wait_for_timeout(500)
            results = page.locator(".md-search-result").inner_text()
            assert page.evaluate(f"document.querySelectorAll({_PLANTED!r}).length") == 0
            script = "hant" if prefix else "hans"
            heads = [t for t in http_site.expected.titles[script] if "工作" in t and "、" in t]
            assert any(h in results for h in heads), results[:500]
            for double in _DOUBLE:
                assert double not in results, double
    finally:
        context.close()
    assert dialogs == []


def test_sitemap_is_well_formed_xml(http_site: HostileSite) -> None:
    for prefix in ("", "zh-Hant/"):
        ET.parse(http_site.root / prefix / "sitemap.xml")


# ---------------------------------------------------------------------------------------------
# Report text: every character as written.


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("p", "td"):
            self._depth += 1
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "td") and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.texts[-1] += data


def _page_texts(path: Path) -> list[str]:
    parser = _Paragraphs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.texts


def _report_dir(site: HostileSite, seed: str, prefix: str = "") -> Path:
    result = run_pipeline(
        load_config(site.project / "seeds", site.project / "docs" / "reports",
                    site.project / "config"),
        write=False,
    )
    slug = next(r.meta.slug for r in result.reports if r.meta.source == seed)
    return site.root / prefix / "reports" / slug


@pytest.mark.parametrize("prefix", ["", "zh-Hant/"])
def test_every_punctuation_character_shows_as_written(http_site: HostileSite, prefix: str) -> None:
    """On its page, in the key-figures table (the sentence of its figure) and in the text the
    search index shows snippets from."""
    folder = _report_dir(http_site, PUNCT_SEED, prefix)
    lines = punct_lines()
    if prefix:
        glossary = load_glossary(http_site.project / "config" / "glossary.yml")
        lines = [make_converter(glossary).convert(line) for line in lines]
    pages = [t for page in folder.glob("[0-9]*/index.html") for t in _page_texts(page)]
    figures = _page_texts(folder / "figures" / "index.html")
    snippets = _snippet_lines(http_site.root / prefix / "search" / "ngram")
    # The table quotes the figure's sentence, and `!?;` end one (figures.py).
    sentences = [re.split(r"(?<=[!?;])", line)[-1].strip() for line in lines]
    for where, texts, expected in (
        ("page", pages, lines), ("key figures", figures, sentences), ("search", snippets, lines)
    ):
        missing = [line for line in expected if line not in texts]
        assert not missing, (where, missing)


def _snippet_lines(index: Path) -> set[str]:
    """Every line of the text blocks the search worker makes its snippets from."""
    lines: set[str] = set()
    for path in (index / "t").glob("*.js"):
        for call in re.findall(r"__ngram_text\((.*?)\);$", path.read_text(encoding="utf-8"),
                               flags=re.M):
            for value in json.loads(f"[{call}]"):
                if isinstance(value, str):
                    lines.update(value.split("\n"))
    return lines


def test_tilde_shows_as_written_in_pages_figures_and_search(http_site: HostileSite) -> None:
    folder = _report_dir(http_site, TITLE_SEED)
    pages = [p for p in folder.rglob("*.html")]
    assert any("3~5次" in t for p in pages for t in _page_texts(p))
    figures = _page_texts(folder / "figures" / "index.html")
    assert any("3~5次" in t for t in figures), "the key-figures sentence"
    for page in pages:
        assert "\\~" not in "".join(_page_texts(page)), page
    index = "".join(p.read_text(encoding="utf-8") for p in
                    (http_site.root / "search" / "ngram").rglob("*.js"))
    assert "3~5" in index
    assert "3\\\\~5" not in index  # a backslash before ~, as JSON writes it


def test_zero_width_space_does_not_split_a_figure(http_site: HostileSite) -> None:
    folder = _report_dir(http_site, TITLE_SEED)
    # The report's own text keeps the character.
    assert any("6\u200b17场次" in t for t in _page_texts(folder / "1" / "index.html"))
    figures = _page_texts(folder / "figures" / "index.html")
    # A row lists its sentence's figures: 3~5次、6​17场次、1200人.
    quantities = [q.replace("\u200b", "") for t in figures for q in t.split("、")]
    assert "617场次" in quantities
    assert "17场次" not in quantities


# ---------------------------------------------------------------------------------------------
# The glossary: plain text on both sides, or refused with one line.

BAD_TRADITIONAL = [
    "婦女<svg/onload=alert(1)>", "[兒童](javascript:alert(1))", "婦女&amp;", "婦*女*",
    "婦_女_", "`婦女`", "婦女\\", "婦女{: #x }", "婦女!", "婦女a", "婦女1", "婦女。",
]


@pytest.mark.parametrize("value", BAD_TRADITIONAL)
def test_glossary_refuses_markup_in_traditional(value: str, tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    entry = {"simplified": "妇女", "traditional": value, "reason": "test"}
    path.write_text(
        "config: s2tw\noverrides:\n" + yaml.safe_dump([entry], allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(ReportError) as info:
        load_glossary(path)
    message = str(info.value)
    assert message.startswith(f"{path}:") and "\n" not in message, message
    assert "traditional" in message, message


def test_glossary_payload_stops_the_build_with_one_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    glossary = project / "config" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("traditional: 直播週", "traditional: 直播週<svg/onload=x>"),
                        encoding="utf-8")
    site = tmp_path / "site"
    result = _mkdocs_cli(project, site)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert "Traceback" not in output, output[-2000:]
    named = [ln for ln in output.splitlines() if "glossary.yml" in ln]
    assert len(named) == 1 and "traditional" in named[0], output[-2000:]
    assert not site.exists(), "the build wrote a site before checking the glossary"


def _mkdocs_cli(project: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env),
        capture_output=True, text=True, encoding="utf-8", check=False,
    )


@pytest.mark.parametrize("setting", ["site_url", "hant_dir"])
def test_urls_with_markup_in_mkdocs_yml_are_refused(setting: str, tmp_path: Path) -> None:
    """site_url and hant_dir end up in href attributes (canonical, hreflang, the switch)."""
    project = copy_project(tmp_path / "project")
    env = {"SITE_URL": 'http://127.0.0.1:9/"><svg onload=alert(1)>'} if setting == "site_url" \
        else {}
    if setting == "hant_dir":
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("hant_dir: zh-Hant/", "hant_dir: 'x\" onclick=\"alert(1)'"),
                          encoding="utf-8")
    result = _mkdocs_cli(project, tmp_path / "site", **env)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert "Traceback" not in output, output[-2000:]
    named = [ln for ln in output.splitlines() if setting in ln]
    assert len(named) == 1, output[-2000:]
    assert not (tmp_path / "site").exists()
