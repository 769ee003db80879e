"""Links between the two scripts' copies of a page (the switch, hreflang alternates), and the
addresses the reading tools use: a page's public URL, its run of reading for the footer links,
the report links given in front matter, the 404 page's paths.

Pure functions of the page URL and the two sites' roots, so they are tested without a build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Roots:
    script: str  # "hans" or "hant": the site being built
    hant_dir: str  # Traditional site relative to the Simplified one, with trailing slash
    hans_root: str  # absolute URL of the Simplified site root ("" when site_url is unset)
    hant_root: str


def twin_href(page_url: str, script: str, hant_dir: str) -> str:
    """Relative link from a page to the same page in the other script.

    Works with and without directory URLs (``reports/a/`` or ``reports/a.html``), so the
    switch also works from file:// where the offline build uses ``use_directory_urls: false``.
    """
    directory = page_url.rpartition("/")[0]
    up = "../" * (len([p for p in directory.split("/") if p]))
    if script == "hans":
        return f"{up}{hant_dir}{page_url}"
    return f"{up}{'../' * hant_dir.count('/')}{page_url}"


def alternates(page_url: str, roots: Roots, use_directory_urls: bool) -> list[dict[str, str]]:
    """hreflang alternates for a page: both scripts and x-default (the Simplified page).

    Absolute (site_url based) for a served site, as search engines want; relative for a
    file:// build (no directory URLs), because there is no host to point at and Material's
    JavaScript fetches sitemap.xml next to every alternate, which must stay local.
    """
    if use_directory_urls and roots.hans_root:
        hans, hant = roots.hans_root + page_url, roots.hant_root + page_url
    else:
        own = page_url.rpartition("/")[2] or "./"
        twin = twin_href(page_url, roots.script, roots.hant_dir)
        hans, hant = (own, twin) if roots.script == "hans" else (twin, own)
    return [{"lang": "zh-Hans", "href": hans}, {"lang": "zh-Hant", "href": hant},
            {"lang": "x-default", "href": hans}]


def site_roots(script: str, hant_dir: str, site_url: str) -> tuple[Roots, str]:
    """Both roots, and the site_url this build should use (the twin lives below hant_dir)."""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    if script == "hant":
        hans_root = site_url.removesuffix(hant_dir) if site_url else ""
        if site_url and not site_url.endswith(hant_dir):
            # Built on its own with the inherited site_url: the Traditional site lives below it.
            hans_root, site_url = site_url, site_url + hant_dir
    else:
        hans_root = site_url
    hant_root = hans_root + hant_dir if hans_root else ""
    return Roots(script, hant_dir, hans_root, hant_root), site_url


def public_url(page_url: str, root: str) -> str:
    """The page's address on the published site, which uses directory URLs.

    ``root`` is the absolute URL of this script's site (``Roots.hans_root`` or ``hant_root``);
    empty when site_url is unset, and then there is no public address. A file:// build
    (``reports/a/1.html``) gives the address of the same page on the served site
    (``reports/a/1/``), so the offline bundle's QR codes and copied links lead to it.
    """
    if not root:
        return ""
    path = page_url
    if path == "index.html" or path.endswith("/index.html"):
        path = path.removesuffix("index.html")
    elif path.endswith(".html") and path != "404.html":
        path = path.removesuffix(".html") + "/"
    return root + path


# A report's generated pages, below reports/<slug>/: key figures (figures/, figures/2/ …),
# review next to plan (compare/…) and the normalisation record (changes/).
_DERIVED = re.compile(r"(?:figures|compare|changes)(?![A-Za-z0-9_])")


def reading_group(page_url: str, in_report: bool) -> str:
    """Which run of reading a page belongs to, for the footer's 上一页/下一页 links.

    ``report:<slug>:text`` (a report's own text: overview, parts, sections),
    ``report:<slug>:derived`` (its key figures, comparison and record), ``themes``
    (reports/themes/), or ``site`` (home, catalogue, tags). ``in_report`` is whether the page's
    front matter names a report (``report:``). Works with and without directory URLs.
    """
    parts = [p for p in page_url.split("/") if p]
    if parts and parts[-1] == "index.html":
        parts.pop()
    if len(parts) >= 2 and parts[0] == "reports":
        if in_report:
            derived = len(parts) > 2 and _DERIVED.match(parts[2]) is not None
            return f"report:{parts[1]}:{'derived' if derived else 'text'}"
        if parts[1] == "themes" or parts[1].startswith("themes."):
            return "themes"
    return "site"


# A link given in front matter (prev_report / next_report): a path below the site root,
# ending in "/" (a directory URL), of URL-safe characters, no "." or ".." segment.
_SITE_PATH = re.compile(r"(?:[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*/)+")


def site_path_href(url: str, use_directory_urls: bool) -> str | None:
    """``reports/<slug>/`` as the site-relative target of a link in this build; None if
    ``url`` is not such a path (absolute, a scheme, a fragment, ``..`` …)."""
    if not _SITE_PATH.fullmatch(url) or any(p in {".", ".."} for p in url.split("/")):
        return None
    return url if use_directory_urls else url + "index.html"


def not_found_paths(roots: Roots, use_directory_urls: bool = True) -> dict[str, str]:
    """Paths of both scripts' roots and of the other script's 404 page, from a 404 page.

    A host serves the 404 page at any missing address, so its links are server paths (MkDocs
    does the same for its assets), not relative ones. A build for file:// browsing
    (``use_directory_urls: false``) has no server to do that: its 404 page is only ever
    opened where it lies, so its links are relative to it, as every other link there is.
    """
    if not use_directory_urls:
        up = "../" * roots.hant_dir.count("/")
        if roots.script == "hans":
            return {"hans": "index.html", "hant": roots.hant_dir + "index.html",
                    "own": "index.html", "twin_404": roots.hant_dir + "404.html"}
        return {"hans": up + "index.html", "hant": "index.html", "own": "index.html",
                "twin_404": up + "404.html"}  # fmt: skip
    hans = urlsplit(roots.hans_root).path if roots.hans_root else "/"
    hans = hans if hans.endswith("/") else hans + "/"
    hant = hans + roots.hant_dir
    own, twin = (hans, hant) if roots.script == "hans" else (hant, hans)
    return {"hans": hans, "hant": hant, "own": own, "twin_404": twin + "404.html"}
