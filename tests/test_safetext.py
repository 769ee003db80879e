"""reportsite.safetext (display text for Material's templates) and render.escape_text.

Material prints titles, nav labels, tag names and the site name through a handful of Jinja
patterns, in an environment without autoescape (as MkDocs sets it up). Each pattern is
rendered here with a hostile text and read back with an HTML parser: the reader must get the
text exactly as written, never markup and never an entity shown as text.
"""

from __future__ import annotations

import string
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import markdown
import pytest
import yaml
from markupsafe import Markup

from reportsite.render import escape_text
from reportsite.safetext import html_meta, html_nav, html_text, page_html_title, plain_text
from support.hostile import XSS

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = [
    *XSS,
    "&amp;",
    "一、<b>x</b>深化妇女工作",
    "a & b < c > d \" e ' f",
]

# The ways Material's templates print these values (base.html, header.html, footer.html,
# nav-item.html, toc-item.html, tags.html); `x` stands for the value.
CONTEXTS = {
    "text": "<p>{{ x }}</p>",
    "title element": "<title>{{ x }} - {{ x }}</title>",
    "escaped attribute": '<a aria-label="{{ x | e }}" title="{{ x | e }}">t</a>',
    "raw attribute": '<a aria-label="{{ x }}">t</a>',
    "content attribute": '<meta name="description" content="{{ x }}">',
    "striptags then e": '<nav aria-label="{{ x | striptags | e }}"></nav>',
    "default filter": "<h1>{{ x | d('site', true) }}</h1>",
}


class _Reader(HTMLParser):
    """Text and attribute values as a browser would give them, and every element seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.values: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.values += [f"{k}={v}" for k, v in attrs]

    def handle_data(self, data: str) -> None:
        self.text += data


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


ENV = jinja2.Environment(autoescape=False)  # as MkDocs' theme environment


@pytest.mark.parametrize("context", sorted(CONTEXTS))
@pytest.mark.parametrize("text", HOSTILE)
def test_every_material_context_shows_the_text_once(context: str, text: str) -> None:
    html = ENV.from_string(CONTEXTS[context]).render(x=html_text(text))
    reader = _read(html)
    assert set(reader.tags) <= {"p", "title", "a", "meta", "nav", "h1"}, html
    shown = reader.text + "".join(reader.values)
    if context == "striptags then e":  # striptags also collapses runs of whitespace
        assert f"aria-label={' '.join(text.split())}" in reader.values, html
    elif "attribute" in context:
        assert any(v.endswith("=" + text) for v in reader.values), html
    else:
        assert text in reader.text, html
    assert "49" not in shown


def test_the_title_element_cannot_be_ended() -> None:
    html = ENV.from_string(CONTEXTS["title element"]).render(x=html_text(HOSTILE[4]))
    assert html.count("</title>") == 1 and "<script>" not in html


def test_escaped_once_however_often_applied() -> None:
    once = html_text("<b>&amp;</b>")
    assert once == "&lt;b&gt;&amp;amp;&lt;/b&gt;"
    assert isinstance(once, Markup)
    assert html_text(once) == once
    assert html_text(html_text(once)) == once


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_gives_the_text_back(text: str) -> None:
    assert plain_text(html_text(text)) == " ".join(text.split())


def test_plain_text_of_a_rendered_heading() -> None:
    assert plain_text("<code>x</code> &amp; y") == "x & y"


def test_nav_labels_become_html_and_paths_stay() -> None:
    nav = [{"首页": "index.md"}, {"<b>报告</b>": ["reports/index.md", {"a&b": "reports/a.md"}]}]
    out = html_nav(nav)
    assert out == [
        {"首页": "index.md"},
        {"&lt;b&gt;报告&lt;/b&gt;": ["reports/index.md", {"a&amp;b": "reports/a.md"}]},
    ]
    labels = [k for item in out for k in item]
    assert all(isinstance(k, Markup) for k in labels)


def test_front_matter_display_values_become_html() -> None:
    meta = {"title": "<i>t</i>", "description": "d\"", "tags": ["<x>", 3], "source": "<a>.txt",
            "date": "2025-01-01", "report": "<r>"}
    out = html_meta(meta)
    assert out["title"] == "&lt;i&gt;t&lt;/i&gt;" and isinstance(out["title"], Markup)
    assert out["description"] == "d&#34;"
    assert out["tags"] == ["&lt;x&gt;", 3]
    # Not printed by any template: kept as the data they are.
    assert (out["source"], out["date"], out["report"]) == ("<a>.txt", "2025-01-01", "<r>")
    assert meta["title"] == "<i>t</i>"  # the input is not changed


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (html_text("</title><script>"), "&lt;/title&gt;&lt;script&gt;"),  # a nav label
        ("x &amp; <code>y</code>", "x &amp; y"),  # a rendered first heading
        ("<img src=x onerror=alert(1)>.md", ".md"),  # a file name: never markup
    ],
)
def test_a_page_without_a_title_gets_a_safe_one(title: str, expected: str) -> None:
    meta: dict[str, Any] = {}
    page_html_title(meta, title)
    assert meta["title"] == expected and isinstance(meta["title"], Markup)


def test_a_front_matter_title_is_kept() -> None:
    meta: dict[str, Any] = {"title": html_text("<t>")}
    page_html_title(meta, "other")
    assert meta["title"] == "&lt;t&gt;"


# ---------------------------------------------------------------------------------------------
# escape_text: Markdown escapes only where Python-Markdown reads them.


def _site_markdown() -> markdown.Markdown:
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as fh:
        text = fh.read()
    config = yaml.load(text, Loader=_Loader)
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    return markdown.Markdown(extensions=names)


class _Loader(yaml.SafeLoader):
    """mkdocs.yml has !ENV and !!python tags; only markdown_extensions is read here."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def test_every_backslash_escape_is_one_python_markdown_reads() -> None:
    md = _site_markdown()
    for ch in string.punctuation:
        for text in (f"a{ch}b", f"{ch} a", f"1{ch} a"):
            escaped = escape_text(text)
            for i, c in enumerate(escaped[:-1]):
                if c == "\\" and (i == 0 or escaped[i - 1] != "\\"):
                    assert escaped[i + 1] in md.ESCAPED_CHARS, (text, escaped)


@pytest.mark.parametrize("ch", list(string.punctuation))
def test_escaped_punctuation_renders_as_itself(ch: str) -> None:
    md = _site_markdown()
    for text in (f"a{ch}b", f"{ch} a", f"1{ch} a", f"a {ch}{ch} b {ch}{ch} c", f"x{ch}"):
        html = md.reset().convert(escape_text(text))
        reader = _read(html)
        assert reader.tags == ["p"], (text, html)
        assert reader.text == text, (text, html)
