"""Cafe schedules for 36 in fours and 30 in fives, developed from one base round by a cyclic group.

Like ``kirkman``, each schedule is one base round (a partition of the points into tables)
whose translates under a cyclic group are all the rounds; the base rounds were found in
seconds by searching only over such group-invariant schedules (a difference-family
condition: every orbit of pairs under the group may be covered at most once), which makes the
search tiny.

* 36 in fours, 11 rounds (the bound): a resolvable 4-GDD of type 3^12.  Points are ``Z_33`` and
  three points ``oo_0, oo_1, oo_2`` (33, 34, 35); ``+g`` maps ``x -> x + g`` and
  ``oo_i -> oo_(i + g mod 3)``.  The base round is fixed by ``+11``: the tables
  ``{oo_0, 0, 1, 5}``, ``{2, 9, 18, 32}``, ``{3, 15, 28, 30}`` and their shifts by 11 and 22;
  its translates by 0..10 are the rounds.  The pairs never seated together are the 12 "groups"
  ``{x, x + 11, x + 22}`` and ``{oo_0, oo_1, oo_2}``; every other pair meets exactly once.
  Found by exhaustive enumeration of the three base tables (the first solution found).
* 30 in fives, 6 rounds (bound 7): points ``Z_6 x {0..4}`` (``(x, c)`` is ``6 c + x``), ``+g``
  adds ``g`` to ``x``; six translates of the base round.  Found by simulated annealing over
  base rounds (swap two people; cost = pair orbits covered twice, or pairs ``{x, x + 3}`` of one
  copy, whose orbit is too short), seed 1.

Both are rebuilt and verified (everyone once per round, no pair twice) on first use and by
``tests/test_pairing_quality.py``.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import combinations

# 36 in fours: base tables of Z_33 (+ oo_0 = 33 in the first), each used with +11 and +22
BASE36 = ((33, 0, 1, 5), (2, 9, 18, 32), (3, 15, 28, 30))
# 30 in fives: the base round over Z_6 x {0..4}
BASE30 = ((0, 1, 13, 17, 18), (2, 4, 8, 24, 29), (3, 6, 11, 19, 23), (5, 10, 14, 20, 28),
          (7, 9, 15, 16, 26), (12, 21, 22, 25, 27))


def _move36(p: int, g: int) -> int:
    return 33 + (p - 33 + g) % 3 if p >= 33 else (p + g) % 33


def _rounds36():
    base = [tuple(_move36(p, s) for p in t) for t in BASE36 for s in (0, 11, 22)]
    return [[sorted(_move36(p, g) for p in t) for t in base] for g in range(11)]


def _rounds30():
    return [[sorted(6 * (p // 6) + (p + g) % 6 for p in t) for t in BASE30] for g in range(6)]


@lru_cache(maxsize=None)
def rotational_rounds(n: int, k: int):
    """The rounds for 36 in fours or 30 in fives (lists of sorted tables), else None."""
    if (n, k) == (36, 4):
        rounds = _rounds36()
    elif (n, k) == (30, 5):
        rounds = _rounds30()
    else:
        return None
    _verify(n, k, rounds)
    return rounds


def _verify(n: int, k: int, rounds) -> None:
    seen: set[tuple[int, int]] = set()
    for rnd in rounds:
        if sorted(p for t in rnd for p in t) != list(range(n)) or {len(t) for t in rnd} != {k}:
            raise AssertionError("a rotational round does not seat everyone once")
        for t in rnd:
            for pair in combinations(t, 2):
                if pair in seen:
                    raise AssertionError("a rotational schedule repeats a pair")
                seen.add(pair)
