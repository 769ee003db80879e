"""The public build is ready to host: 404 pages in both scripts, canonical links, site_url."""

from __future__ import annotations

import re
from typing import Any


def test_404_page_in_each_script(built_site: Any) -> None:
    hans = (built_site.root / "404.html").read_text(encoding="utf-8")
    hant = (built_site.hant / "404.html").read_text(encoding="utf-8")
    assert "<h1>404 - 找不到页面</h1>" in hans and 'lang="zh-Hans"' in hans
    assert "<h1>404 - 找不到頁面</h1>" in hant and 'lang="zh-Hant"' in hant
    assert 'href="/zh-Hant/">首頁</a>' in hant  # a server path: the 404 is served anywhere


def test_canonical_links_use_site_url(built_site: Any) -> None:
    page = "reports/shenzhen-2024-ten-events/5/index.html"
    for root, prefix in ((built_site.root, ""), (built_site.hant, "zh-Hant/")):
        html = (root / page).read_text(encoding="utf-8")
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)
        assert canonical is not None
        expected = built_site.base_url + prefix + "reports/shenzhen-2024-ten-events/5/"
        assert canonical[1] == expected


def test_sitemap_lists_both_scripts(built_site: Any) -> None:
    sitemap = (built_site.root / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert any("/zh-Hant/reports/" in loc for loc in locs)
    assert any("/reports/" in loc and "/zh-Hant/" not in loc for loc in locs)
