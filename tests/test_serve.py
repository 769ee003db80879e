"""The editors' live preview (`make serve`, i.e. `reportsite serve`) in headless Chromium.

Issue 16, point 11: save a seed and the open tab shows the new text within 2 s, in both
scripts, with one rebuild per save; a seed or seeds/metadata.yml that fails shows its one-line
error in the open tab until it is fixed, and no request hangs meanwhile. The 2 s is measured
here, the median of three saves per script, and printed (`pytest -s`) and recorded as a
property of the test (`--junitxml`); it is not asserted, because a timing depends on the
machine and its load (speed targets are measured, never asserted; the README gives the
figures). What is asserted: the new text shows in both tabs (within 30 s, so that no save is
lost), one rebuild per save, and the last build is served at once meanwhile.
The preview must also be what `make site` publishes: every file is compared with
`reportsite build` of the same project.

Each test runs the server on a copy of the project in a temporary folder, on a free local
port, with stdin from /dev/null in a session of its own (no terminal; it never relies on
SIGINT, which a background job ignores), and always stops its process group. Its log is
printed at teardown, which pytest shows when the test failed.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from support.helpers import copy_project, stop_process_group
from support.serving import free_port, wait_for

pytestmark = pytest.mark.browser

PAGE = "reports/futian-2024-review-2025-plan/1/3/"
SEED = "000_1b6eb3483533bf33.txt"  # the report PAGE belongs to
OTHER = "003_a98c90bdf83db19a.txt"  # the one with a header date
OLD = "吸引 1800 余人参"
BUILD_LINE = "Building the preview ("
TARGET = 2.0  # seconds from save to the new text in the open tab (the figure)
# A source date, so the preview and `reportsite build` stamp the same dates (sitemap.xml.gz).
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1",
           SOURCE_DATE_EPOCH="1767225600", SITE_URL="http://127.0.0.1:8000/")


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Preview:
    project: Path
    base: str
    log: Path

    def output(self) -> str:
        # Without MkDocs' colours, which it prints to a file too.
        return _ANSI.sub("", self.log.read_text(encoding="utf-8", errors="replace"))

    def builds(self) -> int:
        return self.output().count(BUILD_LINE)

    def seed(self, name: str = SEED) -> Path:
        return self.project / "seeds" / name


def start_preview(project: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`reportsite serve` on a free port, without a terminal, in a session of its own (so its
    process group can be stopped), its output in `log`; returns it and its base URL."""
    port = free_port()
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "reportsite", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=ENV, stdin=subprocess.DEVNULL, stdout=fh,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    return proc, f"http://127.0.0.1:{port}/"


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    project = copy_project(tmp_path / "project")
    log = tmp_path / "serve.log"
    proc, base = start_preview(project, log)
    served = Preview(project, base, log)
    try:
        if not wait_for(lambda: "1800余人参与" in fetch(served.base + PAGE)[1], 90):
            pytest.fail("reportsite serve did not come up:\n" + served.output())
        yield served
    finally:
        stop_process_group(proc)
        print(f"--- reportsite serve log ---\n{served.output()}")


