"""Display text for Material's templates: plain text in, HTML out, escaped exactly once.

MkDocs treats a page title as HTML (it normally comes from a rendered heading) and its Jinja
has no autoescape, so Material prints `page.title`, `page.meta.title`, `nav_item.title`,
`tag.name`, `config.site_name` and `config.site_description` as they are: in `<title>`, the
header, the tabs and sidebar, the footer links, the tag chips, the tags page and its table of
contents, and the `content` of `<meta name="description">`. Our titles, labels, tags and the
site name are text (a seed's heading, its first line or file name, metadata, a theme name,
mkdocs.yml), so the plugin passes every one of them through `html_text` at the point where it
becomes one of those values, and nowhere else.

`html_text` returns a `markupsafe.Markup`: the text with `& < > " '` as entities. That one
type does the work in every context Material has:

* printed as is (`{{ page.title }}`), it is the escaped text: the reader sees the characters;
* printed with `| e` (the footer links' `aria-label`, the logo's `title`), Jinja leaves a
  Markup alone, so it is not escaped twice (the logo's tooltip would show `&lt;`);
* quotes are entities too, so it is safe inside an attribute value as well as in text;
* `| striptags` (the toc's `aria-label`, followed by `| e`) unescapes it and `e` escapes it
  again: once. Material's `<title>` falls back to `page.title | striptags` *without* `e` when a
  page has no `title` in its front matter; `page_html_title` gives every page one, so that
  unescaping path is never taken;
* `html_text` of a Markup is the same Markup, so passing a value twice cannot double it.

Anything that wants the text back (the search index, which escapes titles itself when it
shows them) uses `plain_text`.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from markupsafe import Markup, escape


def html_text(text: str) -> Markup:
    """Text as HTML that shows exactly that text; HTML already marked as such is kept."""
    return escape(text)


def plain_text(html: str) -> str:
    """The text of an HTML title (MkDocs' page titles are HTML): tags dropped, entities read."""
    return Markup(html).striptags()


def html_nav(nav: Any) -> Any:
    """An mkdocs `nav` structure with every label made display HTML; paths stay as they are."""
    if isinstance(nav, list):
        return [html_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {html_text(str(k)): html_nav(v) for k, v in nav.items()}
    return nav


# Front-matter keys that Material prints: the title (`<title>`, header), the tag chips and
# the tags page, `<meta name="description">`, and the nav's `subtitle`.
DISPLAY_META_KEYS = ("title", "description", "subtitle")


def html_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Front matter with its displayed text values (title, description, subtitle, tags) as
    HTML."""
    out = dict(meta)
    for key in DISPLAY_META_KEYS:
        if isinstance(out.get(key), str):
            out[key] = html_text(out[key])
    tags = out.get("tags")
    if isinstance(tags, list):
        out["tags"] = [html_text(t) if isinstance(t, str) else t for t in tags]
    return out


def head_titles(meta: Mapping[str, Any], site_name: str) -> dict[str, Markup]:
    """`<title>` and Open Graph title of a page, as HTML: the page, its report (where it is
    not the page itself) and the site, so that no two pages share one (two 关键数据 pages are
    two reports'). Front matter and site name are Markup already (html_meta, the plugin's
    on_config); a plain str is escaped here."""
    title = _as_html(meta.get("title"))
    report = _as_html(meta.get("report"))
    page = Markup(" · ").join(p for p in (title, report if report != title else None) if p)
    site = _as_html(site_name)
    html = Markup(" - ").join(p for p in (page, site) if p)
    return {"html": html, "og": page or site or Markup()}


def _as_html(value: Any) -> Markup | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Markup) else html_text(str(value))


def page_html_title(meta: MutableMapping[str, Any], title: str | None) -> None:
    """Give a page without a front-matter title one, made from its MkDocs title.

    Material's `<title>` prints `page.meta.title` as is, but falls back to
    `page.title | striptags`, which unescapes entities: `&lt;/title&gt;` would end the element.
    MkDocs' title is HTML (a nav label, or the first heading's inner HTML) except in its last
    fallback, the file name; read as HTML and escaped again, it is safe whichever it was.
    """
    if not meta.get("title") and title:
        meta["title"] = html_text(plain_text(title))
