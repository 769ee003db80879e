"""The offline bundle: unzip it, open it from file:// with the network cut off, use it.

Every request that is not a file:// URL is blocked and counted; the reader searches
in both scripts, follows a result, switches script and opens the themes page, and not
one request was blocked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from support.site import REPO, ensure_docs

QUERIES = {"": "母婴室", "zh-Hant/": "母嬰室"}


@dataclass
class Offline:
    zip_path: Path
    root: Path  # the unzipped report-site/ folder


@dataclass
class Blocking:
    page: Any
    blocked: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def offline(tmp_path_factory: pytest.TempPathFactory) -> Offline:
    ensure_docs()
    work = tmp_path_factory.mktemp("offline")
    env = dict(os.environ, REPORTSITE_OFFLINE="true", NO_MKDOCS_2_WARNING="1")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(work / "build")],
        cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stdout + build.stderr
    zipped = subprocess.run(
        [sys.executable, "-m", "reportsite", "bundle", str(work / "build"), str(work / "dist")],
        cwd=REPO, capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    assert zipped.returncode == 0, zipped.stderr
    (zip_path,) = (work / "dist").glob("*.zip")
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(work / "unzipped")
    return Offline(zip_path, work / "unzipped" / "report-site")


@pytest.fixture
def cut_off(chromium: Any) -> Iterator[Blocking]:
    """A page whose every non-file request is aborted and recorded."""
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    state = Blocking(page)

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            state.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    try:
        yield state
    finally:
        context.close()


def test_zip_name_and_contents(offline: Offline) -> None:
    assert offline.zip_path.name.startswith("report-site-offline-")
    assert (offline.root / "index.html").is_file()
    assert (offline.root / "zh-Hant" / "index.html").is_file()
    assert (offline.root / "search" / "search_index.js").is_file()
    for html in offline.root.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "unpkg.com" not in text and "fonts.googleapis" not in text, html


def search(page: Any, query: str) -> list[str]:
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.type(query)
    page.keyboard.press("End")  # Material reacts to key events, as to an IME commit
    items = page.locator(".md-search-result__item a")
    items.first.wait_for(timeout=15000)
    return [str(a.get_attribute("href")) for a in items.all()]


@pytest.mark.parametrize("script", sorted(QUERIES))
def test_search_follow_switch_from_file(offline: Offline, cut_off: Blocking, script: str) -> None:
    page = cut_off.page
    page.goto((offline.root / script / "index.html").as_uri())
    hits = search(page, QUERIES[script])
    assert hits, "no search result from file://"
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state()
    assert QUERIES[script] in page.locator("article").inner_text()
    here = page.url.split("#")[0].split("?")[0]
    assert here.startswith("file://") and here.endswith(".html")
    # The switch keeps the reader on the same page in the other script.
    page.locator("a[data-rs-switch]").first.click()
    page.wait_for_load_state()
    twin = page.url.split("#")[0].split("?")[0]
    other = "zh-Hant/" if script == "" else ""
    rel = here.split("/report-site/", 1)[1].removeprefix("zh-Hant/")
    assert twin.endswith("/report-site/" + other + rel), (here, twin)
    page.goto((offline.root / script / "reports" / "themes" / "index.html").as_uri())
    assert page.locator("article a").count() > 5
    assert cut_off.blocked == [], cut_off.blocked
