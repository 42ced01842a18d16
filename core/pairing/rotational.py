"""Cafe schedules developed from one base round by a cyclic group: 33, 39 in threes, 36 in fours,
30 in fives.

Each schedule is one base round (a partition of the points into tables) whose translates under
a cyclic group are all the rounds.  The base rounds were found in seconds by searching only
over such group-invariant schedules: every orbit of pairs under the group may be covered at
most once (a difference-family condition), which makes the search tiny.

* 33 and 39 in threes: Kirkman triple systems KTS(v) (``v = 3 (mod 6)``, Ray-Chaudhuri & Wilson
  1971), ``(v - 1) / 2`` rounds (16, 19) in which every pair meets exactly once.  Both are
  *1-rotational*: one point ``oo`` is fixed.

  - 33 = Z_32 + {oo} (oo = 32): the base round is ``{oo, 0, 16}`` with five triples ``T`` and
    their shifts ``T + 16``, so it is fixed by ``+16`` and its translates by 0..15 are the
    rounds; the five triples' differences cover ``Z_32`` minus {0, 16} exactly once.
  - 39 = Z_19 x {0, 1} + {oo} (``(x, c)`` is ``x + 19 c``, oo = 38): the base round is
    ``{oo, (0,0), (0,1)}`` and twelve triples whose pure differences (within a copy, up to
    sign) and mixed differences (copy 0 to copy 1) cover every nonzero pure and every nonzero
    mixed difference once; its 19 translates are the rounds.

  Found by randomised backtracking over the base triples (smallest free point first, reject
  any repeated difference), seed 0.
* 36 in fours, 11 rounds (the bound): a resolvable 4-GDD of type 3^12.  Points are ``Z_33`` and
  ``oo_0, oo_1, oo_2`` (33, 34, 35); ``+g`` maps ``x -> x + g`` and ``oo_i -> oo_(i + g mod
  3)``.  The base round is fixed by ``+11``: the tables ``{oo_0, 0, 1, 5}``, ``{2, 9, 18,
  32}``, ``{3, 15, 28, 30}`` and their shifts by 11 and 22; its translates by 0..10 are the
  rounds.  The pairs never seated together are the 12 groups ``{x, x + 11, x + 22}`` and
  ``{oo_0, oo_1, oo_2}``; every other pair meets once.  Found by exhaustive enumeration of the
  three base tables (the first solution found).
* 30 in fives, 6 rounds (bound 7): points ``Z_6 x {0..4}`` (``(x, c)`` is ``6 c + x``), ``+g``
  adds ``g`` to ``x``; the six translates of the base round.  Found by simulated annealing over
  base rounds (swap two people; cost = pair orbits covered twice, plus pairs ``{x, x + 3}`` of
  one copy, whose orbit is too short), seed 1.  7 rounds were not found under ``Z_7`` symmetry.

* Rosters that are not a multiple of ``k`` (tables of ``k`` and ``k + 1``): base rounds found
  by ``tools/find_cafe_schedules.py`` and shipped in ``found_uneven.ROTATIONAL``; ``Z_m``
  shifts each of ``n // m`` orbits of ``m`` people (person ``o*m + x`` -> ``o*m + (x+g) % m``)
  and fixes the other ``n % m`` (``develop_uneven``); some use two or three base rounds.  31
  in threes: 13 rounds from one round of 10 tables; 27 in fours: 6 rounds from two under
  ``Z_3``.  A base round that some shifts map onto itself counts once per distinct shift
  (``tools/sat_cafe_rotational.py`` finds such rounds: ``--invariant``, ``--half``).

Every schedule is rebuilt and verified (everyone once per round, no pair twice; every pair for
the Kirkman systems) on first use and by ``tests/test_pairing_quality.py``.
"""
from __future__ import annotations

from functools import lru_cache

from .found_uneven import ROTATIONAL
from .verify import schedule_pairs

# Z_32 triples, each used with its shift by 16
BASE33 = ((1, 25, 31), (2, 5, 12), (3, 23, 24), (4, 22, 27), (10, 14, 29))
# Z_19 x {0, 1} triples as x + 19 c
BASE39 = ((1, 21, 24), (2, 4, 28), (3, 7, 32), (5, 10, 16), (6, 23, 36), (8, 11, 18),
          (9, 27, 37), (12, 20, 25), (13, 34, 35), (14, 15, 30), (17, 29, 31), (22, 26, 33))
# 36 in fours: base tables of Z_33 (+ oo_0 = 33 in the first), each used with +11 and +22
BASE36 = ((33, 0, 1, 5), (2, 9, 18, 32), (3, 15, 28, 30))
# 30 in fives: the base round over Z_6 x {0..4}
BASE30 = ((0, 1, 13, 17, 18), (2, 4, 8, 24, 29), (3, 6, 11, 19, 23), (5, 10, 14, 20, 28),
          (7, 9, 15, 16, 26), (12, 21, 22, 25, 27))


def _develop(base, move, steps):
    return [[sorted(move(p, g) for p in t) for t in base] for g in range(steps)]


def _kts33():
    base = [(32, 0, 16)] + [t for b in BASE33 for t in (b, tuple((x + 16) % 32 for x in b))]
    return _develop(base, lambda p, g: p if p == 32 else (p + g) % 32, 16)


def _kts39():
    def move(p: int, g: int) -> int:
        return p if p == 38 else 19 * (p // 19) + (p + g) % 19
    return _develop([(38, 0, 19)] + list(BASE39), move, 19)


def _move36(p: int, g: int) -> int:
    return 33 + (p - 33 + g) % 3 if p >= 33 else (p + g) % 33


def _rounds36():
    base = [tuple(_move36(p, s) for p in t) for t in BASE36 for s in (0, 11, 22)]
    return _develop(base, _move36, 11)


def _rounds30():
    return _develop(BASE30, lambda p, g: 6 * (p // 6) + (p + g) % 6, 6)


_BUILD = {(33, 3): _kts33, (39, 3): _kts39, (36, 4): _rounds36, (30, 5): _rounds30}


def develop_uneven(n: int, m: int, bases: str):
    """The distinct shifts of each base round (``m`` of them, or one for a round the shifts map
    onto itself); ``bases`` writes each as tables of comma-separated people, base rounds
    separated by ``|``."""
    moved = n // m * m
    rounds, seen = [], set()
    for base in bases.split("|"):
        tables = [[int(p) for p in t.split(",")] for t in base.split()]
        for r in _develop(tables, lambda p, g: p if p >= moved else p - p % m + (p + g) % m, m):
            key = frozenset(map(tuple, r))
            if key not in seen:
                seen.add(key)
                rounds.append(r)
    return rounds


@lru_cache(maxsize=None)
def rotational_rounds(n: int, k: int):
    """The rounds for ``n`` in tables of ``k`` (lists of sorted tables), or None if none here."""
    if (n, k) in ROTATIONAL:
        m, _, base = ROTATIONAL[(n, k)]
        rounds = develop_uneven(n, m, base)
        schedule_pairs(n, k, rounds)
        return rounds
    build = _BUILD.get((n, k))
    if build is None:
        return None
    rounds = build()
    pairs = schedule_pairs(n, k, rounds)
    if k == 3 and len(pairs) != n * (n - 1) // 2:
        raise ValueError(f"the Kirkman triple system for {n} misses a pair")
    return rounds
