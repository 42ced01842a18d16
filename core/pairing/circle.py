"""Round-robin (circle method) continuation for a stable, even roster in pair mode.

The canonical schedule is derived from the sorted roster and the seed only: a seeded
permutation puts each person at a position 0..n-1; position n-1 sits in the middle and round
``r`` (0..n-2) pairs it with ``r`` and pairs positions ``p, q`` with ``p + q = 2r (mod n-1)``.
Those n-1 rounds contain every pair exactly once.

``next_circle_round`` looks at the history restricted to the active roster.  If every past round
that involves them is exactly one of the canonical rounds (any order), the next round is the
least-used canonical round (an unused one while any remain, so n-1 rounds never repeat a pair;
afterwards each round is reused in turn, so every pair meets a second time before any pair meets
a third).  Ties prefer the most cross-department round when asked, then the round after the
last one played.  Anything else (churn, other seeds, trios) returns ``None`` and the caller falls
back to weighted matching.
"""
from __future__ import annotations

from typing import Sequence

from .history import Roster


def circle_positions(order: list[int]) -> list[int]:
    """``pos[v]`` for each person ``v``; ``order`` is the seeded permutation of the roster."""
    pos = [0] * len(order)
    for p, v in enumerate(order):
        pos[v] = p
    return pos


def circle_round(order: list[int], r: int) -> list[list[int]]:
    n = len(order)
    m = n - 1
    groups = [[order[m], order[r]]]
    for k in range(1, n // 2):
        groups.append([order[(r + k) % m], order[(r - k) % m]])
    return groups


def _which_round(pos: list[int], m: int, a: int, b: int) -> int:
    pa, pb = pos[a], pos[b]
    if pa == m:
        return pb
    if pb == m:
        return pa
    s = (pa + pb) % m
    return (s * ((m + 1) // 2)) % m          # s / 2 mod m (m is odd)


def next_circle_round(roster: Roster, order: list[int],
                      history: Sequence[Sequence[Sequence[str]]],
                      cross_department: bool) -> list[list[int]] | None:
    n = roster.n
    if n < 4 or n % 2:
        return None
    m = n - 1
    pos = circle_positions(order)
    index = roster.index
    uses = [0] * m
    last_r = -1
    for rnd in history:
        r_seen = -1
        involved = 0
        for group in rnd:
            ids = [index.get(x) for x in group]
            active = [v for v in ids if v is not None]
            if not active:
                continue
            if len(active) != 2 or len(ids) != 2 or active[0] == active[1]:
                return None                      # someone absent, or a trio: not our schedule
            r = _which_round(pos, m, active[0], active[1])
            if r_seen == -1:
                r_seen = r
            elif r != r_seen:
                return None
            involved += 2
        if involved == 0:
            continue
        if involved != n:
            return None                          # the roster was different then
        uses[r_seen] += 1
        last_r = r_seen
    least = min(uses)
    candidates = [r for r in range(m) if uses[r] == least]
    dept = roster.departments

    def score(r: int):
        cross = 0
        if cross_department:
            cross = -sum(1 for a, b in circle_round(order, r) if not dept[a] or dept[a] != dept[b])
        return (cross, (r - last_r - 1) % m)
    return circle_round(order, min(candidates, key=score))
