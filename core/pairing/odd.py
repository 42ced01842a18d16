"""Odd rosters in pair mode: a fixed repeat-free schedule, continued from the history.

Each round of an odd roster has one trio, so at most ``floor(n(n-1)/(n+3))`` rounds can pass
without a repeat (each round uses ``(n+3)/2`` of the ``n(n-1)/2`` pairs).  Planning round by
round only sees the history the caller keeps (the last 26 rounds), so, like the round-robin for
even rosters, a stable odd roster follows a canonical schedule over seat positions 0..n-1 (the
seeded order puts each person in a seat):

* ``schedule(n)`` is generated once per process (cached): round after round, the exact weighted
  planner (``weighted.plan_pairs``, which minimises repeats and balances trio duty) is run on
  the full history so far, with seats visited in an order shuffled by ``(n, VARIANT[n], round)``;
  generation stops before the first round that would repeat a pair.
* ``VARIANT[n]`` was chosen by an offline search over variants 0..29 (at least the first six
  tried, keeping the longest schedule; ``python bench/bench_pairing.py --odd-variants`` reruns a
  simpler first-good-enough version); ``CANDIDATES`` lists the sizes that needed more trio
  members tried per round.  Every odd n from 5 to 61 reaches the bound or one less (5 reaches
  1 of 2; 2 is impossible for 5 people); ``tests/test_pairing_quality.py`` checks a sample.
* Generating a schedule costs up to ~7 s (n = 59) on the first call in a process.

``next_odd_round`` returns the schedule's next round when every past round involving the roster
is a round of the schedule (same seats, so the same seed) and the most recent one is not the
last; anything else (churn, another seed, schedule used up) returns ``None`` and the caller
plans the round by weighted matching.
"""
from __future__ import annotations

import random
from functools import lru_cache
from types import SimpleNamespace
from typing import Sequence

from .history import Roster, build_costs, project
from .weighted import plan_pairs

VARIANT: dict[int, int] = {      # n: variant   # repeat-free rounds / bound
    5: 0,     # 1/2 (2 is impossible: the second round's trio would hold two of the first's)
    7: 0,     # 3/4
    9: 0,     # 5/6
    11: 1,    # 7/7
    13: 1,    # 9/9
    15: 1,    # 10/11
    17: 0,    # 12/13
    19: 2,    # 15/15
    21: 0,    # 16/17
    23: 0,    # 18/19
    25: 0,    # 20/21
    27: 0,    # 22/23
    29: 0,    # 24/25
    31: 0,    # 26/27
    33: 0,    # 28/29
    35: 1,    # 30/31
    37: 1,    # 32/33
    39: 3,    # 34/35
    41: 1,    # 36/37
    43: 6,    # 38/39
    45: 13,   # 40/41
    47: 0,    # 42/43
    49: 2,    # 44/45
    51: 23,   # 46/47
    53: 2,    # 48/49
    55: 8,    # 50/51
    57: 22,   # 52/53
    59: 3,    # 54/55 (trying 20 trio members a round)
    61: 13,   # 56/57
}
MAX_N = 61               # larger odd rosters are planned round by round
SCHEDULE_TRIO_CANDIDATES = 12    # trio members tried per round above TRY_ALL_TRIOS_MAX
CANDIDATES: dict[int, int] = {59: 20}   # sizes that needed more trio members tried


@lru_cache(maxsize=16)
def schedule(n: int, variant: int | None = None) -> tuple[tuple[tuple[int, ...], ...], ...]:
    v = VARIANT.get(n, 0) if variant is None else variant
    roster = Roster.build([SimpleNamespace(id=f"{i:04d}", department="") for i in range(n)])
    history: list[list[tuple[str, ...]]] = []
    rounds = []
    while True:
        order = list(range(n))
        random.Random(f"odd:{n}:{v}:{len(rounds)}").shuffle(order)
        costs = build_costs(roster, history, False)
        groups = plan_pairs(costs, order, random.Random(f"odd:{n}:{v}"),
                            CANDIDATES.get(n, SCHEDULE_TRIO_CANDIDATES))
        if any(costs.group(g) for g in groups):
            return tuple(rounds)
        rnd = tuple(sorted(tuple(sorted(g)) for g in groups))
        rounds.append(rnd)
        history.append([tuple(roster.ids[v] for v in g) for g in rnd])


def next_odd_round(roster: Roster, order: list[int],
                   history: Sequence[Sequence[Sequence[str]]]) -> list[list[int]] | None:
    n = roster.n
    if n % 2 == 0 or not 5 <= n <= MAX_N:
        return None
    seat = [0] * n
    for p, v in enumerate(order):
        seat[v] = p
    plan = schedule(n)
    index = {frozenset(rnd): i for i, rnd in enumerate(plan)}
    seen, last = set(), -1
    for past in history:
        groups = project(roster, past)
        if not groups:
            continue
        if sum(len(g) for g in groups) != n:
            return None                          # someone was absent: another roster then
        i = index.get(frozenset(tuple(sorted(seat[v] for v in g)) for g in groups))
        if i is None or i in seen:
            return None
        seen.add(i)
        last = i
    if last + 1 >= len(plan):
        return None
    return [[order[p] for p in g] for g in plan[last + 1]]
