"""The preview's web server: the last good build, live reload, and the error while there is one.

`mkdocs serve` made a tab wait for a build that never came: after a failed rebuild every
request waited for the site to be complete again, so a reload hung and the open tab kept
the old text with no warning. Here:

* each build goes into a fresh folder, and `PreviewState.publish` swaps it in whole, so a
  request is answered at once from the last complete build, during a rebuild too;
* a failed build (`PreviewState.fail`) leaves that build served, with a banner on every
  page saying the preview is out of date and why (the lines the terminal printed); before
  any build has succeeded, a page saying it is being built, or the banner alone;
* every page carries a small script that asks `/livereload/<version>` for a newer state;
  the server answers as soon as there is one (a build swapped in, or a failure), and at
  the latest after a second, so no request is ever held for long.
"""

from __future__ import annotations

import hashlib
import html
import logging
import mimetypes
import posixpath
import re
import shutil
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

log = logging.getLogger("mkdocs.reportsite.preview")

POLL_SECONDS = 1.0  # the longest a live-reload request is held
BANNER_ID = "reportsite-preview-error"
_BODY = re.compile(rb"<body[^>]*>")
# Material's bundles: main.<hash>.min.css, bundle.<hash>.min.js, workers/search.<hash>.min.js
_HASHED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)$")
_RELOAD = (
    '<script>(function () {{ var seen = {version};'
    ' function poll() {{ var r = new XMLHttpRequest();'
    ' r.onloadend = function () {{'
    ' if (r.status === 200 && +r.responseText > seen) {{ location.reload(); }}'
    ' else {{ setTimeout(poll, r.status === 200 ? 0 : 1000); }} }};'
    ' r.open("GET", "/livereload/" + seen); r.send(); }}'
    ' poll(); }})();</script>'
)
# Inline styles: the banner must not depend on, nor change, the site's own CSS.
_BANNER = (
    '<div id="{id}" role="alert" lang="zh-Hans" style="position:fixed;left:0;right:0;'
    'bottom:0;z-index:100000;max-height:50vh;overflow:auto;background:#8b0000;color:#fff;'
    'padding:.8em 1.2em;font:15px/1.5 system-ui,sans-serif;box-shadow:0 -2px 8px #0006">'
    '<strong>预览未更新：重建失败（the preview was not rebuilt）</strong> {where}'
    '<pre style="margin:.4em 0 0;white-space:pre-wrap;font:14px/1.4 monospace;color:#fff;'
    'background:none">{lines}</pre></div>'
)
_KEPT = "下面是上一次成功构建的页面（below: the last good build）。修正后保存，预览自动更新。"
_NONE = "还没有成功构建的页面（no build has succeeded yet）。修正后保存，预览自动更新。"


