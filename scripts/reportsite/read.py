"""Step 1, read: list the seed files of a folder and read their bytes."""

from __future__ import annotations

from pathlib import Path

from .errors import ReportError
from .models import RawSeed

SEED_SUFFIX = ".txt"


def list_seeds(folder: Path) -> list[Path]:
    """The seed files of `folder`: visible regular `*.txt` files, sorted by name.

    Hidden files (editor swap files, `.DS_Store`) and other suffixes (the metadata
    YAML that sits beside the seeds) are not reports, so they are passed over.
    """
    if not folder.is_dir():
        raise ReportError(str(folder), "seeds folder does not exist")
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() == SEED_SUFFIX and not p.name.startswith(".") and p.is_file()
    )


def read_seed(path: Path) -> RawSeed:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(str(path), f"cannot read file: {exc.strerror}") from None
    return RawSeed(name=path.name, data=data)


def read_seeds(folder: Path) -> list[RawSeed]:
    paths = list_seeds(folder)
    if not paths:
        raise ReportError(str(folder), "no *.txt seed files found")
    return [read_seed(p) for p in paths]
