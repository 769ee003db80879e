"""Step 8, write: put the rendered files in place all at once.

Files are written into a temporary folder beside the output, which then replaces
the output in two renames; a run that fails before the swap leaves the previous
output exactly as it was, and one interrupted between the renames puts it back.
A run killed outright (SIGKILL, power loss) leaves only hidden folders named after
its process id; the next run removes them, restoring the old output first if the
kill came between the renames.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own leftovers are from an earlier call, not a concurrent run
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(out_dir: Path) -> None:
    """Remove `.name.new-PID-*` and `.name.old-PID` folders of runs that are gone."""
    if not out_dir.parent.is_dir():
        return
    pattern = re.compile(rf"\.{re.escape(out_dir.name)}\.(new|old)-(\d+)(-.*)?")
    for path in sorted(out_dir.parent.iterdir()):
        match = pattern.fullmatch(path.name)
        if not match or not path.is_dir() or _alive(int(match[2])):
            continue
        if match[1] == "old" and not out_dir.exists():
            path.rename(out_dir)  # killed between the renames: this is the last good output
        else:
            shutil.rmtree(path, ignore_errors=True)


def write_tree(out_dir: Path, files: Mapping[str, str | bytes]) -> None:
    """Replace `out_dir` with exactly `files` (relative POSIX path -> text or bytes).

    Text is written as UTF-8 with LF line ends; bytes (a seed as published) as they are.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out_dir)
    tmp = Path(
        tempfile.mkdtemp(prefix=f".{out_dir.name}.new-{os.getpid()}-", dir=out_dir.parent)
    )
    old = None
    try:
        made = {tmp}  # one mkdir per folder, not per file (an archive has thousands)
        for rel, text in sorted(files.items()):
            target = tmp / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if isinstance(text, bytes):
                target.write_bytes(text)
                continue
            # newline="\n": identical bytes on every platform, for reproducible output.
            with open(target, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
            out_dir.rename(old)
        tmp.rename(out_dir)
    except BaseException:
        # Interrupted after moving the old output aside: put it back before giving up.
        if old is not None and old.exists() and not out_dir.exists():
            old.rename(out_dir)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
