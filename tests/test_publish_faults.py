"""Publishing is atomic and exclusive, whatever kills the writer and wherever.

reportsite.publish on fake trees, in a driver child parked at each chosen moment (the driver
wraps the primitives publish uses; the product code has no fault hooks), then SIGKILLed.
After each kill site/ must hash-equal the old or the new tree, and the next run, good or
failing, must leave a complete site/ and no leftovers. The real `make site` is killed in
tests/test_publish_build.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import reportsite.publish as publish
from reportsite.errors import ReportError
from support.helpers import ROOT
from support.processes import kill, tree_hashes, wait_parked

PYTHON = sys.executable


# ---------------------------------------------------------------------------------------------
# reportsite.publish on fake trees, killed at every moment that matters.

# Publishes `new` (a folder to copy, file by file) into `out` with replace_tree, parked at
# `point`: the test SIGKILLs it there. The patches wrap the primitives publish uses; `mode`
# "fallback" makes the exchange unsupported, as on a file system without renameat2.
_DRIVER = """
import os, pathlib, shutil, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)
out, new, parked, point, mode = sys.argv[1:6]
import reportsite.publish as publish

def park(name):
    if name == point:
        pathlib.Path(parked).write_text(name, encoding="utf-8")
        time.sleep(120)

real_check = publish.check_output
def check_output(*args, **kwargs):
    park("locked")  # holding the lock, nothing else done yet
    return real_check(*args, **kwargs)
publish.check_output = check_output

real_exchange = publish._exchange
def exchange(a, b):
    park("before-swap")  # the new tree complete in staging, marker included
    if mode == "fallback":
        return False
    done = real_exchange(a, b)
    park("after-swap")  # the new tree in place, the old one in staging, not yet removed
    return done
publish._exchange = exchange

real_rename = os.rename
def rename(src, dst):
    real_rename(src, dst)
    if ".old-" in str(dst):
        park("between-renames")  # fallback: the old tree aside, the new one not yet in
    elif ".new-" in str(src):
        park("after-renames")
os.rename = rename

unlinked = [0]
real_unlink = os.unlink
def unlink(*args, **kwargs):
    real_unlink(*args, **kwargs)
    unlinked[0] += 1
    if unlinked[0] == 3:
        park("removing-old")  # some files of the old tree removed, the rest still there
os.unlink = unlink

def fill(staging):
    files = sorted(p for p in pathlib.Path(new).rglob("*") if p.is_file())
    for i, src in enumerate(files):
        if i == len(files) // 2:
            park("filling")  # half of the new tree written
        dest = staging / src.relative_to(new)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)

