"""Yardsticks for the engine, shared by tests and ``bench/bench_pairing.py`` (never used by
``plan_round``).  Same signature as :func:`plan_round`:

* ``shuffle_round`` - what Microsoft's Icebreaker does: a seeded random shuffle, no history.
* ``reference_round`` - an exact maximum-weight matching computed afresh each round with the
  engine's own history weights (``history.Costs``); an odd roster's extra person joins the
  pair where they cost least.  Cubic, so only for small rosters.

And the measures: ``repeats(round, seen)`` counts the pairs in a round that had met before,
``simulate`` replays a roster schedule with a planner and returns its rounds.
"""
from __future__ import annotations

import itertools
import random
from typing import Callable, Sequence

from .blossom import min_cost_perfect_matching
from .golfers import seat
from .history import Roster, build_costs

Round = list[tuple[str, ...]]
WINDOW = 26              # rounds of history the coffee service passes to plan_round


def shuffle_round(participants, history, group_size: int = 2, *,
                  cross_department: bool = False, seed: int = 0) -> Round:
    ids = sorted(p.id for p in participants)
    random.Random(f"shuffle:{seed}:{len(history)}").shuffle(ids)
    n = len(ids)
    if n < 2:
        return [tuple(ids)] if ids else []
    if group_size == 2:
        groups = [ids[i:i + 2] for i in range(0, n - n % 2, 2)]
        if n % 2:
            groups[-1].append(ids[-1])
    else:
        groups = seat(ids, group_size)
    return sorted(tuple(sorted(g)) for g in groups)


def reference_round(participants, history, group_size: int = 2, *,
                    cross_department: bool = False, seed: int = 0) -> Round:
    assert group_size == 2
    roster = Roster.build(participants)
    n = roster.n
    if n < 4:
        return [tuple(roster.ids)] if n else []
    costs = build_costs(roster, history, cross_department)
    verts = list(range(n)) + ([-1] if n % 2 else [])

    def cost(i, j):
        a, b = verts[i], verts[j]
        return 0 if a < 0 or b < 0 else costs.pair(a, b)
    pairs, extra = [], None
    for i, j in min_cost_perfect_matching(len(verts), cost):
        a, b = verts[i], verts[j]
        if a < 0 or b < 0:
            extra = max(a, b)
        else:
            pairs.append([a, b])
    if extra is not None:
        best = min(range(len(pairs)),
                   key=lambda i: costs.pair(extra, pairs[i][0]) + costs.pair(extra, pairs[i][1]))
        pairs[best].append(extra)
    return sorted(tuple(sorted(roster.ids[v] for v in g)) for g in pairs)


def pairs_in(rnd: Sequence[Sequence[str]]):
    for g in rnd:
        yield from itertools.combinations(sorted(g), 2)


def repeats(rnd: Sequence[Sequence[str]], seen: set) -> int:
    return sum(1 for p in pairs_in(rnd) if p in seen)


def repeat_free_rounds(rounds: Sequence[Round]) -> int:
    """How many rounds from the start pass before any pair meets a second time."""
    seen: set = set()
    for r, rnd in enumerate(rounds):
        if repeats(rnd, seen):
            return r
        seen.update(pairs_in(rnd))
    return len(rounds)


def simulate(planner: Callable, rosters: Sequence[Sequence], group_size: int = 2,
             seed: int = 0, window: int | None = WINDOW, **kw) -> tuple[list[Round], int]:
    """Plan one round per roster, each from the last ``window`` rounds before it (the coffee
    service keeps 26; ``None`` = all), and return (rounds, pairs that had met before)."""
    history: list[Round] = []
    seen: set = set()
    total = 0
    for roster in rosters:
        past = history if window is None else history[-window:]
        rnd = planner(roster, past, group_size, seed=seed, **kw)
        total += repeats(rnd, seen)
        seen.update(pairs_in(rnd))
        history.append(rnd)
    return history, total


def churn_rosters(make, size: int, rounds: int, rate: float, seed: int = 0,
                  pool: int | None = None) -> list[list]:
    """Rosters of ``size`` people where ``rate * size`` leave (or pause) and as many join
    (new people or returners) before every round after the first."""
    rng = random.Random(f"churn:{seed}:{size}")
    pool = pool or int(size * 1.5)
    people = [make(i) for i in range(pool)]
    active = list(range(size))
    out = []
    for r in range(rounds):
        if r:
            k = max(1, round(size * rate))
            leave = set(rng.sample(active, k))
            idle = [i for i in range(pool) if i not in active]
            active = [i for i in active if i not in leave] + rng.sample(idle, k)
        out.append([people[i] for i in sorted(active)])
    return out
