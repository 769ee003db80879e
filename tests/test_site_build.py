"""Tests on the built site (both scripts): twins, lang, hreflang, sitemap, Traditional text."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from devtools.opencc_review import leftover_simplified
from reportsite.glossary import load_glossary
from reportsite.script import make_converter
from support.site import BuiltSite

REPO = Path(__file__).resolve().parent.parent
CONVERTER = make_converter(load_glossary(REPO / "config" / "glossary.yml"))
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Reader-visible attributes: their text must be Traditional too.
TEXT_ATTRS = ("title", "aria-label", "alt", "placeholder")
pytestmark = pytest.mark.build


class _Page(HTMLParser):
    """Visible text (minus elements marked lang="zh-Hans"), <html lang>, alternates, links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.html_lang = ""
        self.alternates: list[tuple[str, str]] = []
        self.urls: list[str] = []
        self.title = ""
        self._skip: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang", "")
        # rel is a token list: "alternate " (see overrides/main.html) is the alternate type.
        if tag == "link" and (a.get("rel") or "").split() == ["alternate"] and "hreflang" in a:
            self.alternates.append((a["hreflang"], a.get("href", "")))
        for key in ("href", "src"):
            rel = (a.get("rel") or "").strip()
            if key in a and not (tag == "link" and rel in {"alternate", "canonical"}):
                self.urls.append(a[key])
        self._in_title = tag == "title"
        if tag in VOID:
            if not self._skip:
                self.text += [a[k] for k in TEXT_ATTRS if a.get(k)]
            return
        # The script switch to Simplified is Simplified on purpose and says so with lang.
        if (
            self._skip
            or tag in {"script", "style"}
            or (tag != "html" and a.get("lang") == "zh-Hans")
        ):
            self._skip.append(tag)
        else:
            self.text += [a[k] for k in TEXT_ATTRS if a.get(k)]

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag not in VOID:
            self._skip.pop()
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def html_pages(root: Path, exclude_hant: bool = True) -> list[Path]:
    return sorted(
        p.relative_to(root)
        for p in root.rglob("*.html")
        if not (exclude_hant and p.relative_to(root).parts[0] == "zh-Hant")
    )


def content_pages(site: BuiltSite) -> list[Path]:
    return [p for p in html_pages(site.root) if p.name != "404.html"]


def test_every_simplified_page_has_a_traditional_twin(built_site: BuiltSite) -> None:
    hans = html_pages(built_site.root)
    hant = html_pages(built_site.hant, exclude_hant=False)
    assert len(hans) > 10  # home, tags, 404 and the report pages
    assert hans == hant
    for report in (REPO / "docs" / "reports").iterdir():
        if report.is_dir():
            assert (built_site.hant / "reports" / report.name / "index.html").is_file()


def test_html_lang_attributes(built_site: BuiltSite) -> None:
    for rel in html_pages(built_site.root):
        assert parse(built_site.root / rel).html_lang == "zh-Hans", rel
        assert parse(built_site.hant / rel).html_lang == "zh-Hant", rel


def _url_of(rel: Path) -> str:
    parent = rel.parent.as_posix()
    return "" if parent == "." else parent + "/"


def test_hreflang_alternates_on_every_page(built_site: BuiltSite) -> None:
    base = built_site.base_url
    for rel in content_pages(built_site):
        url = _url_of(rel)
        expected = [
            ("zh-Hans", base + url),
            ("zh-Hant", base + "zh-Hant/" + url),
            ("x-default", base + url),
        ]
        assert parse(built_site.root / rel).alternates == expected, rel
        assert parse(built_site.hant / rel).alternates == expected, rel


def test_relative_hreflang_alternates_offline(file_site: BuiltSite) -> None:
    rel = Path("reports") / next(p.name for p in (REPO / "docs/reports").iterdir() if p.is_dir())
    page = next(p for p in html_pages(file_site.root) if p.parent == rel)
    hans = parse(file_site.root / page).alternates
    hant = parse(file_site.hant / page).alternates
    assert dict(hans)["zh-Hant"] == "../../zh-Hant/" + page.as_posix()
    assert dict(hant)["zh-Hans"] == "../../../" + page.as_posix()
    for lang, href in hans + hant:
        assert not href.startswith("http"), (lang, href)


def _sitemap(path: Path) -> dict[str, dict[str, str]]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(path).getroot()
    out = {}
    for url in root.findall("s:url", ns):
        loc = url.findtext("s:loc", namespaces=ns) or ""
        out[loc] = {
            link.get("hreflang", ""): link.get("href", "") for link in url.findall("x:link", ns)
        }
    return out


def test_sitemap_lists_both_scripts_with_alternates(built_site: BuiltSite) -> None:
    base = built_site.base_url
    root_map = _sitemap(built_site.root / "sitemap.xml")
    hant_map = _sitemap(built_site.hant / "sitemap.xml")
    pages = content_pages(built_site)
    assert len(root_map) == 2 * len(pages)
    assert len(hant_map) == len(pages)
    for rel in pages:
        url = _url_of(rel)
        alternates = {
            "zh-Hans": base + url,
            "zh-Hant": base + "zh-Hant/" + url,
            "x-default": base + url,
        }
        assert root_map[base + url] == alternates
        assert root_map[base + "zh-Hant/" + url] == alternates
        assert hant_map[base + "zh-Hant/" + url] == alternates
    for loc in root_map:  # every listed URL exists in the build
        path = built_site.root / loc.removeprefix(base) / "index.html"
        assert path.is_file(), loc


