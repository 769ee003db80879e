"""Driver children of the fault tests: parked at a point, killed there, trees hashed."""

from __future__ import annotations

import hashlib
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file below `folder` (hidden ones included) with its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def wait_parked(proc: subprocess.Popen[bytes], parked: Path, point: str) -> None:
    deadline = time.monotonic() + 30
    while not parked.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            _out, err = proc.communicate(timeout=5)
            pytest.fail(f"driver never reached {point!r}: {err.decode('utf-8', 'replace')}")
        time.sleep(0.01)


def kill(proc: subprocess.Popen[Any]) -> None:
    proc.kill()
    proc.communicate(timeout=30)
