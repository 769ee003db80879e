"""The real site build (`make site`, `reportsite build`) run twice at once, and killed.

On a copy of the project built once (the known-good tree): two `make site` started while the
first is writing leave one complete site, the second having waited; a build SIGKILLed in its
Traditional build or just after its swap leaves a complete site/, and the next run with a
bad seed (one line, exit 1) and the good one after it recover; a build waiting for one that
is killed goes on and publishes; SIGTERM cleans up like Ctrl-C. The publish logic itself is
tested at every moment on fake trees in tests/test_publish_faults.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.helpers import copy_project, make_site_command
from support.processes import kill, tree_hashes, wait_parked

PYTHON = sys.executable
VENV = Path(PYTHON).parent.parent


def make_site(project: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        make_site_command(VENV),
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
    assert "waiting: another build is writing" in results[1][1]
    site_is_complete(project / "site")
    assert tree_hashes(project / "site") == good


# ---------------------------------------------------------------------------------------------
# The real build, killed: `reportsite build` (what `make site` runs) in a driver child.

# Runs build_site.main() in the project copy, parked when the Traditional build starts (the
# Simplified site complete in staging) or just after the swap (the new site in place, the old
# one not yet removed).
_BUILD_DRIVER = """
import pathlib, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)
parked, point = sys.argv[1:3]
import mkdocs.commands.build as mkdocs_build
from reportsite.commands import build as build_site
import reportsite.publish as publish

def park(name):
    if name == point:
        pathlib.Path(parked).write_text(name, encoding="utf-8")
        time.sleep(120)

real_build = mkdocs_build.build
def build(config, **kwargs):
    # The Traditional build: after the Simplified one in this process, or at the same time
    # in the forked child that `reportsite build` runs it in on two cores.
    if pathlib.Path(config.site_dir).name == "zh-Hant":
        park("traditional-build")
    return real_build(config, **kwargs)
mkdocs_build.build = build

real_exchange = publish._exchange
def exchange(a, b):
    done = real_exchange(a, b)
    if pathlib.Path(b).name == "site":
        park("after-swap")
    return done
publish._exchange = exchange
sys.exit(build_site.main([]))
"""

BAD_SEED = b"\x00\x01binary"


def project_leftovers(project: Path) -> list[str]:
    names = [p.name for p in project.glob(".site.*")]
    names += [f"docs/{p.name}" for p in (project / "docs").glob(".reports.*")]
    return sorted(n for n in names if not n.endswith(".lock"))


def add_report(project: Path) -> None:
    """A third report, so the new site differs from the old one."""
    seed = project / "seeds" / "000_1b6eb3483533bf33.txt"
    text = seed.read_text(encoding="utf-8").replace("2024", "2023")
    (project / "seeds" / "extra.txt").write_text(text, encoding="utf-8")


def parked_build(project: Path, point: str, jobs: str = "") -> subprocess.Popen[bytes]:
    """The build parked at `point`; `jobs` "1" or "2" builds the twin in this process or a
    forked child (REPORTSITE_JOBS), "" as the machine's cores say."""
    parked = project.parent / "parked"
    proc = subprocess.Popen(
        [PYTHON, "-c", _BUILD_DRIVER, str(parked), point],
        cwd=project,
        env=dict(os.environ, SITE_URL="http://127.0.0.1:9/", NO_MKDOCS_2_WARNING="1",
                 REPORTSITE_JOBS=jobs),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    wait_parked(proc, parked, point)
    return proc


KILL_POINTS = [("traditional-build", "1"), ("traditional-build", "2"), ("after-swap", "")]


@pytest.mark.build
@pytest.mark.parametrize(("point", "jobs"), KILL_POINTS,
                         ids=[f"{p}-{j or 'cores'}" for p, j in KILL_POINTS])
def test_make_site_killed_then_a_failing_and_a_good_run(
    built: Path, project: Path, point: str, jobs: str
) -> None:
    """SIGKILL; with jobs 2 the Traditional build is a forked child, which dies with it."""
    old = tree_hashes(built / "site")
    add_report(project)
    proc = parked_build(project, point, jobs)
    kill(proc)
    site = project / "site"
    site_is_complete(site)
    killed = tree_hashes(site)
    if point == "traditional-build":
        assert killed == old
    else:
        assert killed != old and "reports/extra/index.html" in killed
    # A failing run (bad seed): one line, site/ as the kill left it, the leftovers gone.
    (project / "seeds" / "bad.txt").write_bytes(BAD_SEED)
    code, log = finish(make_site(project))
    assert code != 0 and "bad.txt: binary data" in log and "Traceback" not in log, log
    assert tree_hashes(site) == killed
    assert project_leftovers(project) == []
    # A good run: the new site, the same as the killed run's if it got that far.
    (project / "seeds" / "bad.txt").unlink()
    code, log = finish(make_site(project))
    assert code == 0, log
    site_is_complete(site)
    assert "reports/extra/index.html" in tree_hashes(site)
    if point == "after-swap":
        assert tree_hashes(site) == killed
    assert project_leftovers(project) == []


@pytest.mark.build
def test_make_site_waiting_for_a_build_that_gets_killed(built: Path, project: Path) -> None:
    """The second build waits on the lock; the first is killed mid-build; the second wins."""
    old = tree_hashes(built / "site")
    add_report(project)
    first = parked_build(project, "traditional-build")
    second = make_site(project)
    try:
        time.sleep(1.5)
        assert second.poll() is None, "the second build did not wait"
        assert tree_hashes(project / "site") == old
    finally:
        kill(first)
    code, log = finish(second)
    assert code == 0, log
    assert "waiting: another build is writing" in log
    site_is_complete(project / "site")
    assert "reports/extra/index.html" in tree_hashes(project / "site")
    assert project_leftovers(project) == []


@pytest.mark.build
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_make_site_terminated_cleans_up(built: Path, project: Path, jobs: str) -> None:
    """SIGTERM (a cancelled CI job) mid-build: the old site, and no staging folder left, in
    one process or with the Traditional build in a forked child."""
    old = tree_hashes(built / "site")
    add_report(project)
    proc = parked_build(project, "traditional-build", jobs)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert tree_hashes(project / "site") == old
    assert project_leftovers(project) == []
