"""Child of tests/test_preview_rebuild.py: two preview builds of one script, an edit between.

    python rebuild_driver.py PROJECT OUT SCRIPT SEED OLD NEW

With the preview's caches installed (as `reportsite serve` and its worker run), builds the
Simplified site (SCRIPT hans) or the Traditional twin (hant) of PROJECT into OUT/1, replaces
OLD by NEW in seeds/SEED, builds again into OUT/2, and prints JSON: the pages whose Markdown
was rendered and the page templates rendered by the second build, and how many of each the
memos answered.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reportsite.preview import build_site, build_twin_site
from reportsite.previewcache import install_caches


def main() -> None:
    project, out, script, seed, old, new = sys.argv[1:]
    caches = install_caches()
    build = build_site if script == "hans" else build_twin_site
    config = Path(project) / "mkdocs.yml"
    build(config, Path(out) / "1")
    path = Path(project) / "seeds" / seed
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    caches.rendered.hits = caches.rendered.misses = caches.pages.hits = caches.pages.misses = 0
    build(config, Path(out) / "2")
    print(json.dumps({
        "rendered": caches.rendered.rendered,
        "render_hits": caches.rendered.hits,
        "templates": caches.pages.misses,
        "template_hits": caches.pages.hits,
    }))


if __name__ == "__main__":
    main()
