"""Built sites for the tests: what the session fixtures (conftest.py) build and serve."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent.parent


PYTHON = sys.executable




# Build a config programmatically so we can set site_dir, site_url and use_directory_urls
# without temp config files; the plugin's post-build passes them on to the Traditional build.
BUILD_CODE = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
site_dir, site_url, use_dir = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
cfg = load_config("mkdocs.yml", site_dir=site_dir, site_url=site_url,
                  use_directory_urls=use_dir, strict=True)
cfg.plugins.on_startup(command="build", dirty=False)
try:
    build(cfg)
finally:
    cfg.plugins.on_shutdown()
"""


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    base_url: str
    use_directory_urls: bool

    @property
    def hant(self) -> Path:
        return self.root / "zh-Hant"


@dataclass
class LocalServer:
    base_url: str
    port: int
    log: list[str] = field(default_factory=list)


@dataclass
class RecordingPage:
    page: Any  # playwright.sync_api.Page
    requests: list[str]


def build_site(dest: Path, site_url: str, use_directory_urls: bool) -> BuiltSite:
    """Build both scripts into ``dest``; fail the test session with MkDocs' output on error."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [PYTHON, "-c", BUILD_CODE, str(dest), site_url, "1" if use_directory_urls else "0"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build (strict) failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    return BuiltSite(dest, site_url, use_directory_urls)


def ensure_docs() -> None:
    if (REPO / "docs" / "reports" / ".nav.yml").is_file():
        return
    subprocess.run(
        [PYTHON, "-m", "reportsite", "convert", "--seeds", "seeds", "--out", "docs/reports"],
        cwd=REPO,
        check=True,
    )
