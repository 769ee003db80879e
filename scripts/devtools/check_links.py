#!/usr/bin/env python3
"""Check every link of a built site: `check_links.py SITE_DIR [--site-url URL]`.

Every href/src/srcset of every HTML file (and every <loc>/<xhtml:link> of sitemap.xml) under
SITE_DIR must resolve to a file of the site: a directory URL to its index.html, a
percent-encoded name to the file on disk. The Traditional site is SITE_DIR/zh-Hant/, so one run
covers both scripts. Works for `use_directory_urls: true` and `false` builds alike.

The site must make no request to another host, so an absolute http(s) or protocol-relative URL
is an error unless it lies under the site's own URL (its canonical/hreflang/sitemap links),
which is read from the home page's <link rel="canonical"> unless --site-url is given.
`javascript:` URLs are errors too; `data:`, `mailto:` and `tel:` load nothing and pass.

Prints one line per problem (`file:line: message`) and a summary; exit status 1 if any.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that make a browser load or navigate to a URL.
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "background", "cite"}
HARMLESS_SCHEMES = {"data", "mailto", "tel", "blob", "about"}
SITEMAP_URL = re.compile(r"<(?:loc)>([^<]+)</loc>|<xhtml:link[^>]*\bhref=\"([^\"]+)\"")


@dataclass(frozen=True)
class Problem:
    file: str  # relative to the site root, POSIX
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0  # HTML files read
    links: int = 0  # URLs checked
    files: set[str] = field(default_factory=set)  # HTML files read, relative POSIX paths


class _LinkParser(HTMLParser):
    """Collects (line, tag, attribute, url) of every URL-carrying attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[int, str, str, str]] = []
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value for name, value in attrs if value is not None}
        for name, value in values.items():
            if name in URL_ATTRS:
                self.urls.append((line, tag, name, value.strip()))
            elif name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    if candidate.strip():
                        self.urls.append((line, tag, name, candidate.split()[0]))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            match = re.search(r"url\s*=\s*(\S+)", values.get("content", ""), re.I)
            if match:
                self.urls.append((line, tag, "content", match[1].strip("'\"")))
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href")


def home_canonical(root: Path) -> str | None:
    """The canonical URL of the home page: `<site>/`, or `<site>/index.html` in a build
    without directory URLs (None without one)."""
    home = root / "index.html"
    if not home.is_file():
        return None
    parser = _LinkParser()
    parser.feed(home.read_text(encoding="utf-8"))
    return parser.canonical


def _target(root: Path, page_dir: str, path: str, dir_urls: bool = True) -> tuple[Path | None, str]:
    """The file a site-relative or page-relative URL path points to, or None and why."""
    # Relative to the site root, so that climbing above it shows as a leading "..".
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(page_dir, path)
    rel = posixpath.normpath(joined) if joined else "."
    if rel == ".." or rel.startswith("../"):
        return None, "points outside the site"
    rel = "" if rel == "." else rel
    candidate = root / rel if rel else root
    if path.endswith("/") or candidate.is_dir():
        if not dir_urls:
            # file:// shows a folder listing, not its index.html: name the file instead.
            return None, f"directory link to {rel or '.'}/ in a build for file:// browsing"
        candidate = candidate / "index.html"
    if candidate.is_file():
        return candidate, ""
    return None, f"no such file in the site: {rel or '.'}{'/' if path.endswith('/') else ''}"


def check_url(
    root: Path, page_dir: str, url: str, site_url: str | None, dir_urls: bool = True
) -> str | None:
    """None when `url`, found on a page in folder `page_dir`, is fine; else the problem.

    `dir_urls=False` (a `use_directory_urls: false` build, for file://) also refuses
    page-relative links to a folder; absolute links to the site's own URL are never
    followed from file://, so they are checked as served.
    """
    if not url or url.startswith("#"):
        return None  # the page itself
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in HARMLESS_SCHEMES:
        return None
    if scheme == "javascript":
        return f"javascript: URL {url[:60]!r}"
    if scheme or parts.netloc:
        own = urlsplit(site_url) if site_url else None
        if (
            own is not None
            and scheme in ("http", "https")
            and (scheme, parts.netloc) == (own.scheme, own.netloc)
            and parts.path.startswith(own.path or "/")
        ):
            # An absolute link to the site itself (canonical, hreflang): check the file.
            inside = parts.path[len(own.path or "/") :]
            found, why = _target(root, "", unquote(inside) or "./")
            return None if found else f"{url}: {why}"
        return f"external URL {url!r} (the site must make no request to another host)"
    found, why = _target(root, page_dir, unquote(parts.path) or "./", dir_urls)
    return None if found else f"{url}: {why}"


def _page_urls(path: Path) -> Iterator[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".xml":
        for number, row in enumerate(text.splitlines(), 1):
            for match in SITEMAP_URL.finditer(row):
                yield number, match[1] or match[2]
        return
    parser = _LinkParser()
    parser.feed(text)
    parser.close()
    for number, _tag, _attr, url in parser.urls:
        yield number, url


def check_site(root: Path, site_url: str | None = None, dir_urls: bool | None = None) -> Report:
    """Check every HTML file and sitemap.xml under `root` (the site and its zh-Hant twin).

    `site_url` and `dir_urls` default to what the home page's canonical link says.
    """
    root = root.resolve()
    canonical = home_canonical(root) or ""
    if site_url is None:
        site_url = canonical.removesuffix("index.html") or None
    if dir_urls is None:
        dir_urls = not canonical.endswith("index.html")
    report = Report()
    pages = sorted(root.rglob("*.html")) + sorted(root.rglob("sitemap.xml"))
    for path in pages:
        rel = path.relative_to(root).as_posix()
        if path.suffix == ".html":
            report.pages += 1
            report.files.add(rel)
        page_dir = posixpath.dirname(rel)
        for line, url in _page_urls(path):
            report.links += 1
            problem = check_url(root, page_dir, url, site_url, dir_urls)
            if problem:
                report.problems.append(Problem(rel, line, problem))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="built site folder, e.g. site")
    parser.add_argument(
        "--site-url", default=None, help="the site's own URL (default: home page's canonical)"
    )
    parser.add_argument(
        "--directory-urls",
        choices=("auto", "yes", "no"),
        default="auto",
        help="no: a build for file:// browsing, where links to folders are errors "
        "(default: from the home page's canonical link)",
    )
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"error: {args.site}: not a built site (no index.html)", file=sys.stderr)
        return 1
    dir_urls = {"auto": None, "yes": True, "no": False}[args.directory_urls]
    report = check_site(args.site, args.site_url, dir_urls)
    for problem in report.problems:
        print(problem)
    print(
        f"{report.pages} pages, {report.links} links checked: "
        f"{len(report.problems) or 'no'} problem{'' if len(report.problems) == 1 else 's'}"
    )
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
