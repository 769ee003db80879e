"""Pure builder for the sharded positional n-gram search index (issue 4).

No MkDocs import: the hook in ``search/hook.py`` hands us (url, title, html) per page and
writes the files we return. The browser side is ``search/worker.js``; the two must agree on

* normalisation (``search_text.Normaliser`` ↔ ``normalise`` in worker.js);
* the shard hash (FNV-1a over UTF-16 code units, ``shard_of`` ↔ ``shardOf``);
* the integer encoding (``encode_ints`` ↔ ``decodeInts``) and the file formats below.

Why n-grams instead of words: a reader may type any substring (one Han character, a name,
``9019``, ``2.3``); a word index needs a segmenter that agrees with the reader, and jieba
does not even agree with itself across scripts. A bigram chain with consecutive positions
*is* an exact substring test, so results are exact, not ranked guesses.

Build cost (issue 7): 2.4 million characters per script at 100x. The per-occurrence work is
one dict append per character bigram; counts and first positions of single characters come
from ``Counter`` and ``str.find``; integers are encoded through a lookup table. The
Traditional twin folds to the same text as the Simplified site, so ``IndexCache`` lets the
second build reuse the postings files instead of recomputing them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from reportsite.search_text import (
    BOUNDARY,
    Normaliser,
    Section,
    extract_sections,
    section_text,
)

__all__ = [
    "BOUNDARY",
    "BuiltIndex",
    "IndexCache",
    "Normaliser",
    "Page",
    "Section",
    "build_index",
    "decode_ints",
    "encode_ints",
    "extract_sections",
    "load_fold_map",
    "section_text",
    "shard_of",
]

FORMAT_VERSION = 3
BLOCK = 256  # folded characters per snippet block
OVERLAP = 24
# Varint alphabet: 32 "more digits follow" symbols, then 32 "last digit" symbols (5 bits each).
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_MORE, _LAST = _ALPHABET[:32], _ALPHABET[32:]
_DECODE = {ch: (i % 32, i >= 32) for i, ch in enumerate(_ALPHABET)}


# --------------------------------------------------------------------------- encoding


def _encode_one(value: int) -> str:
    if value < 0:
        raise ValueError(f"cannot encode negative {value}")
    digits = [value & 31]
    value >>= 5
    while value:
        digits.append(value & 31)
        value >>= 5
    digits.reverse()
    return "".join(_MORE[d] for d in digits[:-1]) + _LAST[digits[-1]]


_TABLE = [_encode_one(v) for v in range(1 << 15)]  # every value of up to three symbols


def encode_ints(values: Iterable[int]) -> str:
    values = list(values)
    if values and 0 <= min(values) and max(values) < len(_TABLE):
        return "".join(map(_TABLE.__getitem__, values))
    return "".join(_TABLE[v] if 0 <= v < len(_TABLE) else _encode_one(v) for v in values)


def decode_ints(text: str) -> list[int]:
    out: list[int] = []
    acc = 0
    for ch in text:
        digit, last = _DECODE[ch]
        acc = acc * 32 + digit
        if last:
            out.append(acc)
            acc = 0
    return out


def shard_of(key: str, shards: int) -> int:
    h = 2166136261
    raw = key.encode("utf-16-le")
    for i in range(0, len(raw), 2):
        h ^= raw[i] | (raw[i + 1] << 8)
        h = (h * 16777619) & 0xFFFFFFFF
    return h % shards


# --------------------------------------------------------------------------- index


@dataclass
class Page:
    url: str
    title: str
    html: str


@dataclass
class BuiltIndex:
    files: dict[str, str] = field(default_factory=dict)  # relative path → JS source
    stats: dict[str, int] = field(default_factory=dict)


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


def _fold_pages(pages: list[Page], norm: Normaliser) -> _Folded:
    """Each section's text is kept as blocks of BLOCK folded characters (plus OVERLAP, so a
    match never straddles two blocks), in original characters: a result's snippet then costs
    one small file, and the block holding a key's first occurrence is in the doc list."""
    out = _Folded()
    for page in pages:
        sections = extract_sections(page.html, page.title)
        out.sec_counts.append(len(sections))
        for k, section in enumerate(sections):
            original = section.heading + BOUNDARY + section.body
            folded, src = norm.normalise(original)
            if k == 0:
                # The heading is whitespace-normalised, so its fold is a prefix of the text's.
                out.title_lengths.append(len(norm.text(section.heading)))
            out.texts.append(folded)
            out.anchors.append((section.anchor, section.heading))
            blocks = []
            for start in range(0, max(len(folded), 1), BLOCK):
                end = min(len(folded), start + BLOCK + OVERLAP)
                blocks.append(original[src[start] : src[end - 1] + 1] if end > start else "")
            out.blocks.append(blocks)
    return out


