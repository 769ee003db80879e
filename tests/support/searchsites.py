"""Both scripts built by devtools.sitebuild for the search tests: served over http, or for
file:// (the offline plugin and iframe-worker)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from devtools.browser import serve
from devtools.sitebuild import build_site


@contextmanager
def served_site(factory: pytest.TempPathFactory, name: str) -> Iterator[tuple[Path, str]]:
    """The built site's root and the base URL of a local server for it."""
    root = factory.mktemp(name) / "site"
    build_site(root)
    with serve(root) as base:
        yield root, base


def file_site(factory: pytest.TempPathFactory, name: str) -> Path:
    root = factory.mktemp(name) / "site"
    build_site(root, offline=True)
    return root
