"""The one check for a shipped table schedule: every round seats everyone once at the tables
``golfers.table_sizes`` prescribes, and no pair of people shares a table twice."""
from __future__ import annotations

from itertools import combinations
from typing import Sequence

from .golfers import table_sizes


def schedule_pairs(n: int, k: int, rounds: Sequence[Sequence[Sequence[int]]]
                   ) -> set[tuple[int, int]]:
    """Check the schedule; return every pair that met. Raises ValueError saying what is wrong."""
    seen: set[tuple[int, int]] = set()
    sizes = sorted(table_sizes(n, k))
    for number, rnd in enumerate(rounds, 1):
        if sorted(p for t in rnd for p in t) != list(range(n)):
            raise ValueError(f"round {number} does not seat each of {n} people once")
        if sorted(len(t) for t in rnd) != sizes:
            raise ValueError(f"round {number} does not use tables of {'/'.join(map(str, sizes))}")
        for table in rnd:
            for pair in combinations(sorted(table), 2):
                if pair in seen:
                    raise ValueError(f"round {number} repeats the pair {pair}")
                seen.add(pair)
    return seen
