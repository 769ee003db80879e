"""Sharded builds: an archive too big for one build, built as independent shards and merged.

`reportsite build --shard K/N` builds shard K of N: a whole MkDocs build of both scripts
(the same pipeline run, nav, catalogue, theme pages, tags and sitemap as the single build),
except that only the pages of its reports are rendered and written. The reports are taken in
catalogue order (by date) and cut into N runs of equal size, so a shard holds consecutive
years; the pages that belong to no report (home, catalogue, themes, tags) are shard 1's.
Every page still reads its source and front matter (what the other pages show of it: nav
titles, tags), which costs little; rendering and writing, which is most of a build, is
split. The search index cannot be split the same way (its postings span the archive), so a
shard saves the pages it indexed (`SHARD_DIR`), and `reportsite merge` indexes all of them
at once: the index is the single build's, file for file.

`reportsite merge --site-dir OUT SHARD…` copies the shards into one site, checking that a
file written by several shards (assets, sitemap, 404 page) is the same in each, and writes
each script's search index. tests/test_shards.py compares the merged site with the single
build, byte for byte.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .errors import ReportError
from .paths import GENERATED_DIR
from .search.index import FoldedPage
from .search.pages import PageFacts

SHARD_DIR = ".reportsite-shard"  # in each script's folder of a shard; never in a merged site
SEARCH_PAGES = "search-pages.json"


@dataclass(frozen=True)
class Shard:
    number: int  # 1 … count
    count: int

    @staticmethod
    def parse(text: str) -> Shard:
        number, _, count = text.partition("/")
        if not (number.isdigit() and count.isdigit() and 1 <= int(number) <= int(count)):
            raise ValueError(f"--shard must be K/N with 1 ≤ K ≤ N, e.g. 2/4: {text!r}")
        return Shard(int(number), int(count))


def report_shards(slugs: list[str], count: int) -> dict[str, int]:
    """Reports (slugs in catalogue order) cut into `count` consecutive runs of equal size."""
    return {slug: i * count // len(slugs) + 1 for i, slug in enumerate(slugs)}


def page_shard(src_uri: str, shards: dict[str, int]) -> int:
    """The shard that renders the page at `src_uri`: its report's, else shard 1."""
    prefix = GENERATED_DIR + "/"
    if src_uri.startswith(prefix):
        return shards.get(src_uri[len(prefix):].partition("/")[0], 1)
    return 1


def _plugin(config: Any) -> Any:
    plugins = config["plugins"] if isinstance(config, dict) else config.plugins
    return plugins.get("reportsite")


def in_shard(config: Any) -> bool:
    """Whether this build is one shard of a sharded build."""
    return getattr(_plugin(config), "shard", None) is not None


def renders(config: Any, src_uri: str) -> bool:
    plugin = _plugin(config)
    shard = getattr(plugin, "shard", None)
    return shard is None or page_shard(src_uri, plugin.shards) == shard.number


def install_hooks() -> None:
    """Make MkDocs skip rendering and writing the pages of other shards (in this process:
    the `reportsite build --shard` command only). A skipped page is read (front matter,
    title) but has no HTML."""
    from mkdocs.commands import build
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import TableOfContents
    from mkdocs.utils import get_markdown_title

    render, build_page = Page.render, build._build_page

    def shard_render(self: Any, config: Any, files: Any) -> None:
        if renders(config, self.file.src_uri):
            render(self, config, files)
        else:
            self.content, self.toc = "", TableOfContents([])
            self._title_from_render = get_markdown_title(self.markdown or "")

    def shard_build_page(page: Any, config: Any, *args: Any, **kwargs: Any) -> None:
        if renders(config, page.file.src_uri):
            build_page(page, config, *args, **kwargs)

    Page.render = shard_render  # type: ignore[method-assign]
    build._build_page = shard_build_page


def save_shard_pages(site: Path, order: list[str],
                     pages: dict[str, tuple[PageFacts, FoldedPage]]) -> None:
    """What a shard indexed, for `merge_shards`: the nav order and each page's facts and
    sections, folded (search/index.py, fold_page)."""
    folder = site / SHARD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    data = {"order": order, "pages": [[asdict(f), folded] for f, folded in pages.values()]}
    with open(folder / SEARCH_PAGES, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)


def merge_shards(shards: list[Path], out: Path) -> None:
    """Copy every shard into `out` (which exists, empty), then index each script's pages."""
    from .search.plugin import index_site

    came_from: dict[str, Path] = {}
    scripts: list[str] = []
    for shard in shards:
        if not shard.is_dir():
            raise ReportError(str(shard), "no such shard folder")
        for path in sorted(shard.rglob("*")):
            rel = path.relative_to(shard).as_posix()
            if SHARD_DIR in path.relative_to(shard).parts or path.is_dir():
                if path.name == SEARCH_PAGES and rel not in scripts:
                    scripts.append(rel)
                continue
            if rel.startswith(".") and "/" not in rel:  # the publish marker
                continue
            _copy_once(path, rel, out, came_from)
    if not scripts:
        raise ReportError(str(shards[0]), f"not a shard: no {SHARD_DIR}/{SEARCH_PAGES} "
                          "(build it with reportsite build --shard K/N)")
    for rel in scripts:
        order: list[str] | None = None
        pages: dict[str, tuple[PageFacts, FoldedPage]] = {}
        for shard in shards:
            with open(shard / rel, encoding="utf-8") as fh:
                data = json.load(fh)
            if order is not None and data["order"] != order:
                raise ReportError(str(shard / rel), "the nav differs from the other shards': "
                                  "build every shard from the same seeds and config")
            order = data["order"]
            for facts, folded in data["pages"]:
                sections = [(text, title, (anchor, heading), blocks)
                            for text, title, (anchor, heading), blocks in folded]
                pages[facts["url"]] = (PageFacts(**facts), sections)
        site = out / Path(rel).parent.parent
        index_site(site, order or [], pages)


def _copy_once(path: Path, rel: str, out: Path, came_from: dict[str, Path]) -> None:
    dest = out / rel
    if rel in came_from:
        if dest.read_bytes() != path.read_bytes():
            raise ReportError(str(path), f"differs from {came_from[rel]}: build every shard "
                              "from the same seeds, config and SOURCE_DATE_EPOCH")
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path, dest)
    came_from[rel] = path