def _encode_array(values: np.ndarray) -> tuple[str, np.ndarray]:
    """``encode_ints`` for a whole array: the text, and where each value's code ends in it."""
    digits = np.ones(len(values), np.int64)
    rest = values >> 5
    while rest.any():
        digits += rest > 0
        rest >>= 5
    ends = np.cumsum(digits)
    out = np.empty(int(ends[-1]) if len(ends) else 0, np.uint8)
    out[ends - 1] = _LAST_CODES[values & 31]
    rest, k = values >> 5, 1
    while True:
        more = digits > k
        if not more.any():
            break
        out[(ends - 1 - k)[more]] = _MORE_CODES[rest[more] & 31]
        rest >>= 5
        k += 1
    return out.tobytes().decode("ascii"), ends


_LAST_CODES = np.frombuffer(_LAST.encode("ascii"), np.uint8)
_MORE_CODES = np.frombuffer(_MORE.encode("ascii"), np.uint8)


def _split_encoded(keys: list[str], values: np.ndarray, key_ends: np.ndarray) -> dict[str, str]:
    """Encode ``values`` and cut the text per key (key i owns values up to key_ends[i])."""
    text, ends = _encode_array(values)
    cut = np.concatenate(([0], ends[key_ends - 1])).tolist() if len(keys) else [0]
    return {key: text[cut[i] : cut[i + 1]] for i, key in enumerate(keys)}


def _stable_order(*digits: np.ndarray) -> np.ndarray:
    """Indices sorting by ``digits`` (most significant first), ties kept in input order.

    One stable pass per digit, least significant first: on 16-bit digits numpy's stable
    sort is a radix sort, several times faster than a comparison sort of combined keys.
    """
    order = np.argsort(digits[-1], kind="stable")
    for digit in reversed(digits[:-1]):
        order = order[np.argsort(digit[order], kind="stable")]
    return order


