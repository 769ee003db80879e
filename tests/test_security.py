"""Bad input, bad configuration and hostile text: refused cleanly or shown harmlessly.

Complements tests/test_cli.py (binary, empty, blank, no Chinese, invalid UTF-8, undecodable,
unbalanced **, Markdown/HTML kept as text, hidden and other files, the basic metadata and
taxonomy errors): a 30 MB report, odd file names and duplicate texts through the whole site,
whitespace-only files, the config files' remaining errors (the glossary through mkdocs build),
and, in headless Chromium, a seed full of script payloads that must run nothing, and the real
site, every page of both scripts, making no request outside itself.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from devtools.check_links import check_site
from devtools.inputs import big_report
from reportsite.config import load_config
from reportsite.glossary import load_glossary
from reportsite.pipeline import run_pipeline
from reportsite.script import make_converter
from support.helpers import ROOT, SEEDS, copy_project, han_digits, report_text
from support.hostile import PAYLOADS
from support.runs import PYTHON, assert_refused, convert, convert_here, snapshot
from support.site import BuiltSite, LocalServer, RecordingPage

DISTRICT = SEEDS / "000_1b6eb3483533bf33.txt"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("previous") / "out"
    run_pipeline(load_config(SEEDS, out, ROOT / "config"))
    return out


@pytest.fixture
def converted(previous_output: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A previous good output, and its bytes, for checking that a failed run keeps it."""
    out = tmp_path / "out"
    shutil.copytree(previous_output, out)
    return out, snapshot(out)


def pages_in_nav_order(out: Path) -> list[Path]:
    """The report's pages in reading order; not the original (the seed shown as received,
    with line numbers, which is no converted text)."""
    nav = (out / ".nav.yml").read_text(encoding="utf-8")
    found = re.findall(rf"{re.escape(out.name)}/(\S+\.md)", nav)
    return [out / rel for rel in found if not re.search(r"/original(\.md|/)", rel)]


# ---------------------------------------------------------------------------------------------
# 1. Bad seeds