publish.replace_tree(pathlib.Path(out), fill)
"""

# Where each kill leaves site/: the old tree or the new one ("aside": fallback only, site/
# briefly missing with the old tree whole in .site.old-PID, which the next run puts back).
POINTS = {
    ("locked", "exchange"): "old",
    ("filling", "exchange"): "old",
    ("before-swap", "exchange"): "old",
    ("after-swap", "exchange"): "new",
    ("removing-old", "exchange"): "new",
    ("before-swap", "fallback"): "old",
    ("between-renames", "fallback"): "aside",
    ("after-renames", "fallback"): "new",
    ("removing-old", "fallback"): "new",
}


def fake_tree(folder: Path, label: str, count: int = 40) -> Path:
    for i in range(count):
        sub = folder / ("zh-Hant" if i % 2 else "") / f"p{i // 4}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / "index.html").write_text(f"<p>{label} {i}</p>\n", encoding="utf-8")
    (folder / "index.html").write_text(f"<p>{label} home</p>\n", encoding="utf-8")
    (folder / "sitemap.xml").write_text(f"<urlset>{label}</urlset>\n", encoding="utf-8")
    return folder


def copy_into(src: Path) -> Callable[[Path], None]:
    def fill(staging: Path) -> None:
        shutil.copytree(src, staging, dirs_exist_ok=True)

    return fill


@pytest.fixture
def fake(tmp_path: Path) -> dict[str, Path]:
    """site/ published once from an old tree; a new and a newer tree ready to publish."""
    trees = {name: fake_tree(tmp_path / "trees" / name, name) for name in ("old", "new", "newer")}
    for tree in trees.values():
        (tree / publish.MARKER).write_text(publish.MARKER_TEXT, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    publish.replace_tree(work / "site", copy_into(trees["old"]))
    assert tree_hashes(work / "site") == tree_hashes(trees["old"])
    return {"site": work / "site", "work": work, **trees}


def start_driver(fake: dict[str, Path], point: str, mode: str, new: str = "new",
                 name: str = "parked") -> tuple[subprocess.Popen[bytes], Path]:
    parked = fake["work"].parent / name
    proc = subprocess.Popen(
        [PYTHON, "-c", _DRIVER, str(fake["site"]), str(fake[new]), str(parked),
         point, mode],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    return proc, parked


def killed_at(fake: dict[str, Path], point: str, mode: str) -> None:
    proc, parked = start_driver(fake, point, mode)
    wait_parked(proc, parked, point)
    kill(proc)


def leftovers(work: Path) -> list[str]:
    return sorted(p.name for p in work.iterdir() if p.name not in {"site", ".site.lock"})


def assert_site_is(fake: dict[str, Path], which: str) -> None:
    site = fake["site"]
    if which == "aside":
        aside = [p for p in fake["work"].glob(".site.old-*")]
        assert not site.exists() and len(aside) == 1, leftovers(fake["work"])
        assert tree_hashes(aside[0]) == tree_hashes(fake["old"])
        return
    assert site.is_dir(), f"no site/, only {leftovers(fake['work'])}"
    assert tree_hashes(site) == tree_hashes(fake[which]), f"site/ is not the {which} tree"


def failing_fill(staging: Path) -> None:
    (staging / "half.html").write_text("<p>half</p>\n", encoding="utf-8")
    raise ReportError("seeds/bad.txt", "binary data")


@pytest.mark.parametrize(("point", "mode"), sorted(POINTS))
def test_killed_publish_leaves_a_complete_site_and_the_next_run_recovers(
    fake: dict[str, Path], point: str, mode: str
) -> None:
    killed_at(fake, point, mode)
    expected = POINTS[point, mode]
    assert_site_is(fake, expected)
    # The next run fails (a bad seed): it still repairs, and never leaves site/ missing.
    with pytest.raises(ReportError):
        publish.replace_tree(fake["site"], failing_fill)
    assert_site_is(fake, "old" if expected == "aside" else expected)
    assert leftovers(fake["work"]) == []
    # And the one after that succeeds.
    publish.replace_tree(fake["site"], copy_into(fake["newer"]))
    assert_site_is(fake, "newer")
    assert leftovers(fake["work"]) == []


@pytest.mark.parametrize(("point", "mode"), [("between-renames", "fallback"),
                                             ("after-swap", "exchange")])
def test_killed_twice_then_a_good_run(fake: dict[str, Path], point: str, mode: str) -> None:
    """The run after a kill is killed too, while it holds the lock: nothing gets worse."""
    killed_at(fake, point, mode)
    proc, parked = start_driver(fake, "filling", "exchange", new="newer", name="parked2")
    wait_parked(proc, parked, "filling")
    kill(proc)
    assert_site_is(fake, "old" if POINTS[point, mode] == "aside" else POINTS[point, mode])
    publish.replace_tree(fake["site"], copy_into(fake["newer"]))
    assert_site_is(fake, "newer")
    assert leftovers(fake["work"]) == []


@pytest.mark.parametrize("point", ["locked", "before-swap", "after-swap"])
def test_a_concurrent_publish_waits_for_the_first_and_survives_its_kill(
    fake: dict[str, Path], point: str
) -> None:
    first, parked = start_driver(fake, point, "exchange")
    wait_parked(first, parked, point)
    second, _ = start_driver(fake, "none", "exchange", new="newer", name="never")
    try:
        time.sleep(1)
        assert second.poll() is None, "the second run did not wait for the first"
        assert fake["site"].is_dir()
        kill(first)  # the kernel drops its lock; the second one goes on
        _out, err = second.communicate(timeout=60)
    finally:
        if second.poll() is None:
            kill(second)
    assert second.returncode == 0, err.decode("utf-8", "replace")
    lines = err.decode("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("waiting: another build is writing"), lines
    assert_site_is(fake, "newer")
    assert leftovers(fake["work"]) == []


def test_leftovers_of_a_zombie_are_removed(fake: dict[str, Path]) -> None:
    """A killed run whose parent has not reaped it yet is a zombie: it writes nothing more."""
    zombie = subprocess.Popen(["true"])
    deadline = time.monotonic() + 10
    stat = Path(f"/proc/{zombie.pid}/stat")
    while stat.read_text(encoding="ascii").rpartition(")")[2].split()[0] != "Z":
        assert time.monotonic() < deadline, "the child never became a zombie"
        time.sleep(0.01)
    try:
        for name in (f".site.new-{zombie.pid}-abc", f".site.old-{zombie.pid}"):
            fake_tree(fake["work"] / name, "half", count=3)
        publish.replace_tree(fake["site"], copy_into(fake["new"]))
        assert_site_is(fake, "new")
        assert leftovers(fake["work"]) == []
    finally:
        zombie.wait()


def test_leftovers_of_the_previous_version_are_repaired(fake: dict[str, Path]) -> None:
    """The old Makefile's fixed names: killed between its two mv, site/ was gone."""
    fake["site"].rename(fake["work"] / ".site.old")
    fake_tree(fake["work"] / ".site.new", "half", count=3)
    with pytest.raises(ReportError):
        publish.replace_tree(fake["site"], failing_fill)
    assert_site_is(fake, "old")
    assert leftovers(fake["work"]) == []


