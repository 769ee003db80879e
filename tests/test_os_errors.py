"""OS errors while publishing: one line naming the path and what to do, exit 1, no traceback,
the staging folder removed and the previous output untouched.

Simulated in-process (OSError raised where the writer would meet it: disk full, read-only
file system, permission denied), and real where the system allows: a tiny tmpfs that fills
up, and one remounted read-only, each in a private mount namespace (`unshare -m`, as root),
because root ignores file modes and chmod cannot make a folder read-only for these tests.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import reportsite.publish as publish
import reportsite.write as write_module
from reportsite.commands import build as build_site
from reportsite.commands import convert
from support.helpers import ROOT, SEEDS, copy_project


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def leftovers(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.glob(f".{name}.*") if not p.name.endswith(".lock"))


def os_error(code: int, filename: str) -> OSError:
    return OSError(code, os.strerror(code), filename)


@pytest.fixture
def converted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Seeds in tmp_path/seeds, a previous output in tmp_path/out; returns tmp_path."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    assert run_convert(tmp_path)[0] == 0
    text = (tmp_path / "seeds" / "000_1b6eb3483533bf33.txt").read_text(encoding="utf-8")
    (tmp_path / "seeds" / "extra.txt").write_text(text.replace("2024", "2023"), encoding="utf-8")
    capsys.readouterr()
    return tmp_path


def run_convert(base: Path, capsys: pytest.CaptureFixture[str] | None = None) -> tuple[int, str]:
    argv = ["--seeds", str(base / "seeds"), "--out", str(base / "out"),
            "--config", str(ROOT / "config")]
    code = convert.main(argv)
    return code, capsys.readouterr().err if capsys else ""


def failing_after(count: int, real: Callable[..., Any], code: int) -> Callable[..., Any]:
    calls = [0]

    def patched(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] > count:
            raise os_error(code, str(args[0]))
        return real(*args, **kwargs)

    return patched


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "Traceback" not in err, err
    return lines[0]


CASES = {
    # errno: (what the line says, what it tells the user to do)
    errno.ENOSPC: ("no space left on device", "free some disk space"),
    errno.EROFS: ("read-only file system", "writable copy"),
    errno.EACCES: ("permission denied", "permissions"),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_error_while_writing_the_files(
    code: int, converted: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = snapshot(converted / "out")
    monkeypatch.setattr(write_module, "open", failing_after(5, open, code), raising=False)
    status, err = run_convert(converted, capsys)
    assert status == 1
    line = one_line(err)
    what, todo = CASES[code]
    assert f"/.out.new-{os.getpid()}-" in line and what in line and todo in line, line
    assert snapshot(converted / "out") == before
    assert leftovers(converted, "out") == []


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_error_creating_the_staging_folder_or_the_lock(
    code: int, converted: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = snapshot(converted / "out")
    monkeypatch.setattr(publish.tempfile, "mkdtemp",
                        lambda **kw: (_ for _ in ()).throw(os_error(code, kw["dir"])))
    status, err = run_convert(converted, capsys)
    assert status == 1 and str(converted) in one_line(err)
    monkeypatch.undo()
    real_open = os.open

    def no_lock(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith(".lock"):
            raise os_error(code, str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(publish.os, "open", no_lock)
    status, err = run_convert(converted, capsys)
    assert status == 1 and ".out.lock" in one_line(err)
    assert snapshot(converted / "out") == before
    assert leftovers(converted, "out") == []


def test_disk_full_during_the_site_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mkdocs build fills the disk: site/ stays, its staging folder goes."""
    project = copy_project(tmp_path / "project")
    (project / "site").mkdir()
    (project / "site" / publish.MARKER).write_text(publish.MARKER_TEXT, encoding="utf-8")
    (project / "site" / "index.html").write_text("<p>old</p>\n", encoding="utf-8")
    before = snapshot(project / "site")

    def full(config_file: Path, site_dir: Path) -> None:
        (site_dir / "index.html").write_text("<p>new</p>\n", encoding="utf-8")
        raise os_error(errno.ENOSPC, str(site_dir / "assets" / "style.css"))

    monkeypatch.setattr(build_site, "mkdocs_build", full)
    status = build_site.main(["--config-file", str(project / "mkdocs.yml")])
    line = one_line(capsys.readouterr().err)
    assert status == 1
    assert "style.css: no space left on device (free some disk space" in line, line
    assert snapshot(project / "site") == before
    assert leftovers(project, "site") == []


# `reportsite build` with the Traditional build in a forked child (REPORTSITE_JOBS=2) whose
# disk fills: the patched twin build is what the child runs.
_TWIN_FULL = """
import errno, os, sys
import reportsite.plugin as plugin
from reportsite.commands import build as build_site

def full(config):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), config.site_dir + "/zh-Hant/x.html")

plugin.build_twin_alone = full
sys.exit(build_site.main([]))
"""


