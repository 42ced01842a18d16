"""Map many id strings to roster ints at once: ``IdMap(roster_ids).lookup(strings, count)``.

A dict lookup per id touches four scattered objects, so 2.6 million look-ups (100,000 people x
26 rounds of pairs) cost one to two seconds.  Instead each batch of ids is joined into one UTF-8
buffer (a sequential copy), cut at the separators with numpy, padded to a fixed width, read as
uint64 words and hashed; the hash is looked up by binary search among the roster's hashes and
every hit is then checked word for word (and by length), so the mapping is exact.  Ids longer
than the longest roster id, or absent, map to -1.

Falls back to plain dict look-ups when an id contains the separator ``\\x1f``, or when two
roster ids share a 64-bit hash (never seen in practice, but the mapping must stay exact).
"""
from __future__ import annotations

from itertools import chain
from typing import Iterable, Sequence

import numpy as np

SEP = "\x1f"
_MULT = np.uint64(0x9E3779B97F4A7C15)


def _encode(strings: Iterable[str], count: int, width: int | None):
    """(words uint64[count, width // 8], lengths) of the ids, or None if a separator is inside.
    ``width`` (bytes, a multiple of 8) defaults to the longest id's."""
    buf = np.frombuffer(SEP.join(strings).encode("utf-8", "surrogatepass"), dtype=np.uint8)
    seps = np.flatnonzero(buf == 0x1F)
    if len(seps) != count - 1:
        return None
    starts = np.r_[0, seps + 1]
    lengths = np.r_[seps, len(buf)] - starts
    if width is None:
        width = max(8, -(-int(lengths.max()) // 8) * 8)
    padded = np.concatenate([buf, np.zeros(width, np.uint8)])
    cols = np.arange(width)
    mat = padded[starts[:, None] + cols[None, :]]
    mat[cols[None, :] >= lengths[:, None]] = 0
    return mat.view(np.uint64), lengths


def _hash(words: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    h = lengths.astype(np.uint64)
    with np.errstate(over="ignore"):
        for j in range(words.shape[1]):
            h = (h ^ words[:, j]) * _MULT
            h ^= h >> np.uint64(29)
    return h


class IdMap:
    def __init__(self, ids: list[str], index: dict[str, int]):
        self.index = index
        self.fast = False
        if not ids:
            return
        enc = _encode(ids, len(ids), None)
        if enc is None:
            return
        self.words, self.lengths = enc
        self.width = self.words.shape[1] * 8
        h = _hash(*enc)
        self.bits = max(10, 2 * len(ids)).bit_length() + 1     # 2-4 buckets per id
        slot = (h >> np.uint64(64 - self.bits)).astype(np.int64)
        self.order = np.argsort(slot, kind="stable")
        self.hashes = h[self.order]
        self.first = np.searchsorted(slot[self.order], np.arange((1 << self.bits) + 1))
        self.depth = int(np.diff(self.first).max())
        hs = np.sort(h)
        self.fast = bool(len(hs) < 2 or (hs[1:] != hs[:-1]).all())

    def lookup(self, groups: Sequence[Sequence[str]], count: int) -> np.ndarray:
        """int64 roster index of each of the ``count`` ids in ``groups`` (flattened, in order),
        -1 for ids not on the roster."""
        if count == 0:
            return np.zeros(0, np.int64)
        if self.fast:
            enc = _encode(chain.from_iterable(groups), count, self.width)
            if enc is not None:
                return self._find(*enc)
        get = self.index.get
        return np.fromiter((get(s, -1) for s in chain.from_iterable(groups)),
                           dtype=np.int64, count=count)

    def _find(self, words: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        h = _hash(words, lengths)
        slot = (h >> np.uint64(64 - self.bits)).astype(np.int64)
        lo, hi = self.first[slot], self.first[slot + 1]
        found = np.full(len(h), -1, np.int64)
        last = len(self.hashes) - 1
        for j in range(self.depth):                  # scan each (tiny) bucket in step
            at = np.minimum(lo + j, last)
            hit = (lo + j < hi) & (self.hashes[at] == h)
            found[hit] = self.order[at[hit]]
        cand = np.maximum(found, 0)
        ok = (found >= 0) & (self.lengths[cand] == lengths) & (self.words[cand] == words).all(1)
        return np.where(ok, found, -1)