def test_convert_waits_while_a_build_holds_its_output(tmp_path: Path) -> None:
    """convert.py into docs/reports while `make site` (which locks it) runs: it waits."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    out = tmp_path / "docs" / "reports"
    out.parent.mkdir()
    cmd = [PYTHON, "-m", "reportsite", "convert", "--seeds", str(tmp_path / "seeds"),
           "--out", str(out)]
    errors = tmp_path / "stderr.txt"
    with publish.output_lock(out), open(errors, "w", encoding="utf-8") as err_file:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err_file, text=True, encoding="utf-8")
        try:
            # Until it says it waits (however loaded the machine), then a little longer.
            deadline = time.monotonic() + 120
            while "waiting:" not in errors.read_text(encoding="utf-8"):
                assert proc.poll() is None, "convert.py did not wait for the lock"
                assert time.monotonic() < deadline, "convert.py never reached the lock"
                time.sleep(0.05)
            time.sleep(0.5)
            assert proc.poll() is None, "convert.py did not wait for the lock"
            assert not out.exists()
        except BaseException:
            kill(proc)
            raise
    proc.wait(timeout=60)
    err = errors.read_text(encoding="utf-8")
    assert proc.returncode == 0, err
    assert err.startswith(f"waiting: another build is writing {out} (pid {os.getpid()}"), err
    assert (out / ".nav.yml").is_file()


def test_a_linked_output_is_replaced_where_it_is(fake: dict[str, Path]) -> None:
    """site -> elsewhere/site: the link stays, the folder it points to is replaced."""
    real = fake["work"] / "elsewhere" / "site"
    real.parent.mkdir()
    fake["site"].rename(real)
    fake["site"].symlink_to(real)
    publish.replace_tree(fake["site"], copy_into(fake["new"]))
    assert fake["site"].is_symlink()
    assert tree_hashes(real) == tree_hashes(fake["new"])
    assert sorted(p.name for p in real.parent.iterdir()) == [".site.lock", "site"]


def test_leftovers_of_a_live_writer_are_kept(
    fake: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A live process that writes without the lock (the previous version) keeps its folder."""
    monkeypatch.setattr(publish._gone, "__defaults__", (0.2,))  # its patience, shortened
    writer = subprocess.Popen(["sleep", "30"])
    try:
        fake_tree(fake["work"] / f".site.new-{writer.pid}-abc", "half", count=3)
        publish.replace_tree(fake["site"], copy_into(fake["new"]))
        assert_site_is(fake, "new")
        assert leftovers(fake["work"]) == [f".site.new-{writer.pid}-abc"]
    finally:
        kill(writer)
