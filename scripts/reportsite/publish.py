"""Publish a generated folder (docs/reports/, site/) all at once, one writer at a time.

`replace_tree(out, fill)`:

* takes an exclusive lock (`fcntl.flock` on `.<name>.lock` beside `out`); a second writer of
  the same folder says so in one line and waits. The kernel drops the lock when its holder
  dies, however it dies, so a killed build never blocks the next one.
* refuses to replace a folder it did not make (`check_output`): `out` must be missing,
  empty, hold the marker file `.reportsite-output`, or look like the previous version's
  output (which had no marker); never a folder holding `.git`.
* fills a fresh staging folder `.<name>.new-<pid>-<random>` beside `out` (same file system),
  writes the marker into it, then swaps it with `out` in one `renameat2(RENAME_EXCHANGE)`:
  at every instant `out` is the old or the new complete tree, never missing. Where the
  exchange is unsupported (not Linux, or a file system without it) it falls back to two
  renames, old aside to `.<name>.old-<pid>`, and a kill between them is repaired by the next
  run, which puts that folder back before doing anything else.
* removes the staging folder on any failure, and leftovers of dead runs (zombies included)
  on the next run.
* turns OS errors (read-only, disk full, permissions) into a one-line `ReportError`.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ReportError

MARKER = ".reportsite-output"
MARKER_TEXT = "Made by the report-site generator, replaced as a whole on every run.\n"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_held: dict[str, list[int]] = {}  # lock file -> [fd, depth]: a process may lock twice


# ---------------------------------------------------------------------------------------------
# Guard


def _has_git(folder: Path) -> bool:
    return os.path.lexists(folder / ".git")


def check_output(
    out: Path,
    looks_like_ours: Callable[[Path], bool] | None = None,
    protected: Iterable[tuple[Path, str]] = (),
) -> None:
    """Raise ReportError unless `out` may be replaced as a whole.

    `protected` pairs a folder that must survive with its name: `out` may be neither it nor
    a folder holding it (replacing an ancestor deletes it too).
    """
    shown = str(out)
    real = _real(out)
    for keep, what in protected:
        keep = _real(keep)
        if real == keep or real in keep.parents:
            raise ReportError(shown, f"holds the {what} (name a new or empty folder)")
    if not os.path.lexists(real):
        return
    if not real.is_dir():
        raise ReportError(shown, "is a file, not a folder (name a new or empty folder)")
    if _has_git(real):
        raise ReportError(shown, "holds .git, a repository (name a new or empty folder)")
    if (real / MARKER).is_file() or (looks_like_ours is not None and looks_like_ours(real)):
        return
    if next(real.iterdir(), None) is not None:
        raise ReportError(
            shown,
            "is not empty and was not made by this generator "
            "(name a new or empty folder, or empty this one yourself)",
        )


# ---------------------------------------------------------------------------------------------
# Lock


def _real(out: Path) -> Path:
    """`out` with symlinks resolved: a linked output is replaced where it really is."""
    return Path(os.path.realpath(out))


def lock_path(out: Path) -> Path:
    real = _real(out)
    return real.parent / f".{real.name}.lock"


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
    except OSError:
        return "?"


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the lock of `out` for the duration; wait (saying so) while another run holds it."""
    path = lock_path(out)
    key = str(path)
    if key in _held:
        _held[key][1] += 1
        try:
            yield
        finally:
            _held[key][1] -= 1
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"waiting: another build is writing {out} (pid {_holder(fd)}, lock {path})",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        # For the message above only; the lock itself is the flock, not this content.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        _held[key] = [fd, 1]
        try:
            yield
        finally:
            del _held[key]
    finally:
        os.close(fd)  # releases the flock


# ---------------------------------------------------------------------------------------------
# Leftovers


def process_alive(pid: int) -> bool:
    """Whether process `pid` may still be writing; a zombie has exited and writes nothing."""
    if pid == os.getpid():
        return False  # our own leftovers are from an earlier call, not a concurrent run
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            state = fh.read().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (not Linux): the signal check is all there is
    return state not in {"Z", "X"}


def _gone(pid: int, patience: float = 2.0) -> bool:
    """Whether `pid` is dead, allowing it a moment to finish dying.

    Under the lock every writer of this output has finished, but one killed a moment ago may
    have released the lock (its files are closed first) and not yet become a zombie.
    """
    deadline = time.monotonic() + patience
    while process_alive(pid):
        if time.monotonic() > deadline:
            return False  # a live writer without the lock: the previous version, leave it
        time.sleep(0.01)
    return True


def clean_leftovers(out: Path) -> None:
    """Put back an old tree a killed run left aside; remove dead runs' staging folders.

    Also knows the previous version's fixed names (`.site.new`, `.site.old`, no pid).
    """
    out = _real(out)
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(new|old)(?:-(\d+)(?:-.*)?)?")
    found = []
    for path in out.parent.iterdir():
        match = pattern.fullmatch(path.name)
        if match and path.is_dir() and (not match[2] or _gone(int(match[2]))):
            found.append((match[1], path))
    olds = sorted((p for kind, p in found if kind == "old"), key=lambda p: p.stat().st_mtime)
    if olds and not os.path.lexists(out):
        # Killed between the two renames of the fallback swap: the last good output.
        os.rename(olds.pop(), out)
    for _kind, path in found:
        if path.exists():
            remove_tree(path)


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Swap


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    err = ctypes.get_errno()
    if err in {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP}:
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(staging: Path, out: Path) -> Path | None:
    """Make `staging` the new `out`; return the folder now holding the old tree, if any."""
    if not os.path.lexists(out):
        os.rename(staging, out)
        return None
    if _exchange(staging, out):
        return staging
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.rename(out, old)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(old, out)
        raise
    return old


# ---------------------------------------------------------------------------------------------
# The whole step, and its errors


_ADVICE = {
    errno.ENOSPC: "free some disk space and run again",
    errno.EDQUOT: "free some space within your disk quota and run again",
    errno.EROFS: "remount it read-write, or build in a writable copy of the project",
    errno.EACCES: "check the folder's owner and permissions, or build in a copy you own",
    errno.EPERM: "check the folder's owner and permissions, or build in a copy you own",
}


def os_error(exc: OSError, where: Path) -> ReportError:
    """One line naming the path and what to do, for an OS error a user can fix."""
    path = exc.filename if exc.filename is not None else where
    what = (exc.strerror or str(exc)).lower()
    advice = _ADVICE.get(exc.errno or 0, "check the path and run again")
    return ReportError(str(path), f"{what} ({advice})")


def _usual_mode(folder: Path) -> None:
    """mkdtemp makes a private folder (0700); the published one is read by web servers."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(folder, 0o777 & ~mask)


def replace_tree(
    out: Path,
    fill: Callable[[Path], None],
    looks_like_ours: Callable[[Path], bool] | None = None,
) -> None:
    """Replace folder `out` with what `fill(staging)` writes, as described above."""
    out = _real(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with output_lock(out):
            check_output(out, looks_like_ours)
            clean_leftovers(out)
            prefix = f".{out.name}.new-{os.getpid()}-"
            staging = Path(tempfile.mkdtemp(prefix=prefix, dir=out.parent))
            try:
                _usual_mode(staging)
                fill(staging)
                with open(staging / MARKER, "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(MARKER_TEXT)
                old = swap_in(staging, out)
            except BaseException:
                remove_tree(staging)
                raise
            if old is not None:
                remove_tree(old)
    except OSError as exc:
        raise os_error(exc, out) from None
