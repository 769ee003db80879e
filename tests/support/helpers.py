"""Helpers shared by the text tests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = ROOT / "seeds"
HAN_OR_DIGIT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9]")


def han_digits(text: str) -> str:
    """The Han characters and digits of a text, in order: what must never change."""
    return "".join(HAN_OR_DIGIT.findall(text))


def own_text(seed_text: str, record: Any) -> str:
    """The report's own text: the seed without the lines the record says were removed as
    furniture (edits with a rule, changes.Edit.rule), and nothing else changed."""
    out, pos = [], 0
    for edit in record:
        if edit.rule:
            out.append(seed_text[pos : edit.start])
            pos = edit.end
    out.append(seed_text[pos:])
    return "".join(out)


def stop_process_group(proc: subprocess.Popen[Any]) -> None:
    """SIGTERM a process started with start_new_session=True and its children; SIGKILL after
    10 s."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def make_site_command(venv: Path) -> list[str]:
    """`make site` in a project copy with this checkout's venv; -o marks its requirement
    stamp as up to date so make never tries to reinstall packages."""
    return ["make", "-s", "site", f"VENV={venv}", "-o", f"{venv}/.stamp-requirements"]


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


# What a build needs; outputs (docs/reports, site/) are left behind.
PROJECT_FILES = (
    "mkdocs.yml",
    "mkdocs.zh-Hant.yml",
    "docs",
    "overrides",
    "seeds",
    "config",
)


def copy_project(dest: Path, extra: tuple[str, ...] = ()) -> Path:
    """Copy the project into `dest` for tests that edit seeds or break files.

    copy2 keeps mtimes, so make sees nothing to redo in the copy.
    """
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    for name in (*PROJECT_FILES, *extra):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("reports"))
        else:
            shutil.copy2(src, dest / name)
    return dest


CHROME = re.compile(r'<div class="rs-chrome[^"]*" markdown>.*?</div>', re.S)


FRONT = re.compile(r"^---\n.*?\n---\n", re.S)


def report_text(markdown_text: str) -> str:
    """The report's own text on a page: no front matter, no generated chrome."""
    body = FRONT.sub("", markdown_text, count=1)
    body = CHROME.sub("", body)
    return "\n".join(ln for ln in body.split("\n") if not ln.endswith("{ .rs-chrome }"))
