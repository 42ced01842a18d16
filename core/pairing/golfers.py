"""How many repeat-free Knowledge Cafe rounds are possible: the Social Golfer Problem table.

``best_known(n, k)`` is the largest number of rounds ("weeks") known to be schedulable for
``n = g * k`` people at ``g`` tables of ``k`` with no two people at a table twice (or the
``PROVEN`` maximum for some other rosters), or ``None`` when we have no reliable figure
(callers then use ``bound(n, k)``).  The engine's tests and
benchmark measure themselves against it; the planner does not use it.

Source: the Social Golfer Problem results table kept by Warwick Harvey (CSPLib problem 010,
"prob010") and the design-theory facts it rests on, transcribed from memory of those
references and re-derived where possible:

* ``g < k``: one round only - in a second round some table of the first round has to send two
  of its ``k`` people to the same one of ``g < k`` tables (pigeonhole).
* threes: Kirkman triple systems KTS(v), ``v = 3 (mod 6)``, give ``(v-1)/2`` rounds (9: 4,
  15: 7, 21: 10, 27: 13, 33: 16, 39: 19; 33 and 39 are constructed in ``rotational``); nearly
  Kirkman triple systems NKTS(v), ``v = 0 (mod 6)``, give ``(v-2)/2`` (18: 8, 24: 11, 30: 14,
  36: 17) and do not exist for 6 and 12, where 1 and 4 rounds are the maxima.
* fours: affine plane AG(2, 4) gives 16: 5; 20: 5 (6 is impossible); 24: 7 and 28: 9 reach the
  bound; 32: 10 (8-4-10, constructed by A. Aguado, 2004; ``found`` ships one); 40: 13
  (resolvable BIBD(40, 4, 1), ``v = 4 (mod 12)``); 36: 11, the bound (a resolvable 4-GDD of
  type 3^12; one is constructed in ``rotational``).
* fives: 25: 6 (AG(2, 5)); 30, 35, 40: ``None`` (``rotational`` ships 6 of the bound 7 for 30).
* sixes: 36 = 6 tables of 6: 3 (no pair of orthogonal Latin squares of order 6 exists, so no
  transversal-design schedule; 3 is Harvey's figure).

Outside ``n = g * k`` (tables of ``k`` and ``k + 1``, see ``table_sizes``) there is no
standard table, and ``(n - 1) // (k - 1)`` overstates what is possible: ``bound`` also counts
pairs (a round seats ``sum(s * (s - 1) / 2)`` pairs and there are only ``n * (n - 1) / 2``) and
applies the pigeonhole argument to the largest table (22 in fours: 7 by people, 6 by pairs;
10 in threes, tables 4, 3, 3: one round, as the table of 4 cannot split over 3 tables).
``bound`` and ``target`` speak of the tables ``table_sizes`` chooses: where ``tables`` seats a
roster at fewer, larger tables because an affine plane fits them (51 to 54 in fives at 9 tables:
9 rounds), the bound is that shape's (10), not the 11 or 12 of 10 tables, for which no schedule
of more than 7 rounds is known.

``PROVEN`` holds exact maxima for rosters seated at ``k + 1`` tables: one round more than the
figure is impossible, and the engine reaches the figure.  Both offline tools reduce the question
to mutually orthogonal partial Latin squares on a grid: ``tools/sat_cafe_grid.py`` asks a SAT
solver, and ``tools/exhaust_cafe_grid.py`` (``tools/cafe_grid_exhaust.c``) searches every
schedule up to symmetry, which settles in minutes what the solver left open for hours.
"""
from __future__ import annotations

from typing import Sequence, TypeVar

from .fields import has_field
from .found_uneven import ROTATIONAL, UNEVEN

T = TypeVar("T")

BEST_KNOWN: dict[tuple[int, int], int] = {
    (6, 3): 1, (9, 3): 4, (12, 3): 4, (15, 3): 7, (18, 3): 8, (21, 3): 10, (24, 3): 11,
    (27, 3): 13, (30, 3): 14, (33, 3): 16, (36, 3): 17, (39, 3): 19,
    (8, 4): 1, (12, 4): 1, (16, 4): 5, (20, 4): 5, (24, 4): 7, (28, 4): 9, (32, 4): 10,
    (36, 4): 11, (40, 4): 13,
    (10, 5): 1, (15, 5): 1, (20, 5): 1, (25, 5): 6,
    (12, 6): 1, (18, 6): 1, (24, 6): 1, (30, 6): 1, (36, 6): 3,
}

