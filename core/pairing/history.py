"""Turn the raw history of past rounds into costs for pairs of *active* people.

Ids are mapped to ints once (``Roster``); a pair ``a < b`` is the int key ``a * n + b``.
For every pair of active people who have met we keep how often and how recently:

* ``last``     - keys of pairs that shared a group in the most recent round;
* ``count``    - how many past rounds they shared a group;
* ``recency``  - sum over those meetings of ``2 ** (RECENT - min(age, RECENT))`` (age 0 = last
  round), so a recent meeting weighs more than an old one.

``Costs.pair`` folds these into one integer whose tiers never overlap, so minimising the sum
over a round is lexicographic: (1) no partner from the last round, (2) fewest repeats with
escalation ``count ** 2`` (a third meeting costs more than two second meetings, spreading
repeats evenly), (3) recent repeats before old ones, (4) same-department groups (only when
``cross_department``), so department mixing never buys a repeat that could have been avoided.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

RECENT = 12


@dataclass
class Roster:
    ids: list[str]                 # active ids, sorted (the int of an id is its index)
    index: dict[str, int]
    departments: list[str]

    @classmethod
    def build(cls, participants) -> "Roster":
        seen: dict[str, str] = {}
        for p in participants:
            if p.id in seen:
                raise ValueError(f"participant {p.id!r} appears more than once")
            seen[p.id] = p.department
        ids = sorted(seen)
        return cls(ids, {pid: i for i, pid in enumerate(ids)}, [seen[i] for i in ids])

    @property
    def n(self) -> int:
        return len(self.ids)


@dataclass
class Costs:
    n: int
    rounds: int
    count: dict[int, int] = field(default_factory=dict)      # key -> times met
    recent: list[set[int]] = field(default_factory=list)     # keys met, age 0, 1, .. RECENT-1
    departments: list[str] | None = None     # set only when cross_department is wanted

    def __post_init__(self) -> None:
        slots = 3 * self.n + 3                # pairs inside one round's groups, with margin
        self.unit_recency = slots + 1
        self.unit_count = self.unit_recency * slots * ((1 << (RECENT + 1)) + self.rounds) + 1
        maxc = max(self.count.values(), default=0) + 1
        self.unit_last = self.unit_count * slots * maxc * maxc + 1
        self.last = self.recent[0] if self.recent else set()
        self.partners: list[list[int]] | None = None

    def key(self, a: int, b: int) -> int:
        return a * self.n + b if a < b else b * self.n + a

    def recency(self, k: int) -> int:
        """Sum over meetings of 2 ** (RECENT - age), ages >= RECENT weighing 1."""
        c = self.count.get(k, 0)
        total = 0
        for age, keys in enumerate(self.recent):
            if k in keys:
                total += (1 << (RECENT - age)) - 1
        return total + c

    def history_cost(self, a: int, b: int) -> int:
        k = a * self.n + b if a < b else b * self.n + a
        c = self.count.get(k)
        if not c:
            return 0
        cost = c * c * self.unit_count + self.recency(k) * self.unit_recency
        if k in self.last:
            cost += self.unit_last
        return cost

    def pair(self, a: int, b: int) -> int:
        cost = self.history_cost(a, b)
        d = self.departments
        if d is not None and d[a] and d[a] == d[b]:
            cost += 1
        return cost

    def group(self, members: Sequence[int]) -> int:
        cost = 0
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                cost += self.history_cost(a, b)
        d = self.departments
        if d is not None and len(members) > 1:
            first = d[members[0]]
            if first and all(d[m] == first for m in members):
                cost += 1
        return cost

    def met(self, a: int, b: int) -> int:
        return self.count.get(a * self.n + b if a < b else b * self.n + a, 0)

    def partner_lists(self) -> list[list[int]]:
        """Everyone each person has met (sparse: at most ``group_size - 1`` per past round)."""
        if self.partners is None:
            n = self.n
            out: list[list[int]] = [[] for _ in range(n)]
            for k in self.count:
                a, b = divmod(k, n)
                out[a].append(b)
                out[b].append(a)
            self.partners = out
        return self.partners


def round_keys(roster: Roster, rnd: Sequence[Sequence[str]]) -> list[int]:
    """Pair keys of one past round among active people (pairs fast, larger groups in full)."""
    n = roster.n
    get = roster.index.get
    if all(len(g) == 2 for g in rnd):
        firsts = list(map(get, [g[0] for g in rnd]))
        seconds = list(map(get, [g[1] for g in rnd]))
        return [a * n + b if a < b else b * n + a for a, b in zip(firsts, seconds)
                if a is not None and b is not None and a != b]
    keys = []
    for group in rnd:
        members = sorted({v for v in map(get, group) if v is not None})
        for i, a in enumerate(members):
            keys.extend(a * n + b for b in members[i + 1:])
    return keys


def build_costs(roster: Roster, history: Sequence[Sequence[Sequence[str]]],
                cross_department: bool) -> Costs:
    count: Counter[int] = Counter()
    recent: list[set[int]] = []
    total = len(history)
    for r, rnd in enumerate(history):
        keys = round_keys(roster, rnd)
        count.update(keys)
        if total - 1 - r < RECENT:
            recent.append(set(keys))
    recent.reverse()
    return Costs(roster.n, total, dict(count), recent,
                 roster.departments if cross_department else None)


def project(roster: Roster, rnd: Sequence[Sequence[str]]) -> list[tuple[int, ...]]:
    """One past round restricted to active people, as sorted int groups (size >= 2)."""
    index = roster.index
    out = []
    for group in rnd:
        g = tuple(sorted({index[m] for m in group if m in index}))
        if len(g) > 1:
            out.append(g)
    return out
