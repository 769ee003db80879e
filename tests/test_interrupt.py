"""A failed or interrupted run never leaves a half-written docs/reports/ or site/.

Converter: `write_tree` writes into a hidden staging folder beside the output and swaps it in
(reportsite/publish.py: one atomic exchange, or two renames where that is unsupported). The
tests stop a run at the moments that matter (half way through the files, just before and just
after the swap) with SIGINT and with SIGKILL, and check that the output is the previous one or
the new one, complete, and that no staging folder outlives the next run. The SIGINT tests work
however pytest was started: the driver child restores Python's SIGINT handler, which a shell
background job (SIGINT ignored) would otherwise pass down as "ignore".

Site: `make site` on a copy of the project whose previous site/ must survive a bad seed or a
bad glossary.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import reportsite.publish as publish
import reportsite.write as write_module
from reportsite.config import load_config
from reportsite.pipeline import run_pipeline
from support.helpers import ROOT, SEEDS, copy_project, make_site_command

PYTHON = sys.executable
VENV = Path(PYTHON).parent.parent

# Runs the real pipeline in a child process and parks it at a chosen moment, so the test can
# signal it there every time instead of hoping to hit a window with a timed kill. The patches
# wrap the primitives write_tree uses (the builtin open for text files, publish._exchange for
# the swap); the work itself is unchanged.
_DRIVER = """
import pathlib, signal, sys, time
# A child of a background job inherits SIGINT ignored, and Python then installs no handler.
signal.signal(signal.SIGINT, signal.default_int_handler)
seeds, out, marker, root, stage = sys.argv[1:6]
import reportsite.publish as publish
import reportsite.write as write
from reportsite.config import load_config
from reportsite.pipeline import run_pipeline

def park():
    pathlib.Path(marker).write_text(stage, encoding="utf-8")
    time.sleep(60)

if stage == "write":
    calls = [0]
    def slow_open(*args, **kwargs):
        calls[0] += 1
        if calls[0] == 6:  # five files are written, the rest are not
            park()
        return open(*args, **kwargs)
    write.open = slow_open
else:
    real_exchange = publish._exchange
    def slow_exchange(a, b):
        if stage == "swap":  # the new output complete in staging, the old one still in place
            park()
        done = real_exchange(a, b)
        if stage == "swapped":  # the new output in place, the old one not yet removed
            park()
        return done
    publish._exchange = slow_exchange
run_pipeline(load_config(pathlib.Path(seeds), pathlib.Path(out), pathlib.Path(root)
                         / "config"))
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


KEPT = {"seeds", "reports", "log", ".reports.lock"}  # the lock file stays, by design


def leftovers(parent: Path) -> list[str]:
    """Everything beside the output folder that a run may have created."""
    return sorted(p.name for p in parent.iterdir() if p.name not in KEPT)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Seeds plus a previous, complete output in tmp_path/reports."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    run_pipeline(load_config(seeds, tmp_path / "reports", ROOT / "config"))
    return tmp_path


def make_new_input(seeds: Path) -> None:
    """A second report, so the interrupted run would change the output if it got through."""
    text = (seeds / "000_1b6eb3483533bf33.txt").read_text(encoding="utf-8")
    (seeds / "extra.txt").write_text(text.replace("2024", "2023"), encoding="utf-8")


def convert(tmp_path: Path) -> None:
    run_pipeline(load_config(tmp_path / "seeds", tmp_path / "reports", ROOT / "config"))


