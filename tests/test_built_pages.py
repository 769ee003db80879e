"""The built Simplified pages, as a reader gets them (HTML from `mkdocs build --strict`).

No paragraph ends mid-sentence, no `**` is visible, no space between Han and
digits, no half-width punctuation beside Han, and every Han character and digit
of each seed is on its report's pages, in order.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from reportsite.decode import decode
from reportsite.normalise import normalise
from reportsite.outline import ends_sentence
from support.helpers import SEEDS, han_digits, own_text

HAN = r"\u3400-\u4dbf\u4e00-\u9fff"


class ArticleText(HTMLParser):
    """Text of the <article>, without generated chrome and heading permalinks.

    Collects the whole text and the text of each <p> separately.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.paragraphs: list[str] = []
        self._stack: list[tuple[str, bool]] = []
        self._para: list[str] | None = None

    def _skipping(self) -> bool:
        return any(skip for _, skip in self._stack)

    def _in_article(self) -> bool:
        return any(tag == "article" for tag, _ in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "input", "meta", "link", "hr"):
            return
        classes = (dict(attrs).get("class") or "").split()
        # The original as received (rs-original) is the seed, not the pages' text.
        skip = bool({"rs-chrome", "rs-original", "headerlink", "md-source-file", "md-tags"}
                    & set(classes))  # fmt: skip
        self._stack.append((tag, skip))
        # A part's heading set as its label (rs-part) is text, but no paragraph.
        if tag == "p" and self._in_article() and not self._skipping() and "rs-part" not in classes:
            self._para = []

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break
        if tag == "p" and self._para is not None:
            self.paragraphs.append("".join(self._para))
            self._para = None

    def handle_data(self, data: str) -> None:
        if self._in_article() and not self._skipping():
            self.text.append(data)
            if self._para is not None:
                self._para.append(data)


def article(path: Path) -> ArticleText:
    parser = ArticleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_for(site: Path, md_path: str) -> Path:
    """site/<…>/x/index.html for docs/<…>/x.md (and …/index.md) with directory URLs."""
    stem = md_path[: -len(".md")]
    if stem.endswith("index"):
        return site / stem[: -len("index")] / "index.html"
    return site / stem / "index.html"


def report_pages(site: Path) -> dict[str, list[Path]]:
    """Seed file name -> its built pages in nav order, from the generated nav."""
    docs = Path(__file__).resolve().parent.parent / "docs"
    nav = yaml.safe_load((docs / "reports" / ".nav.yml").read_text(encoding="utf-8"))
    out: dict[str, list[Path]] = {}
    # 报告: the catalogue page, then one entry per report (主题 quotes every report).
    (reports,) = [entry["报告"] for entry in nav if "报告" in entry]
    for entry in reports[1:]:
        ((_label, items),) = entry.items()
        paths = re.findall(r"reports/\S+?\.md", yaml.safe_dump(items, allow_unicode=True))
        first = (docs / paths[0]).read_text(encoding="utf-8")
        source = re.search(r"^source: (.+)$", first, re.M)
        assert source is not None
        out[source[1].strip("'\"")] = [html_for(site, p) for p in paths]
    return out


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, list[Path]]:  # type: ignore[no-untyped-def]
    return report_pages(built_site.root)


def test_every_seed_character_is_on_the_built_pages(pages: dict[str, list[Path]]) -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        text = "".join("".join(article(p).text) for p in pages[seed.name])
        seed_text = decode(seed.name, seed.read_bytes())
        own = own_text(seed_text, normalise(seed_text).record)
        assert han_digits(text) == han_digits(own), seed.name


def test_paragraphs_end_sentences(pages: dict[str, list[Path]]) -> None:
    for paths in pages.values():
        for path in paths:
            for para in article(path).paragraphs:
                # Header fields (信息提供日期：…, 来源：…) are labelled values, not sentences.
                if re.match(r"^\S{1,8}：", para):
                    continue
                assert ends_sentence(para), f"{path}: …{para[-30:]}"


def test_typography_of_report_text(pages: dict[str, list[Path]]) -> None:
    for paths in pages.values():
        for path in paths:
            text = "".join(article(path).text)
            assert "**" not in text, path
            assert not re.search(f"[{HAN}][ \u00a0]+[0-9A-Za-z]|[0-9A-Za-z][ \u00a0]+[{HAN}]", text)
            bad = re.search(f"[{HAN}][,:;()!?]|[,:;()!?][{HAN}]", text)
            assert bad is None, f"{path}: {bad and bad[0]}"


def test_leadins_render_bold(pages: dict[str, list[Path]]) -> None:
    district = pages["000_1b6eb3483533bf33.txt"]
    html = "".join(p.read_text(encoding="utf-8") for p in district)
    for lead in ("理论精髓入脑入心", "智慧联动全链条", "深化关爱服务", "多元阵地全覆盖"):
        assert f"<strong>{lead}</strong>。" in html, lead


def _sidebar(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index("md-sidebar--primary") : html.index("md-sidebar--secondary")]


def test_sidebar_holds_the_report_being_read_only(built_site, pages) -> None:  # type: ignore[no-untyped-def]
    """Under 报告 the sidebar lists the report being read, not every report (its HTML would
    grow with the archive); the catalogue page links every report, and there are 4 tabs."""
    slugs = {p[0].parent.name for p in pages.values()}
    assert len(slugs) == 2
    for report_pages in pages.values():
        mine = report_pages[0].parent.name
        for page in report_pages:
            sidebar = _sidebar(page)
            assert f"/{mine}/" in sidebar or 'href="./"' in sidebar or 'href="../' in sidebar
            for other in slugs - {mine}:
                assert other not in sidebar, (page, other)
    catalogue = (built_site.root / "reports" / "index.html").read_text(encoding="utf-8")
    article = catalogue[catalogue.index("<article") : catalogue.index("</article>")]
    for slug in slugs:
        assert f'href="{slug}/"' in article
    tabs = catalogue[catalogue.index('class="md-tabs__list"') :]
    tabs = tabs[: tabs.index("</ul>")]
    assert re.findall(r'md-tabs__link">\s*(\S+)', tabs) == ["首页", "报告", "主题"]
