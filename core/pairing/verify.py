"""The one check for a shipped table schedule: every round seats everyone once at tables of
the right size, and no pair of people shares a table twice."""
from __future__ import annotations

from itertools import combinations
from typing import Sequence


def schedule_pairs(n: int, k: int, rounds: Sequence[Sequence[Sequence[int]]]
                   ) -> set[tuple[int, int]]:
    """Check the schedule; return every pair that met. Raises ValueError saying what is wrong."""
    seen: set[tuple[int, int]] = set()
    for number, rnd in enumerate(rounds, 1):
        if sorted(p for t in rnd for p in t) != list(range(n)):
            raise ValueError(f"round {number} does not seat each of {n} people once")
        if {len(t) for t in rnd} != {k}:
            raise ValueError(f"round {number} has a table that is not of {k}")
        for table in rnd:
            for pair in combinations(sorted(table), 2):
                if pair in seen:
                    raise ValueError(f"round {number} repeats the pair {pair}")
                seen.add(pair)
    return seen
