"""Reproducible output: the same input gives the same site, and converting is idempotent.

(Two converter runs giving byte-identical Markdown is tests/test_pipeline.py::
test_run_is_reproducible; normalising twice is test_normalising_twice_changes_nothing.)
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import yaml

from reportsite.config import load_config
from reportsite.paths import ORIGINAL_PAGE, RECORD_PAGE, RECORD_TSV
from reportsite.pipeline import run_pipeline
from support.helpers import ROOT, SEEDS
from support.site import BuiltSite, build_site


def normalised_bytes(path: Path) -> bytes:
    """A built file's bytes with the stamps MkDocs itself puts in removed.

    What had to be normalised (everything else is compared byte for byte):
    * sitemap.xml.gz (both scripts): the gzip header's MTIME field (bytes 4-7) is the build
      date (mkdocs.utils.get_build_timestamp: today at 00:00 UTC, or SOURCE_DATE_EPOCH), so two
      builds either side of midnight differ there; the compressed XML is compared instead.
    Nothing else needed it: our sitemap template writes no <lastmod>, `extra.generator: false`
    drops the "Made with" footer, and no page carries a build date.
    """
    data = path.read_bytes()
    if path.suffix == ".gz":
        return gzip.decompress(data)
    return data


def site_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): normalised_bytes(p)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def reportsite_build(site: Path, jobs: str) -> None:
    env = dict(os.environ, REPORTSITE_JOBS=jobs, NO_MKDOCS_2_WARNING="1",
               SITE_URL="http://127.0.0.1:9/")
    result = subprocess.run(
        [sys.executable, "-m", "reportsite", "build", "--site-dir", str(site)], cwd=ROOT,
        env=env, capture_output=True, text=True, encoding="utf-8", timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_parallel_and_serial_builds_give_the_same_site(tmp_path: Path) -> None:
    """`reportsite build` with the Traditional site built in a second process at the same
    time (REPORTSITE_JOBS=2, the default on two cores) gives the bytes of the serial build."""
    reportsite_build(tmp_path / "serial", "1")
    reportsite_build(tmp_path / "parallel", "2")
    serial, parallel = site_files(tmp_path / "serial"), site_files(tmp_path / "parallel")
    assert sorted(serial) == sorted(parallel)
    differ = [rel for rel in serial if serial[rel] != parallel[rel]]
    assert differ == [], f"{len(differ)} files differ, e.g. {differ[:5]}"
    assert sum(rel.startswith("zh-Hant/") for rel in serial) > 50  # the twin is in both
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [
        ".parallel.lock", ".serial.lock"]  # no staging folder left beside them


def test_two_builds_give_the_same_site(built_site: BuiltSite, tmp_path: Path) -> None:
    """A second build of the same input, same SITE_URL, other folder: every file the same."""
    again = build_site(tmp_path / "site", built_site.base_url, built_site.use_directory_urls)
    first, second = site_files(built_site.root), site_files(again.root)
    assert sorted(first) == sorted(second)
    differ = [rel for rel in first if first[rel] != second[rel]]
    assert differ == [], f"{len(differ)} files differ between two builds, e.g. {differ[:5]}"
    assert any(rel.startswith("zh-Hant/") for rel in first)  # both scripts compared
    # Only the gzip header's date may differ, so the raw files are otherwise identical too.
    for rel in first:
        if rel.endswith(".gz"):
            raw1 = (built_site.root / rel).read_bytes()
            raw2 = (again.root / rel).read_bytes()
            assert raw1[:4] + raw1[8:] == raw2[:4] + raw2[8:]


def test_the_build_folder_leaves_no_trace(built_site: BuiltSite) -> None:
    """No absolute path of the build machine ends up in the site (it would break reproducing
    the site elsewhere, and leak the builder's folders)."""
    for rel, data in site_files(built_site.root).items():
        for folder in (str(built_site.root), str(ROOT)):
            assert folder.encode("utf-8") not in data, rel


def test_converting_the_normalised_text_changes_nothing(tmp_path: Path) -> None:
    """The converter's own normalised text, given back to it as seeds, is left as it is:
    no repair is made, and every page comes out byte for byte the same. The furniture lines
    are gone from that text, so what the first run read from them (the page header's date
    and issuer) is given as metadata, as an editor would."""
    first = run_pipeline(load_config(SEEDS, tmp_path / "reports", ROOT / "config"), write=False)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    metadata = yaml.safe_load((SEEDS / "metadata.yml").read_text(encoding="utf-8"))
    for report in first.reports:
        entry = metadata.setdefault(report.meta.source, {})
        assert report.meta.reprinted_by is None  # no metadata key gives it: seeds have none
        for key in ("date", "issuer"):
            if getattr(report.meta, key):
                entry[key] = getattr(report.meta, key)
    (seeds / "metadata.yml").write_text(yaml.safe_dump(metadata, allow_unicode=True),
                                        encoding="utf-8")  # fmt: skip
    for report in first.reports:
        (seeds / report.meta.source).write_text(report.normalised, encoding="utf-8")
    second = run_pipeline(load_config(seeds, tmp_path / "reports", ROOT / "config"), write=False)
    for report in second.reports:
        assert report.record == (), report.record[:5]
        assert report.normalised == report.seed_text
    # The record pages, their TSV, the published seed and the original's pages describe the
    # input, which differs.
    per_input = {RECORD_PAGE, RECORD_TSV, ORIGINAL_PAGE, *(r.meta.source for r in first.reports)}
    pages = {rel for rel in first.files if rel.rpartition("/")[2] not in per_input
             and "/original/" not in rel}  # fmt: skip
    assert pages == {rel for rel in second.files if rel.rpartition("/")[2] not in per_input}
    assert len(pages) > 20
    for rel in sorted(pages):
        assert second.files[rel] == first.files[rel], rel
