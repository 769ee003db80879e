"""Issue 17, point 1: a preview rebuild after a seed edit, counted (no timings).

Each script is built twice by the preview's own build functions with its caches (as
`reportsite serve` and its Traditional worker run them: one script per process), with a
text edit of one report in between (tests/support/rebuild_driver.py). Asserted:

* only the pages whose Markdown the edit changed are rendered again: the edited page, its
  report's derived pages and the theme pages that quote it; no page of the other report,
  no hand-written page;
* the rebuilt page and the search index (every file under search/ngram) hold the new text
  and not the old, in both scripts.

That the preview's files are the bytes `reportsite build` writes is tests/test_serve.py's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.helpers import copy_project

DRIVER = Path(__file__).parent / "support" / "rebuild_driver.py"
SEED = "000_1b6eb3483533bf33.txt"
PAGE = "reports/futian-2024-review-2025-plan/1/3.md"
OLD, NEW = "吸引 1800 余人参", "吸引 1907 余人参"
SHOWN = {"hans": ("1800余人参与", "1907余人参与"), "hant": ("1800餘人參與", "1907餘人參與")}
OTHER_REPORT = "reports/shenzhen-"  # the city's ten events: not edited


@pytest.fixture(scope="module", params=["hans", "hant"])
def rebuilt(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, dict[str, object]]:
    script = str(request.param)
    tmp = tmp_path_factory.mktemp(f"rebuild-{script}")
    project = copy_project(tmp / "project")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")
    done = subprocess.run(
        [sys.executable, str(DRIVER), str(project), str(tmp / "out"), script, SEED, OLD, NEW],
        cwd=project, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    site = tmp / "out" / "2" / ("zh-Hant" if script == "hant" else "")
    return script, site, json.loads(done.stdout.strip().splitlines()[-1])


def test_only_pages_the_edit_changed_are_rendered_again(
    rebuilt: tuple[str, Path, dict[str, object]],
) -> None:
    _script, site, counts = rebuilt
    rendered = [str(uri) for uri in counts["rendered"]]  # type: ignore[attr-defined]
    assert PAGE in rendered, rendered
    assert not [uri for uri in rendered if uri.startswith(OTHER_REPORT)], rendered
    assert not [uri for uri in rendered if not uri.startswith("reports/")], rendered
    pages = sum(1 for _ in site.rglob("*.html"))
    assert len(rendered) <= 12 < pages, (len(rendered), pages)
    assert counts["render_hits"] >= pages - 20  # type: ignore[operator]
    # Material's template: the same pages (its footer and nav did not change).
    assert counts["templates"] == len(rendered), counts


def test_the_page_and_the_search_index_hold_the_new_text_not_the_old(
    rebuilt: tuple[str, Path, dict[str, object]],
) -> None:
    script, site, _counts = rebuilt
    old, new = SHOWN[script]
    html = (site / PAGE.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    assert new in html and old not in html
    index = "".join(p.read_text(encoding="utf-8")
                    for p in sorted((site / "search" / "ngram").rglob("*.js")))
    assert new in index and old not in index
