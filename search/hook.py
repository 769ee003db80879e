"""MkDocs hook: replace what is behind Material's search box, keep the box and result list.

Enable with ``hooks: [search/hook.py]`` in mkdocs.yml (after the ``search`` plugin is
configured; the ``offline`` plugin may be on or off). What it does:

* ``on_page_content``: remember each page's rendered HTML, URL and title.
* ``on_post_page`` / ``on_post_template``: point ``__config.search`` (the worker URL Material's
  bundle starts) at ``search/ngram/worker.js`` instead of Material's lunr worker.
* ``on_config``: Material's search plugin stays (it draws the search box and writes
  ``search/search_index.json``, which the bundle always fetches) but indexes nothing: its
  per-page jieba segmentation was the costliest step of a 100x build and its output was
  thrown away. The index file it writes is ``{"config": …, "docs": []}``. Material's
  ``search.highlight`` is switched off and ``search/ngram/highlight.js`` added to every
  page: it marks the query on a page opened from a result in either script.
* ``on_post_build`` (priority -50: after Material's search plugin wrote
  ``search/search_index.json``, before the offline plugin, at -100, inlines it into
  ``search_index.js``): write the n-gram index under ``search/ngram/``, with the manifest
  appended to the worker script (no request between the worker starting and READY), and
  the page highlighter with the same fold map.
  The Traditional twin, built next in the same process, folds to the same text: its build
  reuses the postings files (``IndexCache``).

Set ``REPORTSITE_STOCK_SEARCH=1`` to turn the hook off (stock Material search), which the
quality measurement uses to build the comparison site from the same config.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scripts"))

from reportsite.safetext import plain_text  # noqa: E402
from reportsite.search_index import (  # noqa: E402
    BuiltIndex,
    IndexCache,
    Page,
    build_index,
    load_fold_map,
)

log = logging.getLogger("mkdocs.hooks.ngram_search")

INDEX_DIR = "search/ngram"
WORKER_RE = re.compile(
    r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"'
)

# Keyed by site_dir: a build nested in another build's post-build (the Traditional twin)
# may run in this same module, and must not overwrite the outer build's pages.
_pages: dict[str, dict[str, Page]] = {}
_order: dict[str, list[str]] = {}
_cache = IndexCache()  # postings of the last index built in this process


def _enabled() -> bool:
    return os.environ.get("REPORTSITE_STOCK_SEARCH", "") not in ("1", "true", "yes")


SHIM = "search/ngram/iframe-worker.js"
HIGHLIGHT = f"{INDEX_DIR}/highlight.js"


def _no_entries(page: Any) -> None:
    return None


@event_priority(-100)
def on_config(config: Any) -> Any:
    if not _enabled():
        return config
    # Runs after Material's search plugin set up its (empty) index for this build.
    for plugin in config["plugins"].values():
        index = getattr(plugin, "search_index", None)
        if type(plugin).__name__ == "SearchPlugin" and index is not None:
            index.add_entry_from_context = _no_entries
    _own_highlight(config)
    # Offline bundle: Material's offline plugin adds iframe-worker from unpkg.com, and with
    # no network search would hang. Runs last, so a local copy another hook already put in
    # its place is kept; only a remote one is swapped for our vendored copy.
    polyfills = config["extra"].get("polyfills") or []
    if polyfills:
        config["extra"]["polyfills"] = [
            SHIM if "iframe-worker" in str(url) and "://" in str(url) else url for url in polyfills
        ]
    return config


def _own_highlight(config: Any) -> None:
    """Mark the query on opened pages with search/highlight.js instead of Material.

    Material's highlighter marks the typed characters verbatim, so a Simplified query marks
    nothing on a Traditional page; it would also overwrite the `h` our result links carry.
    """
    features = config["theme"]["features"]
    if "search.highlight" in features:
        features.remove("search.highlight")
    if HIGHLIGHT not in [str(s) for s in config["extra_javascript"]]:
        config["extra_javascript"].append(HIGHLIGHT)


def on_pre_build(config: Any) -> None:
    _pages[config["site_dir"]] = {}
    _order[config["site_dir"]] = []


def on_nav(nav: Any, config: Any, files: Any) -> None:
    # Nav order is the reading order; it breaks ties between equally good results.
    _order[config["site_dir"]] = [page.url for page in nav.pages]


@event_priority(-100)
def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    # Latest point where page.content is final: the tags plugin fills its listings in
    # after on_page_content, and Material's search plugin also indexes here.
    if _enabled():
        pages = _pages.setdefault(config["site_dir"], {})
        # A page title is HTML to MkDocs (escaped text here: reportsite/safetext.py); the
        # index holds text, which the worker escapes when it shows a result.
        title = plain_text(page.title) if page.title else page.url
        pages[page.url] = Page(url=page.url, title=title, html=page.content)
    return context


def _rewrite(output: str) -> str:
    return WORKER_RE.sub(lambda m: f'{m.group(1)}{m.group(2)}{INDEX_DIR}/worker.js"', output)


def on_post_page(output: str, page: Any, config: Any) -> str:
    return _rewrite(output) if _enabled() else output


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    return _rewrite(output_content) if _enabled() else output_content


def _strip_comments(source: str) -> str:
    """Drop comment-only lines and indentation (a third of worker.js); no build step needed."""
    out: list[str] = []
    in_block = False
    for line in source.splitlines():
        text = line.strip()
        if in_block:
            in_block = "*/" not in text
            continue
        if text.startswith("/*"):
            in_block = "*/" not in text
            continue
        if text and not text.startswith("//"):
            out.append(text)
    return "\n".join(out) + "\n"


def _sources(*names: str) -> str:
    return "".join(_strip_comments((HERE / n).read_text(encoding="utf-8")) for n in names)


def worker_source(built: BuiltIndex) -> str:
    """worker.js as served: worker.js ("use strict" first), fold.js and render.js without
    comments, then the manifest call (last: it posts READY, so everything else must be
    defined by then)."""
    return _sources("worker.js", "fold.js", "render.js") + built.files["manifest.js"]


def highlight_source(built: BuiltIndex) -> str:
    """search/ngram/highlight.js: fold.js and highlight.js with the site's fold map, in one
    function scope (the page's globals stay untouched)."""
    fold = json.dumps(built.fold, ensure_ascii=False, separators=(",", ":"))
    return (
        '(function () {\n"use strict";\n'
        + _sources("fold.js", "highlight.js")
        + f"setFold({fold});\nwhenReady(markPage);\n}})();\n"
    )


def write_index(built: BuiltIndex, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)  # stale shards from a bigger previous build would be served
    dirs = {str(Path(rel).parent) for rel in built.files}
    for d in sorted(dirs):
        (out / d).mkdir(parents=True, exist_ok=True)
    for rel, text in built.files.items():
        if rel != "manifest.js":  # part of worker.js
            with open(out / rel, "w", encoding="utf-8") as fh:
                fh.write(text)
    (out / "worker.js").write_text(worker_source(built), encoding="utf-8")
    (out / "highlight.js").write_text(highlight_source(built), encoding="utf-8")


@event_priority(-50)
def on_post_build(config: Any) -> None:
    if not _enabled():
        return
    started = time.perf_counter()
    site = Path(config["site_dir"])
    rank = {url: i for i, url in enumerate(_order.pop(config["site_dir"], []))}
    collected = _pages.pop(config["site_dir"], {})
    pages = sorted(collected.values(), key=lambda p: (rank.get(p.url, len(rank)), p.url))
    built = build_index(pages, load_fold_map(str(HERE / "t2s_chars.json")), cache=_cache)
    indexed = time.perf_counter()
    write_index(built, site / INDEX_DIR)
    if SHIM in config["extra"].get("polyfills", []):
        shutil.copyfile(HERE / "vendor" / "iframe-worker-shim.js", site / SHIM)

    stock = site / "search" / "search_index.json"
    if stock.exists():
        data = json.loads(stock.read_text(encoding="utf-8"))
        stub = {"config": data.get("config", {}), "docs": []}
        stock.write_text(json.dumps(stub, ensure_ascii=False), encoding="utf-8")
    log.info(
        "n-gram search: %d pages, %d sections, %d shards, %d index bytes%s; "
        "indexed in %.2f s, written in %.2f s",
        built.stats["pages"],
        built.stats["sections"],
        built.stats["shards"],
        built.stats["index_bytes"],
        " (postings reused)" if built.stats["reused"] else "",
        indexed - started,
        time.perf_counter() - indexed,
    )