def test_a_30_mb_report_converts_with_every_sentence(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = big_report(30_000_000)
    data = text.encode("utf-8")
    assert len(data) >= 30_000_000
    (seeds / "big.txt").write_bytes(data)
    out = tmp_path / "out"
    start = time.perf_counter()
    result = convert(seeds, out)
    seconds = time.perf_counter() - start
    mb = len(data) / 1_000_000
    print(f"\n30 MB seed: {mb:.1f} MB converted in {seconds:.1f} s ({mb / seconds:.2f} MB/s)")
    assert result.returncode == 0, result.stderr
    pages = "".join(report_text(p.read_text(encoding="utf-8")) for p in pages_in_nav_order(out))
    # Every Han character and digit, in order; and every sentence (same count of 。！？).
    assert han_digits(pages) == han_digits(text)
    for mark in "。！？":
        assert pages.count(mark) == text.count(mark), mark
    assert (out / "big" / "big.txt").read_bytes() == data  # published as is


ODD_NAME = "区妇联 报告 (副本)（2024）.txt"


def test_odd_file_name_and_the_same_text_twice(seeds: Path, tmp_path: Path) -> None:
    """Spaces, brackets and Chinese in a name, and two more copies of one text: all three
    convert, each with its own slug and every character of its text."""
    shutil.copy(DISTRICT, seeds / ODD_NAME)
    shutil.copy(DISTRICT, seeds / "copy.txt")
    out = tmp_path / "out"
    result = convert(seeds, out)
    assert result.returncode == 0, result.stderr
    assert "converted 4 reports" in result.stdout
    slugs = [p.name for p in out.iterdir() if p.is_dir() and p.name != "themes"]
    assert len(slugs) == len(set(slugs)) == 4 and all(s.isascii() for s in slugs)
    text = han_digits(DISTRICT.read_text(encoding="utf-8"))
    seen = []
    for slug in slugs:
        index = (out / slug / "index.md").read_text(encoding="utf-8")
        source = re.search(r"^source: (.*)$", index, re.M)
        assert source is not None
        name = source[1].strip("'\"")
        if name in (DISTRICT.name, ODD_NAME, "copy.txt"):
            seen.append(name)
            pages = [p for p in pages_in_nav_order(out) if p.relative_to(out).parts[0] == slug]
            body = "".join(report_text(p.read_text(encoding="utf-8")) for p in pages)
            assert han_digits(body) == text, name
            assert (out / slug / name).read_bytes() == DISTRICT.read_bytes()
    assert sorted(seen) == sorted([DISTRICT.name, ODD_NAME, "copy.txt"])


def test_two_texts_asking_for_one_slug_are_refused(
    seeds: Path, converted: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = converted
    shutil.copy(DISTRICT, seeds / "copy.txt")
    metadata = seeds / "metadata.yml"
    metadata.write_text(
        metadata.read_text(encoding="utf-8") + "copy.txt:\n  slug: futian-2024-review-2025-plan\n",
        encoding="utf-8",
    )
    assert_refused(convert_here(seeds, out), "copy.txt", "already used")
    assert snapshot(out) == before


FULL_WIDTH_BLANK = "\u3000\u3000\n \t\u3000\r\n\n\u3000\n"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("utf-16", b"")],
)
def test_full_width_whitespace_only_is_refused(
    encoding: str, bom: bytes, seeds: Path, converted: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = converted
    (seeds / "blank.txt").write_bytes(bom + FULL_WIDTH_BLANK.encode(encoding))
    line = assert_refused(convert_here(seeds, out), "blank.txt")
    assert "blank" in line or "empty" in line, line
    assert snapshot(out) == before


# ---------------------------------------------------------------------------------------------
# 2. Bad configuration: file and line, exit 1, nothing written.

BAD_METADATA = {
    "list at the top": ("- a.txt\n- b.txt\n", "metadata.yml:1: metadata file must be a mapping"),
    "tab indent": ("a.txt:\n\ttitle: x\n", "metadata.yml:2: invalid YAML"),
    "duplicate seed": ("a.txt:\n  title: x\na.txt:\n  title: y\n", "metadata.yml:3: duplicate"),
    "not a seed name": ("a.md:\n  title: x\n", "metadata.yml:1: key 'a.md' must be a seed"),
    "entry is a string": ("a.txt: 标题\n", "metadata.yml:1: entry 'a.txt' must be a mapping"),
    "title is a list": ("a.txt:\n  title: [x]\n", "metadata.yml:2: title must be a non-empty"),
    "empty issuer": ("a.txt:\n  issuer: ''\n", "metadata.yml:2: issuer must be a non-empty"),
    "bad date": ("a.txt:\n  date: 5 Feb 2025\n", "metadata.yml:2: date must look like"),
    "tags list": ("a.txt:\n  tags:\n    '1': 5\n", "metadata.yml:3: tags of '1' must be a list"),
}


@pytest.mark.parametrize("case", sorted(BAD_METADATA))
def test_bad_metadata(case: str, seeds: Path, converted: tuple[Path, dict[str, bytes]]) -> None:
    out, before = converted
    content, message = BAD_METADATA[case]
    (seeds / "metadata.yml").write_text(content, encoding="utf-8")
    assert_refused(convert_here(seeds, out), message)
    assert snapshot(out) == before


BAD_CONFIG = {
    "taxonomy: invalid YAML": ("taxonomy.yml", "themes:\n  a: [x\n", "taxonomy.yml:3: invalid"),
    "taxonomy: list": ("taxonomy.yml", "- 儿童\n", "taxonomy.yml:1: taxonomy file must be"),
    "taxonomy: themes list": ("taxonomy.yml", "themes: [a]\n", "taxonomy.yml:1: themes must be"),
    "taxonomy: empty": ("taxonomy.yml", "themes: {}\n", "taxonomy.yml:1: 'themes:' is empty"),
    "taxonomy: duplicate": (
        "taxonomy.yml",
        "themes:\n  维权: [法律]\n  维权: [调解]\n",
        "taxonomy.yml:3: duplicate key '维权'",
    ),
    "taxonomy: blank keyword": (
        "taxonomy.yml",
        "themes:\n  维权: ['法律', ' ']\n",
        "taxonomy.yml:2: keywords of '维权' must be a list of non-empty strings",
    ),
    "taxonomy: fallback list": (
        "taxonomy.yml",
        "themes:\n  维权: [法律]\nfallback: [综合]\n",
        "taxonomy.yml:3: fallback must be",
    ),
    "settings: invalid YAML": ("convert.yml", "spacing: 'remove\n", "convert.yml:2: invalid"),
    "settings: unknown key": ("convert.yml", "spaceing: keep\n", "convert.yml:1: unknown key"),
    "settings: spacing": ("convert.yml", "spacing: yes\n", "convert.yml:1: spacing must be"),
    "settings: max_tags": ("convert.yml", "max_tags: '3'\n", "convert.yml:1: max_tags must"),
    "settings: min_score": ("convert.yml", "min_score: 0\n", "convert.yml:1: min_score must"),
    "settings: bool": ("convert.yml", "max_tags: true\n", "convert.yml:1: max_tags must"),
    "taxonomy: not UTF-8": ("taxonomy.yml", "themes:\n  维权: [法律]\n", "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_CONFIG))
def test_bad_config(
    case: str, seeds: Path, tmp_path: Path, converted: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = converted
    name, content, message = BAD_CONFIG[case]
    config = tmp_path / "config"
    shutil.copytree(ROOT / "config", config)
    encoding = "gbk" if "not UTF-8" in case else "utf-8"
    (config / name).write_bytes(content.encode(encoding))
    assert_refused(convert_here(seeds, out, "--config", str(config)), message)
    assert snapshot(out) == before


def mkdocs_build(project: Path, site: Path, site_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=project,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=site_url),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


BAD_GLOSSARY = {
    "invalid YAML": ("config: s2tw\noverrides:\n  - simplified: [\n", "glossary.yml:4"),
    "unknown key": ("config: s2tw\ncolour: red\noverrides: []\n", "glossary.yml:2: unknown key"),
    "wrong type": ("config: s2tw\noverrides:\n  simplified: 并为\n", "glossary.yml:3"),
}


@pytest.mark.parametrize("case", sorted(BAD_GLOSSARY))
def test_bad_glossary_stops_mkdocs_build_before_writing(case: str, tmp_path: Path) -> None:
    """One line naming the file and line, no traceback, exit 1, and no site written.

    The glossary is only read by the Traditional build (on_config of mkdocs.zh-Hant.yml), which
    the Simplified build starts after writing its own site; a glossary error is not turned into
    a PluginError, so MkDocs prints its traceback.
    """
    project = copy_project(tmp_path / "project")
    content, message = BAD_GLOSSARY[case]
    (project / "config" / "glossary.yml").write_text(content, encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, "http://127.0.0.1:9/")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-2000:]
    named = [ln for ln in output.splitlines() if "glossary.yml" in ln]
    assert len(named) == 1 and message in named[0], output[-2000:]
    assert not site.exists(), "the build wrote a site before checking the glossary"


# ---------------------------------------------------------------------------------------------
# 3. Hostile text in headless Chromium.

PAYLOAD_NAME = "安全 测试 (脚本注入)（一）.txt"


def payload_seed() -> str:
    lines = [f"第{i}项：{p}。" for i, p in enumerate(PAYLOADS, 1)]
    return "安全测试报告\n\n一、脚本注入\n\n" + "\n\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass(frozen=True)
class PayloadSite:
    root: Path
    base_url: str
    slug: str
    normalised: str  # the payload seed's text as the pages show it


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PayloadSite]:
    """The project plus the payload seed (under an odd name), built with `python -m mkdocs
    build` in a copy of the project, and served on a local port."""
    base = tmp_path_factory.mktemp("payload")
    project = copy_project(base / "project")
    (project / "seeds" / PAYLOAD_NAME).write_text(payload_seed(), encoding="utf-8")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    site = base / "site"
    result = mkdocs_build(project, site, base_url)
    assert result.returncode == 0, result.stdout + result.stderr
    converted = run_pipeline(
        load_config(project / "seeds", project / "docs" / "reports", project / "config"),
        write=False,
    )
    report = next(r for r in converted.reports if r.meta.source == PAYLOAD_NAME)
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="payload-server", daemon=True)
    thread.start()
    try:
        yield PayloadSite(site, base_url, report.meta.slug, report.normalised)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_payload_seed_keeps_every_character(payload_site: PayloadSite) -> None:
    assert han_digits(payload_site.normalised) == han_digits(payload_seed())


def test_odd_name_is_published_and_every_link_resolves(payload_site: PayloadSite) -> None:
    """The seed named with spaces, brackets and Chinese is downloadable in both scripts, and
    the link checker finds every link of the site (percent-encoded names included) good."""
    for prefix in ("", "zh-Hant/"):
        published = payload_site.root / prefix / "reports" / payload_site.slug / PAYLOAD_NAME
        assert published.read_text(encoding="utf-8") == payload_seed()
    report = check_site(payload_site.root)
    assert report.problems == [], "\n".join(map(str, report.problems[:20]))


def _payload_pages(site: PayloadSite) -> list[str]:
    urls = []
    for prefix in ("", "zh-Hant/"):
        folder = site.root / prefix / "reports" / site.slug
        for page in sorted(folder.rglob("index.html")):
            urls.append(site.base_url + page.parent.relative_to(site.root).as_posix() + "/")
    return urls


def _watch(page: Any, origin: str) -> tuple[list[str], list[str]]:
    """Record dialogs (dismissed) and refuse every request that leaves `origin`."""
    dialogs: list[str] = []
    outside: list[str] = []

    def dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(origin) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", route)
    return dialogs, outside


def test_payloads_show_as_text_and_run_nothing(
    payload_site: PayloadSite, browser_page: RecordingPage
) -> None:
    page = browser_page.page
    dialogs, outside = _watch(page, payload_site.base_url)
    urls = _payload_pages(payload_site)
    # overview, part 一, key figures, record page, original; in each script
    assert len(urls) == 10
    part = f"reports/{payload_site.slug}/1/"
    hans = [ln for ln in payload_site.normalised.split("\n") if ln.startswith("第")]
    assert len(hans) == len(PAYLOADS)
    # The Traditional page shows the same lines through the same converter as the build.
    converter = make_converter(load_glossary(ROOT / "config" / "glossary.yml"))
    expected = {"hans": hans, "hant": [converter.convert(ln) for ln in hans]}
    for url in urls:
        page.goto(url, wait_until="load")
        page.mouse.move(200, 300)  # hover handlers, if any were let through
        page.wait_for_timeout(100)
        assert page.evaluate("typeof window.__pwned") == "undefined", url
        assert page.evaluate("document.querySelectorAll('article script, article iframe, "
                             "article svg, article img[onerror], article object, "
                             "article [onclick], article [onload], article [ontoggle], "
                             "article [onmouseover], article style').length") == 0, url  # fmt: skip
        hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        assert not [h for h in hrefs if h.lower().startswith("javascript:")], url
        if url.endswith(part):
            # Each payload line is on the page, as text, exactly as normalised.
            visible = page.locator("article").inner_text()
            for line in expected["hant" if "/zh-Hant/" in url else "hans"]:
                assert line in visible, line
    assert dialogs == []
    assert outside == []
    # The page really was the payload page, in both scripts.
    assert sum(u.endswith(part) for u in urls) == 2


# ---------------------------------------------------------------------------------------------
# 4. The real site asks nothing of any other host.


@dataclass(frozen=True)
class Visit:
    pages: list[str]  # every HTML page loaded, relative to the site root
    requests: list[str]  # every request made
    outside: list[str]  # requests that left the local server (refused)
    dialogs: list[str]
    missing: list[str]  # requests the local server answered with 404


@pytest.fixture(scope="module")
def visit(chromium: Any, built_site: BuiltSite, http_server: LocalServer) -> Iterator[Visit]:
    """Every page of both scripts loaded once in headless Chromium over the local server."""
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    dialogs, outside = _watch(page, http_server.base_url)
    log_start = len(http_server.log)
    pages = sorted(
        p.relative_to(built_site.root).as_posix() for p in built_site.root.rglob("*.html")
    )
    try:
        for rel in pages:
            page.goto(http_server.base_url + rel, wait_until="load")
        # Let the home pages finish everything they start (search worker and index, sitemaps)
        # and use the search box, which may load more on first use.
        for home in ("", "zh-Hant/"):
            page.goto(http_server.base_url + home, wait_until="networkidle")
            page.keyboard.press("/")
            page.keyboard.type("妇联")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
        log = http_server.log[log_start:]
        missing = sorted({ln.split('"')[1] for ln in log if '" 404 ' in ln and '"' in ln})
        yield Visit(pages, requests, outside, dialogs, missing)
    finally:
        context.close()


def test_no_page_of_either_script_requests_another_host(visit: Visit) -> None:
    hant = [p for p in visit.pages if p.startswith("zh-Hant/")]
    assert len(hant) > 20 and len(visit.pages) == 2 * len(hant)
    assert visit.outside == [], sorted(set(visit.outside))[:20]
    assert visit.dialogs == []
    local = [u for u in visit.requests if not u.startswith(("data:", "blob:"))]
    assert len(local) > 5 * len(visit.pages)  # stylesheets, scripts, icons: all local
    for host in ("fonts.googleapis", "fonts.gstatic", "cdn", "unpkg", "analytics", "gravatar"):
        assert not [u for u in visit.requests if host in u], host


def test_no_page_requests_a_missing_file(visit: Visit) -> None:
    """Every request a page makes is answered: a 404 is a broken asset or a script asking for
    something that is not there.

    Today Material's JavaScript fetches `sitemap.xml` relative to every
    `<link rel="alternate">` of the page (it expects them to be site roots), and our per-page
    hreflang links point at pages, so every page but the two home pages asks for
    `<page>/sitemap.xml` and `zh-Hant/<page>/sitemap.xml`, which do not exist.
    """
    assert visit.missing == [], f"{len(visit.missing)} missing, e.g. {visit.missing[:6]}"