def interrupted_child(tmp_path: Path, stage: str, sig: signal.Signals) -> None:
    """Start the driver, wait until it is parked at `stage`, send `sig`, reap it."""
    marker = tmp_path / "log" / "parked"
    marker.parent.mkdir()
    args = [str(tmp_path / "seeds"), str(tmp_path / "reports"), str(marker)]
    proc = subprocess.Popen(
        [PYTHON, "-c", _DRIVER, *args, str(ROOT), stage],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not marker.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                _out, err = proc.communicate(timeout=5)
                pytest.fail(f"driver never reached {stage!r}: {err.decode('utf-8', 'replace')}")
            time.sleep(0.02)
        proc.send_signal(sig)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode != 0


# ---------------------------------------------------------------------------------------------
# In-process: an exception (KeyboardInterrupt is what SIGINT raises) half way through.


def _raise_after(count: int, real: Callable[..., Any]) -> Callable[..., Any]:
    """`real`, except that call number count + 1 raises KeyboardInterrupt (once, like SIGINT)."""
    calls = [0]

    def patched(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == count + 1:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    return patched


def test_exception_half_way_through_the_files_keeps_the_old_output(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(project / "reports")
    make_new_input(project / "seeds")
    # write.py's text files go through the builtin open: the module global shadows it.
    monkeypatch.setattr(write_module, "open", _raise_after(5, open), raising=False)
    with pytest.raises(KeyboardInterrupt):
        convert(project)
    assert snapshot(project / "reports") == before
    assert leftovers(project) == []


def test_exception_between_the_two_renames_puts_the_old_output_back(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback swap, where the file system cannot exchange two folders in one step."""
    before = snapshot(project / "reports")
    make_new_input(project / "seeds")
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    # The first rename moves the old output aside; the second (the new one in) is interrupted.
    monkeypatch.setattr(os, "rename", _raise_after(1, os.rename))
    with pytest.raises(KeyboardInterrupt):
        convert(project)
    monkeypatch.undo()
    assert (project / "reports").is_dir(), f"no output left, only {leftovers(project)}"
    assert snapshot(project / "reports") == before
    assert leftovers(project) == []


# ---------------------------------------------------------------------------------------------
# A real child process, signalled while parked at each moment.


def new_output(project: Path) -> bool:
    return "extra/index.md" in snapshot(project / "reports")


@pytest.mark.parametrize("stage", ["write", "swap", "swapped"])
def test_sigint_keeps_a_complete_output_and_cleans_up(project: Path, stage: str) -> None:
    before = snapshot(project / "reports")
    make_new_input(project / "seeds")
    interrupted_child(project, stage, signal.SIGINT)
    assert (project / "reports").is_dir(), f"no output left, only {leftovers(project)}"
    if stage == "swapped":  # interrupted after the swap: the new output stays
        assert new_output(project)
    else:
        assert snapshot(project / "reports") == before
    assert leftovers(project) == []


@pytest.mark.parametrize("stage", ["write", "swap", "swapped"])
def test_sigkill_leaves_only_hidden_leftovers_that_the_next_run_clears(
    project: Path, stage: str
) -> None:
    before = snapshot(project / "reports")
    make_new_input(project / "seeds")
    interrupted_child(project, stage, signal.SIGKILL)
    # Nothing can run on SIGKILL. Half-written files may only be in hidden folders, which
    # MkDocs skips, and the output is the old or the new one, complete, at every instant.
    left = leftovers(project)
    assert all(name.startswith(".reports.") for name in left), left
    assert (project / "reports").is_dir(), f"no output left, only {left}"
    if stage == "swapped":
        assert new_output(project)
    else:
        assert snapshot(project / "reports") == before
    # The next run finishes the job and removes what the killed one left behind.
    convert(project)
    assert new_output(project)
    assert leftovers(project) == [], "leftovers of the killed run were not cleaned"


# ---------------------------------------------------------------------------------------------
# The site: `make site` must leave the previous site/ intact when it fails.


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with docs/reports and site/ made by `make site`."""
    project = copy_project(
        tmp_path_factory.mktemp("make") / "project",
        ("Makefile", "requirements.txt", "requirements-dev.txt"),
    )
    result = make_site(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def make_site(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        make_site_command(VENV),
        cwd=project,
        env=dict(os.environ, SITE_URL="http://127.0.0.1:9/"),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.fixture
def site_project(built_project: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(built_project, project, symlinks=True)
    return project


def test_make_site_with_a_bad_seed_keeps_the_previous_site(site_project: Path) -> None:
    before_site = snapshot(site_project / "site")
    before_docs = snapshot(site_project / "docs" / "reports")
    (site_project / "seeds" / "broken.txt").write_bytes(b"\x00\x01binary")
    result = make_site(site_project)
    assert result.returncode != 0
    assert "broken.txt: binary data" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site_project / "site") == before_site
    assert snapshot(site_project / "docs" / "reports") == before_docs


def test_mkdocs_build_with_a_bad_seed_keeps_the_previous_site(site_project: Path) -> None:
    """`mkdocs build` on its own (no convert step first): the plugin refuses before writing."""
    before = snapshot(site_project / "site")
    (site_project / "seeds" / "empty.txt").write_bytes(b"")
    result = subprocess.run(
        [PYTHON, "-m", "mkdocs", "build", "--strict", "--clean"],
        cwd=site_project,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="http://127.0.0.1:9/"),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode != 0
    assert "empty.txt: file is empty" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site_project / "site") == before


def test_make_site_with_a_bad_glossary_keeps_the_previous_site(site_project: Path) -> None:
    """The glossary is only read by the Traditional build, after site/ was already rewritten.

    Today the Simplified build cleans and rewrites site/ (site/zh-Hant/ included) and then
    the Traditional build fails: site/ is left without its Traditional half.
    """
    before = snapshot(site_project / "site")
    glossary = site_project / "config" / "glossary.yml"
    glossary.write_text("config: s2tw\ncolour: red\noverrides: []\n", encoding="utf-8")
    result = make_site(site_project)
    assert result.returncode != 0
    assert "glossary.yml:2: unknown key 'colour'" in result.stderr
    after = snapshot(site_project / "site")
    lost = sorted(set(before) - set(after))
    assert not lost, f"{len(lost)} files of the previous site are gone, e.g. {lost[:3]}"
    assert after == before
