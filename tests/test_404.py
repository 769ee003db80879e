"""The 404 page in both scripts, served as the README's "Deploying" section says hosts do.

site/404.html and site/zh-Hant/404.html each say "not found" in their own script and carry the
script switch to the other one's 404 page. In headless Chromium, behind a server that answers
a missing address like nginx (`error_page 404 /404.html`, and /zh-Hant/ → /zh-Hant/404.html)
and like GitHub Pages (the top-level 404.html for every missing address; the page sends a
reader under zh-Hant/ on to zh-Hant/404.html): the right script, styles and scripts loaded
from server paths at any depth, the switch both ways, the home link; no request leaves the
server, and nothing but the missing page itself is a 404.
"""

from __future__ import annotations

import http.server
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from devtools.browser import serve
from support.site import BuiltSite

pytestmark = [pytest.mark.browser, pytest.mark.build]

TEXT = {
    "": ("zh-Hans", "404 - 找不到页面", "繁體", "/zh-Hant/404.html", "/"),
    "zh-Hant/": ("zh-Hant", "404 - 找不到頁面", "简体", "/404.html", "/zh-Hant/"),
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def test_404_page_in_both_scripts(built_site: BuiltSite) -> None:
    for script, (lang, heading, label, switch, home) in TEXT.items():
        html = (built_site.root / script / "404.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html, script
        assert f"<h1>{heading}</h1>" in html, script
        link = re.search(r"<a [^>]*data-rs-switch[^>]*>.*?</a>", html, re.S)
        assert link, script
        assert f'href="{switch}"' in link.group(0) and f">{label}</span>" in link.group(0)
        assert f'<a href="{home}">' in html, script
        # Every asset by server path, so the page works at any depth.
        assert re.findall(r'(?:href|src)="(?!/|https?:|#)[^"]*"', html) == [], script
        assert "rs-tools" not in html.split("<article", 1)[1].split("</article>")[0]


class _ErrorPages(http.server.SimpleHTTPRequestHandler):
    """A static host: files as they are, a missing address answered with a 404 page."""

    root: Path
    style = "nginx"  # or "github"
    log: list[str]

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if (path / "index.html").is_file() or path.is_file():
            super().do_GET()
            return
        page = "404.html"
        if self.style == "nginx" and urlsplit(self.path).path.startswith("/zh-Hant/"):
            page = "zh-Hant/404.html"
        body = (self.root / page).read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        self.log.append(format % args)


def host(root: Path, style: str) -> AbstractContextManager[str]:
    handler = type("Handler", (_ErrorPages,), {"root": root, "style": style, "log": []})
    return serve(root, handler)


@contextmanager
def browse(chromium: Any, base: str, viewport: str) -> Iterator[tuple[Any, list[str]]]:
    """A page, and the problems seen: requests elsewhere, failed assets, script errors."""
    context = chromium.new_context(locale="zh-CN", viewport=VIEWPORTS[viewport],
                                   is_mobile=viewport == "phone")
    page = context.new_page()
    problems: list[str] = []
    own = urlsplit(base).netloc

    def on_response(response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} {response.url}")

    page.on("request", lambda r: problems.append("elsewhere " + r.url)
            if urlsplit(r.url).netloc != own and not r.url.startswith("data:") else None)
    page.on("response", on_response)
    page.on("pageerror", lambda e: problems.append(f"error {e}"))
    try:
        yield page, problems
    finally:
        context.close()


def shows_404(page: Any, script: str) -> None:
    lang, heading, label, _, _ = TEXT[script]
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("article h1").inner_text() == heading
    assert page.locator("a[data-rs-switch]").inner_text().strip() == label
    # Material's stylesheet and ours loaded: the header is the site's dark red.
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.md-header')).backgroundColor"
    ) == "rgb(183, 28, 28)"


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_404_like_nginx(chromium: Any, built_site: BuiltSite, viewport: str) -> None:
    with host(built_site.root, "nginx") as base, browse(chromium, base, viewport) as (page, bad):
        response = page.goto(base + "reports/no-such-report/2/")
        assert response.status == 404
        shows_404(page, "")
        page.locator("a[data-rs-switch]").click()
        page.wait_for_url(base + "zh-Hant/404.html")
        shows_404(page, "zh-Hant/")
        page.locator("a[data-rs-switch]").click()
        page.wait_for_url(base + "404.html")
        shows_404(page, "")

        response = page.goto(base + "zh-Hant/reports/no-such-report/")
        assert response.status == 404
        shows_404(page, "zh-Hant/")
        page.locator("article a").first.click()
        page.wait_for_url(base + "zh-Hant/")
        assert page.locator("html").get_attribute("lang") == "zh-Hant"
        assert bad == []


def test_404_like_github_pages(chromium: Any, built_site: BuiltSite) -> None:
    """GitHub Pages answers every missing address with the top-level 404.html."""
    with host(built_site.root, "github") as base, browse(chromium, base, "desktop") as (page, bad):
        assert page.goto(base + "no/such/page").status == 404
        shows_404(page, "")
        assert page.url == base + "no/such/page"
        page.goto(base + "zh-Hant/reports/no-such-report/")
        page.wait_for_url(base + "zh-Hant/404.html")
        shows_404(page, "zh-Hant/")
        page.locator("a[data-rs-switch]").click()
        page.wait_for_url(base + "404.html")
        shows_404(page, "")
        assert bad == []
