"""Drive Material's own search box in headless Chromium (Playwright) and read what it shows.

Shared by tests/test_browser_search.py and scripts/search_quality.py, so the suite and the
measurement see the search exactly the same way: through the input and the result list.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Counts every change of the result meta line ("找到 3 个符合条件的结果"), which Material
# rewrites on every RESULT message, and stamps the first time a result or "no result" shows.
_OBSERVER = """
(() => {
  window.__search = { changes: 0, first: null, mark: 0, expectNone: false };
  const start = () => {
    const meta = document.querySelector(".md-search-result__meta");
    const config = document.getElementById("__config");
    if (!meta || !config) return setTimeout(start, 5);
    const none = JSON.parse(config.textContent).translations["search.result.none"];
    new MutationObserver(() => {
      const s = window.__search;
      s.changes++;
      const items = document.querySelectorAll(".md-search-result__item").length;
      if (s.first === null && (items > 0 || (s.expectNone && meta.textContent === none)))
        s.first = performance.now();
    }).observe(meta, { childList: true, characterData: true, subtree: true });
  };
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", start);
  else start();
})();
"""

_READ_RESULTS = """
() => Array.from(document.querySelectorAll(".md-search-result__item")).map(item => {
  const link = item.querySelector("a.md-search-result__link");
  const heading = item.querySelector("h1,h2");
  return { href: link ? link.href : "", title: heading ? heading.textContent : "",
           text: item.textContent };
})
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Keep-alive, as any real static host (HTTP/1.0 would open a connection per file).
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(
    root: Path, handler: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler
) -> Iterator[str]:
    """Serve ``root`` over http on a free port; yields the base URL (with trailing slash).

    ``handler`` answers the requests: a static host's own behaviour (its error pages, say)."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_process(root: Path) -> Iterator[str]:
    """``serve`` in a process of its own, as a real static host is.

    For timing: in-process, the server threads wait for the interpreter lock that
    Playwright's event loop holds, which adds tens of milliseconds to every request.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "devtools.browser", str(root)],
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert proc.stdout is not None
        port = proc.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError(f"static server did not start: {port!r}")
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def launch(pw: Playwright) -> Browser:
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


@dataclass
class Hit:
    href: str
    title: str
    text: str


@dataclass
class Outcome:
    query: str
    hits: list[Hit]
    meta: str
    latency_ms: float | None = None
    bytes_raw: int = 0
    bytes_gzip: int = 0
    requests: list[str] = field(default_factory=list)


def _wait_settled(page: Page, timeout_ms: int = 15_000) -> None:
    """Wait for at least one RESULT after the last key press, then for the list to go quiet."""
    page.wait_for_function("window.__search.changes > window.__search.mark", timeout=timeout_ms)
    last = -1
    while True:
        page.wait_for_timeout(120)
        now = page.evaluate("window.__search.changes")
        if now == last:
            return
        last = now


def open_site(page: Page, url: str) -> None:
    page.add_init_script(_OBSERVER)
    page.goto(url)


def _load_all(page: Page) -> None:
    """Material renders 10 results, then 4 more each time the list is scrolled to its end."""
    last = -1
    while True:
        count = page.locator(".md-search-result__item").count()
        if count == last:
            return
        last = count
        # Material only reacts to the list *reaching* its end, so leave the end first.
        for top in ("0", "w.scrollHeight"):
            page.evaluate(
                "() => { const w = document.querySelector('.md-search__scrollwrap');"
                f" if (w) w.scrollTop = {top}; }}"
            )
            page.wait_for_timeout(80)


def type_query(page: Page, query: str) -> Outcome:
    """Type ``query`` into Material's search input as a reader would and read every result.

    The page must have been opened with ``open_site``; the box is cleared first, so one page
    serves a whole query set.
    """
    box = page.locator("input[data-md-component=search-query]")
    box.click()  # visible in the header on a desktop-sized viewport; opens the search dialog
    box.fill("")
    page.evaluate("window.__search.mark = window.__search.changes")
    box.press_sequentially(query, delay=10)
    # Han characters arrive like an IME commit (no key events); Material only reacts to keyup.
    box.dispatch_event("compositionend")
    box.press("End")
    _wait_settled(page)
    _load_all(page)
    hits = [Hit(**h) for h in page.evaluate(_READ_RESULTS)]
    meta = page.inner_text(".md-search-result__meta")
    return Outcome(query=query, hits=hits, meta=meta)


def _is_search_request(url: str) -> bool:
    path = urlsplit(url).path
    return "/search/" in path or "/workers/" in path or "/lunr/" in path


def timed_query(page: Page, url: str, query: str, expect_none: bool) -> Outcome:
    """Navigate to ``url?q=query`` (Material's own deep link) and time navigation → first result.

    Every search request is counted: the index, worker, shards, snippets, language scripts.
    Bodies are read only after the first result is shown, so that copying them out of the
    browser never competes with the page being timed.
    """
    responses: list[Any] = []

    def on_response(response: Any) -> None:
        if _is_search_request(response.url):
            responses.append(response)

    page.on("response", on_response)
    page.add_init_script(_OBSERVER + f"\nwindow.__search.expectNone = {str(expect_none).lower()};")
    sep = "&" if "?" in url else "?"
    page.goto(f"{url}{sep}q={quote(query)}")
    # Generous: stock Material at 100x downloads and indexes tens of MB before its first result.
    page.wait_for_function("window.__search.first !== null", timeout=180_000)
    latency = float(page.evaluate("window.__search.first"))
    page.wait_for_timeout(300)  # let late snippet requests finish so they are counted
    hits = [Hit(**h) for h in page.evaluate(_READ_RESULTS)]
    meta = page.inner_text(".md-search-result__meta")
    page.remove_listener("response", on_response)
    sizes: dict[str, tuple[int, int]] = {}
    for response in responses:
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            continue
        sizes[response.url] = (len(body), len(gzip.compress(body, 6)))
    return Outcome(
        query=query,
        hits=hits,
        meta=meta,
        latency_ms=latency,
        bytes_raw=sum(r for r, _ in sizes.values()),
        bytes_gzip=sum(g for _, g in sizes.values()),
        requests=sorted(sizes),
    )


def page_key(href: str, site_root: str) -> str:
    """Result link → site-relative HTML file ("reports/x/index.html"), whatever the URL style."""
    path = unquote(urlsplit(href).path)
    root = unquote(urlsplit(site_root).path)
    rel = path[len(root) :] if path.startswith(root) else path.lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return rel


if __name__ == "__main__":  # serve_process: python -m devtools.browser ROOT, prints the port
    handler = functools.partial(_QuietHandler, directory=sys.argv[1])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()
