"""Kirkman triple systems KTS(33) and KTS(39), built from base parallel classes.

A KTS(v) (``v = 3 (mod 6)``, Ray-Chaudhuri & Wilson 1971) splits all ``v (v - 1) / 6`` triples
of a Steiner triple system into ``(v - 1) / 2`` parallel classes, i.e. Knowledge Cafe rounds in
threes in which no two people ever share a table twice: 16 rounds for 33, 19 for 39.

Both are *1-rotational*: one point ``oo`` is fixed and a cyclic group ``Z_m`` acts on the rest,
so one base parallel class, translated by the group, gives every round.

* 33 = Z_32 + {oo}: the base class is ``{oo, 0, 16}`` together with five triples ``T`` and their
  shifts ``T + 16``, so it is fixed by ``+16`` and its translates by 0..15 are the 16 rounds.
  The five triples' differences cover every element of ``Z_32`` except 0 and 16 exactly once
  (a 1-rotational KTS in the sense of Buratti).
* 39 = Z_19 x {0, 1} + {oo} (point ``(x, c)`` is ``x + 19 c``): the base class is
  ``{oo, (0,0), (0,1)}`` and twelve triples whose pure differences (within a copy, up to sign)
  and mixed differences (copy 0 to copy 1) cover every nonzero pure and every nonzero mixed
  difference exactly once; its 19 translates are the rounds.

The base triples were found by a seconds-long randomised backtracking search over these
difference conditions (smallest free point first, reject any repeated difference); both
systems are rebuilt and verified (everyone once per round, no pair twice, every pair once) on
first use and by ``tests/test_pairing_quality.py``.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import combinations

# Z_32 triples; each is used with its shift by 16
BASE33 = ((1, 25, 31), (2, 5, 12), (3, 23, 24), (4, 22, 27), (10, 14, 29))
# Z_19 x {0, 1} triples as x + 19 c
BASE39 = ((1, 21, 24), (2, 4, 28), (3, 7, 32), (5, 10, 16), (6, 23, 36), (8, 11, 18),
          (9, 27, 37), (12, 20, 25), (13, 34, 35), (14, 15, 30), (17, 29, 31), (22, 26, 33))


def _kts33():
    inf = 32
    base = [(inf, 0, 16)] + [t for b in BASE33 for t in (b, tuple((x + 16) % 32 for x in b))]
    return [[sorted((p if p == inf else (p + g) % 32) for p in t) for t in base]
            for g in range(16)]


def _kts39():
    inf = 38

    def shift(p: int, g: int) -> int:
        if p == inf:
            return p
        c, x = divmod(p, 19)
        return 19 * c + (x + g) % 19
    base = [(inf, 0, 19)] + list(BASE39)
    return [[sorted(shift(p, g) for p in t) for t in base] for g in range(19)]


@lru_cache(maxsize=None)
def kirkman_rounds(n: int):
    """The KTS(n) rounds (lists of sorted triples) for n in (33, 39), else None."""
    if n == 33:
        rounds = _kts33()
    elif n == 39:
        rounds = _kts39()
    else:
        return None
    _verify(n, rounds)
    return rounds


def _verify(n: int, rounds) -> None:
    seen: set[tuple[int, int]] = set()
    for rnd in rounds:
        if sorted(p for t in rnd for p in t) != list(range(n)):
            raise AssertionError("a Kirkman round does not seat everyone once")
        for t in rnd:
            for pair in combinations(t, 2):
                if pair in seen:
                    raise AssertionError("a Kirkman system repeats a pair")
                seen.add(pair)
    if len(seen) != n * (n - 1) // 2:
        raise AssertionError("a Kirkman system misses a pair")