def test_disk_full_in_the_parallel_traditional_build(tmp_path: Path) -> None:
    """The child fails: the build fails with its one line, site/ stays, nothing is left."""
    project = copy_project(tmp_path / "project")
    (project / "site").mkdir()
    (project / "site" / publish.MARKER).write_text(publish.MARKER_TEXT, encoding="utf-8")
    (project / "site" / "index.html").write_text("<p>old</p>\n", encoding="utf-8")
    before = snapshot(project / "site")
    result = subprocess.run(
        [sys.executable, "-c", _TWIN_FULL], cwd=project, capture_output=True, text=True,
        encoding="utf-8", env=dict(os.environ, REPORTSITE_JOBS="2", NO_MKDOCS_2_WARNING="1"),
        stdin=subprocess.DEVNULL, timeout=300,
    )  # fmt: skip
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert result.returncode == 1, result.stderr
    assert len(errors) == 1 and "x.html: no space left on device" in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "site") == before
    assert leftovers(project, "site") == []


# ---------------------------------------------------------------------------------------------
# Real file systems, in a private mount namespace.


def _can_mount() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
                           capture_output=True, check=False)
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(not _can_mount(), reason="needs root and unshare -m (mount)")

# In the namespace: a tmpfs at $MNT, a first conversion into it, then `$TROUBLE` (shrink or
# remount read-only), a second conversion with a new seed; what happened is written to $LOG.
_SCRIPT = """
set -u
mount -t tmpfs -o size="$SIZE" tmpfs "$MNT"
"$PY" -m reportsite convert --seeds "$SEEDS" --out "$MNT/out" >/dev/null 2>"$LOG/first.err" \
  || exit 3
(cd "$MNT/out" && find . -type f | sort | xargs sha256sum) > "$LOG/before"
cp "$EXTRA" "$SEEDS/extra.txt"
eval "$TROUBLE"
"$PY" -m reportsite convert --seeds "$SEEDS" --out "$MNT/out" > /dev/null 2> "$LOG/second.err"
echo $? > "$LOG/status"
(cd "$MNT/out" && find . -type f | sort | xargs sha256sum) > "$LOG/after"
ls -A "$MNT" > "$LOG/entries"
"""


def run_in_namespace(tmp_path: Path, size: str, trouble: str) -> tuple[int, str, Path]:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    log = tmp_path / "log"
    log.mkdir()
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    extra = tmp_path / "extra.txt"
    text = (SEEDS / "000_1b6eb3483533bf33.txt").read_text(encoding="utf-8")
    extra.write_text(text.replace("2024", "2023") * 3, encoding="utf-8")
    env = dict(os.environ, SIZE=size, MNT=str(mnt), PY=sys.executable, LOG=str(log),
               SEEDS=str(seeds),
               EXTRA=str(extra), TROUBLE=trouble)
    proc = subprocess.run(["unshare", "-m", "bash", "-c", _SCRIPT], env=env,
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert proc.returncode == 0, proc.stderr + (log / "first.err").read_text(encoding="utf-8")
    status = int((log / "status").read_text(encoding="utf-8"))
    return status, (log / "second.err").read_text(encoding="utf-8"), log


def assert_untouched(log: Path) -> None:
    before = (log / "before").read_text(encoding="utf-8")
    assert before and (log / "after").read_text(encoding="utf-8") == before
    entries = (log / "entries").read_text(encoding="utf-8").split()
    assert sorted(entries) == [".out.lock", "out"], entries  # no staging folder left


@needs_mount
def test_real_disk_full(tmp_path: Path) -> None:
    # Room for the first output (about 370 KB) but not for a second, bigger one beside it.
    status, err, log = run_in_namespace(tmp_path, "700k", ":")
    assert status == 1
    line = one_line(err)
    assert "no space left on device (free some disk space and run again)" in line, line
    assert f"{tmp_path / 'mnt'}/.out.new-" in line  # the file it could not write
    assert_untouched(log)


@needs_mount
def test_real_read_only_file_system(tmp_path: Path) -> None:
    status, err, log = run_in_namespace(tmp_path, "4m", 'mount -o remount,ro "$MNT"')
    assert status == 1
    line = one_line(err)
    assert f"{tmp_path / 'mnt'}/.out.lock: read-only file system" in line, line
    assert "remount it read-write, or build in a writable copy" in line
    assert_untouched(log)


@needs_mount
def test_real_read_only_project_for_the_site_build(tmp_path: Path) -> None:
    """`make site` in a checkout mounted read-only: one line, nothing changed."""
    project = copy_project(tmp_path / "project")
    before = snapshot(project)
    script = ('mount --bind "$P" "$P" && mount -o remount,ro,bind "$P" && '
              '"$PY" -m reportsite build --config-file "$P/mkdocs.yml"')
    proc = subprocess.run(
        ["unshare", "-m", "bash", "-c", script],
        env=dict(os.environ, P=str(project), PY=sys.executable, NO_MKDOCS_2_WARNING="1"),
        capture_output=True, text=True, encoding="utf-8", check=False,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    line = one_line(proc.stderr)
    # The first thing the build writes is its lock (it writes nothing to docs/).
    assert f"{project}/.site.lock: read-only file system (remount it" in line, line
    assert snapshot(project) == before
