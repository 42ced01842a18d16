"""Plan one round of a coffee programme. Pure: no I/O, no clock, no global randomness.

    plan_round(participants, history, group_size=2, *, cross_department=False, seed=0)
        -> list[tuple[str, ...]]

- ``participants``: the active people, as :class:`Participant` (id, department, site, interests).
- ``history``: the programme's past rounds, oldest first; each round is a sequence of groups,
  each group a sequence of participant ids. Ids no longer active are ignored.
- ``group_size``: 2 (pairs) or 3.
- ``cross_department``: prefer groups that mix departments, never at the cost of a repeat
  that could have been avoided.
- ``seed``: the same inputs and seed always give the same groups.

Everyone appears in exactly one group. With pairs and an odd count, exactly one group of three;
with fewer than two people there is nobody to match and the result is empty (one person alone
is returned as a group of one so the caller can tell them). Partners from the last round are
avoided whenever possible.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Sequence


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
    if group_size not in (2, 3):
        raise ValueError("group_size must be 2 or 3")
    ids = sorted(p.id for p in participants)
    if len(ids) < 2:
        return [tuple(ids)] if ids else []
    rng = random.Random(seed)
    recent = _last_partners(history)
    dept = {p.id: p.department for p in participants}
    best: list[list[str]] | None = None
    best_cost = None
    for _ in range(200):
        order = ids[:]
        rng.shuffle(order)
        groups = _chunk(order, group_size)
        cost = _cost(groups, recent, dept, cross_department)
        if best_cost is None or cost < best_cost:
            best, best_cost = groups, cost
            if cost == (0, 0):
                break
    assert best is not None
    return [tuple(sorted(g)) for g in best]


def _chunk(order: list[str], size: int) -> list[list[str]]:
    n = len(order)
    if size == 2 or n < 3:
        groups = [order[i:i + 2] for i in range(0, n - n % 2, 2)]
        if n % 2:
            groups[-1].append(order[-1])
        return groups
    # size 3: threes, with pairs to absorb the remainder (4 -> 2+2, 5 -> 3+2)
    rem = n % 3
    threes = n // 3 - (1 if rem == 1 else 0)
    groups = [order[i * 3:i * 3 + 3] for i in range(threes)]
    rest = order[threes * 3:]
    groups += [rest[i:i + 2] for i in range(0, len(rest), 2)]
    return groups


def _last_partners(history: Sequence[Sequence[Sequence[str]]]) -> set[frozenset[str]]:
    if not history:
        return set()
    pairs: set[frozenset[str]] = set()
    for group in history[-1]:
        for a in group:
            for b in group:
                if a < b:
                    pairs.add(frozenset((a, b)))
    return pairs


def _cost(groups, recent, dept, cross) -> tuple[int, int]:
    repeats = 0
    same_dept = 0
    for g in groups:
        for i, a in enumerate(g):
            for b in g[i + 1:]:
                if frozenset((a, b)) in recent:
                    repeats += 1
        if cross and len({dept[m] for m in g if dept[m]}) <= 1 and all(dept[m] for m in g):
            same_dept += 1
    return repeats, same_dept