class PreviewState:
    """What the server shows: the last good build, the current error, and a version that
    grows with every change of either (wall-clock milliseconds, so a tab left open across a
    restart of the server still sees the new state as newer)."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.root: Path | None = None
        self.error: list[str] = []
        self.version = self._next(0)
        self._old: list[Path] = []

    @staticmethod
    def _next(version: int) -> int:
        return max(version + 1, time.time_ns() // 1_000_000)

    def publish(self, root: Path) -> None:
        with self.cond:
            if self.root is not None:
                self._old.append(self.root)
            self.root, self.error = root, []
            self.version = self._next(self.version)
            self.cond.notify_all()
            # The build before the previous one: no request can still be reading it.
            stale, self._old = self._old[:-1], self._old[-1:]
        for folder in stale:
            shutil.rmtree(folder, ignore_errors=True)

    def fail(self, lines: list[str]) -> None:
        with self.cond:
            self.error = list(lines) or ["the build failed"]
            self.version = self._next(self.version)
            self.cond.notify_all()

    def snapshot(self) -> tuple[Path | None, list[str], int]:
        with self.cond:
            return self.root, self.error, self.version

    def wait_newer(self, seen: int, timeout: float) -> int:
        with self.cond:
            self.cond.wait_for(lambda: self.version > seen, timeout=timeout)
            return self.version


def banner(error: list[str], kept: bool) -> bytes:
    text = BANNER_ID, _KEPT if kept else _NONE, html.escape("\n".join(error))
    return _BANNER.format(id=text[0], where=text[1], lines=text[2]).encode("utf-8")


def inject(page: bytes, version: int, error: list[str]) -> bytes:
    """The live-reload script before </body>, and the error banner after <body> if any."""
    script = _RELOAD.format(version=version).encode("ascii")
    end = page.rfind(b"</body>")
    page = page + script if end < 0 else page[:end] + script + page[end:]
    if error:
        body = _BODY.search(page)
        at = body.end() if body else 0
        page = page[:at] + banner(error, kept=True) + page[at:]
    return page


def error_page(error: list[str], version: int) -> bytes:
    """Before the first good build: why there is none, or that it is being made."""
    head = '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
    title, body = "预览未更新", banner(error, kept=False)
    if not error:
        title = "正在生成预览"
        body = f"<p>{title}……（building the preview）</p>".encode()
    page = f"{head}<title>{title}</title></head><body></body></html>".encode()
    return inject(page.replace(b"<body>", b"<body>" + body), version, [])


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: PreviewState, mount: str) -> None:
        super().__init__(address, _Handler)
        self.state = state
        self.mount = "/" + mount.strip("/") + "/" if mount.strip("/") else "/"

    def handle_error(self, request: object, client_address: object) -> None:
        # socketserver prints a traceback; a tab that reloads or closes mid-answer is normal.
        log.debug("request from %s failed", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    # Keep-alive: a reload's dozen requests reuse the browser's connections (every answer
    # says its length).
    protocol_version = "HTTP/1.1"

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_GET(self) -> None:
        self._respond(head=False)

    def log_message(self, format: str, *args: object) -> None:
        log.debug(format, *args)

    def _respond(self, head: bool) -> None:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if m := re.fullmatch(r"/livereload/([0-9]+)", path):
            version = self.server.state.wait_newer(int(m[1]), POLL_SECONDS)
            return self._send(200, str(version).encode(), "text/plain", head)
        mount = self.server.mount
        if not (path + "/").startswith(mount):
            if path == "/":
                return self._redirect(mount)
            return self._send(404, b"404 Not Found", "text/plain", head)
        root, error, version = self.server.state.snapshot()
        rel = posixpath.normpath("/" + path[len(mount):]).lstrip("/")
        if root is None:  # the first build is under way, or failed
            return self._send(503, error_page(error, version), "text/html", head)
        target = root / rel
        if target.is_dir():
            if not path.endswith("/"):
                return self._redirect(urllib.parse.quote(path) + "/")
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status, target = 404, root / "404.html"
            if not target.is_file():
                return self._send(404, b"404 Not Found", "text/plain", head)
        try:
            body = target.read_bytes()
        except OSError:  # its build was removed meanwhile (two rebuilds during one request)
            return self._send(503, b"the preview changed: reload", "text/plain", head)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            return self._send(status, inject(body, version, error), kind, head)
        # Assets by content: a reload revalidates them (304) and the browser keeps what it
        # parsed, instead of fetching and compiling Material's scripts again on every save;
        # those whose name holds a hash of their content are not even asked for again.
        tag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        if status == 200 and self.headers.get("If-None-Match") == tag:
            return self._send(304, b"", kind, head=True, tag=tag)
        self._send(status, body, kind, head, tag=tag,
                   immutable=status == 200 and bool(_HASHED.search(target.name)))

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, body: bytes, kind: str, head: bool, tag: str = "",
              immutable: bool = False) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith("xml") else ""
        self.send_header("Content-Type", kind + charset)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        if immutable:
            self.send_header("Cache-Control", "max-age=31536000, immutable")
        elif tag:  # kept, but asked again every time
            self.send_header("ETag", tag)
            self.send_header("Cache-Control", "no-cache")
        else:  # pages and live-reload answers: never from a cache
            self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)
