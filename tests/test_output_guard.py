"""`convert.py --out` only ever replaces a folder the converter made, or an empty or new one.

The converter replaces its output folder as a whole, so naming the wrong folder used to delete
it: `--out .` took the project with its `.git`, `--out seeds` the seeds, `--out docs` the
hand-written pages, all with exit status 0. Each case runs `convert.main` in-process on a
throw-away project and checks the exit status, the one-line message and that nothing changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportsite.commands import build as build_site
from reportsite.commands import convert
from support.helpers import ROOT, SEEDS, copy_project


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with seeds, config, hand-written docs and a .git, as the current folder."""
    proj = tmp_path / "proj"
    shutil.copytree(SEEDS, proj / "seeds")
    shutil.copytree(ROOT / "config", proj / "config")
    (proj / "docs").mkdir()
    (proj / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (proj / ".git").mkdir()
    (proj / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    monkeypatch.chdir(proj)
    return proj


def run(out: str | Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = convert.main(["--seeds", "seeds", "--out", str(out), "--config", "config"])
    return code, capsys.readouterr().err.strip().splitlines()


REFUSED = {
    ".": "project",  # the project root, .git included
    "seeds": "seeds",
    "config": "config",
    "docs": "docs",  # hand-written pages
    "repo": "repo",  # any folder holding .git
    "stuff": "stuff",  # a non-empty folder the converter did not make
    "afile": "afile",  # not a folder at all
}


@pytest.mark.parametrize("out", sorted(REFUSED))
def test_a_folder_the_converter_did_not_make_is_refused(
    out: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "repo" / ".git").mkdir(parents=True)
    (project / "repo" / "README").write_text("mine\n", encoding="utf-8")
    (project / "stuff").mkdir()
    (project / "stuff" / "notes.md").write_text("mine\n", encoding="utf-8")
    (project / "afile").write_text("mine\n", encoding="utf-8")
    before = snapshot(project)
    code, lines = run(out, capsys)
    assert code == 1
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ") and "(" in lines[0], lines[0]
    assert "Traceback" not in lines[0]
    assert snapshot(project) == before


@pytest.mark.parametrize("out", ["seeds/..", "docs/../seeds", "./seeds/"])
def test_spelled_differently_still_refused(
    out: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project)
    code, lines = run(out, capsys)
    assert code == 1 and len(lines) == 1 and lines[0].startswith("error: "), lines
    assert snapshot(project) == before


def test_missing_folder_is_made(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("docs/reports", capsys)
    assert code == 0
    assert (project / "docs" / "reports" / ".nav.yml").is_file()
    assert (project / "docs" / "index.md").is_file()


def test_empty_folder_is_used(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "out").mkdir()
    code, _ = run("out", capsys)
    assert code == 0
    assert (project / "out" / ".nav.yml").is_file()


def test_own_output_is_replaced(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("out", capsys)[0] == 0
    (project / "out" / "stale.md").write_text("old\n", encoding="utf-8")
    assert run("out", capsys)[0] == 0
    assert not (project / "out" / "stale.md").exists()


def test_output_of_the_previous_version_is_replaced(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A checkout's docs/reports from before the marker: the generated .nav.yml identifies it."""
    old = project / "docs" / "reports"
    (old / "some-report").mkdir(parents=True)
    (old / ".nav.yml").write_text("- 报告: []\n", encoding="utf-8")
    (old / "some-report" / "index.md").write_text("# old\n", encoding="utf-8")
    code, _ = run("docs/reports", capsys)
    assert code == 0
    assert not (old / "some-report").exists()
    assert (old / ".nav.yml").is_file()


def test_own_output_that_gained_a_git_folder_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("out", capsys)[0] == 0
    (project / "out" / ".git").mkdir()
    code, lines = run("out", capsys)
    assert code == 1 and len(lines) == 1 and ".git" in lines[0], lines
    assert (project / "out" / ".git").is_dir()


# ---------------------------------------------------------------------------------------------
# The same guard for the site folder of `reportsite build` (what `make site` runs). MkDocs
# itself is replaced by a stand-in that writes one page: only the publishing is under test.


@pytest.fixture
def site_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    def fake_mkdocs(config_file: Path, site_dir: Path) -> None:
        (site_dir / "index.html").write_text("<p>new</p>\n", encoding="utf-8")

    monkeypatch.setattr(build_site, "mkdocs_build", fake_mkdocs)
    return copy_project(tmp_path / "project")


def build(project: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str]]:
    code = build_site.main(["--config-file", str(project / "mkdocs.yml"), *extra])
    return code, capsys.readouterr().err.strip().splitlines()


@pytest.mark.parametrize("content", ["foreign", "git"])
def test_a_site_folder_the_generator_did_not_make_is_refused(
    content: str, site_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = site_project / "site"
    (site / ("notes" if content == "foreign" else ".git")).mkdir(parents=True)
    (site / "index.html").write_text("<p>mine</p>\n", encoding="utf-8")
    before = snapshot(site_project)
    code, lines = build(site_project, capsys)
    assert code == 1 and len(lines) == 1, lines
    assert lines[0].startswith(f"error: {site}: ") and "(" in lines[0], lines[0]
    assert snapshot(site_project) == before  # docs/reports not written either


@pytest.mark.parametrize("site_dir", [".", "docs", "seeds"])
def test_site_dir_naming_a_project_folder_is_refused(
    site_dir: str, site_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(site_project)
    code, lines = build(site_project, capsys, "--site-dir", str(site_project / site_dir))
    assert code == 1 and len(lines) == 1 and lines[0].startswith("error: "), lines
    assert snapshot(site_project) == before


def test_site_of_the_previous_version_is_replaced(
    site_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A checkout's site/ from before the marker: both scripts' layout identifies it."""
    site = site_project / "site"
    (site / "zh-Hant").mkdir(parents=True)
    (site / "sitemap.xml").write_text("<urlset/>\n", encoding="utf-8")
    (site / "zh-Hant" / "index.html").write_text("<p>old</p>\n", encoding="utf-8")
    assert build(site_project, capsys)[0] == 0
    assert sorted(snapshot(site)) == [".reportsite-output", "index.html"]
    assert build(site_project, capsys)[0] == 0  # and from now on by its marker
