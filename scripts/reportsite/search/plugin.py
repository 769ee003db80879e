"""MkDocs plugin ``reportsite-search``: what is behind Material's search box (the box and the
result list stay Material's).

List it in mkdocs.yml after Material's ``search`` plugin (the ``offline`` plugin may be on or
off). What it does:

* ``on_page_context``: remember each page's rendered HTML, URL, title, kind and year
  (``pages.py``), except pages whose front matter says ``search: {exclude: true}`` (the
  record pages): Material's search plugin, which reads that switch, indexes nothing here.
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
  The Traditional twin, built next in the same process, folds to the same text: its plugin
  is handed this one's ``IndexCache`` (``share_with_twin``) and reuses the postings files.

Set ``REPORTSITE_STOCK_SEARCH=1`` to turn it off (stock Material search), which the
quality measurement uses to build the comparison site from the same config.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, event_priority

from ..previewcache import search_memo
from ..shard import in_shard, save_shard_pages
from .fold import Folder
from .index import (
    BuiltIndex,
    FoldedPage,
    IndexCache,
    IndexedPage,
    build_index,
    fold_page,
    load_fold_map,
)
from .pages import PageFacts, excluded, page_facts, parents

log = logging.getLogger("mkdocs.plugins.reportsite.search")

ASSETS = Path(str(package_files("reportsite.search") / "assets"))
INDEX_DIR = "search/ngram"
HIGHLIGHT = f"{INDEX_DIR}/highlight.js"
WORKER_RE = re.compile(
    r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"'
)


def stock_search_asked() -> bool:
    """REPORTSITE_STOCK_SEARCH=1: the quality measurement's comparison build."""
    return os.environ.get("REPORTSITE_STOCK_SEARCH", "") in ("1", "true", "yes")


def _no_entries(page: Any) -> None:
    return None


class NgramSearchConfig(base.Config):  # type: ignore[no-untyped-call]
    # false: Material's own search stays (its jieba index, its worker, its highlighter).
    enabled = c.Type(bool, default=True)