def test_traditional_pages_hold_no_character_opencc_would_convert(built_site: BuiltSite) -> None:
    """Whole visible text (body, nav, titles, tags, footer, interface strings) of every page."""
    problems = []
    for rel in html_pages(built_site.hant, exclude_hant=False):
        page = parse(built_site.hant / rel)
        text = "\n".join(page.text)
        assert len(text) > 200 and "工作報告" in text, rel  # the parser really saw the page
        problems += [
            (str(rel), x.char, x.converted, x.context) for x in leftover_simplified(text, CONVERTER)
        ]
    assert problems == []


def test_traditional_interface_strings_used_by_javascript(built_site: BuiltSite) -> None:
    """Search messages live in the __config JSON, e.g. the count for one result."""
    html = (built_site.hant / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert match
    translations = json.loads(match.group(1))["translations"]
    assert translations["search.result.one"] == "找到 1 個符合條件的結果"
    for key, value in translations.items():
        assert leftover_simplified(value, CONVERTER) == [], key


def test_simplified_pages_are_simplified(built_site: BuiltSite) -> None:
    """Guards the test above: the same check must find plenty on the Simplified site."""
    page = parse(built_site.root / "index.html")
    assert len(leftover_simplified("\n".join(page.text), CONVERTER)) > 20


def test_site_name_nav_and_titles_are_converted(built_site: BuiltSite) -> None:
    hans, hant = parse(built_site.root / "index.html"), parse(built_site.hant / "index.html")
    assert "工作报告" in hans.title
    assert "工作報告" in hant.title
    hant_text = "\n".join(hant.text)
    assert "首頁" in hant_text and "主題" in hant_text
    nav = (REPO / "docs/reports/.nav.yml").read_text(encoding="utf-8")
    first_report = re.search(r"^- (.+):$", nav, re.M)
    assert first_report
    assert CONVERTER.convert(first_report.group(1)) in hant_text


def test_themes_page_lists_traditional_themes(built_site: BuiltSite) -> None:
    """A page's themes are its tags; the themes index lists them in each script."""
    hans = "\n".join(parse(built_site.root / "reports/themes/index.html").text)
    hant = "\n".join(parse(built_site.hant / "reports/themes/index.html").text)
    assert "维权关爱" in hans
    assert "維權關愛" in hant and "维权关爱" not in hant


def test_each_script_has_its_own_search_index(built_site: BuiltSite) -> None:
    """Each script's n-gram index (search/README.md) holds its own script's text.

    The snippet blocks under search/ngram/t/ carry the page text in original characters.
    """

    def index_text(root: Path) -> str:
        blocks = sorted((root / "search/ngram/t").glob("*.js"))
        assert blocks, root
        return "".join(p.read_text(encoding="utf-8") for p in blocks)

    hans_text, hant_text = index_text(built_site.root), index_text(built_site.hant)
    assert "婦聯" in hant_text and "妇联" not in hant_text
    assert "妇联" in hans_text and "婦聯" not in hans_text


def test_no_reference_to_other_hosts(built_site: BuiltSite) -> None:
    """No fonts, CDNs or analytics: every src/href is relative or on the site's own host."""
    own = urlsplit(built_site.base_url).netloc
    for root in (built_site.root, built_site.hant):
        for rel in html_pages(root, exclude_hant=False):
            for url in parse(root / rel).urls:
                target = urlsplit(urljoin(built_site.base_url, url))
                assert target.scheme in {"http", "https", ""}, (rel, url)
                assert target.netloc in {own, ""}, (rel, url)
    for css in built_site.root.rglob("*.css"):
        remote = re.findall(r"url\(\s*['\"]?(https?://[^)'\"]+)", css.read_text(encoding="utf-8"))
        assert remote == [], css
    assert "fonts.googleapis" not in (built_site.root / "index.html").read_text(encoding="utf-8")


# One word per thing in each script's interface (issue 16): the word the script's readers
# know, never its other-script or other-region rival. Keys: the word used.
INTERFACE_TERMS = {
    "zh-Hans": {"搜索": ("搜尋", "检索", "查找"), "打印": ("列印",), "链接": ("连结", "链结"),
                "打开": ("开启",), "数据": ("资料",), "页面": ("网页",)},
    "zh-Hant": {"搜尋": ("搜索", "檢索", "查找"), "列印": ("打印",), "連結": ("鏈接", "链接"),
                "開啟": ("打開",), "數據": ("資料",), "頁面": ("網頁",)},
}  # fmt: skip
# Hand-written pages: their whole text is interface. Elsewhere the article is the report's.
HAND_WRITTEN = {"index.html", "reports/index.html", "reports/themes/index.html", "404.html"}


def interface_text(path: Path, rel: str) -> str:
    html = path.read_text(encoding="utf-8")
    if rel not in HAND_WRITTEN:
        html = re.sub(r"<article\b.*?</article>", "", html, flags=re.S)
    page = _Page()
    page.feed(html)
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert config, rel
    return "\n".join(page.text) + json.dumps(json.loads(config.group(1)), ensure_ascii=False)


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_interface_says_one_word_per_thing(built_site: BuiltSite, script: str) -> None:
    root = built_site.hant if script == "zh-Hant" else built_site.root
    rivals = {r: word for word, rs in INTERFACE_TERMS[script].items() for r in rs}
    seen: set[str] = set()
    problems = []
    for rel in html_pages(root, exclude_hant=script == "zh-Hans"):
        text = interface_text(root / rel, rel.as_posix())
        seen |= {w for w in INTERFACE_TERMS[script] if w in text}
        problems += [(rel.as_posix(), r, rivals[r]) for r in rivals if r in text]
    assert problems == []
    assert seen == set(INTERFACE_TERMS[script])  # each word is in use: the check has bite
