"""devtools/check_links.py: every internal link of the built site resolves, nothing external.

Runs the checker over the session's two real builds (directory URLs over http, and
`use_directory_urls: false` for file://), each holding both scripts, then shows on small
hand-made sites and on a damaged copy of the real one that it finds what it must find.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.check_links import check_site
from support.helpers import ROOT
from support.site import BuiltSite

CHECKER = ("-m", "devtools.check_links")


def html_pages(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*.html")}


@pytest.mark.parametrize("which", ["built_site", "file_site"])
def test_every_link_of_both_scripts_resolves(which: str, request: pytest.FixtureRequest) -> None:
    site: BuiltSite = request.getfixturevalue(which)
    report = check_site(site.root)
    assert report.problems == [], "\n".join(map(str, report.problems[:20]))
    # One run covers both scripts: every page of each was read, and they are twins.
    hans = {f for f in report.files if not f.startswith("zh-Hant/")}
    hant = {f.removeprefix("zh-Hant/") for f in report.files if f.startswith("zh-Hant/")}
    assert hans == hant and len(hans) > 20
    assert report.files == html_pages(site.root)
    # nav (pruned to the visible part), switch, hreflang, assets on every page
    assert report.links > 30 * report.pages


def test_file_site_has_no_directory_links(file_site: BuiltSite) -> None:
    """Without directory URLs every link names a file: file:// shows folders as listings."""
    report = check_site(file_site.root, dir_urls=False)
    assert report.problems == [], "\n".join(map(str, report.problems[:20]))


def test_directory_links_are_caught_in_a_file_build(built_site: BuiltSite) -> None:
    """The served build links to folders (reports/a/): as a file:// build that is wrong."""
    report = check_site(built_site.root, dir_urls=False)
    assert any("directory link" in p.message for p in report.problems)


def run_checker(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *CHECKER, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_command_line_on_the_real_site(built_site: BuiltSite) -> None:
    result = run_checker(str(built_site.root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("no problems"), result.stdout


def test_command_line_on_a_damaged_copy(built_site: BuiltSite, tmp_path: Path) -> None:
    """Delete a page and add a CDN script: both are reported, in both scripts, exit 1."""
    site = tmp_path / "site"
    shutil.copytree(built_site.root, site)
    gone = "reports/shenzhen-2024-ten-events/3/index.html"
    (site / gone).unlink()
    (site / "zh-Hant" / gone).unlink()
    page = site / "zh-Hant" / "index.html"
    text = page.read_text(encoding="utf-8")
    cdn = '<script src="https://cdn.jsdelivr.net/npm/x.js"></script>'
    page.write_text(text.replace("</head>", cdn + "</head>", 1), encoding="utf-8")
    result = run_checker(str(site))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    missing = [ln for ln in lines if "no such file" in ln and "shenzhen-2024-ten-events/3/" in ln]
    assert any(ln.startswith("zh-Hant/") for ln in missing)
    assert any(not ln.startswith("zh-Hant/") for ln in missing)
    assert any(ln.startswith("zh-Hant/index.html:") and "cdn.jsdelivr.net" in ln for ln in lines)
    assert "Traceback" not in result.stderr


def test_not_a_site() -> None:
    result = run_checker(str(ROOT / "tests"))
    assert result.returncode == 1
    assert "not a built site" in result.stderr


# ---------------------------------------------------------------------------------------------
# A hand-made site with one link of each kind.

SITE_URL = "https://example.org/reports/"
GOOD = {
    "relative page": '<a href="../a/">',
    "relative file": '<a href="../a/index.html">',
    "parent": '<a href="../index.html">',  # from sub/, below
    "fragment": '<a href="#top">',
    "empty": '<a href="">',
    "site-absolute": '<a href="/a/">',
    "own canonical": f'<link rel="canonical" href="{SITE_URL}sub/">',
    "own hreflang": f'<link rel="alternate" hreflang="zh-Hant" href="{SITE_URL}a/">',
    "percent-encoded": '<a href="../%E5%8C%BA%E5%A6%87%E8%81%94%20%E6%8A%A5%E5%91%8A%20(1).txt">',
    "raw spaces": '<a href="../区妇联 报告 (1).txt">',
    "query": '<link rel="stylesheet" href="../style.css?v=3">',
    "srcset": '<img srcset="../pic.png 1x, ../pic.png 2x" src="../pic.png">',
    "data": '<img src="data:image/png;base64,AAAA">',
    "mailto": '<a href="mailto:fulian@example.org">',
    "tel": '<a href="tel:12338">',
}
BAD = {
    "missing page": ('<a href="b/">', "no such file"),
    "missing file": ('<img src="../missing.png">', "no such file"),
    "dir without index": ('<a href="../empty/">', "no such file"),
    "outside": ('<a href="../../../etc/passwd">', "outside the site"),
    "http": ('<a href="http://example.com/">', "external URL"),
    "https script": ('<script src="https://cdn.example.com/x.js"></script>', "external URL"),
    "font": ('<link href="https://fonts.googleapis.com/css?family=Noto">', "external URL"),
    "protocol-relative": ('<img src="//analytics.example.com/p.gif">', "external URL"),
    "other host, same path": ('<a href="https://example.com/reports/a/">', "external URL"),
    "own URL, missing": (f'<a href="{SITE_URL}nope/">', "no such file"),
    "javascript": ('<a href="javascript:alert(1)">', "javascript: URL"),
    "iframe": ('<iframe src="https://evil.example/"></iframe>', "external URL"),
    "srcset": ('<img srcset="../pic.png 1x, https://cdn.example/p.png 2x">', "external URL"),
    "refresh": ('<meta http-equiv="refresh" content="0; url=https://evil.example/">', "external"),
}


def mini_site(root: Path, body: str) -> None:
    """index.html, a/index.html, sub/index.html (holding `body`), a seed and a picture."""
    for page in ("index.html", "a/index.html"):
        (root / page).parent.mkdir(parents=True, exist_ok=True)
        (root / page).write_text(
            f'<html><head><link rel="canonical" href="{SITE_URL}{page.removesuffix("index.html")}">'
            "</head><body>home</body></html>",
            encoding="utf-8",
        )
    (root / "sub").mkdir()
    (root / "sub" / "index.html").write_text(
        f'<html><head></head><body id="top">\n{body}\n</body></html>', encoding="utf-8"
    )
    (root / "empty").mkdir()
    (root / "区妇联 报告 (1).txt").write_text("报告", encoding="utf-8")
    (root / "style.css").write_text("", encoding="utf-8")
    (root / "pic.png").write_bytes(b"\x89PNG")


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_good_link_passes(kind: str, tmp_path: Path) -> None:
    mini_site(tmp_path, GOOD[kind])
    report = check_site(tmp_path)
    assert report.problems == []
    assert report.links >= 1


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_link_is_reported_with_file_and_line(kind: str, tmp_path: Path) -> None:
    link, message = BAD[kind]
    mini_site(tmp_path, link)
    report = check_site(tmp_path)
    assert len(report.problems) == 1, report.problems
    problem = report.problems[0]
    assert (problem.file, problem.line) == ("sub/index.html", 2)
    assert message in problem.message
