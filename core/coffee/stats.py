"""Programme figures for librarians: rounds, participants, groups, who met, repeat pairs and
how many groups crossed departments, overall and round by round."""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from ..ports import UnitOfWork
from ..wording import coffee as say
from ..wording import count
from .model import MemberStatus, Outcome, Programme


@dataclass
class RoundFigures:
    when: str
    people: int
    groups: int
    repeats: int
    crossing: int
    met: int
    answered: int


@dataclass
class ProgrammeFigures:
    members: int = 0
    paused: int = 0
    participants: int = 0
    rounds: list[RoundFigures] = field(default_factory=list)

    @property
    def groups(self) -> int:
        return sum(r.groups for r in self.rounds)

    def _share(self, part: int, whole: int) -> str:
        return f"{round(100 * part / whole)}%" if whole else "n/a"

    def summary(self) -> dict:
        met = sum(r.met for r in self.rounds)
        answered = sum(r.answered for r in self.rounds)
        return {"rounds": count(len(self.rounds), "round"),
                "participants": count(self.participants, "participant"),
                "groups": count(self.groups, "group"), "met_rate": self._share(met, answered),
                "answered": count(answered, "group"),
                "cross_share": self._share(sum(r.crossing for r in self.rounds), self.groups),
                "repeats": sum(r.repeats for r in self.rounds)}

    def fields(self) -> list[tuple[str, str]]:
        s = self.summary()
        return [(say.STAT_MEMBERS, f"{self.members} ({self.paused} paused)"),
                (say.STAT_ROUNDS, str(len(self.rounds))),
                (say.STAT_PARTICIPANTS, str(self.participants)),
                (say.STAT_GROUPS, str(self.groups)), (say.STAT_MET_RATE, s["met_rate"]),
                (say.STAT_CROSS, s["cross_share"]), (say.STAT_REPEATS, str(s["repeats"]))]

    def round_lines(self) -> list[str]:
        return [say.STATS_ROUND_LINE.format(
            when=r.when, people=count(r.people, "person", "people"),
            groups=count(r.groups, "group"), repeats=r.repeats,
            cross=self._share(r.crossing, r.groups), met=self._share(r.met, r.answered))
            for r in self.rounds]


async def programme_stats(uow: UnitOfWork, programme: Programme) -> ProgrammeFigures:
    figures = ProgrammeFigures()
    members = await uow.coffee.members(programme.id)
    figures.members = sum(m.status is not MemberStatus.LEFT for m in members)
    figures.paused = sum(m.status is MemberStatus.PAUSED for m in members)
    rounds = await uow.coffee.rounds(programme.id)
    by_round = await uow.coffee.groups_of_rounds([r.id for r in rounds])
    seen_pairs: set[tuple[str, str]] = set()
    everyone: set[str] = set()
    for rnd in rounds:
        groups = by_round.get(rnd.id, [])
        pairs = [tuple(sorted(p)) for g in groups for p in combinations(g.keys, 2)]
        people = {k for g in groups for k in g.keys}
        everyone |= people
        answered = [g for g in groups if any(m.outcome for m in g.members)]
        met = [g for g in answered if any(m.outcome is Outcome.MET for m in g.members)]
        figures.rounds.append(RoundFigures(
            when=f"{rnd.slot:%d %b %Y}", people=len(people), groups=len(groups),
            repeats=sum(p in seen_pairs for p in pairs),
            crossing=sum(g.cross_department for g in groups), met=len(met),
            answered=len(answered)))
        seen_pairs.update(pairs)
    figures.participants = len(everyone)
    return figures
