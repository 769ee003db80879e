"""Ground truth for search tests: which built pages contain a query, from the pages' own text.

Independent of the index builder on purpose (no section parser, no n-grams): take the
article element of every built HTML page, strip tags, fold both page and query to one
script and one width, drop all whitespace, and test substring containment. Pages the site
excludes from search (front matter ``search: {exclude: true}``: the record pages), as
``devtools.sitebuild`` recorded them while building, are no page the search should find.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from devtools.sitebuild import excluded_file

_ARTICLE = re.compile(
    r'<article class="md-content__inner[^"]*"[^>]*>(.*?)</article>', re.S | re.IGNORECASE
)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_SKIP_DIRS = {"assets", "search", "zh-Hant"}


def fold_text(text: str, fold: Mapping[str, str]) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(fold.get(ch, ch) for ch in text)
    return _SPACE.sub("", text)


def page_text(raw_html: str) -> str:
    match = _ARTICLE.search(raw_html)
    body = match.group(1) if match else ""
    body = _HEADERLINK.sub("", body)
    # A block boundary is a place no query can span; keep it as a character no query holds.
    body = re.sub(r"</(p|li|h[1-6]|td|th|div|dd|dt|pre|blockquote)>", "\x00", body)
    return html.unescape(_TAG.sub("", body))


def excluded_pages(site: Path) -> set[str]:
    """Paths of the pages a site built by ``devtools.sitebuild`` into ``site`` excludes from
    search (the same in both scripts); none if it was built otherwise."""
    listed = excluded_file(site)
    return set(json.loads(listed.read_text(encoding="utf-8"))) if listed.exists() else set()


@dataclass
class Corpus:
    """Folded text of every page of one built site (one script), keyed by site-relative path."""

    pages: dict[str, str]
    fold: Mapping[str, str]

    @classmethod
    def from_site(
        cls, root: Path, fold: Mapping[str, str], excluded: Collection[str] = ()
    ) -> Corpus:
        """Every page of ``root`` (one script) except ``excluded`` (``excluded_pages``)."""
        pages: dict[str, str] = {}
        for path in sorted(root.rglob("*.html")):
            rel = path.relative_to(root)
            if rel.parts[0] in _SKIP_DIRS or rel.name == "404.html":
                continue
            if rel.as_posix() in excluded:
                continue
            text = page_text(path.read_text(encoding="utf-8"))
            if text.strip():
                pages[rel.as_posix()] = fold_text(text, fold)
        return cls(pages, fold)

    def containing(self, query: str) -> set[str]:
        needle = fold_text(query, self.fold)
        if not needle:
            return set()
        return {rel for rel, text in self.pages.items() if needle in text}
