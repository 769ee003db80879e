"""Pure builder for the sharded positional n-gram search index.

No MkDocs import: the search plugin (``plugin.py``) hands us (url, title, html) per page and
writes the files we return. The browser side is ``search/worker.js``; the two must agree on

* normalisation (``fold.Folder`` ↔ ``normalise`` in fold.js);
* the shard hash (FNV-1a over UTF-16 code units, ``shard_of`` ↔ ``shardOf``);
* the integer encoding (``encode_ints`` ↔ ``decodeInts``) and the file formats below.

Why n-grams instead of words: a reader may type any substring (one Han character, a name,
``9019``, ``2.3``); a word index needs a segmenter that agrees with the reader, and jieba
does not even agree with itself across scripts. A bigram chain with consecutive positions
*is* an exact substring test, so results are exact, not ranked guesses.

Modules: ``sections`` (HTML → sections), ``fold`` (the fold),
``postings`` (doc lists and positions, vectorised), this one (files).

Build cost: 2.4 million characters per script at 100x, about 3 s. The Traditional
twin folds to the same text as the Simplified site, so ``IndexCache`` lets the second build
reuse the postings files instead of recomputing them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..pipelinememo import digest
from .fold import BOUNDARY, Folder
from .pages import OTHER
from .postings import (
    BLOCK,
    decode_ints,
    encode_ints,
    postings,
    shard_of,
)
from .sections import Section, extract_sections, section_text

__all__ = [
    "BOUNDARY",
    "BuiltIndex",
    "Folder",
    "IndexCache",
    "IndexedPage",
    "Section",
    "build_index",
    "decode_ints",
    "encode_ints",
    "extract_sections",
    "load_fold_map",
    "section_text",
    "shard_of",
]

FORMAT_VERSION = 4
OVERLAP = 24  # folded characters a snippet block reaches into the next: no match straddles


@dataclass
class IndexedPage:
    url: str
    title: str
    html: str
    # What the worker ranks and titles results by (pages.py): OTHER, OVERVIEW or TEXT; the
    # position of the parent page in the list handed to build_index (-1: none); the year
    # shown after the title (overviews).
    kind: int = OTHER
    parent: int = -1
    year: str = ""
    # The page folded already (`fold_page`): `html` is then not read. The plugin folds each
    # page as it is built, so no page's HTML is held until the index is.
    sections: FoldedPage | None = None


@dataclass
class BuiltIndex:
    files: dict[str, str] = field(default_factory=dict)  # relative path → JS source
    stats: dict[str, int] = field(default_factory=dict)
    # The manifest's fold map, also shipped to pages for highlighting (plugin.py).
    fold: dict[str, str] = field(default_factory=dict)


@dataclass
class IndexCache:
    """Postings files of the last build, keyed by a digest of everything they depend on."""

    digest: str = ""
    files: dict[str, str] = field(default_factory=dict)
    keys: int = 0
    reused: int = 0  # how many builds took their postings from here (for the log and tests)


def _js_call(fn: str, *args: object) -> str:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    return f"{fn}({body});\n"


@dataclass
class _Folded:
    """Every section of every page, folded, with what the files need besides postings."""

    texts: list[str] = field(default_factory=list)  # folded section text
    blocks: list[list[str]] = field(default_factory=list)  # snippet blocks, original chars
    anchors: list[tuple[str, str]] = field(default_factory=list)  # (anchor, heading)
    sec_counts: list[int] = field(default_factory=list)  # per page
    title_lengths: list[int] = field(default_factory=list)  # per page, folded


# One page's sections as the index holds them: (folded text, folded title length (first
# section only, else -1), (anchor, heading), snippet blocks).
FoldedPage = list[tuple[str, int, tuple[str, str], list[str]]]


def _fold_pages(pages: list[IndexedPage], norm: Folder) -> _Folded:
    """Every page's sections (`fold_page`, unless the page comes folded) laid end to end."""
    out = _Folded()
    for page in pages:
        done = page.sections
        if done is None:
            done = fold_page(page.html, page.title, norm)
        out.sec_counts.append(len(done))
        for folded, title_length, anchor, blocks in done:
            if title_length >= 0:
                out.title_lengths.append(title_length)
            out.texts.append(folded)
            out.anchors.append(anchor)
            out.blocks.append(blocks)
    return out


def fold_page(html: str, title: str, norm: Folder,
              memo: Callable[[Any, Callable[[], FoldedPage]], FoldedPage] | None = None
              ) -> FoldedPage:
    """A page's sections as the index holds them. Each section's text is kept as blocks of
    BLOCK folded characters (plus OVERLAP, so a match never straddles two blocks), in original
    characters: a result's snippet then costs one small file, and the block holding a key's
    first occurrence is in the doc list. `memo(key, fold)` may return them from an earlier
    build (the preview's: they depend on the HTML and the title only)."""
    if memo is None:
        return _fold_page(html, title, norm)
    return memo((title, digest(html)), lambda: _fold_page(html, title, norm))


