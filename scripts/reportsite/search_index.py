"""Pure builder for the sharded positional n-gram search index (issue 4).

No MkDocs import: the hook in ``search/hook.py`` hands us (url, title, html) per page and
writes the files we return. The browser side is ``search/worker.js``; the two must agree on

* normalisation (``Normaliser.normalise`` ↔ ``normalise`` in worker.js): NFKC, lower case,
  Traditional→Simplified fold by a character map, whitespace dropped except between two
  ASCII letters/digits, "\\n" kept as a hard block boundary that no n-gram crosses;
* the shard hash (FNV-1a over UTF-16 code units, ``shard_of`` ↔ ``shardOf``);
* the posting encoding (``encode_ints`` ↔ ``decodeInts``).

Why n-grams instead of words: a reader may type any substring (one Han character, a name,
``9019``, ``2.3``); a word index needs a segmenter that agrees with the reader, and jieba
does not even agree with itself across scripts. A bigram chain with consecutive positions
*is* an exact substring test, so results are exact, not ranked guesses.
"""

from __future__ import annotations

import itertools
import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

FORMAT_VERSION = 2
BLOCK = 256  # folded characters per snippet block
OVERLAP = 24
# Soft whitespace: collapsed away unless it separates two ASCII letters/digits.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BOUNDARY = "\n"
# Varint alphabet: 32 "more digits follow" symbols, then 32 "last digit" symbols (5 bits each).
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_MORE, _LAST = _ALPHABET[:32], _ALPHABET[32:]
_DECODE = {ch: (i % 32, i >= 32) for i, ch in enumerate(_ALPHABET)}


# --------------------------------------------------------------------------- normalisation


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_soft_space(ch: str) -> bool:
    return ch != BOUNDARY and (ch.isspace() or ch in _ZERO_WIDTH)


class Normaliser:
    """Fold text to the one script the index is kept in, remembering where each char came from."""

    def __init__(self, fold: Mapping[str, str]) -> None:
        self.fold = dict(fold)
        self._cache: dict[str, str] = {}

    def char(self, ch: str) -> str:
        out = self._cache.get(ch)
        if out is None:
            nfkc = unicodedata.normalize("NFKC", ch).lower()
            out = "".join(self.fold.get(c, c) for c in nfkc)
            self._cache[ch] = out
        return out

    def normalise(self, text: str) -> tuple[str, list[int]]:
        """Return the folded text and, for each of its chars, the index in ``text`` it came from."""
        out: list[str] = []
        src: list[int] = []
        pending = -1  # index of the first soft space since the last kept char
        for i, ch in enumerate(text):
            if ch == BOUNDARY:
                if out and out[-1] != BOUNDARY:
                    out.append(BOUNDARY)
                    src.append(i)
                pending = -1
                continue
            if _is_soft_space(ch):
                if pending < 0:
                    pending = i
                continue
            norm = self.char(ch)
            if not norm:
                continue
            # Keep one space only where it separates words ("covid 19", "2.3 mb"), so that
            # "2024 年" and "2024年" are the same string.
            if pending >= 0 and out and _is_ascii_alnum(out[-1]) and _is_ascii_alnum(norm[0]):
                out.append(" ")
                src.append(pending)
            pending = -1
            for c in norm:
                out.append(c)
                src.append(i)
        while out and out[-1] == BOUNDARY:
            out.pop()
            src.pop()
        return "".join(out), src

    def text(self, text: str) -> str:
        return self.normalise(text)[0]


# --------------------------------------------------------------------------- HTML → sections


