"""Step 8, write: put the rendered files in place all at once.

Files are written into a temporary folder beside the output, which then replaces
the output in two renames; a run that fails before the swap leaves the previous
output exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_tree(out_dir: Path, files: Mapping[str, str | bytes]) -> None:
    """Replace `out_dir` with exactly `files` (relative POSIX path -> text or bytes).

    Text is written as UTF-8 with LF line ends; bytes (a seed as published) as they are.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        for rel, text in sorted(files.items()):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
                continue
            # newline="\n": identical bytes on every platform, for reproducible output.
            with open(target, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
            out_dir.rename(old)
        tmp.rename(out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
