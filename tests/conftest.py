"""Shared fixtures for the report-site tests.

Fixtures (all session-scoped unless noted):

``repo_root``      Path of the repository.
``server_port``    A free TCP port on 127.0.0.1, chosen before building so the site's SITE_URL
                   can point at the local server (hreflang/canonical/sitemap URLs stay local).
``built_site``     ``BuiltSite``: both scripts built once with ``mkdocs build --strict`` semantics
                   (Simplified at ``.root``, Traditional at ``.root / "zh-Hant"``),
                   ``use_directory_urls: true``, ``site_url`` = ``.base_url`` (the local server).
                   Generates docs/reports with `reportsite convert` first if it is missing.
``file_site``      ``BuiltSite`` built with ``use_directory_urls: false`` for file:// browsing
                   (``.base_url`` is the ``file://`` URL of its root).
``http_server``    ``LocalServer`` serving ``built_site`` at ``.base_url``; it keeps a request
                   log, prints it when any test failed, and always stops at session end.
``chromium``       A Playwright Chromium ``Browser`` (``executable_path`` = $CHROMIUM or
                   /usr/bin/chromium, sandbox/GPU/background networking off).  If Chromium is
                   missing the tests FAIL with a message saying what to install (never skip).
``browser_page``   (function scope) ``RecordingPage``: a fresh context + page whose every request
                   URL is recorded in ``.requests``, closed after the test.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devtools.browser import CHROMIUM_ARGS
from support.site import (
    REPO,
    BuiltSite,
    LocalServer,
    RecordingPage,
    build_site,
    ensure_docs,
)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def server_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, server_port: int) -> BuiltSite:
    ensure_docs()
    dest = tmp_path_factory.mktemp("site") / "site"
    return build_site(dest, f"http://127.0.0.1:{server_port}/", use_directory_urls=True)


@pytest.fixture(scope="session")
def file_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    ensure_docs()
    dest = tmp_path_factory.mktemp("file-site") / "site"
    # site_url is irrelevant offline; the plugin emits relative hreflang links without dir URLs.
    build_site(dest, "http://127.0.0.1:9/", use_directory_urls=False)
    return BuiltSite(dest, dest.as_uri() + "/", use_directory_urls=False)


class _Handler(http.server.SimpleHTTPRequestHandler):
    log_sink: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        self.log_sink.append(f"{self.address_string()} {format % args}")


@pytest.fixture(scope="session")
def http_server(
    request: pytest.FixtureRequest, built_site: BuiltSite, server_port: int
) -> Iterator[LocalServer]:
    log: list[str] = []
    handler = functools.partial(_Handler, directory=str(built_site.root))
    _Handler.log_sink = log
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", server_port), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    server = LocalServer(built_site.base_url, server_port, log)
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
        if request.session.testsfailed:
            print(f"\n--- local server log ({server.base_url}) ---\n" + "\n".join(log))


def chromium_path() -> str:
    return os.environ.get("CHROMIUM", "/usr/bin/chromium")


# Per module, not per session: Playwright's sync API allows one running instance per thread,
# and some modules (test_browser_search, test_a11y) start their own; a session-wide browser
# opened by an earlier module would make theirs fail.
@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    exe = chromium_path()
    if not (os.path.isfile(exe) and os.access(exe, os.X_OK)) and not shutil.which(exe):
        pytest.fail(
            f"Chromium not found at {exe}. Install it (Debian/Ubuntu as root: "
            "`apt-get install -y chromium`, which `make test` does) or set CHROMIUM.",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "playwright is not installed: pip install -r requirements-dev.txt", pytrace=False
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture()
def browser_page(chromium: Any) -> Iterator[RecordingPage]:
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    try:
        yield RecordingPage(page, requests)
    finally:
        context.close()
