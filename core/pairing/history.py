"""Turn the raw history of past rounds into costs for pairs of *active* people.

Ids are mapped to ints once (``Roster``); a pair ``a < b`` is the int key ``a * n + b``.
Ingestion is vectorised (numpy): every past group becomes sorted int members, its pairs become
int64 keys tagged with their round, and one sort gives for every pair of active people who met:

* ``count``   - how many past rounds they shared a group;
* ``recency`` - ``count`` plus, over meetings in the last ``RECENT`` rounds,
  ``2 ** (RECENT - age) - 1`` (age 0 = last round), so a recent meeting weighs more;
* ``last``    - whether they met in the most recent round.

No per-pair Python object is made up front: :meth:`Costs.history_cost` looks a key up in the
sorted key array (cached), and :meth:`Costs.group_costs` prices many groups in one go.

``Costs.pair`` folds these into one integer whose tiers never overlap, so minimising the sum
over a round is lexicographic: (1) no partner from the last round, (2) fewest repeats with
escalation ``count ** 2`` (a third meeting costs more than two second meetings, spreading
repeats evenly), (3) recent repeats before old ones, (4) same-department groups (only when
``cross_department``), so department mixing never buys a repeat that could have been avoided.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .idmap import IdMap

RECENT = 12
_EAGER_MAX = 20_000      # up to this many met pairs, every cost is computed up front


@dataclass
class Roster:
    ids: list[str]                 # active ids, sorted (the int of an id is its index)
    index: dict[str, int]
    departments: list[str]

    @classmethod
    def build(cls, participants) -> "Roster":
        seen: dict[str, str] = {}
        for p in participants:
            if p.id in seen:
                raise ValueError(f"participant {p.id!r} appears more than once")
            seen[p.id] = p.department
        ids = sorted(seen)
        return cls(ids, {pid: i for i, pid in enumerate(ids)}, [seen[i] for i in ids])

    @property
    def n(self) -> int:
        return len(self.ids)


class Costs:
    def __init__(self, n: int, rounds: int, keys: np.ndarray, count: np.ndarray,
                 recency: np.ndarray, last: np.ndarray, departments: list[str] | None):
        self.n, self.rounds, self.departments = n, rounds, departments
        self.keys, self.count, self.recency, self.last = keys, count, recency, last
        slots = 3 * n + 3                     # pairs inside one round's groups, with margin
        self.unit_recency = slots + 1
        self.unit_count = self.unit_recency * slots * ((1 << (RECENT + 1)) + rounds) + 1
        maxc = int(count.max()) + 1 if len(count) else 1
        self.unit_last = self.unit_count * slots * maxc * maxc + 1
        self._cache: dict[int, int] = {}
        self._degrees: list[int] | None = None
        if len(keys) <= _EAGER_MAX:
            self._cache = dict(zip(keys.tolist(), self._price(np.arange(len(keys)))))

    def _price(self, idx: np.ndarray) -> list[int]:
        """History costs (Python ints: the tiers overflow int64) of the keys at ``idx``."""
        uc, ur, ul = self.unit_count, self.unit_recency, self.unit_last
        return [c * c * uc + r * ur + (ul if last else 0) for c, r, last in
                zip(self.count[idx].tolist(), self.recency[idx].tolist(),
                    self.last[idx].tolist())]

    def _lookup(self, keys: np.ndarray) -> list[int]:
        pos = np.searchsorted(self.keys, keys)
        pos[pos >= len(self.keys)] = 0
        hit = self.keys[pos] == keys if len(self.keys) else np.zeros(len(keys), bool)
        out = [0] * len(keys)
        if hit.any():
            where = np.flatnonzero(hit)
            for i, c in zip(where.tolist(), self._price(pos[where])):
                out[i] = c
        return out

    def history_cost(self, a: int, b: int) -> int:
        k = a * self.n + b if a < b else b * self.n + a
        c = self._cache.get(k)
        if c is None:
            c = 0 if len(self.keys) <= _EAGER_MAX else \
                self._lookup(np.array([k], dtype=np.int64))[0]
            self._cache[k] = c
        return c

    def pair(self, a: int, b: int) -> int:
        cost = self.history_cost(a, b)
        d = self.departments
        if d is not None and d[a] and d[a] == d[b]:
            cost += 1
        return cost

    def group(self, members: Sequence[int]) -> int:
        cost = 0
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                cost += self.history_cost(a, b)
        d = self.departments
        if d is not None and len(members) > 1:
            first = d[members[0]]
            if first and all(d[m] == first for m in members):
                cost += 1
        return cost

    def group_costs(self, groups: Sequence[Sequence[int]]) -> list[int]:
        """``[self.group(g) for g in groups]``, with every pair's history looked up at once."""
        n = self.n
        keys, owner = [], []
        for gi, g in enumerate(groups):
            for i, a in enumerate(g):
                for b in g[i + 1:]:
                    keys.append(a * n + b if a < b else b * n + a)
                    owner.append(gi)
        if not keys or not len(self.keys):
            return [self.group(g) for g in groups]
        arr = np.array(keys, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.keys, arr), len(self.keys) - 1)
        hit = np.flatnonzero(self.keys[pos] == arr)
        costly = set(np.asarray(owner, dtype=np.int64)[hit].tolist())
        if self.departments is None:
            return [self.group(g) if gi in costly else 0 for gi, g in enumerate(groups)]
        return [self.group(g) for g in groups]

    def met(self, a: int, b: int) -> int:
        k = a * self.n + b if a < b else b * self.n + a
        i = int(np.searchsorted(self.keys, k))
        return int(self.count[i]) if i < len(self.keys) and self.keys[i] == k else 0

    def degrees(self) -> list[int]:
        """How many different people each person has met."""
        if self._degrees is None:
            n = self.n
            deg = np.bincount(self.keys // n, minlength=n) + np.bincount(self.keys % n, minlength=n)
            self._degrees = deg.tolist()
        return self._degrees


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    a = np.sort(a)
    return a[np.r_[True, a[1:] != a[:-1]]] if len(a) else a


def _round_pairs(roster: Roster, history: Sequence[Sequence[Sequence[str]]]):
    """(keys, rounds): one entry per pair of active people per past round they shared."""
    idmap = IdMap(roster.ids, roster.index)
    keys, rnds = [], []
    for r, rnd in enumerate(history):
        lens = np.fromiter(map(len, rnd), dtype=np.int64, count=len(rnd))
        mem = idmap.lookup(rnd, int(lens.sum()))
        if len(lens) and lens.min() == 2 == lens.max():      # pairs: no grouping needed
            a, b = mem[0::2], mem[1::2]
            ok = (a >= 0) & (b >= 0) & (a != b)
            a, b = a[ok], b[ok]
            k = np.minimum(a, b) * roster.n + np.maximum(a, b)
        else:
            k = _group_keys(roster.n, mem, lens)
        keys.append(k)
        rnds.append(np.full(len(k), r, np.int64))
    if not keys:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(keys), np.concatenate(rnds)


def _group_keys(n: int, mem: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Pair keys of every two distinct active people sharing a group (any group sizes)."""
    gid = np.repeat(np.arange(len(lens), dtype=np.int64), lens)
    keep = mem >= 0
    comp = _sorted_unique(gid[keep] * n + mem[keep])     # sorted by group, then member
    gid, mem = comp // n, comp % n
    out = [np.zeros(0, np.int64)]
    for d in range(1, int(lens.max(initial=0))):
        same = gid[d:] == gid[:-d]
        out.append(mem[:-d][same] * n + mem[d:][same])
    return np.concatenate(out)


def build_costs(roster: Roster, history: Sequence[Sequence[Sequence[str]]],
                cross_department: bool) -> Costs:
    total = len(history)
    keys, rnds = _round_pairs(roster, history) if total else (np.zeros(0, np.int64),) * 2
    both = _sorted_unique(keys * max(total, 1) + rnds)     # one entry per pair per round
    keys, rnds = both // max(total, 1), both % max(total, 1)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else \
        np.zeros(0, np.int64)
    ukeys = keys[starts]
    count = np.diff(np.r_[starts, len(keys)])
    age = total - 1 - rnds
    weight = np.where(age < RECENT, (1 << (RECENT - np.minimum(age, RECENT))) - 1, 0)
    recency = (np.add.reduceat(weight, starts) if len(keys) else weight) + count
    last = (np.maximum.reduceat(age == 0, starts) if len(keys) else age == 0).astype(bool)
    return Costs(roster.n, total, ukeys, count, recency, last,
                 roster.departments if cross_department else None)


def project(roster: Roster, rnd: Sequence[Sequence[str]]) -> list[tuple[int, ...]]:
    """One past round restricted to active people, as sorted int groups (size >= 2)."""
    index = roster.index
    out = []
    for group in rnd:
        g = tuple(sorted({index[m] for m in group if m in index}))
        if len(g) > 1:
            out.append(g)
    return out
