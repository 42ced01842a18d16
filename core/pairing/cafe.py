"""Knowledge Cafe mode: seat everyone at tables of ``k`` (3..6) so people keep meeting new faces.

``plan_tables(roster, order, history, k, cross_department, seed) -> list[list[int]]``

1. When a resolvable design or shipped schedule fits the roster (``designs.design_rounds``,
   uneven tables included), its points are mapped onto the seeded order and, as long as every
   past round involving the roster is one of the design's rounds, the next round is an unused
   design round (the most cross-department one first, when asked).  Once all are used, a
   design covering every pair is replayed least-used-first (each pair's count stays level);
   otherwise we fall through to 2.
2. Otherwise greedy seating by "freedom" (people who have met the most sit down first, each at
   the table where they add the least history cost) followed by swap local search between
   tables, then a short tabu search (rosters up to ``TABU_MAX``), minimising the same
   lexicographic cost as pair mode (``history.Costs``).
"""
from __future__ import annotations

import random
from typing import Sequence

from .designs import complete, design_rounds
from .golfers import table_sizes
from .history import Costs, Roster, build_costs, project
from .swaps import best_swap

FULL_SCAN_MAX = 400     # all table pairs are scanned up to this many people; sampled above
PASSES = 6
TABU_MAX = 80           # tabu search after the swap descent up to this many people
TABU_STEPS = 300


def plan_tables(roster: Roster, order: list[int], history: Sequence[Sequence[Sequence[str]]],
                k: int, cross_department: bool, seed: int) -> list[list[int]]:
    n = roster.n
    sizes = table_sizes(n, k)
    if len(sizes) == 1:
        return [sorted(order)]
    groups = _from_design(roster, order, history, k, cross_department)
    if groups is not None:
        return groups
    costs = build_costs(roster, history, cross_department)
    rng = random.Random(f"cafe:{seed}:{n}:{k}")
    return _search(costs, _greedy(costs, order, sizes), rng)


def _from_design(roster, order, history, k, cross_department):
    n = roster.n
    rounds = design_rounds(n, k)
    if rounds is None:
        return None
    mapped = [[tuple(sorted(order[p] for p in t)) for t in rnd] for rnd in rounds]
    lookup = {frozenset(rnd): i for i, rnd in enumerate(mapped)}
    uses = [0] * len(mapped)
    last = -1
    for past in history:
        proj = project(roster, past)
        if not proj:
            continue
        i = lookup.get(frozenset(proj))
        if i is None:
            return None
        uses[i] += 1
        last = i
    least = min(uses)
    if least > 0 and not complete(n, k, rounds):
        return None
    dept = roster.departments

    def score(i: int):
        mixed = 0
        if cross_department:
            mixed = -sum(1 for t in mapped[i]
                         if not dept[t[0]] or any(dept[m] != dept[t[0]] for m in t))
        return (mixed, (i - last - 1) % len(mapped))
    best = min((i for i in range(len(mapped)) if uses[i] == least), key=score)
    return [list(t) for t in mapped[best]]


def _greedy(costs: Costs, order: list[int], sizes: list[int]) -> list[list[int]]:
    met = costs.degrees()
    rank = {v: i for i, v in enumerate(order)}
    people = sorted(order, key=lambda v: (-met[v], rank[v]))
    tables: list[list[int]] = [[] for _ in sizes]
    gc = costs.group
    for v in people:
        best, best_key = 0, None
        for t, members in enumerate(tables):
            if len(members) >= sizes[t]:
                continue
            key = (gc(members + [v]) - gc(members), len(members), t)
            if best_key is None or key < best_key:
                best, best_key = t, key
                if key[0] == 0 and not members:
                    break
        tables[best].append(v)
    return tables


def _search(costs: Costs, tables: list[list[int]], rng: random.Random) -> list[list[int]]:
    gc = costs.group
    cost = [gc(t) for t in tables]
    m = len(tables)
    full = costs.n <= FULL_SCAN_MAX
    for _ in range(PASSES):
        improved = False
        for i in range(m):
            if cost[i] == 0:
                continue
            others = range(m) if full else [rng.randrange(m) for _ in range(48)]
            for j in others:
                if j != i and cost[i] and best_swap(gc, tables, cost, i, j):
                    improved = True
        if not improved:
            break
    if costs.n <= TABU_MAX and any(cost):
        return _tabu(costs, tables, cost, rng)
    return tables


def _tabu(costs: Costs, tables, cost, rng: random.Random):
    """Tabu search out of the local optimum: move someone who sits with a past partner to the
    seat where the total cost ends lowest, even uphill, not moving anyone moved in the last few
    steps (unless that beats the best so far); ``TABU_STEPS`` steps, deterministic from ``rng``."""
    gc, hc = costs.group, costs.history_cost
    total = sum(cost)
    best_total, best = total, [t[:] for t in tables]
    until: dict[int, int] = {}
    bad = [i for i in range(len(tables)) if cost[i]]
    for step in range(TABU_STEPS):
        if not bad or best_total == 0:
            break
        i = bad[rng.randrange(len(bad))]
        ti = tables[i]
        x = rng.choice([x for x, a in enumerate(ti) if any(hc(a, b) for b in ti if b != a)]
                       or range(len(ti)))
        a = ti[x]
        move = None
        for j, tj in enumerate(tables):
            if j == i:
                continue
            for y, b in enumerate(tj):
                ni, nj = ti[:x] + ti[x + 1:] + [b], tj[:y] + tj[y + 1:] + [a]
                ci, cj = gc(ni), gc(nj)
                delta = ci + cj - cost[i] - cost[j]
                if until.get(b, -1) > step and total + delta >= best_total:
                    continue
                key = (delta, rng.random())
                if move is None or key < move[0]:
                    move = (key, j, ni, nj, ci, cj)
        if move is None:
            continue
        (delta, _), j, tables[i], tables[j], cost[i], cost[j] = move
        until[a] = until[tables[i][-1]] = step + 5 + rng.randrange(5)
        total += delta
        bad = [t for t in range(len(tables)) if cost[t]]
        if total < best_total:
            best_total, best = total, [t[:] for t in tables]
    return best