def _fold_page(html: str, title: str, norm: Folder) -> FoldedPage:
    done: FoldedPage = []
    for k, section in enumerate(extract_sections(html, title)):
        original = section.heading + BOUNDARY + section.body
        folded, src = norm.fold(original)
        # The heading is whitespace-normalised, so its fold is a prefix of the text's.
        title_length = len(norm.text(section.heading)) if k == 0 else -1
        blocks = []
        for start in range(0, max(len(folded), 1), BLOCK):
            end = min(len(folded), start + BLOCK + OVERLAP)
            blocks.append(original[src[start] : src[end - 1] + 1] if end > start else "")
        done.append((folded, title_length, (section.anchor, section.heading), blocks))
    return done


def _buckets(entries: dict[str, str], target: int) -> list[dict[str, str]]:
    """Hash keys into a power-of-two number of files of about ``target`` bytes each."""
    total = sum(len(k.encode("utf-8")) + len(v) + 6 for k, v in entries.items())
    count = 1
    while total / count > target:
        count *= 2
    buckets: list[dict[str, str]] = [{} for _ in range(count)]
    for key in sorted(entries):
        buckets[shard_of(key, count)][key] = entries[key]
    return buckets


def _postings_files(folded: _Folded, shard_bytes: int) -> tuple[dict[str, str], int]:
    doc_text, pos_text = (
        postings(folded.texts, folded.sec_counts, folded.title_lengths)
        if folded.texts
        else ({}, {})
    )
    docs = doc_text
    doc_buckets = _buckets(doc_text, shard_bytes // 3)  # a 1-2 char query reads one s/ file
    pos_buckets = _buckets(pos_text, shard_bytes)
    files = {f"s/{i}.js": _js_call("__ngram_docs", i, b) for i, b in enumerate(doc_buckets)}
    files.update(
        {f"q/{i}.js": _js_call("__ngram_positions", i, b) for i, b in enumerate(pos_buckets)}
    )
    files["counts"] = json.dumps([len(doc_buckets), len(pos_buckets)])
    return files, len(docs)


def _bmp_common(a: str, b: str, limit: int) -> int:
    """Length of the common prefix of a and b, in chars that are one UTF-16 unit each (so
    JavaScript slices the same), at most ``limit``."""
    n = 0
    top = min(len(a), len(b), limit)
    while n < top and a[n] == b[n] and ord(a[n]) < 0x10000:
        n += 1
    return n


def _title_code(title: str, row: int, titles: list[str], seen: dict[str, int]) -> object:
    """A title as itself, as the row number of an equal title, or as an edit of a similar one.

    Reports of one series repeat their part titles with other numbers ("…超1090个" next
    year "…超1091个"): [row, shared prefix, middle, shared suffix] against the most similar
    of the last 64 titles costs a fraction of the title.
    """
    if title in seen:
        return seen[title]
    best: list[object] = []
    saved = 8  # not worth a reference below that
    for ref in range(max(0, row - 64), row):
        other = titles[ref]
        pre = _bmp_common(title, other, len(title))
        if pre + min(len(title), len(other)) - pre <= saved:
            continue
        suf = _bmp_common(title[::-1], other[::-1], min(len(title), len(other)) - pre)
        if pre + suf > saved:
            saved = pre + suf
            best = [ref, pre, title[pre : len(title) - suf], suf]
    return best or title


def _front_coded(rows: list[tuple[str, str, str]], target: int) -> list[list[list[object]]]:
    """[url, title, year] rows as chunks of [chars shared with the previous url, rest of url,
    title(, year)], about ``target`` bytes of JSON each (see ``_title_code`` for the title;
    the year, a number, only where there is one: overviews).

    Neighbouring pages share most of their URL (reports/<slug>/<part>/).
    """
    chunks: list[list[list[object]]] = []
    chunk: list[list[object]] = []
    size = 0
    prev = ""
    titles: list[str] = []
    seen: dict[str, int] = {}
    for url, title, year in rows:
        if chunk and size >= target:
            chunks.append(chunk)
            chunk, size, prev, titles, seen = [], 0, "", [], {}
        shared = _bmp_common(prev, url, len(url))
        row: list[object] = [shared, url[shared:], _title_code(title, len(chunk), titles, seen)]
        if year:
            row.append(int(year))
        seen.setdefault(title, len(chunk))
        titles.append(title)
        chunk.append(row)
        size += len(json.dumps(row, ensure_ascii=False).encode("utf-8"))
        prev = url
    if chunk:
        chunks.append(chunk)
    return chunks


def _runs(values: Iterable[int]) -> list[int]:
    """[value, run length, value, run length, …] (run-length coding)."""
    out: list[int] = []
    for value in values:
        if out and out[-2] == value:
            out[-1] += 1
        else:
            out += [value, 1]
    return out


def _digest(folded: _Folded, shard_bytes: int) -> str:
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{FORMAT_VERSION} {BLOCK} {shard_bytes} ".encode())
    h.update(encode_ints(folded.sec_counts).encode())
    h.update(encode_ints(folded.title_lengths).encode())
    h.update("\x00".join(folded.texts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def build_index(
    pages: list[IndexedPage],
    fold: Mapping[str, str],
    *,
    shard_bytes: int = 12_000,
    meta_bytes: int = 16_000,
    cache: IndexCache | None = None,
) -> BuiltIndex:
    """Build every file of the index; paths are relative to the index directory.

    manifest.js per page: section count, folded title length, kind and parent (run-length
                coded); page-chunk sizes; fold map (the plugin appends it to worker.js, so
                it costs no request)
    s/<n>.js    per key: the sections holding it, (doc delta, count*2 + in-title, first block)*
    q/<n>.js    per bigram: the positions, same order (only queries of 3+ chars need them)
    p/<n>.js    url, title (and year) of consecutive pages, about ``meta_bytes`` per file
    t/<s>-<b>.js  anchor, heading and block b of section s (snippets for shown results only)

    With a ``cache`` whose digest matches (same folded text: the Traditional twin of the
    site last built), s/ and q/ are taken from it.
    """
    folded = _fold_pages(pages, Folder(fold))
    postings, keys, reused = _cached_postings(folded, shard_bytes, cache)
    doc_shards, pos_shards = json.loads(postings["counts"])

    out = BuiltIndex()
    chars: set[str] = set()
    for text in folded.texts:  # one text at a time: a set per section at once was 60 MB at 100x
        chars.update(text)
    sections = len(folded.texts)
    folded.texts = []  # not needed below: let go before the snippet files are made
    # Only Traditional chars whose Simplified form occurs can ever match: ship just those.
    query_fold = {t: s for t, s in sorted(fold.items()) if s in chars}
    chunks = _front_coded([(p.url, p.title, p.year) for p in pages], meta_bytes)
    manifest = {
        "v": FORMAT_VERSION,
        "shards": doc_shards,
        "pshards": pos_shards,
        "block": BLOCK,
        "chunks": encode_ints(len(rows) for rows in chunks),
        "sections": encode_ints(folded.sec_counts),
        "titles": encode_ints(folded.title_lengths),
        # Per page, as (value, run length) pairs: a report's pages are consecutive, so a
        # 200-report site costs a few hundred pairs, not one value per page.
        "kinds": encode_ints(_runs(p.kind for p in pages)),
        "parents": encode_ints(_runs(p.parent + 1 for p in pages)),
        "fold": query_fold,
    }
    out.files["manifest.js"] = _js_call("__ngram_manifest", manifest)
    out.fold = query_fold
    out.files.update((k, v) for k, v in postings.items() if k != "counts")
    out.files.update(_page_and_text_files(folded, chunks))
    out.stats = {
        "pages": len(pages),
        "sections": sections,
        "keys": keys,
        "shards": doc_shards + pos_shards,
        "index_bytes": sum(len(v.encode("utf-8")) for k, v in out.files.items() if k[0] in "sq"),
        "fold_entries": len(query_fold),
        "reused": int(reused),
    }
    return out


def _cached_postings(
    folded: _Folded, shard_bytes: int, cache: IndexCache | None
) -> tuple[dict[str, str], int, bool]:
    """The s/ and q/ files: from ``cache`` when it holds the same folded text, else built
    (and put in the cache)."""
    digest = _digest(folded, shard_bytes)
    if cache is not None and cache.digest == digest:
        cache.reused += 1
        return cache.files, cache.keys, True
    postings, keys = _postings_files(folded, shard_bytes)
    if cache is not None:
        cache.digest, cache.files, cache.keys = digest, postings, keys
    return postings, keys, False


def _page_and_text_files(folded: _Folded, chunks: list[list[list[object]]]) -> dict[str, str]:
    """p/: url and title of consecutive pages; t/: each section's snippet blocks."""
    files: dict[str, str] = {}
    start = 0
    for i, rows in enumerate(chunks):
        files[f"p/{i}.js"] = _js_call("__ngram_pages", start, rows)
        start += len(rows)
    for i, ((anchor, heading), blocks) in enumerate(
        zip(folded.anchors, folded.blocks, strict=True)
    ):
        for b, block in enumerate(blocks):
            files[f"t/{i}-{b}.js"] = _js_call("__ngram_text", i, b, anchor, heading, block)
    return files


def load_fold_map(path: str) -> dict[str, str]:
    with open(path, encoding="utf-8") as fh:
        data: dict[str, str] = json.load(fh)
    return data
