"""Resolvable designs for Knowledge Cafe tables: rounds in which no two people share a table twice.

``design_rounds(n, k) -> list[list[list[int]]] | None`` gives rounds over points ``0..n-1``
(each round a partition into tables of ``k``) or ``None`` when no construction fits:

* ``n = k * q`` with ``q`` a prime power and ``k <= q``: a resolvable transversal design from the
  affine plane AG(2, q): point ``(g, x)``, round ``b`` has tables ``{(g, a + b*g)}``.  That is
  ``q`` rounds (20 in fours: 5), plus the ``k`` columns as one more round when ``k == q``
  (16 in fours: the affine plane of order 4, 5 rounds; 9 in threes: 4; 25 in fives: 6).
* ``n = k * q + r`` with ``0 < r <= q``, ``q`` a prime power and ``k < q`` (tables of ``k`` and
  ``k + 1``): the same on ``k + 1`` columns with only ``r`` points kept in the last, so ``q``
  rounds in which ``r`` tables have ``k + 1`` (29 to 31 in fours: 7; 36 to 39 in fives: 7).
  When ``golfers.table_sizes`` seats a roster at fewer, larger tables (51 to 54 in fives at 9
  tables), ``q`` is that number of tables: 9 rounds.
* 15 in threes: a Kirkman triple system, 7 rounds, found as a packing of the 35 lines of PG(3, 2)
  into 7 spreads (a short deterministic backtracking search, cached).
* 33 and 39 in threes (1-rotational Kirkman triple systems, 16 and 19 rounds), 36 in fours (a
  resolvable 4-GDD of type 3^12, 11 rounds) and 30 in fives (6 rounds): one base round
  developed by a cyclic group (``rotational``).
* otherwise, or when it is longer, a schedule found by computer search (``found``; for rosters
  that are not a multiple of ``k``, tables of ``k`` and ``k + 1``, ``found_uneven``).

``complete`` tells whether the rounds cover every pair (then replaying them keeps every pair's
count level).
"""
from __future__ import annotations

from functools import lru_cache

from .fields import field
from .found import found_rounds
from .golfers import pairs_per_round, table_sizes
from .rotational import rotational_rounds


def _lines(gf, k: int, q: int, r: int):
    """The ``q`` parallel classes ``x = a + b*g`` of AG(2, q) on columns ``0..k-1`` (point
    ``(g, x)`` is ``g*q + x``), plus the first ``r`` points of column ``k``: a line through one
    of them seats it at its table."""
    add, mul = gf
    rounds = []
    for b in range(q):
        tables = []
        for a in range(q):
            table = [g * q + add[a][mul[b][g]] for g in range(k)]
            if r and add[a][mul[b][k]] < r:
                table.append(k * q + add[a][mul[b][k]])
            tables.append(table)
        rounds.append(tables)
    return rounds


def _transversal(k: int, q: int):
    f = field(q)
    if f is None or k > q:
        return None
    rounds = _lines(f, k, q, 0)
    if k == q:
        rounds.append([[g * q + x for x in range(q)] for g in range(k)])
    return rounds


def truncated_transversal(n: int, k: int):
    """``q`` rounds at the ``q = len(table_sizes(n, k))`` tables, ``r = n - k*q`` of them of
    ``k + 1``, when GF(q) exists and ``k < q``; None otherwise."""
    q = len(table_sizes(n, k))
    r = n - k * q
    f = field(q)
    if f is None or not 0 < r <= q or k >= q:
        return None
    return _lines(f, k, q, r)


@lru_cache(maxsize=None)
def _kirkman15():
    pts = range(1, 16)
    lines = sorted({tuple(sorted((a, b, a ^ b))) for a in pts for b in pts if a < b})
    spreads = []                                        # all 56 spreads of PG(3, 2)

    def extend(chosen, used, start):
        if len(chosen) == 5:
            spreads.append(tuple(chosen))
            return
        for j in range(start, len(lines)):
            ln = lines[j]
            mask = 1 << ln[0] | 1 << ln[1] | 1 << ln[2]
            if not used & mask:
                extend(chosen + [j], used | mask, j + 1)
    extend([], 0, 0)
    packing: list[tuple[int, ...]] = []

    def pack(covered: int) -> bool:
        if len(packing) == 7:
            return True
        first = next(j for j in range(len(lines)) if not covered >> j & 1)
        for s in spreads:
            if first in s and not any(covered >> j & 1 for j in s):
                packing.append(s)
                if pack(covered | sum(1 << j for j in s)):
                    return True
                packing.pop()
        return False
    pack(0)
    return [[[p - 1 for p in lines[j]] for j in s] for s in packing]


@lru_cache(maxsize=8)
def design_rounds(n: int, k: int):
    """The longest repeat-free schedule we have for ``n`` in tables of ``k``, or None."""
    if n == 15 and k == 3:
        return _kirkman15()
    if n % k == 0:
        built = _transversal(k, n // k)
    else:
        built = truncated_transversal(n, k)
    candidates = [r for r in (rotational_rounds(n, k), built, found_rounds(n, k)) if r]
    return max(candidates, key=len) if candidates else None


def complete(n: int, k: int, rounds) -> bool:
    return len(rounds) * pairs_per_round(n, k) == n * (n - 1) // 2
