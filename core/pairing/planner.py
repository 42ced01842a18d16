"""Plan one round of a coffee programme. Pure: no I/O, no clock, no global randomness.

    plan_round(participants: Sequence[Participant],
               history: Sequence[Sequence[Sequence[str]]],
               group_size: int = 2, *, cross_department: bool = False,
               seed: int = 0) -> list[tuple[str, ...]]

- ``participants``: the active people, as :class:`Participant` (id, department, site, interests).
  Ids must be unique.
- ``history``: the programme's past rounds, OLDEST FIRST; each round is a sequence of groups,
  each group a sequence of participant ids.  Ids no longer active are ignored; may be empty.
- ``group_size``: 2 = pairs (with an odd count exactly one group of three); 3..6 = Knowledge
  Cafe tables of ``group_size`` (sizes ``k`` and ``k+1`` when ``n`` is not a multiple of ``k``
  and ``n // k >= n % k``; otherwise, e.g. 11 in sixes, ``ceil(n / k)`` tables as equal as
  possible; ``n <= k`` people form one table).  Anything else raises ``ValueError``.
- ``cross_department``: prefer groups that mix departments, never at the cost of a repeat
  that could have been avoided.
- ``seed``: the same inputs and seed always give the same groups (keep it constant for a
  programme so the round-robin can be continued from the history).

Returns every active person exactly once: a list of groups, each a tuple of sorted ids, the
list sorted.  0 people -> ``[]``; 1 person -> ``[(id,)]`` so the caller can tell them.

How (see the modules): pairs on a stable even roster continue a seeded round-robin
(``circle``), which gives n-1 repeat-free rounds and then even repeats; a stable odd roster of
5..61 continues a cached canonical schedule that reaches the odd bound or one less (``odd``);
otherwise a weighted matching over history costs (``history``, ``weighted``), exact on small
rosters and a sparse greedy with swap repair on large ones.  History is ingested vectorised
(numpy; ``idmap`` maps ids to ints in bulk).  Tables use resolvable designs or shipped
search-found schedules where one fits the roster (``designs``, ``found``; ``found_uneven``
for rosters that are not a multiple of the table size) and otherwise greedy
seating, swap descent and a short tabu search (``cafe``).  ``golfers`` holds the Social Golfer
table the tests and benchmark measure against.

Orders for rosters above ``NUMPY_ORDER_MIN`` people come from numpy's PCG64 (deterministic,
independent of ``PYTHONHASHSEED``); smaller rosters keep ``random.shuffle`` so running
programmes keep their round-robin.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .cafe import plan_tables
from .circle import next_circle_round
from .history import Roster, build_costs
from .odd import next_odd_round
from .weighted import plan_pairs

NUMPY_ORDER_MIN = 10_000


@dataclass(frozen=True)
class Participant:
    id: str
    department: str = ""
    site: str = ""
    interests: tuple[str, ...] = field(default_factory=tuple)


def plan_round(participants: Sequence[Participant],
               history: Sequence[Sequence[Sequence[str]]],
               group_size: int = 2, *, cross_department: bool = False,
               seed: int = 0) -> list[tuple[str, ...]]:
    if isinstance(group_size, bool) or not isinstance(group_size, int) \
            or not 2 <= group_size <= 6:
        raise ValueError(f"group_size must be an integer from 2 to 6, got {group_size!r}")
    roster = Roster.build(participants)
    n = roster.n
    if n < 2:
        return [tuple(roster.ids)] if n else []
    order = seeded_order(n, seed)
    if group_size == 2:
        groups = next_circle_round(roster, order, history, cross_department)
        if groups is None:
            groups = next_odd_round(roster, order, history)
        if groups is None:
            costs = build_costs(roster, history, cross_department)
            groups = plan_pairs(costs, order, random.Random(f"pairs:{seed}:{n}"))
    else:
        groups = plan_tables(roster, order, history, group_size, cross_department, seed)
    ids = roster.ids                  # sorted, so int order is id order
    at = ids.__getitem__
    return [tuple(map(at, g)) for g in sorted(tuple(sorted(g)) for g in groups)]


def seeded_order(n: int, seed: int) -> list[int]:
    """A permutation of ``range(n)`` that depends only on ``n`` and ``seed`` (numpy's PCG64
    above ``NUMPY_ORDER_MIN`` people, where ``random.shuffle`` would cost a tenth of a second)."""
    if n > NUMPY_ORDER_MIN:
        digest = hashlib.sha256(f"order:{seed}:{n}".encode()).digest()
        return np.random.default_rng(int.from_bytes(digest[:8], "big")).permutation(n).tolist()
    order = list(range(n))
    random.Random(f"order:{seed}:{n}").shuffle(order)
    return order
