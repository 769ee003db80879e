"""Running the converter as a reader of its output would: a child process, or main() here."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

CONVERT = ("-m", "reportsite", "convert")


PYTHON = sys.executable


def convert(seeds: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, *CONVERT, "--seeds", str(seeds), "--out", str(out), *extra],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def convert_here(seeds: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`reportsite convert`'s main() in this process: the same code path as the command
    (argument parsing, error printing, exit status) at a tenth of the cost of a new Python."""
    from reportsite.commands import convert as command

    stdout, stderr = io.StringIO(), io.StringIO()
    argv = ["--seeds", str(seeds), "--out", str(out), *extra]
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = command.main(argv)
    return subprocess.CompletedProcess(argv, code, stdout.getvalue(), stderr.getvalue())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def assert_refused(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    """Exit 1, one line on stderr holding every needle, no traceback; returns the line."""
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]