# (n, k) at k + 1 tables -> most repeat-free rounds possible; one more is impossible (the SAT
# solver's time; the exhaustive search's time, which agrees on all of them)
PROVEN: dict[tuple[int, int], int] = {
    (13, 3): 4, (14, 3): 4,                     # 0 s, 0 s; exhaustive 0 s
    (21, 4): 5, (22, 4): 5, (23, 4): 5,         # 3 s, 4 s, 3 s; exhaustive 0 s
    (32, 5): 4, (33, 5): 4,                     # exhaustive only: 137 s, 17 s
    (34, 5): 4,                                 # 2,282 s; exhaustive 2 s
}


def table_sizes(n: int, k: int) -> list[int]:
    """The tables a round of ``n`` people in tables of ``k`` uses, largest first: ``k`` and ``k+1``
    at ``tables(n, k)`` tables when ``n // k >= n % k``; otherwise ``ceil(n / k)`` tables as
    equal as possible."""
    if n <= k:
        return [n]
    q, r = divmod(n, k)
    if r <= q:
        g = tables(n, k)
        return [k + 1] * (n - k * g) + [k] * (g - n + k * g)
    g = -(-n // k)
    return [n // g + 1] * (n % g) + [n // g] * (g - n % g)


def tables(n: int, k: int) -> int:
    """How many tables of ``k`` and ``k + 1`` seat ``n`` people (``n // k >= n % k``): the most,
    ``n // k``, unless no design fits that many (no affine plane of that order and no shipped
    schedule) while a smaller number ``q`` of tables, down to ``ceil(n / (k + 1))``, has an
    affine plane: then the largest such ``q``, whose truncated plane gives ``q`` repeat-free
    rounds.  51 to 54 in fives sit at 9 tables (9 rounds) rather than 10, where nothing
    better than 7 rounds is known; 61 in sixes at 9 rather than 10 (5 rounds by search).  Not
    in threes, where search at the most tables does better (61 in threes: 21 rounds, not 19).
    A schedule shipped in ``found_uneven`` is always for ``n // k`` tables: search offline at
    that many before shipping one for a roster seated at fewer.
    """
    q, r = divmod(n, k)
    if r == 0 or k < 4 or (has_field(q) and k < q) or (n, k) in ROTATIONAL or (n, k) in UNEVEN:
        return q
    for fewer in range(q - 1, -(-n // (k + 1)) - 1, -1):
        if has_field(fewer) and k < fewer:
            return fewer
    return q


def seat(people: Sequence[T], k: int) -> list[list[T]]:
    """``people`` seated in their order at the tables ``table_sizes(len(people), k)``."""
    seated, at = [], 0
    for size in table_sizes(len(people), k):
        seated.append(list(people[at:at + size]))
        at += size
    return seated


def pairs_per_round(n: int, k: int) -> int:
    return sum(s * (s - 1) // 2 for s in table_sizes(n, k))


def bound(n: int, k: int) -> int:
    """An upper bound on repeat-free rounds.  Each person meets at least ``k - 1`` new people a
    round, so ``(n - 1) // (k - 1)``; a round uses ``pairs_per_round`` of the ``n (n - 1) / 2``
    pairs; when a table has more people than there are tables, the second round must seat
    two of them together again (so one round); and ``PROVEN`` maxima."""
    sizes = table_sizes(n, k)
    if len(sizes) < max(sizes):
        return 1
    counted = min((n - 1) // (min(sizes) - 1), n * (n - 1) // 2 // pairs_per_round(n, k))
    return min(counted, PROVEN.get((n, k), counted))


def best_known(n: int, k: int) -> int | None:
    return BEST_KNOWN.get((n, k), PROVEN.get((n, k)))


def target(n: int, k: int) -> int:
    """The figure to stay within one round of: best known, else the bound."""
    best = best_known(n, k)
    return bound(n, k) if best is None else best
