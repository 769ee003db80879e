"""Step 1, read: list the seed files of a folder and read their bytes.

Sizes are checked from the directory listing before a byte is read, so an archive past a
limit fails at once; a seed's name must be UTF-8 and a symlink must stay inside the folder.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import ReportError
from .models import RawSeed
from .settings import DEFAULT_LIMITS, Limits

SEED_SUFFIX = ".txt"


def _utf8_name(folder: Path, name: str) -> None:
    # Refused rather than skipped: a report silently missing from the site is worse, and the
    # name is needed in UTF-8 for its slug, its download link and the nav.
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise ReportError(
            str(folder / name),
            "file name is not valid UTF-8 (shown with \\x escapes); rename it, e.g. with "
            "`convmv -f gbk -t utf-8` or by hand",
        ) from None


def _check_link(folder: Path, path: Path, follow: bool) -> None:
    target = Path(os.path.realpath(path))
    if not target.exists():
        raise ReportError(str(path), f"symlink to a missing file ({target}); remove or fix it")
    if not follow and not target.is_relative_to(Path(os.path.realpath(folder))):
        raise ReportError(
            str(path),
            f"symlink to {target}, outside the seeds folder; copy the file in, or set "
            "follow_symlinks: true in config/convert.yml to publish files from elsewhere",
        )


def _is_seed(entry: os.DirEntry[str]) -> bool:
    """Visible `*.txt` names: hidden files (editor swap files, `.DS_Store`) and other
    suffixes (the metadata YAML beside the seeds) are not reports."""
    return entry.name.lower().endswith(SEED_SUFFIX) and not entry.name.startswith(".")


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if _is_seed(e)), key=lambda e: e.name)
    except FileNotFoundError:
        raise ReportError(str(folder), "seeds folder does not exist") from None
    except NotADirectoryError:
        raise ReportError(str(folder), "seeds folder is not a folder") from None
    except OSError as exc:
        raise ReportError(
            str(folder), f"cannot list the seeds folder: {exc.strerror}; check its permissions"
        ) from None


def list_seeds(
    folder: Path, limits: Limits = DEFAULT_LIMITS, follow_symlinks: bool = False
) -> list[Path]:
    """The seed files of `folder`, sorted by name, within the limits (from stat, unread)."""
    paths: list[Path] = []
    total = 0
    for entry in _scan(folder):
        path = folder / entry.name
        _utf8_name(folder, entry.name)
        try:
            if entry.is_symlink():
                _check_link(folder, path, follow_symlinks)
            if not entry.is_file():  # folders, pipes, devices: not seeds
                continue
            size = entry.stat().st_size
        except OSError as exc:
            raise ReportError(str(path), f"cannot read file: {exc.strerror}") from None
        if size > limits.seed_bytes:
            raise ReportError(str(path), limits.exceeded("seed_bytes", f"{size:,} bytes"))
        total += size
        paths.append(path)
    if len(paths) > limits.seeds:
        raise ReportError(str(folder), limits.exceeded("seeds", f"{len(paths):,} seed files"))
    if total > limits.total_bytes:
        raise ReportError(
            str(folder), limits.exceeded("total_bytes", f"seeds of {total:,} bytes in all")
        )
    return paths


def read_seed(path: Path, max_bytes: int = DEFAULT_LIMITS.seed_bytes) -> RawSeed:
    try:
        with open(path, "rb") as fh:
            # No more than the limit, even if the file grew since it was listed; in chunks,
            # not one read(limit + 1), which allocates a buffer of the limit's size up front.
            chunks: list[bytes] = []
            got = 0
            while got <= max_bytes:
                chunk = fh.read(min(max_bytes + 1 - got, 1 << 24))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
            data = b"".join(chunks)
    except OSError as exc:
        raise ReportError(
            str(path),
            f"cannot read file: {exc.strerror}; check its permissions (it must be readable "
            "by whoever runs the build) or move it out of the seeds folder",
        ) from None
    if len(data) > max_bytes:
        raise ReportError(str(path), f"file grew past {max_bytes:,} bytes while being read")
    return RawSeed(name=path.name, data=data)


def read_seeds(
    folder: Path, limits: Limits = DEFAULT_LIMITS, follow_symlinks: bool = False
) -> list[RawSeed]:
    paths = list_seeds(folder, limits, follow_symlinks)
    if not paths:
        raise ReportError(str(folder), "no *.txt seed files found")
    return [read_seed(p, limits.seed_bytes) for p in paths]


def inputs_fingerprint(
    paths: Iterable[Path], keep: Callable[[Path], bool] | None = None
) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and mtimes of every file under `paths` (that `keep` accepts): changes when
    an editor saves. A file gone since it was listed (an editor's temporary file) is left out."""
    stamp = []
    for base in paths:
        for path in sorted(base.rglob("*")) if base.is_dir() else [base]:
            if keep is not None and not keep(path):
                continue
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            if stat.S_ISREG(st.st_mode):
                stamp.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(stamp)


def page_paths(docs_dir: Path, skip: Path) -> list[Path]:
    """The hand-written Markdown pages below `docs_dir`, without the folder `skip` (the
    generated pages) and hidden files."""
    return [
        path for path in sorted(docs_dir.rglob("*.md"))
        if not path.is_relative_to(skip)
        and not any(part.startswith(".") for part in path.relative_to(docs_dir).parts)
    ]


def read_pages(docs_dir: Path, skip: Path) -> dict[str, str]:
    """`page_paths` read (POSIX path below `docs_dir` → text)."""
    pages = {}
    for path in page_paths(docs_dir, skip):
        with open(path, encoding="utf-8-sig") as fh:
            pages[path.relative_to(docs_dir).as_posix()] = fh.read()
    return pages
