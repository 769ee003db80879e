"""Step 8, write: put the rendered files in place all at once.

The files go into a staging folder beside the output, which `publish.replace_tree` then
swaps in (one writer at a time, old or new output complete at every instant, leftovers of
killed runs cleaned by the next run). Only a folder the converter made may be replaced: see
`publish.check_output` and `looks_like_old_output`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .paths import NAV_FILE
from .publish import clean_leftovers, replace_tree

__all__ = ["NAV_FILE", "clean_leftovers", "looks_like_old_output", "write_files", "write_tree"]

def looks_like_old_output(folder: Path) -> bool:
    """Output of the version before the marker file: it always held the generated nav."""
    return (folder / NAV_FILE).is_file()


def write_files(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Write `files` (relative POSIX path -> text or bytes) below the empty `folder`.

    Text is written as UTF-8 with LF line ends; bytes (a seed as published) as they are.
    """
    made = {folder}  # one mkdir per folder, not per file (an archive has thousands)
    for rel, text in sorted(files.items()):
        target = folder / rel
        try:
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if isinstance(text, bytes):
                target.write_bytes(text)
                continue
            # newline="\n": identical bytes on every platform, for reproducible output.
            with open(target, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        except OSError as exc:
            if exc.filename is not None:
                raise
            # A failed write() (disk full) names no file: name it, for the one-line error.
            raise OSError(exc.errno, exc.strerror, str(target)) from exc


def write_tree(out_dir: Path, files: Mapping[str, str | bytes]) -> None:
    """Replace `out_dir` with exactly `files` (plus the marker file of publish.py)."""
    replace_tree(out_dir, lambda staging: write_files(staging, files), looks_like_old_output)