@dataclass
class Section:
    """One searchable unit: the page intro (anchor "") or the text under one heading."""

    anchor: str
    heading: str
    body: str  # blocks joined with BOUNDARY


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd details div dl dt figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th "
    "thead tr ul".split()
)
_SKIP_TAGS = frozenset({"script", "style", "template", "svg", "noscript"})
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class _SectionParser(HTMLParser):
    def __init__(self, title: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = [Section("", title, "")]
        self._buf: list[str] = []
        self._skip_depth = 0
        self._stack: list[tuple[str, bool]] = []  # (tag, opened a skip region)
        self._heading: tuple[str, str] | None = None  # (tag, id) of the open heading
        self._heading_buf: list[str] = []
        self._seen_content = False

    def _flush_block(self) -> None:
        if self._buf and self._buf[-1] != BOUNDARY:
            self._buf.append(BOUNDARY)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        classes = (attr.get("class") or "").split()
        skip = (
            tag in _SKIP_TAGS
            or "headerlink" in classes  # the ¶ permalink is not text
            or "data-search-exclude" in attr
        )
        if tag not in _VOID_TAGS:
            self._stack.append((tag, skip))
        if skip:
            self._skip_depth += 1 if tag not in _VOID_TAGS else 0
            return
        if self._skip_depth:
            return
        if tag in _HEADINGS and attr.get("id") and self._heading is None:
            self._heading = (tag, attr["id"] or "")
            self._heading_buf = []
            return
        if tag in _BLOCK_TAGS:
            self._flush_block()

    def handle_endtag(self, tag: str) -> None:
        # Pop to the matching open tag; tolerate unclosed <p>/<li> like browsers do.
        while self._stack:
            open_tag, skipped = self._stack.pop()
            if skipped:
                self._skip_depth -= 1
            if open_tag == tag:
                break
        if self._skip_depth:
            return
        if self._heading is not None and tag == self._heading[0]:
            self._close_heading()
            return
        if tag in _BLOCK_TAGS:
            self._flush_block()

    def _close_heading(self) -> None:
        assert self._heading is not None
        tag, anchor = self._heading
        heading = " ".join("".join(self._heading_buf).split())
        self._heading = None
        # The page's own <h1> at the very top heads the intro section, whose heading is the
        # page title; keep the h1's words searchable when they differ (首页 vs 妇联工作报告).
        if tag == "h1" and len(self.sections) == 1 and not self._seen_content:
            if heading and heading != self.sections[0].heading:
                self._buf.append(heading + BOUNDARY)
            self._seen_content = True
            return
        self._end_section()
        self.sections.append(Section(anchor, heading, ""))

    def _end_section(self) -> None:
        self.sections[-1].body = "".join(self._buf).strip(BOUNDARY + " ")
        self._buf = []

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._heading is not None:
            self._heading_buf.append(data)
            return
        if data.strip():
            self._seen_content = True
        # Source newlines inside a block are soft whitespace, not block boundaries.
        self._buf.append(data.replace(BOUNDARY, " "))

    def close(self) -> None:
        super().close()
        if self._heading is not None:
            self._close_heading()
        self._end_section()


def extract_sections(html: str, title: str) -> list[Section]:
    parser = _SectionParser(title)
    parser.feed(html)
    parser.close()
    for section in parser.sections:
        lines = (" ".join(line.split()) for line in section.body.split(BOUNDARY))
        section.body = BOUNDARY.join(line for line in lines if line)
    return parser.sections


# --------------------------------------------------------------------------- encoding


def _small_codes() -> list[str]:
    codes = []
    for value in range(1024):
        codes.append(_LAST[value] if value < 32 else _MORE[value >> 5] + _LAST[value & 31])
    return codes


_SMALL = _small_codes()


def encode_ints(values: Iterable[int]) -> str:
    out: list[str] = []
    for value in values:
        if 0 <= value < 1024:  # nearly every delta and count: one table lookup
            out.append(_SMALL[value])
            continue
        if value < 0:
            raise ValueError(f"cannot encode negative {value}")
        digits = [value & 31]
        value >>= 5
        while value:
            digits.append(value & 31)
            value >>= 5
        digits.reverse()
        out.extend(_MORE[d] for d in digits[:-1])
        out.append(_LAST[digits[-1]])
    return "".join(out)


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


def section_text(norm: Normaliser, section: Section) -> str:
    """The folded string the index positions refer to: heading, boundary, body."""
    return norm.text(section.heading + BOUNDARY + section.body)


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


def _js_call(fn: str, *args: object) -> str:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    return f"{fn}({body});\n"


def _postings(
    pages: list[Page], norm: Normaliser
) -> tuple[
    dict[str, list[tuple[int, list[int]]]], list[list[object]], list[int], list[int], set[str]
]:
    """Walk every section once: positional postings, text blocks, section counts, title lengths.

    Each section's text is kept as blocks of BLOCK folded characters (plus OVERLAP, so a match
    never straddles two blocks), in original characters: a result's snippet then costs one
    small file, and the block holding a key's first occurrence is in the doc list.
    """
    postings: dict[str, list[tuple[int, list[int]]]] = defaultdict(list)
    texts: list[list[object]] = []  # per section: [anchor, heading, [block text, ...]]
    sec_counts: list[int] = []
    title_lengths: list[int] = []
    chars: set[str] = set()
    for page in pages:
        sections = extract_sections(page.html, page.title)
        sec_counts.append(len(sections))
        title_lengths.append(len(norm.text(sections[0].heading)))
        for section in sections:
            original = section.heading + BOUNDARY + section.body
            folded, src = norm.normalise(original)
            chars.update(folded)
            local: dict[str, list[int]] = defaultdict(list)
            prev = BOUNDARY
            for i, ch in enumerate(folded):
                if ch != BOUNDARY:
                    local[ch].append(i)
                    if prev != BOUNDARY:
                        local[prev + ch].append(i - 1)
                prev = ch
            sec_id = len(texts)
            for key, positions in local.items():
                postings[key].append((sec_id, positions))
            blocks = []
            for start in range(0, max(len(folded), 1), BLOCK):
                end = min(len(folded), start + BLOCK + OVERLAP)
                blocks.append(original[src[start] : src[end - 1] + 1] if end > start else "")
            texts.append([section.anchor, section.heading, blocks])
    return postings, texts, sec_counts, title_lengths, chars


def _front_coded(rows: list[list[str]]) -> list[list[object]]:
    """[url, title] rows as [chars shared with the previous url, rest of url, title].

    Neighbouring pages share most of their URL (reports/<slug>/<part>/), a third of a chunk.
    """
    out: list[list[object]] = []
    prev = ""
    for url, title in rows:
        shared = 0
        # Count in characters that are one UTF-16 unit, so JavaScript slices the same.
        while (
            shared < min(len(prev), len(url))
            and prev[shared] == url[shared]
            and ord(url[shared]) < 0x10000
        ):
            shared += 1
        out.append([shared, url[shared:], title])
        prev = url
    return out


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


def build_index(
    pages: list[Page],
    fold: Mapping[str, str],
    *,
    shard_bytes: int = 12_000,
    pages_per_chunk: int = 32,
) -> BuiltIndex:
    """Build every file of the index; paths are relative to the index directory.

    s/<n>.js    per key: the sections holding it, (doc delta, count*2 + in-title, first block)*
    q/<n>.js    per bigram: the positions, same order (only queries of 3+ chars need them)
    p/<n>.js    url and title of ``pages_per_chunk`` consecutive pages; m/<n>.js one page's
    t/<s>-<b>.js  anchor, heading and block b of section s (snippets for shown results only)
    """
    norm = Normaliser(fold)
    postings, texts, sec_counts, title_lengths, chars = _postings(pages, norm)

    docs: dict[str, str] = {}
    positions: dict[str, str] = {}
    first_section = set(itertools.accumulate([0, *sec_counts[:-1]]))
    page_of = [p for p, n in enumerate(sec_counts) for _ in range(n)]
    for key, plist in postings.items():
        doc_ints: list[int] = []
        pos_ints: list[int] = []
        prev_doc = 0
        for doc, where in plist:
            # The low bit says "in the page title" (start of the page's first section), so
            # one- and two-character queries can rank title hits first without positions.
            in_title = doc in first_section and where[0] + len(key) <= title_lengths[page_of[doc]]
            doc_ints += (doc - prev_doc, len(where) * 2 + in_title, where[0] // BLOCK)
            prev_doc = doc
            prev = 0
            for p in where:
                pos_ints.append(p - prev)
                prev = p
        docs[key] = encode_ints(doc_ints)
        if len(key) > 1:  # a single character is an exact match by itself
            positions[key] = encode_ints(pos_ints)

    doc_buckets = _buckets(docs, shard_bytes // 3)  # a 1-2 char query reads one s/ file only
    pos_buckets = _buckets(positions, shard_bytes)

    out = BuiltIndex()
    # Only Traditional chars whose Simplified form occurs can ever match: ship just those.
    query_fold = {t: s for t, s in sorted(fold.items()) if s in chars}
    manifest = {
        "v": FORMAT_VERSION,
        "shards": len(doc_buckets),
        "pshards": len(pos_buckets),
        "block": BLOCK,
        "chunk": pages_per_chunk,
        "sections": encode_ints(sec_counts),
        "titles": encode_ints(title_lengths),
        "fold": query_fold,
    }
    out.files["manifest.js"] = _js_call("__ngram_manifest", manifest)
    for i, bucket in enumerate(doc_buckets):
        out.files[f"s/{i}.js"] = _js_call("__ngram_docs", i, bucket)
    for i, bucket in enumerate(pos_buckets):
        out.files[f"q/{i}.js"] = _js_call("__ngram_positions", i, bucket)
    meta = [[page.url, page.title] for page in pages]
    for start in range(0, len(meta), pages_per_chunk):
        chunk = start // pages_per_chunk
        out.files[f"p/{chunk}.js"] = _js_call(
            "__ngram_pages", start, _front_coded(meta[start : start + pages_per_chunk])
        )
    # The same metadata one page per file: a query hitting a few pages spread over the
    # whole site (a name in every copy of a report) should not pull every chunk.
    for i, row in enumerate(meta):
        out.files[f"m/{i}.js"] = _js_call("__ngram_pages", i, [row])
    for i, (anchor, heading, blocks) in enumerate(texts):
        assert isinstance(blocks, list)
        for b, block in enumerate(blocks):
            out.files[f"t/{i}-{b}.js"] = _js_call("__ngram_text", i, b, anchor, heading, block)
    out.stats = {
        "pages": len(pages),
        "sections": len(texts),
        "keys": len(docs),
        "shards": len(doc_buckets) + len(pos_buckets),
        "index_bytes": sum(len(v.encode("utf-8")) for k, v in out.files.items() if k[0] in "sq"),
        "fold_entries": len(query_fold),
    }
    return out


def load_fold_map(path: str) -> dict[str, str]:
    with open(path, encoding="utf-8") as fh:
        data: dict[str, str] = json.load(fh)
    return data
