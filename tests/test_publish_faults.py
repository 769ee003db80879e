"""Publishing site/ is atomic and exclusive, whatever kills the build and wherever.

Cheap part: reportsite.publish on fake trees, in a driver child parked at each chosen moment
(the driver wraps the primitives publish uses; the product code has no fault hooks), then
SIGKILLed. After each kill site/ must hash-equal the old or the new tree, and the next run,
good or failing, must leave a complete site/ and no leftovers.

Real part: `make site` on a copy of the project, killed during its mkdocs build, run twice at
once, and run after a kill with a bad seed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import copy_project

PYTHON = sys.executable
VENV = Path(PYTHON).parent.parent


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file below `folder` (hidden ones included) with its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_site(project: Path, *, wait: bool = True) -> subprocess.Popen[str]:
    # The copy uses this checkout's venv; -o marks its requirement stamp as up to date so
    # make never tries to reinstall packages.
    venv = str(VENV)
    return subprocess.Popen(
        ["make", "-s", "site", f"VENV={venv}", "-o", f"{venv}/.stamp-requirements"],
        cwd=project,
        env=dict(os.environ, SITE_URL="http://127.0.0.1:9/"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def finish(proc: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out + err


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with site/ made by one `make site`: the known-good tree."""
    project = copy_project(
        tmp_path_factory.mktemp("faults") / "project",
        ("Makefile", "requirements.txt", "requirements-dev.txt"),
    )
    code, log = finish(make_site(project))
    assert code == 0, log
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(built, dest, symlinks=True)
    return dest


def site_is_complete(site: Path) -> None:
    for rel in ("index.html", "sitemap.xml", "404.html", "zh-Hant/index.html",
                "zh-Hant/sitemap.xml", "search/ngram/worker.js",
                "zh-Hant/search/ngram/worker.js"):
        assert (site / rel).is_file(), f"site/{rel} is missing"


def building_into(project: Path, proc: subprocess.Popen[str]) -> None:
    """Wait until `proc` has its staging folder (a hidden .site.* folder) with pages in it."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        staging = [p for p in project.glob(".site.*") if p.is_dir()]
        if any((p / "assets").is_dir() for p in staging):
            return
        time.sleep(0.01)
    pytest.fail("the build never started writing its staging folder")


@pytest.mark.build
def test_two_make_site_started_apart_leave_one_complete_site(built: Path, project: Path) -> None:
    good = tree_hashes(built / "site")
    (project / "site" / "stale.html").write_text("from before\n", encoding="utf-8")
    first = make_site(project)
    building_into(project, first)  # the first one's mkdocs build is writing by now
    second = make_site(project)
    results = [finish(first), finish(second)]
    for code, log in results:
        assert code == 0, log
    site_is_complete(project / "site")
    assert tree_hashes(project / "site") == good
