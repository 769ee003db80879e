"""`reportsite bundle BUILD_DIR DIST_DIR`: zip an offline build into dist/.

The zip holds one folder, report-site/, with index.html (Simplified) and zh-Hant/ at its
top; its name carries the version and the build date. Entries are sorted and stamped
with the build date, so the same build gives the same zip.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import zipfile
from importlib.metadata import version as dist_version
from pathlib import Path

from ..errors import ReportError
from ..values import source_date_epoch

TOP = "report-site"


def build_date() -> dt.date:
    """Today (UTC), or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = source_date_epoch(os.environ)
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def version() -> str:
    return dist_version("report-site")


def bundle(build_dir: Path, dist_dir: Path) -> Path:
    if not (build_dir / "index.html").is_file():
        raise SystemExit(f"error: {build_dir}: no index.html (run the offline build first)")
    date = build_date()
    dist_dir.mkdir(parents=True, exist_ok=True)
    target = dist_dir / f"report-site-offline-{version()}-{date:%Y%m%d}.zip"
    tmp = target.with_suffix(".zip.part")
    stamp = (date.year, date.month, date.day, 0, 0, 0)
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(p for p in build_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{TOP}/{path.relative_to(build_dir).as_posix()}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    tmp.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reportsite bundle", description=__doc__.splitlines()[0])
    parser.add_argument("build_dir", type=Path)
    parser.add_argument("dist_dir", type=Path)
    args = parser.parse_args(argv)
    try:
        target = bundle(args.build_dir, args.dist_dir)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    size = target.stat().st_size / 1024
    print(f"wrote {target} ({size:.0f} KiB): open {TOP}/index.html from the unzipped folder")
    return 0

