"""Pair mode without a usable round-robin: a weighted matching on history costs.

``plan_pairs(costs, order, rng) -> list[list[int]]`` pairs everyone in ``order`` (a seeded
permutation of ``range(n)``); with an odd count exactly one group is a trio.  It minimises the
sum of :meth:`Costs.pair` (see ``history``):

* up to ``EXACT_MAX`` people: an exact minimum-cost perfect matching (blossom); for an odd count
  every choice of the trio's third member is tried while that stays cheap, else a zero-cost
  dummy vertex picks it; the trio is then improved by swaps;
* larger rosters: past partners are sparse (a few dozen per person), so a seeded order (or a
  department-interleaved one) is almost repeat-free already; every costly pair is repaired by
  2-opt swaps with other pairs (random candidates first, then a full scan while the roster is
  modest).  This is linear-ish, never cubic.
"""
from __future__ import annotations

import random

from .blossom import min_cost_perfect_matching
from .history import Costs
from .swaps import best_swap

EXACT_MAX = 64          # blossom is O(n^3) in pure Python: ~0.1 s at 64 people
TRY_ALL_TRIOS_MAX = 41  # odd rosters up to this size try every trio member exactly
TRIO_CANDIDATES = 6     # larger odd rosters try this many
FULL_SCAN_MAX = 3000    # repair by scanning every other pair up to this many people


def plan_pairs(costs: Costs, order: list[int], rng: random.Random,
               trio_candidates: int = TRIO_CANDIDATES) -> list[list[int]]:
    n = len(order)
    if n < 2:
        return [order[:]] if order else []
    if n <= 3:
        return [sorted(order)]
    if n <= EXACT_MAX:
        groups = _exact(costs, order, trio_candidates)
    else:
        groups = _greedy(costs, order, rng)
    return _improve(costs, groups, rng)


def _exact(costs: Costs, order: list[int], trio_candidates: int) -> list[list[int]]:
    n = len(order)
    if n % 2 == 0:
        return _matching(costs, order)
    # Ties go to the trio whose members have the most partners still unmet: a trio uses up two
    # new partners of each member, so this keeps the unmet graph balanced.  Small rosters try
    # every trio member; larger ones the ``trio_candidates`` people who have met the fewest.
    met = costs.degrees()
    rank = {v: i for i, v in enumerate(order)}
    cands = order if n <= TRY_ALL_TRIOS_MAX else \
        sorted(order, key=lambda v: (met[v], rank[v]))[:trio_candidates]
    best, best_key = None, None
    for x in cands:
        rest = [v for v in order if v != x]
        groups = _insert(costs, _matching(costs, rest), x)
        trio = next(g for g in groups if len(g) == 3)
        key = (sum(costs.group(g) for g in groups), sum(met[v] for v in trio))
        if best_key is None or key < best_key:
            best, best_key = groups, key
    return best


def _matching(costs: Costs, verts: list[int]) -> list[list[int]]:
    pc = costs.pair
    return [[verts[i], verts[j]] for i, j in
            min_cost_perfect_matching(len(verts), lambda i, j: pc(verts[i], verts[j]))]


def _insert(costs: Costs, pairs: list[list[int]], x: int) -> list[list[int]]:
    """Add ``x`` to the pair where it costs least (the round's one trio); ties go to the pair
    whose members have met the fewest people so far."""
    pc = costs.pair
    met = costs.degrees()
    best = min(range(len(pairs)), key=lambda i: (pc(x, pairs[i][0]) + pc(x, pairs[i][1]),
                                                 met[pairs[i][0]] + met[pairs[i][1]], i))
    pairs[best] = pairs[best] + [x]
    return pairs


def _greedy(costs: Costs, order: list[int], rng: random.Random) -> list[list[int]]:
    n = len(order)
    if costs.departments is not None:
        order = _interleave(order, costs.departments)
        half = n // 2
        pairs = [[order[i], order[i + half]] for i in range(half)]
    else:
        pairs = [[order[i], order[i + 1]] for i in range(0, n - 1, 2)]
    if n % 2:
        pairs = _insert(costs, pairs, order[-1])
    return pairs


def _interleave(order: list[int], dept: list[str]) -> list[int]:
    """Order people in department blocks, biggest first; pairing i with i + n//2 then crosses
    departments whenever no department holds more than half the people."""
    size: dict[str, int] = {}
    for v in order:
        size[dept[v]] = size.get(dept[v], 0) + 1
    rank = {v: i for i, v in enumerate(order)}
    return sorted(order, key=lambda v: (-size[dept[v]], dept[v], rank[v]))


def _improve(costs: Costs, groups: list[list[int]], rng: random.Random) -> list[list[int]]:
    """Swap members between a costly group and another group while the total cost drops."""
    gc = costs.group
    cost = costs.group_costs(groups)
    m = len(groups)
    full = sum(len(g) for g in groups) <= FULL_SCAN_MAX
    for _ in range(4):
        changed = False
        for i in range(m):
            if cost[i] == 0:
                continue
            cands = [rng.randrange(m) for _ in range(32)]
            if full:
                cands += range(m)
            for j in cands:
                if j == i or cost[i] == 0:
                    continue
                if best_swap(gc, groups, cost, i, j):
                    changed = True
        if not changed:
            break
    return groups
