"""Headless Chromium: the reading tools a government portal's reader expects, in both scripts,
at 1280×800 and 390×844, over http and from file://.

字号 大/中/小 persists across pages and the largest size reflows with nothing sticking out
sideways on every kind of page; 打印 calls window.print and no tool prints; 复制链接 copies the
page's public address (Clipboard API, execCommand, or by hand); the QR code, read back from a
screenshot with zxing-cpp, is the page's public address; the breadcrumbs are shown; the switch
keeps the fragment or the place being read; 上一篇/下一篇 come from front matter and show a
hostile title as text; axe finds nothing serious with the tools open. No request leaves the
local server (or the file tree).
"""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from support.axe import AXE, check, run_axe
from support.helpers import copy_project
from support.site import BUILD_CODE, PYTHON, BuiltSite, LocalServer

pytestmark = [pytest.mark.browser, pytest.mark.build]

SCRIPTS = {"hans": "", "hant": "zh-Hant/"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
DONE = {"hans": "已复制链接", "hant": "已複製連結"}
MANUAL = {
    "hans": "无法自动复制，请手动复制下面的链接",
    "hant": "無法自動複製，請手動複製下方的連結",
}
HOME = {"hans": "首页", "hant": "首頁"}
CATALOGUE = {"hans": "报告", "hant": "報告"}
LANG = {"hans": "zh-Hans", "hant": "zh-Hant"}
TWIN = {"hans": "hant", "hant": "hans"}

# Elements that stick out of the window sideways and are not inside a box that scrolls or
# clips within the window (a table in its scroll wrapper is fine; text cut off is not).
_OVERFLOW = """() => {
  const W = document.documentElement.clientWidth;
  const bad = [];
  const doc = document.documentElement.scrollWidth;
  if (doc > W) bad.push("document " + doc);
  const inside = r => r.right <= W + 0.5 && r.left >= -0.5;
  for (const el of document.querySelectorAll(".md-header *, .md-content *, .md-footer *")) {
    if (el.closest(".md-search") || !el.checkVisibility({visibilityProperty: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || inside(r)) continue;
    let held = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible" && inside(p.getBoundingClientRect())) {
        held = true;
        break;
      }
    }
    const where = `${Math.round(r.left)}..${Math.round(r.right)}`;
    if (!held) bad.push(`${el.tagName}.${el.className} ${where}`);
  }
  return bad;
}"""

# Boxes in the article that scroll sideways (a table wider than the screen).
_SIDEWAYS = """() => [...document.querySelectorAll("article, article *")]
  .filter(el => /auto|scroll/.test(getComputedStyle(el).overflowX)
                && el.scrollWidth > el.clientWidth + 1)
  .map(el => `${el.tagName}.${el.className} ${el.scrollWidth}>${el.clientWidth}`)"""

# The place being read, as page-tools.js computes it for the switch.
_PLACE = """() => {
  const blocks = document.querySelectorAll("article h1, article h2, article h3, article h4, "
    + "article h5, article h6, article p, article li, article tr, article dt, article dd, "
    + "article blockquote");
  const header = document.querySelector(".md-header");
  const top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i].getBoundingClientRect();
    if (b.height > 0 && b.bottom > top) return [i, (top - b.top) / b.height, window.scrollY];
  }
  return null;
}"""


@dataclass
class Tab:
    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def foreign(self, base_url: str) -> list[str]:
        own = urlsplit(base_url)
        return [u for u in self.requests if not u.startswith("data:") and (
            urlsplit(u).scheme != own.scheme or urlsplit(u).netloc != own.netloc)]


@contextmanager
def tab(chromium: Any, viewport: str = "desktop", init: str = "", **options: Any) -> Iterator[Tab]:
    context = chromium.new_context(locale="zh-CN", viewport=VIEWPORTS[viewport],
                                   is_mobile=viewport == "phone", **options)
    if init:
        context.add_init_script(init)
    page = context.new_page()
    state = Tab(page)
    page.on("request", lambda r: state.requests.append(r.url))
    page.on("pageerror", lambda e: state.errors.append(str(e)))
    try:
        yield state
    finally:
        context.close()


def page_kinds(root: Path) -> dict[str, str]:
    """One page of each kind, as directory URLs below a script's root."""
    reports = sorted(p for p in (root / "reports").iterdir() if (p / "figures").is_dir())
    report = next((p for p in reports if (p / "compare").is_dir()), reports[0])
    numbered = sorted((p for p in report.iterdir() if p.name.isdigit()), key=lambda p: int(p.name))
    first = numbered[0]
    leaves = sorted((p for p in first.iterdir() if p.name.isdigit()), key=lambda p: int(p.name))
    section = leaves[0] if leaves else first
    themes = [p for p in (root / "reports" / "themes").iterdir() if p.name.isdigit()]
    theme = max(themes, key=lambda p: (p / "index.html").stat().st_size)  # the longest
    return {
        "overview": f"reports/{report.name}/",
        "section": section.relative_to(root).as_posix() + "/",
        "figures": f"reports/{report.name}/figures/",
        "themes": theme.relative_to(root).as_posix() + "/",
        "themes-index": "reports/themes/",
        "catalogue": "reports/",
    }


def file_path(site: BuiltSite, rel: str) -> str:
    """A directory URL's file in a build without directory URLs."""
    if not rel:
        return "index.html"
    leaf = rel.rstrip("/") + ".html"
    return leaf if (site.root / leaf).is_file() else rel + "index.html"


def font_px(page: Any, selector: str) -> float:
    return float(page.evaluate(
        "(s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", selector))


def public(base: str, script: str, rel: str) -> str:
    return base + SCRIPTS[script] + rel


@pytest.fixture(scope="module")
def kinds(built_site: BuiltSite) -> dict[str, str]:
    return page_kinds(built_site.root)


# ---------------------------------------------------------------------------- 字号


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_font_size_persists_and_reflows(chromium: Any, http_server: LocalServer,
                                        kinds: dict[str, str], script: str,
                                        viewport: str) -> None:
    base = http_server.base_url + SCRIPTS[script]
    with tab(chromium, viewport) as t:
        page = t.page
        page.goto(base + kinds["overview"])
        assert page.locator("html").get_attribute("data-rs-font") is None
        medium = font_px(page, "article p")
        assert page.evaluate(_OVERFLOW) == []
        big = page.locator("[data-rs-font-size=l]")
        assert big.is_visible() and big.inner_text() == "大"
        big.click()
        assert big.get_attribute("aria-pressed") == "true"
        assert page.locator("[data-rs-font-size=m]").get_attribute("aria-pressed") == "false"
        large = font_px(page, "article p")
        assert large == pytest.approx(medium * 1.375, abs=0.5)
        for kind, rel in kinds.items():
            page.goto(base + rel)
            assert page.locator("html").get_attribute("data-rs-font") == "l", kind
            assert page.locator("[data-rs-font-size=l]").get_attribute("aria-pressed") == "true"
            size = font_px(page, "article")
            assert size == pytest.approx(large, abs=0.5), kind
            assert page.evaluate(_OVERFLOW) == [], f"{kind} ({rel}) at 大, {viewport}"
            if viewport == "phone":  # tables too: a card per row (page-tools.css)
                assert page.evaluate(_SIDEWAYS) == [], f"{kind} ({rel}) at 大"
            if kind in ("figures", "themes"):  # Material sizes tables in rem: they follow too
                cell = font_px(page, "article td")
                assert cell > medium * 0.8 * 1.3, kind
        page.locator("[data-rs-font-size=s]").click()
        page.goto(base + kinds["section"])
        assert page.locator("html").get_attribute("data-rs-font") == "s"
        small = font_px(page, "article p")
        assert small < medium
        page.locator("[data-rs-font-size=m]").click()
        page.goto(base + kinds["overview"])
        assert page.locator("html").get_attribute("data-rs-font") is None
        assert t.errors == [] and t.foreign(http_server.base_url) == []


# localStorage refused, as file:// or privacy settings do in some browsers.
_NO_STORAGE = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""


@pytest.mark.parametrize("storage", ["localStorage", "refused"])
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_font_size_from_file_url(chromium: Any, file_site: BuiltSite, kinds: dict[str, str],
                                 script: str, storage: str) -> None:
    base = file_site.base_url + SCRIPTS[script]
    init = _NO_STORAGE if storage == "refused" else ""
    with tab(chromium, "phone", init=init) as t:
        page = t.page
        page.goto(base + file_path(file_site, kinds["section"]))
        page.locator("[data-rs-font-size=l]").click()
        assert page.locator("html").get_attribute("data-rs-font") == "l"
        for kind in ("overview", "figures", "themes-index"):
            page.goto(base + file_path(file_site, kinds[kind]))
            assert page.locator("html").get_attribute("data-rs-font") == "l", kind
            assert page.evaluate(_OVERFLOW) == [], kind
            assert page.evaluate(_SIDEWAYS) == [], kind
        assert t.errors == []
        assert [u for u in t.requests if not u.startswith(("file://", "data:"))] == []


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_tables_on_a_phone_are_cards_and_still_sort(chromium: Any, http_server: LocalServer,
                                                    kinds: dict[str, str], script: str) -> None:
    """Each value under its column's name, the table still a table to assistive technology,
    and the header row's sort buttons still sort."""
    with tab(chromium, "phone") as t:
        page = t.page
        page.goto(http_server.base_url + SCRIPTS[script] + kinds["figures"])
        table = page.locator("article table").first
        assert table.get_attribute("data-rs-stacked") == ""
        labels = table.locator("thead th").all_inner_texts()
        first = table.locator("tbody tr").first.locator("td")
        assert [c.get_attribute("data-rs-label") for c in first.all()] == [
            x.strip() for x in labels]
        assert page.evaluate(_SIDEWAYS) == []
        roles = page.evaluate("""() => { const t = document.querySelector("article table");
            return [t.getAttribute("role"), t.rows[1].getAttribute("role"),
                    t.rows[1].cells[0].getAttribute("role")]; }""")
        assert roles == ["table", "row", "cell"]
        value = table.locator("thead th").nth(2).locator("button")
        assert value.is_visible()
        value.click()
        value.click()  # descending
        cells = table.locator("tbody tr td:nth-child(3)").all_inner_texts()
        # A row lists its sentence's figures and sorts by the first one's value.
        numbers = [float(c.split("、")[0].replace(",", "")) for c in cells]
        assert numbers == sorted(numbers, reverse=True) and len(numbers) > 1
        page.set_viewport_size({"width": 1280, "height": 800})
        display = "getComputedStyle(document.querySelector('article table')).display"
        assert page.evaluate(display) != "block"  # wide screens keep the table
        assert t.errors == [] and t.foreign(http_server.base_url) == []


# ---------------------------------------------------------------------------- 打印


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_print_button_prints_and_no_tool_prints(chromium: Any, http_server: LocalServer,
                                                kinds: dict[str, str], script: str) -> None:
    stub = "window.__printed = 0; window.print = () => { window.__printed += 1; };"
    with tab(chromium, init=stub) as t:
        page = t.page
        page.goto(http_server.base_url + SCRIPTS[script] + kinds["section"])
        button = page.locator("[data-rs-print]")
        assert button.inner_text().strip() == {"hans": "打印", "hant": "列印"}[script]
        button.click()
        assert page.evaluate("window.__printed") == 1
        page.locator("[data-rs-qr] summary").click()
        page.emulate_media(media="print")
        for selector in (".rs-tools", ".rs-qr__panel", ".md-path", "[data-rs-switch]"):
            assert page.locator(selector).count() > 0, selector
            assert not page.locator(selector).first.is_visible(), f"{selector} prints"
        assert t.errors == [] and t.foreign(http_server.base_url) == []


# ---------------------------------------------------------------------------- 复制链接

_COPY_WATCH = """
window.__copied = null;
document.addEventListener("copy", (e) => {
  const t = e.target;
  window.__copied = t && typeof t.value === "string"
    ? t.value.slice(t.selectionStart, t.selectionEnd) : String(document.getSelection());
}, true);
"""
_NO_CLIPBOARD_API = """
Object.defineProperty(Navigator.prototype, "clipboard", {configurable: true, get: () => undefined});
"""
_NO_EXEC_COMMAND = "document.execCommand = () => false;"


def _status(page: Any) -> str:
    page.wait_for_function("document.querySelector('[data-rs-status]').textContent !== ''")
    status = page.locator("[data-rs-status]")
    assert status.is_visible()
    return str(status.inner_text())


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_copy_link_with_the_clipboard_api(chromium: Any, http_server: LocalServer,
                                          kinds: dict[str, str], script: str) -> None:
    base = http_server.base_url
    rel = kinds["section"]
    with tab(chromium, permissions=["clipboard-read", "clipboard-write"]) as t:
        page = t.page
        page.goto(base + SCRIPTS[script] + rel)
        copy = page.locator("[data-rs-copy]")
        assert copy.inner_text().strip() == {"hans": "复制链接", "hant": "複製連結"}[script]
        copy.click()
        assert _status(page) == DONE[script]
        assert page.evaluate("navigator.clipboard.readText()") == public(base, script, rel)
        heading = page.locator("article [id]").first.get_attribute("id")
        page.goto(base + SCRIPTS[script] + rel + "#" + heading)
        page.locator("[data-rs-copy]").click()
        _status(page)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == public(base, script, rel) + "#" + heading
        assert t.errors == [] and t.foreign(base) == []


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_copy_link_without_the_clipboard_api(chromium: Any, http_server: LocalServer,
                                             kinds: dict[str, str], script: str) -> None:
    """No Clipboard API (an http page on another host, an older browser): execCommand copies
    the address from a selected field; when that fails too, the address is shown selected."""
    base = http_server.base_url
    url = public(base, script, kinds["section"])
    with tab(chromium, init=_NO_CLIPBOARD_API + _COPY_WATCH) as t:
        page = t.page
        page.goto(base + SCRIPTS[script] + kinds["section"])
        page.locator("[data-rs-copy]").click()
        assert _status(page) == DONE[script]
        assert page.evaluate("window.__copied") == url
        assert not page.locator("[data-rs-manual]").is_visible()
    with tab(chromium, init=_NO_CLIPBOARD_API + _NO_EXEC_COMMAND) as t:
        page = t.page
        page.goto(base + SCRIPTS[script] + kinds["section"])
        page.locator("[data-rs-copy]").click()
        assert _status(page) == MANUAL[script]
        field_ = page.locator("[data-rs-manual]")
        assert field_.is_visible() and field_.input_value() == url
        selected = page.evaluate("""() => { const f = document.activeElement;
            return f.matches('[data-rs-manual]')
              ? f.value.slice(f.selectionStart, f.selectionEnd) : null; }""")
        assert selected == url
        assert t.errors == [] and t.foreign(base) == []


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_copy_link_from_file_url(chromium: Any, file_site: BuiltSite, kinds: dict[str, str],
                                 script: str) -> None:
    """The offline bundle copies the page's public address, not its file:// path."""
    wrap = """
    window.__written = null;
    if (navigator.clipboard) {
      const write = navigator.clipboard.writeText.bind(navigator.clipboard);
      navigator.clipboard.writeText = (text) => { window.__written = text; return write(text); };
    }
    """
    url = public(file_site_public(), script, kinds["section"])
    with tab(chromium, init=wrap + _COPY_WATCH) as t:
        page = t.page
        page.goto(file_site.base_url + SCRIPTS[script] + file_path(file_site, kinds["section"]))
        page.locator("[data-rs-copy]").click()
        assert _status(page) == DONE[script]
        assert url in (page.evaluate("window.__written"), page.evaluate("window.__copied"))
        assert t.errors == []
        assert [u for u in t.requests if not u.startswith(("file://", "data:"))] == []


def file_site_public() -> str:
    return "http://127.0.0.1:9/"  # the file_site fixture's site_url (conftest.py)


# ---------------------------------------------------------------------------- 二维码


# How a reader reaches a page: over http on a desktop and on a phone, and from file://.
WAYS_IN = [("http", "desktop"), ("http", "phone"), ("file", "desktop")]


def decode_qr(png: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.mark.parametrize(("site", "viewport"), WAYS_IN)
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_qr_code_is_the_public_address(chromium: Any, http_server: LocalServer,
                                       file_site: BuiltSite, kinds: dict[str, str],
                                       script: str, site: str, viewport: str) -> None:
    with tab(chromium, viewport) as t:
        page = t.page
        for kind in ("section", "figures", "catalogue"):
            rel = kinds[kind]
            if site == "http":
                page.goto(http_server.base_url + SCRIPTS[script] + rel)
                want = public(http_server.base_url, script, rel)
            else:
                page.goto(file_site.base_url + SCRIPTS[script] + file_path(file_site, rel))
                want = public(file_site_public(), script, rel)
            panel = page.locator(".rs-qr__panel")
            assert not panel.is_visible()
            summary = page.locator("[data-rs-qr] summary")
            assert summary.inner_text().strip() == {"hans": "二维码", "hant": "二維碼"}[script]
            summary.click()
            assert panel.is_visible()
            assert page.locator(".rs-qr__url").inner_text() == want
            assert decode_qr(page.locator(".rs-qr__code").screenshot()) == [want], kind
            assert page.evaluate(_OVERFLOW) == [], kind
            page.keyboard.press("Escape")
            assert not panel.is_visible()
        assert t.errors == [] and t.foreign(http_server.base_url if site == "http"
                                            else file_site.base_url) == []


# ---------------------------------------------------------------------------- breadcrumbs


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_breadcrumbs(chromium: Any, http_server: LocalServer, kinds: dict[str, str],
                     script: str, viewport: str) -> None:
    base = http_server.base_url + SCRIPTS[script]
    with tab(chromium, viewport) as t:
        page = t.page
        page.goto(base)
        assert page.locator(".md-path").count() == 0  # the home page is the top
        page.goto(base + kinds["section"])
        path = page.locator("nav.md-path")
        assert path.is_visible()
        assert path.get_attribute("aria-label") == {"hans": "当前位置", "hant": "目前位置"}[script]
        crumbs = [s.strip() for s in path.locator("a").all_inner_texts()]
        assert crumbs[:2] == [HOME[script], CATALOGUE[script]] and len(crumbs) >= 3
        page.goto(base + kinds["overview"])
        report_title = page.locator("article h1").first.inner_text().replace("¶", "").strip()
        page.goto(base + kinds["section"])
        assert crumbs[2] == report_title
        page.locator("nav.md-path a").nth(2).click()
        page.wait_for_url(base + kinds["overview"])
        assert page.evaluate(_OVERFLOW) == []
        assert t.errors == [] and t.foreign(http_server.base_url) == []


# ---------------------------------------------------------------------------- the switch


def fragment_page(root: Path) -> tuple[str, str]:
    """A report page with a figure anchor (#fig-…) far enough down to scroll to."""
    for html in sorted((root / "reports").rglob("index.html")):
        text = html.read_text(encoding="utf-8")
        ids = [part.split('"', 1)[0] for part in text.split(' id="fig-')[1:]]
        if len(ids) >= 2:
            rel = html.parent.relative_to(root).as_posix() + "/"
            return rel, "fig-" + ids[-1]
    raise AssertionError("no page with two figure anchors")


def _in_view(page: Any, anchor: str) -> bool:
    return bool(page.evaluate(
        """(id) => { const r = document.getElementById(id).getBoundingClientRect();
                     return r.top >= 0 && r.top < window.innerHeight; }""", anchor))


@pytest.mark.parametrize("site", ["http", "file"])
@pytest.mark.parametrize("start", sorted(SCRIPTS))
def test_switch_keeps_the_fragment(chromium: Any, built_site: BuiltSite,
                                   http_server: LocalServer, file_site: BuiltSite,
                                   start: str, site: str) -> None:
    rel, anchor = fragment_page(built_site.root)
    if site == "http":
        base, own = http_server.base_url, http_server.base_url
        path = rel
    else:
        base, own = file_site.base_url, file_site.base_url
        path = file_path(file_site, rel)
    with tab(chromium) as t:
        page = t.page
        page.goto(base + SCRIPTS[start] + path + "#" + anchor)
        assert _in_view(page, anchor)
        for script in (TWIN[start], start):
            page.locator("a[data-rs-switch]").click()
            page.wait_for_url(base + SCRIPTS[script] + path + "#" + anchor)
            page.wait_for_load_state("load")
            assert page.locator("html").get_attribute("lang") == LANG[script]
            assert _in_view(page, anchor), script
        assert t.errors == []
        if site == "http":
            assert t.foreign(own) == []
        else:
            assert [u for u in t.requests if not u.startswith(("file://", "data:"))] == []


@pytest.mark.parametrize(("site", "viewport"), WAYS_IN)
@pytest.mark.parametrize("start", sorted(SCRIPTS))
def test_switch_keeps_the_scroll_position(chromium: Any, http_server: LocalServer,
                                          file_site: BuiltSite, kinds: dict[str, str],
                                          start: str, site: str, viewport: str) -> None:
    rel = kinds["figures"]  # long: one table per theme
    base = http_server.base_url if site == "http" else file_site.base_url
    path = rel if site == "http" else file_path(file_site, rel)
    with tab(chromium, viewport) as t:
        page = t.page
        page.goto(base + SCRIPTS[start] + path)
        height = page.evaluate("document.documentElement.scrollHeight - window.innerHeight")
        assert height > 2000, "the page should be long enough to scroll"
        page.evaluate(f"window.scrollTo(0, {int(height * 0.55)})")
        page.wait_for_timeout(300)
        before = page.evaluate(_PLACE)
        for script in (TWIN[start], start):
            page.locator("a[data-rs-switch]").click()
            page.wait_for_url(lambda url, s=script: url.startswith(base + SCRIPTS[s] + path))
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)
            assert page.locator("html").get_attribute("lang") == LANG[script]
            assert "rs-at" not in page.url, page.url  # the address is the page's own again
            after = page.evaluate(_PLACE)
            assert after[0] == before[0], (script, before, after)
            assert abs(after[1] - before[1]) < 0.15, (script, before, after)
        assert abs(after[2] - before[2]) < 40, (before, after)
        assert t.errors == []


def test_switch_without_scroll_or_fragment_adds_nothing(chromium: Any,
                                                        http_server: LocalServer,
                                                        kinds: dict[str, str]) -> None:
    with tab(chromium) as t:
        page = t.page
        page.goto(http_server.base_url + kinds["section"])
        page.locator("a[data-rs-switch]").click()
        page.wait_for_url(http_server.base_url + "zh-Hant/" + kinds["section"])
        assert page.evaluate("window.scrollY") == 0


# ---------------------------------------------------------------------------- 上一篇/下一篇

PAYLOAD_TITLE = "上一份<img src=x onerror=alert(1)>\" onmouseover=\"alert(1)报告"
CITY_SEED, DISTRICT_SLUG = "003_a98c90bdf83db19a.txt", "futian-2024-review-2025-plan"


@pytest.fixture(scope="module")
def report_nav_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """This project with the city report's title a payload: the district report's 上一篇."""
    project = copy_project(tmp_path_factory.mktemp("report-nav") / "project")
    metadata = project / "seeds" / "metadata.yml"
    entry = f"{CITY_SEED}:\n  slug: shenzhen-2024-ten-events\n"
    text = metadata.read_text(encoding="utf-8")
    assert entry in text
    metadata.write_text(text.replace(entry, entry + f"  title: '{PAYLOAD_TITLE}'\n"),
                        encoding="utf-8")  # fmt: skip
    dest = project.parent / "site"
    proc = subprocess.run(
        [PYTHON, "-c", BUILD_CODE, str(dest), file_site_public(), "0"],
        cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr[-4000:]
    return BuiltSite(dest, dest.as_uri() + "/", use_directory_urls=False)


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_previous_and_next_report(chromium: Any, report_nav_site: BuiltSite, script: str) -> None:
    """上一篇/下一篇 in the catalogue's order (newest first): the city report (2025-02-05),
    then the district one (undated, 2025 by its title); titles shown as text."""
    base = report_nav_site.base_url + SCRIPTS[script]
    dialogs: list[str] = []
    with tab(chromium) as t:
        page = t.page
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base + f"reports/{DISTRICT_SLUG}/index.html")
        nav = page.locator("nav[data-rs-report-nav]")
        assert nav.is_visible()
        assert nav.get_attribute("aria-label") == {"hans": "相邻报告", "hant": "相鄰報告"}[script]
        prev, nxt = page.locator("[data-rs-prev-report]"), page.locator("[data-rs-next-report]")
        assert prev.inner_text().split("\n")[0].strip() == "上一篇"
        assert nxt.count() == 0  # the last report
        shown = page.locator(".rs-report-nav__title").all_inner_texts()
        # Text as written (the Traditional twin converts the Han characters around it).
        assert "<img src=x onerror=alert(1)>" in shown[0]
        assert '" onmouseover="alert(1)' in shown[0]
        assert page.locator("nav[data-rs-report-nav] img").count() == 0
        prev.hover()
        prev.click()
        page.wait_for_load_state()
        assert "/reports/" in page.url and DISTRICT_SLUG not in page.url
        assert page.locator("[data-rs-prev-report]").count() == 0  # the first report
        assert page.locator("[data-rs-next-report]").count() == 1
        assert dialogs == [] and t.errors == []
        assert [u for u in t.requests if not u.startswith(("file://", "data:"))] == []


# ---------------------------------------------------------------------------- axe


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_axe_with_the_tools_in_use(chromium: Any, http_server: LocalServer,
                                   report_nav_site: BuiltSite, kinds: dict[str, str],
                                   script: str, viewport: str) -> None:
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run `make node`", pytrace=False)
    results = {}
    with tab(chromium, viewport, init=_NO_CLIPBOARD_API + _NO_EXEC_COMMAND) as t:
        page = t.page
        for kind in ("section", "figures"):
            page.goto(http_server.base_url + SCRIPTS[script] + kinds[kind])
            page.locator("[data-rs-font-size=l]").click()
            page.locator("[data-rs-copy]").click()  # nothing copies: the field is shown
            _status(page)
            page.locator("[data-rs-qr] summary").click()
            page.wait_for_timeout(100)
            results[f"{script} {kind} {viewport}, 大, QR open, copy by hand"] = run_axe(page, AXE)
        page.goto(report_nav_site.base_url + SCRIPTS[script] + "index.html")
        results[f"{script} home with 上一篇/下一篇 {viewport}"] = run_axe(page, AXE)
    check(results)
