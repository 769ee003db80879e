"""Postings of the n-gram search index: which sections hold each key, and where.

Keys are every character and every character bigram of the folded section texts
(``fold``). Per key, the doc list holds, for each section holding it, (section
delta, count*2 + in-title, snippet block of the first occurrence); per bigram, the
positions list holds each section's occurrences as deltas from 0. Both are strings of
5-bit varint symbols (``encode_ints``), which ``search/worker.js`` decodes (``decodeInts``).

Vectorised with numpy (a 100x archive holds 2.4 million characters per script): every
occurrence of every character and bigram is one array element, stably sorted by key (two
16-bit radix passes), so (key, section) pairs, counts, first positions and deltas are array
operations instead of millions of dict appends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from .fold import BOUNDARY

BLOCK = 256  # folded characters per snippet block
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
    order = np.argsort(digits[-1], kind="stable").astype(np.int32)
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


# Occurrences sorted and grouped at once. Each costs about 70 bytes of working arrays while its
# group is processed, so this bounds the transient peak (~20 MB) whatever the archive's size;
# what stays for the whole run is 7 bytes per character (code point, dense id, boundary flag).
# 1 << 21 (~150 MB) was a third of `make site`'s peak at 100x; 1 << 18 costs about 0.1 s more.
GROUP = 1 << 18


def _id_groups(counts: np.ndarray, limit: int) -> list[tuple[int, int]]:
    """Consecutive ranges of character ids holding about ``limit`` occurrences each (a
    character more frequent than that is a range of its own)."""
    cum = np.cumsum(counts)
    groups, lo = [], 0
    while lo < len(counts):
        base = int(cum[lo - 1]) if lo else 0
        hi = max(int(np.searchsorted(cum, base + limit, side="right")), lo + 1)
        groups.append((lo, hi))
        lo = hi
    return groups


def postings(
    texts: list[str], sec_counts: list[int], title_lengths: list[int]
) -> tuple[dict[str, str], dict[str, str]]:
    """Per key, the encoded doc list and (bigrams only) the encoded positions.

    Doc list: per section holding the key, (section delta, count*2 + in-title, block of the
    first occurrence). Positions: per section, deltas from 0. The in-title bit lets one- and
    two-character queries rank title hits first without positions.

    Vectorised: every occurrence of every character and bigram is one array element, stably
    sorted by key, so that (key, section) pairs, counts, first positions and deltas are
    array operations. Keys are taken in groups of consecutive first characters (``GROUP``):
    all of a key's occurrences fall in one group, so the result is the same as one sort of
    everything, without a dozen arrays as long as the archive alive at once.
    """
    big = BOUNDARY.join(texts)  # a section end is a boundary too: no bigram crosses it
    raw = big.encode("utf-32-le", "surrogatepass")
    del big
    cps = np.frombuffer(raw, np.int32)  # code points fit 31 bits: a view, not a copy
    lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    title_len = np.full(len(texts), -1, np.int64)
    firsts = np.concatenate(([0], np.cumsum(sec_counts)[:-1])).astype(np.int64)
    title_len[firsts] = title_lengths
    # Dense character ids: 16-bit digits for the radix sorts whenever the text allows.
    present = np.zeros(int(cps.max()) + 1, bool)
    present[cps] = True
    dense = np.cumsum(present) - 1
    width = np.uint16 if int(present.sum()) <= 1 << 16 else np.int32
    ids: np.ndarray = dense.astype(width)[cps]
    boundary = cps == ord(BOUNDARY)
    counts = np.bincount(ids[~boundary], minlength=len(dense))

    def located(order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        sec = (np.searchsorted(starts, order, side="right") - 1).astype(np.int32)
        return sec, (order - starts[sec]).astype(np.int32)

    docs: dict[str, str] = {}
    positions: dict[str, str] = {}
    for lo, hi in _id_groups(counts, GROUP):
        first = (ids >= lo) & (ids < hi)
        keep = np.flatnonzero(first & ~boundary).astype(np.int32)
        if len(keep):
            order = keep[_stable_order(ids[keep])]
            sec, pos = located(order)
            key_ends, doc, pair_ends, _ = _group(cps[order], sec, pos, 1, title_len)
            names = [chr(c) for c in cps[order][key_ends - 1].tolist()]
            docs.update(_split_encoded(names, doc, pair_ends * 3))
        keep = np.flatnonzero(first[:-1] & ~boundary[:-1] & ~boundary[1:]).astype(np.int32)
        if len(keep):
            _bigrams(keep, ids, cps, located, title_len, docs, positions)
    return docs, positions


def _bigrams(
    keep: np.ndarray,
    ids: np.ndarray,
    cps: np.ndarray,
    located: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
    title_len: np.ndarray,
    docs: dict[str, str],
    positions: dict[str, str],
) -> None:
    """The doc lists and positions of the bigrams starting at ``keep``, added to ``docs``
    and ``positions``."""
    order = keep[_stable_order(ids[keep], ids[keep + 1])]
    sec, pos = located(order)
    key_ends, doc, pair_ends, new_pair = _group(
        (cps[order].astype(np.int64) << 21) | cps[order + 1], sec, pos, 2, title_len
    )
    last = order[key_ends - 1]
    pairs = zip(cps[last].tolist(), cps[last + 1].tolist(), strict=True)
    names = [chr(a) + chr(b) for a, b in pairs]
    docs.update(_split_encoded(names, doc, pair_ends * 3))
    deltas = np.diff(pos, prepend=0)
    deltas[new_pair] = pos[new_pair]
    positions.update(_split_encoded(names, deltas, key_ends))