def _group(
    keys: np.ndarray, secs: np.ndarray, pos: np.ndarray, width: int, title_len: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Occurrences sorted by key, then section and position → doc list ints per key.

    Returns where each key's occurrences end, the doc ints (section delta, count*2 +
    in-title, first block, per key and section), how many (key, section) pairs each key has
    (cumulative), and which occurrences start a (key, section) pair.
    """
    n = len(keys)
    new_key = np.ones(n, bool)
    new_key[1:] = keys[1:] != keys[:-1]
    new_pair = new_key.copy()
    new_pair[1:] |= secs[1:] != secs[:-1]
    pairs = np.flatnonzero(new_pair)
    count = np.diff(np.append(pairs, n))
    first = pos[pairs]
    sec = secs[pairs]
    pair_starts_key = new_key[pairs]
    prev = np.empty_like(sec)
    prev[0] = 0
    prev[1:] = sec[:-1]
    prev[pair_starts_key] = 0
    doc = np.empty(3 * len(pairs), np.int64)
    doc[0::3] = sec - prev
    doc[1::3] = count * 2 + (first + width <= title_len[sec])
    doc[2::3] = first // BLOCK
    key_ends = np.append(np.flatnonzero(new_key)[1:], n)
    key_pairs_end = np.append(np.flatnonzero(pair_starts_key)[1:], len(pairs))
    return key_ends, doc, key_pairs_end, new_pair


def _postings(folded: _Folded) -> tuple[dict[str, str], dict[str, str]]:
    """Per key, the encoded doc list and (bigrams only) the encoded positions.

    Doc list: per section holding the key, (section delta, count*2 + in-title, block of the
    first occurrence). Positions: per section, deltas from 0. The in-title bit lets one- and
    two-character queries rank title hits first without positions.

    Vectorised (issue 7: 2.4 million characters at 100x): every occurrence of every
    character and bigram is one array element, stably sorted by key, so that (key, section)
    pairs, counts, first positions and deltas are array operations.
    """
    texts = folded.texts
    big = BOUNDARY.join(texts)  # a section end is a boundary too: no bigram crosses it
    cps = np.frombuffer(big.encode("utf-32-le", "surrogatepass"), np.uint32).astype(np.int64)
    lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    sec_of = np.repeat(np.arange(len(texts)), lengths + 1)[: len(cps)]
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    local = np.arange(len(cps)) - starts[sec_of]
    title_len = np.full(len(texts), -1, np.int64)
    firsts = np.concatenate(([0], np.cumsum(folded.sec_counts)[:-1])).astype(np.int64)
    title_len[firsts] = folded.title_lengths
    # Dense character ids: 16-bit digits for the radix sorts whenever the text allows.
    present = np.zeros(int(cps.max()) + 1, bool)
    present[cps] = True
    ids = (np.cumsum(present) - 1)[cps]
    ids = ids.astype(np.uint16) if int(present.sum()) <= 1 << 16 else ids
    boundary = cps == ord(BOUNDARY)

    keep = np.flatnonzero(~boundary)
    order = keep[_stable_order(ids[keep])]
    key_ends, doc, pair_ends, _ = _group(cps[order], sec_of[order], local[order], 1, title_len)
    names = [chr(c) for c in cps[order][key_ends - 1].tolist()]
    docs = _split_encoded(names, doc, pair_ends * 3)

    keep = np.flatnonzero(~boundary[:-1] & ~boundary[1:])
    order = keep[_stable_order(ids[keep], ids[keep + 1])]
    key_ends, doc, pair_ends, new_pair = _group(
        (cps[order] << 21) | cps[order + 1], sec_of[order], local[order], 2, title_len
    )
    last = order[key_ends - 1]
    names = [
        chr(a) + chr(b) for a, b in zip(cps[last].tolist(), cps[last + 1].tolist(), strict=True)
    ]
    docs.update(_split_encoded(names, doc, pair_ends * 3))
    p = local[order]
    deltas = np.diff(p, prepend=0)
    deltas[new_pair] = p[new_pair]
    positions = _split_encoded(names, deltas, key_ends)
    return docs, positions


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
    doc_text, pos_text = _postings(folded) if folded.texts else ({}, {})
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


def _front_coded(rows: list[tuple[str, str]], target: int) -> list[list[list[object]]]:
    """[url, title] rows as chunks of [chars shared with the previous url, rest of url, title],
    about ``target`` bytes of JSON each (see ``_title_code`` for the title).

    Neighbouring pages share most of their URL (reports/<slug>/<part>/).
    """
    chunks: list[list[list[object]]] = []
    chunk: list[list[object]] = []
    size = 0
    prev = ""
    titles: list[str] = []
    seen: dict[str, int] = {}
    for url, title in rows:
        if chunk and size >= target:
            chunks.append(chunk)
            chunk, size, prev, titles, seen = [], 0, "", [], {}
        shared = _bmp_common(prev, url, len(url))
        row: list[object] = [shared, url[shared:], _title_code(title, len(chunk), titles, seen)]
        seen.setdefault(title, len(chunk))
        titles.append(title)
        chunk.append(row)
        size += len(json.dumps(row, ensure_ascii=False).encode("utf-8"))
        prev = url
    if chunk:
        chunks.append(chunk)
    return chunks


def _digest(folded: _Folded, shard_bytes: int) -> str:
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{FORMAT_VERSION} {BLOCK} {shard_bytes} ".encode())
    h.update(encode_ints(folded.sec_counts).encode())
    h.update(encode_ints(folded.title_lengths).encode())
    h.update("\x00".join(folded.texts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def build_index(
    pages: list[Page],
    fold: Mapping[str, str],
    *,
    shard_bytes: int = 12_000,
    meta_bytes: int = 16_000,
    cache: IndexCache | None = None,
) -> BuiltIndex:
    """Build every file of the index; paths are relative to the index directory.

    manifest.js per page: section count, folded title length; page-chunk sizes; fold map
                (the hook appends it to worker.js, so it costs no request)
    s/<n>.js    per key: the sections holding it, (doc delta, count*2 + in-title, first block)*
    q/<n>.js    per bigram: the positions, same order (only queries of 3+ chars need them)
    p/<n>.js    url and title of consecutive pages, about ``meta_bytes`` per file
    t/<s>-<b>.js  anchor, heading and block b of section s (snippets for shown results only)

    With a ``cache`` whose digest matches (same folded text: the Traditional twin of the
    site last built), s/ and q/ are taken from it.
    """
    norm = Normaliser(fold)
    folded = _fold_pages(pages, norm)
    digest = _digest(folded, shard_bytes)
    reused = cache is not None and cache.digest == digest
    if cache is not None and reused:
        postings, keys = cache.files, cache.keys
        cache.reused += 1
    else:
        postings, keys = _postings_files(folded, shard_bytes)
        if cache is not None:
            cache.digest, cache.files, cache.keys = digest, postings, keys
    doc_shards, pos_shards = json.loads(postings["counts"])

    out = BuiltIndex()
    chars = set().union(*map(set, folded.texts)) if folded.texts else set()
    # Only Traditional chars whose Simplified form occurs can ever match: ship just those.
    query_fold = {t: s for t, s in sorted(fold.items()) if s in chars}
    chunks = _front_coded([(p.url, p.title) for p in pages], meta_bytes)
    manifest = {
        "v": FORMAT_VERSION,
        "shards": doc_shards,
        "pshards": pos_shards,
        "block": BLOCK,
        "chunks": encode_ints(len(rows) for rows in chunks),
        "sections": encode_ints(folded.sec_counts),
        "titles": encode_ints(folded.title_lengths),
        "fold": query_fold,
    }
    out.files["manifest.js"] = _js_call("__ngram_manifest", manifest)
    out.files.update((k, v) for k, v in postings.items() if k != "counts")
    start = 0
    for i, rows in enumerate(chunks):
        out.files[f"p/{i}.js"] = _js_call("__ngram_pages", start, rows)
        start += len(rows)
    for i, ((anchor, heading), blocks) in enumerate(
        zip(folded.anchors, folded.blocks, strict=True)
    ):
        for b, block in enumerate(blocks):
            out.files[f"t/{i}-{b}.js"] = _js_call("__ngram_text", i, b, anchor, heading, block)
    out.stats = {
        "pages": len(pages),
        "sections": len(folded.texts),
        "keys": keys,
        "shards": doc_shards + pos_shards,
        "index_bytes": sum(len(v.encode("utf-8")) for k, v in out.files.items() if k[0] in "sq"),
        "fold_entries": len(query_fold),
        "reused": int(reused),
    }
    return out


def load_fold_map(path: str) -> dict[str, str]:
    with open(path, encoding="utf-8") as fh:
        data: dict[str, str] = json.load(fh)
    return data