def fetch(url: str, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def answered(url: str, within: float) -> int:
    """The status of `url`, which must come within `within` seconds."""
    started = time.monotonic()
    status, _body = fetch(url, timeout=within + 5)
    took = time.monotonic() - started
    assert took <= within, f"{url} took {took:.2f} s"
    return status


def text(tab: Any) -> str:
    """The tab's visible text; empty while it is reloading."""
    try:
        return str(tab.evaluate("document.body ? document.body.innerText : ''"))
    except Exception:  # the page navigated away mid-call (live reload)
        return ""


def until(tabs: dict[str, tuple[Any, str]], since: float, seconds: float = 30) -> dict[str, float]:
    """Seconds from `since` until each tab shows its text (name: (tab, text))."""
    shown: dict[str, float] = {}
    while len(shown) < len(tabs) and time.monotonic() - since < seconds:
        for name, (tab, wanted) in tabs.items():
            if name not in shown and wanted in text(tab):
                shown[name] = time.monotonic() - since
        time.sleep(0.03)
    missing = set(tabs) - set(shown)
    assert not missing, f"not shown within {seconds} s: {missing}"
    return shown


def test_a_saved_seed_shows_in_both_scripts_within_seconds(
    preview: Preview, chromium: Any, record_property: Any
) -> None:
    context = chromium.new_context()
    try:
        hans, hant = context.new_page(), context.new_page()
        hans.goto(preview.base + PAGE)
        hant.goto(preview.base + "zh-Hant/" + PAGE)
        assert "1800余人参与" in text(hans) and "1800餘人參與" in text(hant)
        seed = preview.seed()
        original = seed.read_text(encoding="utf-8")
        times: list[dict[str, float]] = []
        for number in (1900, 2000, 2100):
            builds = preview.builds()
            saved = time.monotonic()
            new = original.replace(OLD, f"吸引 {number} 余人参")
            if number == 2000:  # as editors that write a copy and rename it over the file
                aside = seed.with_name(seed.name + ".tmp")
                aside.write_text(new, encoding="utf-8")
                aside.replace(seed)
            else:
                seed.write_text(new, encoding="utf-8")
            # While it rebuilds, the last build is served at once.
            assert answered(preview.base + PAGE, within=1.0) == 200
            times.append(until({"hans": (hans, f"{number}余人参与"),
                                "hant": (hant, f"{number}餘人參與")}, saved))
            time.sleep(1.0)  # a second, self-triggered build would have started by now
            assert preview.builds() - builds == 1, preview.output()
        print("save to new text in the open tab (s):",
              ", ".join(f"简 {t['hans']:.2f} / 繁 {t['hant']:.2f}" for t in times))
        for script in ("hans", "hant"):
            typical = statistics.median(t[script] for t in times)
            record_property(f"save_to_text_median_s_{script}", round(typical, 2))
            print(f"{script}: median {typical:.2f} s (target {TARGET} s, load "
                  f"{os.getloadavg()[0]:.1f})")
    finally:
        context.close()


BREAKS = {
    # what breaks: (file, how, the part of the one line that must show)
    "binary seed": (SEED, lambda _old: b"\x00\x01\x02\xff binary" * 64, f"{SEED}: "),
    "impossible header date": (
        OTHER, lambda old: old.replace(b"2025-02-05", b"2025-13-45"), f"{OTHER}:2: "),
    "bad YAML in metadata.yml": (
        "metadata.yml", lambda old: old + b"\nbroken: [unclosed\n", "metadata.yml:"),
}


@pytest.mark.parametrize("case", list(BREAKS))
def test_a_failing_rebuild_shows_its_error_in_the_tab_until_fixed(
    preview: Preview, chromium: Any, case: str
) -> None:
    name, breaking, said = BREAKS[case]
    target = preview.seed(name)
    original = target.read_bytes()
    context = chromium.new_context()
    try:
        tab = context.new_page()
        tab.goto(preview.base + "zh-Hant/" + PAGE)
        banner = tab.locator("#reportsite-preview-error")
        started = time.monotonic()
        target.write_bytes(breaking(original))
        banner.wait_for(state="visible", timeout=20_000)
        print(f"{case}: error shown in the open tab after {time.monotonic() - started:.2f} s")
        assert said in banner.inner_text()
        assert "1800餘人參與" in text(tab)  # the last good build, under the banner
        lines = [ln for ln in preview.output().splitlines() if said in ln]
        assert len(lines) == 1 and lines[0].startswith("ERROR"), preview.output()
        assert "Traceback" not in preview.output()
        # Nothing hangs while it fails: pages of both scripts, an asset, a missing page.
        for url in (PAGE, "zh-Hant/" + PAGE, "", "assets/stylesheets/reportsite.css"):
            assert answered(preview.base + url, within=1.5) == 200
        assert answered(preview.base + "no/such/page/", within=1.5) == 404
        _status, page = fetch(preview.base + PAGE)
        assert 'id="reportsite-preview-error"' in page and said in page
        # Fixed (with a new figure, so the text shows it is a new build): the banner goes.
        fixed = original.replace(OLD.encode(), "吸引 1950 余人参".encode())
        started = time.monotonic()
        target.write_bytes(fixed)
        seed = preview.seed()
        if name != SEED:
            seed.write_bytes(seed.read_bytes().replace(OLD.encode(), "吸引 1950 余人参".encode()))
        until({"hant": (tab, "1950餘人參與")}, started)
        assert banner.count() == 0
        assert "reportsite-preview-error" not in fetch(preview.base + PAGE)[1]
        print(f"{case}: fixed, new text in the tab after {time.monotonic() - started:.2f} s")
    finally:
        context.close()


def test_a_broken_project_at_start_shows_the_error_page_then_the_site(tmp_path: Path) -> None:
    """No good build yet: every page is a page saying it is being built, then the error
    page (503), answered at once; then the site when the seed is fixed."""
    project = copy_project(tmp_path / "project")
    seed = project / "seeds" / SEED
    original = seed.read_bytes()
    seed.write_bytes(b"\x00\x01binary" * 64)
    log = tmp_path / "serve.log"
    proc, base = start_preview(project, log)
    try:
        assert wait_for(lambda: fetch(base + PAGE)[0] == 503, 60), log.read_text("utf-8")
        assert answered(base + PAGE, within=1.5) == 503  # building, or failed: never waits
        assert wait_for(lambda: "reportsite-preview-error" in fetch(base + PAGE)[1], 90), (
            log.read_text("utf-8"))
        status, page = fetch(base + PAGE)
        assert status == 503 and f"{SEED}: " in page
        seed.write_bytes(original)
        assert wait_for(lambda: "1800余人参与" in fetch(base + PAGE)[1], 30)
        assert "Traceback" not in log.read_text(encoding="utf-8")
    finally:
        stop_process_group(proc)
        print(f"--- reportsite serve log ---\n{log.read_text(encoding='utf-8')}")


_RELOAD = re.compile(rb"<script>\(function \(\) \{ var seen = [0-9]+;.*?</script>", re.S)


def test_the_preview_serves_what_make_site_publishes(preview: Preview, tmp_path: Path) -> None:
    """After a text edit (most pages reused from the previous build) and a title edit (all
    pages rendered again), every file matches `reportsite build` of the same project."""
    seed, metadata = preview.seed(), preview.seed("metadata.yml")
    edits = [
        (seed, OLD, "吸引 1990 余人参", "1990余人参与"),
        (metadata, "  slug: futian", "  title: 福田区妇联改过的标题\n  slug: futian", "改过的标题"),
    ]
    for number, (path, old, new, shows) in enumerate(edits):
        builds = preview.builds()
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        assert wait_for(lambda shows=shows: shows in fetch(preview.base + PAGE)[1], 30)
        assert wait_for(lambda builds=builds: "built in" in preview.output().split(BUILD_LINE)[-1]
                        and preview.builds() == builds + 1, 30)
        site = tmp_path / f"site{number}"
        subprocess.run([sys.executable, "-m", "reportsite", "build", "--site-dir", str(site)],
                       cwd=preview.project, env=ENV, check=True, capture_output=True)
        compared = 0
        for file in sorted(site.rglob("*")):
            rel = file.relative_to(site).as_posix()
            if not file.is_file() or rel == ".reportsite-output":
                continue
            with urllib.request.urlopen(preview.base + rel, timeout=5) as response:
                served = response.read()
            if rel.endswith(".html"):
                served = _RELOAD.sub(b"", served, count=1)
            assert served == file.read_bytes(), f"{rel} differs from reportsite build"
            compared += 1
        assert compared > 200
