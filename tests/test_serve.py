"""The editors' live preview: `mkdocs serve`, change a seed, see the new text, one rebuild.

Runs on a copy of the project in a temporary folder (the test edits a seed), on a
free local port; prints the server's log when it fails and always stops it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.helpers import copy_project, stop_process_group
from support.serving import fetch, free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
PAGE = "reports/futian-2024-review-2025-plan/1/3/"
OLD, NEW = "吸引 1800 余人参", "吸引 1900 余人参"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a",
             f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    try:
        if not wait_for(
            lambda: "智慧" in fetch(base + "reports/futian-2024-review-2025-plan/1/2/"), 60
        ):
            pytest.fail("mkdocs serve did not come up:\n" + log.read_text(encoding="utf-8"))
        yield project, base, log
    except BaseException:
        print(log.read_text(encoding="utf-8"))
        raise
    finally:
        stop_process_group(proc)


def test_editing_a_seed_rebuilds_both_scripts_once(served: tuple[Path, str, Path]) -> None:
    project, base, log = served
    assert "1800余人参与" in fetch(base + PAGE)
    assert "1800餘人參與" in fetch(base + "zh-Hant/" + PAGE)
    builds_before = log.read_text(encoding="utf-8").count("Building documentation...")
    seed = project / "seeds" / "000_1b6eb3483533bf33.txt"
    text = seed.read_text(encoding="utf-8")
    assert OLD in text
    saved = time.monotonic()
    seed.write_text(text.replace(OLD, NEW), encoding="utf-8")
    assert wait_for(lambda: "1900余人参与" in fetch(base + PAGE), 20), log.read_text("utf-8")
    assert wait_for(lambda: "1900餘人參與" in fetch(base + "zh-Hant/" + PAGE), 20)
    print(f"save to new text served: {time.monotonic() - saved:.2f} s")
    time.sleep(2)  # a second, self-triggered rebuild would start within this time
    output = log.read_text(encoding="utf-8")
    assert output.count("Building documentation...") - builds_before == 1, output
    assert "search" not in output.lower() or "dirty" not in output.lower()


def test_a_bad_seed_says_why_and_recovers(served: tuple[Path, str, Path]) -> None:
    """A bad seed stops the rebuild with one line naming it; removing it serves again."""
    project, base, log = served
    bad = project / "seeds" / "broken.txt"
    bad.write_bytes(b"\x00\x01binary")
    assert wait_for(lambda: "broken.txt: binary data" in log.read_text("utf-8"), 20)
    assert "Traceback" not in log.read_text(encoding="utf-8")
    bad.unlink()
    assert wait_for(lambda: "智慧" in fetch(base + "reports/futian-2024-review-2025-plan/1/2/"), 20)