class NgramSearchPlugin(BasePlugin[NgramSearchConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.on = True
        # url → (facts, the page folded: index.fold_page), as each page is built
        self.pages: dict[str, tuple[PageFacts, FoldedPage]] = {}
        self.folder: Folder | None = None
        self.folding = 0.0  # seconds spent folding pages in this build (logged)
        self.order: list[str] = []
        self.cache = IndexCache()  # postings of the last index this plugin (or its twin) built

    def share_with_twin(self, twin: Any) -> None:
        """The Traditional twin folds to the same text: hand it the postings."""
        if isinstance(twin, NgramSearchPlugin):
            twin.cache = self.cache

    @event_priority(-100)
    def on_config(self, config: Any) -> Any:
        self.on = self.config.enabled and not stock_search_asked()
        if self.on:
            # Runs after Material's search plugin set up its (empty) index for this build.
            for plugin in config["plugins"].values():
                index = getattr(plugin, "search_index", None)
                if type(plugin).__name__ == "SearchPlugin" and index is not None:
                    index.add_entry_from_context = _no_entries
            own_highlight(config)
        return config

    def on_pre_build(self, config: Any) -> None:
        self.pages, self.order, self.folding = {}, [], 0.0

    def on_nav(self, nav: Any, config: Any, files: Any) -> None:
        # Nav order is the reading order; it breaks ties between equally good results.
        self.order = [page.url for page in nav.pages]

    @event_priority(-100)
    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        # Latest point where page.content is final: the tags plugin fills its listings in
        # after on_page_content, and Material's search plugin also indexes here.
        # Material's own search plugin honours `search: {exclude: true}`, but it indexes
        # nothing here (on_config): this index must honour it itself.
        if self.on and not excluded(page.meta):
            # A page title is HTML to MkDocs (escaped text: reportsite/safetext.py); the
            # index holds text, which the worker escapes when it shows a result.
            facts = page_facts(page.url, page.file.src_uri, page.title or "", page.meta)
            # Folded now rather than at the end: the index then never needs every page's
            # HTML at once (the reportsite plugin lets it go once the page is written).
            if self.folder is None:
                self.folder = Folder(load_fold_map(str(ASSETS / "t2s_chars.json")))
            started = time.perf_counter()
            sections = fold_page(page.content or "", facts.title, self.folder, search_memo())
            self.folding += time.perf_counter() - started
            self.pages[page.url] = (facts, sections)
        return context

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        return rewrite_worker_url(output) if self.on else output

    def on_post_template(self, output_content: str, template_name: str, config: Any) -> str:
        return rewrite_worker_url(output_content) if self.on else output_content

    # After Material's search plugin wrote search/search_index.json, before the offline
    # plugin (-100) inlines it into search_index.js.
    @event_priority(-50)
    def on_post_build(self, config: Any) -> None:
        if not self.on:
            return
        pages, order = self.pages, self.order
        self.pages, self.order = {}, []
        site = Path(config["site_dir"])
        stub_stock_index(site / "search" / "search_index.json")
        if in_shard(config):
            # One shard of a sharded build: its pages for `reportsite merge`, which indexes
            # the pages of every shard at once (reportsite/shard.py).
            save_shard_pages(site, order, pages)
            return
        index_site(site, order, pages, self.cache, self.folding)


def index_site(site: Path, order: list[str], pages: dict[str, tuple[PageFacts, FoldedPage]],
               cache: IndexCache | None = None, folding: float = 0.0) -> None:
    """Build and write the index of `pages` (url → (facts, folded page)), ranked in the
    nav's `order`, into `site`/search/ngram; `folding`, the seconds spent folding them as
    they were built, is logged with the rest."""
    started = time.perf_counter()
    rank = {url: i for i, url in enumerate(order)}
    ordered = sorted(pages.values(), key=lambda p: (rank.get(p[0].url, len(rank)), p[0].url))
    facts = [f for f, _ in ordered]
    indexed_pages = [
        IndexedPage(url=f.url, title=f.title, html="", kind=f.kind, parent=parent,
                    year=f.year, sections=sections)
        for (f, sections), parent in zip(ordered, parents(facts), strict=True)
    ]
    pages.clear()
    built = build_index(indexed_pages, load_fold_map(str(ASSETS / "t2s_chars.json")),
                        cache=cache)
    indexed = time.perf_counter()
    write_index(built, site / INDEX_DIR)
    log.info(
        "n-gram search: %d pages, %d sections, %d shards, %d index bytes%s; "
        "pages folded in %.2f s, indexed in %.2f s, written in %.2f s",
        built.stats["pages"],
        built.stats["sections"],
        built.stats["shards"],
        built.stats["index_bytes"],
        " (postings reused)" if built.stats["reused"] else "",
        folding,
        indexed - started,
        time.perf_counter() - indexed,
    )


def own_highlight(config: Any) -> None:
    """Mark the query on opened pages with search/highlight.js instead of Material.

    Material's highlighter marks the typed characters verbatim, so a Simplified query marks
    nothing on a Traditional page; it would also overwrite the `h` our result links carry.
    """
    features = config["theme"]["features"]
    if "search.highlight" in features:
        features.remove("search.highlight")
    if HIGHLIGHT not in [str(s) for s in config["extra_javascript"]]:
        config["extra_javascript"].append(HIGHLIGHT)


def rewrite_worker_url(output: str) -> str:
    return WORKER_RE.sub(lambda m: f'{m.group(1)}{m.group(2)}{INDEX_DIR}/worker.js"', output)


def stub_stock_index(stock: Path) -> None:
    """Material's bundle always fetches search_index.json: keep its config, drop its docs."""
    if stock.exists():
        data = json.loads(stock.read_text(encoding="utf-8"))
        stub = {"config": data.get("config", {}), "docs": []}
        stock.write_text(json.dumps(stub, ensure_ascii=False), encoding="utf-8")


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
    return "".join(_strip_comments((ASSETS / n).read_text(encoding="utf-8")) for n in names)


def worker_source(built: BuiltIndex) -> str:
    """worker.js as served: worker.js ("use strict" first), fold.js, rank.js and render.js
    without comments, then the manifest call (last: it posts READY, so everything else must
    be defined by then)."""
    return _sources("worker.js", "fold.js", "rank.js", "render.js") + built.files["manifest.js"]


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
