"""Links between the two scripts' copies of a page: the switch and hreflang alternates.

Pure functions of the page URL and the two sites' roots, so they are tested without a build.
"""

from __future__ import annotations

from dataclasses import dataclass


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
