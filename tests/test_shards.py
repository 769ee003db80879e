"""Issue 17, point 5: a sharded build, merged, is the single build (reportsite/shard.py).

The seeds are built once whole (`reportsite build`) and once as two shards
(`reportsite build --shard 1/2`, `--shard 2/2`) joined by `reportsite merge`; every file of
the merged site, both scripts, search index included, must be the single build's bytes, and
each shard must have rendered only part of the pages. Shards that do not fit together are
refused in one line, and nothing is published.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.helpers import copy_project
from support.processes import tree_hashes

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")


def reportsite(project: Path, *args: str,
               env: dict[str, str] = ENV) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportsite", *args], cwd=project, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=600)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("shards")
    project = copy_project(tmp / "project")
    for args in (["build", "--site-dir", str(tmp / "single")],
                 ["build", "--shard", "1/2", "--site-dir", str(tmp / "s1")],
                 ["build", "--shard", "2/2", "--site-dir", str(tmp / "s2")],
                 ["merge", "--site-dir", str(tmp / "merged"), str(tmp / "s1"), str(tmp / "s2")]):
        done = reportsite(project, *args)
        assert done.returncode == 0, done.stderr[-3000:]
    return tmp


def test_the_merged_shards_are_the_single_build(built: Path) -> None:
    single, merged = tree_hashes(built / "single"), tree_hashes(built / "merged")
    assert sorted(merged) == sorted(single)
    assert [rel for rel in single if merged[rel] != single[rel]] == []
    assert "zh-Hant/search/ngram/worker.js" in merged and len(merged) > 500


def test_each_shard_renders_its_own_reports_only(built: Path) -> None:
    pages = {name: {p.relative_to(built / name).as_posix()
                    for p in (built / name).rglob("index.html")}
             for name in ("single", "s1", "s2")}  # fmt: skip
    assert pages["s1"] | pages["s2"] == pages["single"]
    assert pages["s1"] & pages["s2"] == set()  # 404.html is not an index.html
    for name in ("s1", "s2"):
        assert len(pages[name]) < len(pages["single"])
        reports = {p.split("/")[1] for p in pages[name] if p.startswith("reports/")
                   and p.count("/") > 2 and not p.startswith("reports/themes/")}
        assert len(reports) == 1, reports  # one of the two seeds' reports each
        # A shard leaves the search index to the merge.
        assert not (built / name / "search" / "ngram").exists()


def test_shards_that_do_not_fit_are_refused(built: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    other = reportsite(project, "build", "--shard", "2/2", "--site-dir", str(tmp_path / "s2"),
                       env=dict(ENV, SOURCE_DATE_EPOCH="1767312000"))  # another date
    assert other.returncode == 0, other.stderr[-3000:]
    out = tmp_path / "merged"
    done = reportsite(project, "merge", "--site-dir", str(out), str(built / "s1"),
                      str(tmp_path / "s2"))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "differs from" in lines[0]
    assert "Traceback" not in done.stderr and not out.exists()
    # A folder that is no shard, and a shard number out of range.
    done = reportsite(project, "merge", "--site-dir", str(out), str(built / "single"))
    assert done.returncode == 1 and "not a shard" in done.stderr and not out.exists()
    done = reportsite(project, "build", "--shard", "3/2", "--site-dir", str(tmp_path / "x"))
    assert done.returncode == 2 and "--shard must be K/N" in done.stderr
