"""Running a round: read, plan, then claim and store it in one short transaction.

The members and the history are read in a read-only transaction; the plan is made in a worker
thread with no transaction open (a round of 100,000 people takes about a second and a half,
and nobody else should wait on it); then one short transaction claims the round by its
(programme, slot), checks nothing changed meanwhile, and stores the groups, every introduction
and the halfway reminder. Two processes never run the same round twice (the claim is unique),
and a crash leaves either no round or a whole one.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime

from ..cards import Button, Card, Field, Message, Section
from ..mentions import mention
from ..pairing import Participant, plan_round
from ..ports import UnitOfWork
from ..services import Services
from ..vocabulary import Destination
from ..wording import coffee as say
from ..wording import count
from .model import MemberStatus, Membership, Person, Programme, Round, RoundGroup
from .schedule import REMINDER_JOB, reminder_time, round_seed

log = logging.getLogger(__name__)
HISTORY_ROUNDS = 26
PLAN_ATTEMPTS = 3


@dataclass(frozen=True)
class RoundResult:
    programme: Programme
    people: int
    groups: int
    claimed: bool = True      # False: this round was already run (by us or another process)


@dataclass(frozen=True)
class _Snapshot:
    """What a round is planned from, read outside the transaction that stores it."""
    members: tuple[str, ...]          # active keys, sorted
    returning: tuple[Membership, ...]  # paused members whose pause is over
    people: dict[str, Person]
    history: list[list[tuple[str, ...]]]
    rounds: tuple[int, ...]            # the programme's round ids when it was read


class _Changed(Exception):
    """Members or rounds changed while the round was planned: plan again."""


class RoundRunner:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def run_scheduled(self, programme_id: int, slot: datetime) -> RoundResult | None:
        """The scheduled job: run the round due at ``slot`` (the scheduler has checked it is
        within the catch-up window), unless it has already been run."""
        async with self.services.uow(read_only=True) as uow:
            programme = await uow.coffee.programme(programme_id)
        if programme is None:
            return None
        return await self.run_round(programme, slot)

    async def run_now(self, programme: Programme) -> RoundResult:
        return await self.run_round(programme, self.services.now().replace(microsecond=0))

    async def last_round(self, programme: Programme) -> Round | None:
        async with self.services.uow(read_only=True) as uow:
            rounds = await uow.coffee.rounds(programme.id)
        return max(rounds, key=lambda r: r.started_at) if rounds else None

    async def run_round(self, programme: Programme, slot: datetime) -> RoundResult:
        for _ in range(PLAN_ATTEMPTS - 1):
            try:
                return await self._attempt(programme, slot, recheck=True)
            except _Changed:
                log.info("programme %s changed while its round was planned: planning again",
                         programme.id)
        return await self._attempt(programme, slot, recheck=False)

    async def _attempt(self, programme: Programme, slot: datetime, *,
                       recheck: bool) -> RoundResult:
        now = self.services.now()
        snapshot = await self._read(programme, slot, now)
        if snapshot is None:
            log.info("programme %s round %s already run", programme.id, slot.isoformat())
            return RoundResult(programme, 0, 0, claimed=False)
        if len(snapshot.members) < 2:
            log.info("programme %s round %s: fewer than two active members, no round",
                     programme.id, slot.isoformat())
            return RoundResult(programme, len(snapshot.members), 0)
        seed = round_seed(programme.id)
        # a worker thread and no transaction open, so the bot keeps answering everyone
        planned = await asyncio.to_thread(_plan, programme, snapshot, seed)
        async with self.services.uow() as uow:
            result = await self._store(uow, programme, slot, now, seed, snapshot, planned,
                                       recheck)
        self.services.on_queued()
        return result

    async def _read(self, programme: Programme, slot: datetime,
                    now: datetime) -> _Snapshot | None:
        today = self.services.clock.today(programme.settings.timezone)
        async with self.services.uow(read_only=True) as uow:
            rounds = await uow.coffee.rounds(programme.id)
            if any(r.slot == slot for r in rounds):
                return None
            active, returning = _active(await uow.coffee.members(programme.id), today)
            people = await uow.people.get_many(active)
            history = await uow.coffee.history(programme.id, HISTORY_ROUNDS + 1)
        members = tuple(sorted(k for k in active if k in people))
        return _Snapshot(members, returning, people,
                         [r for r in history if r][-HISTORY_ROUNDS:],
                         tuple(sorted(r.id for r in rounds)))

    async def _store(self, uow: UnitOfWork, programme: Programme, slot: datetime,
                     now: datetime, seed: int, snapshot: _Snapshot, planned,
                     recheck: bool) -> RoundResult:
        claimed = await uow.coffee.claim_round(programme.id, slot, seed,
                                               reminder_time(programme, now), now)
        if claimed is None:
            log.info("programme %s round %s already claimed", programme.id, slot.isoformat())
            return RoundResult(programme, 0, 0, claimed=False)
        if recheck:
            others = tuple(sorted(r.id for r in await uow.coffee.rounds(programme.id)
                                  if r.id != claimed.id))
            if others != snapshot.rounds:
                raise _Changed()   # another round was stored meanwhile: plan from it (rolls
                                   # this claim back with everything else)
        for member in snapshot.returning:
            await uow.coffee.save_membership(member)          # back from a pause
        people = snapshot.people
        real = [g for g in planned if len(g) > 1]
        crossing = [_crosses(g, people) for g in real]
        groups = await uow.coffee.save_groups(claimed.id, real, crossing)
        messages: list[tuple[Destination, Message, str | None]] = await asyncio.to_thread(
            _introductions, programme, groups, people)
        messages += [(Destination.user(alone[0]),
                      Message(say.ALONE_THIS_ROUND.format(name=programme.name)),
                      f"coffee:alone:{claimed.id}:{alone[0]}")
                     for alone in planned if len(alone) == 1]
        if programme.settings.channel_id and groups:
            platform, workspace = programme.workspace
            messages.append((
                Destination(platform, workspace, "channel", (programme.settings.channel_id,)),
                Message(say.ROUND_ANNOUNCEMENT.format(
                    name=programme.name, people=count(len(snapshot.members), "person", "people"),
                    groups=count(len(groups), "group"))),
                f"coffee:announce:{claimed.id}"))
        await self.services.queue_many(uow, messages)    # one bulk insert
        await uow.jobs.schedule(REMINDER_JOB, str(claimed.id), claimed.reminder_at, now)
        log.info("programme %s round %s: %d people in %d groups", programme.id,
                 slot.isoformat(), len(snapshot.members), len(groups))
        return RoundResult(programme, len(snapshot.members), len(groups))

    async def send_reminders(self, round_id: int | None = None) -> int:
        """Halfway through a round (``round_id``, or every round due), one reminder to those
        who have not answered yet."""
        now = self.services.now()
        sent = 0
        async with self.services.uow() as uow:
            for due in await uow.coffee.claim_due_reminders(now, round_id):
                programme = await uow.coffee.programme(due.programme_id)
                for group in await uow.coffee.groups(due.id):
                    people = await uow.people.get_many(group.keys)
                    for member in group.members:
                        if member.outcome is None:
                            sent += await self.services.queue(
                                uow, Destination.user(member.person_key),
                                reminder(programme, group, people, member.person_key),
                                dedup_key=f"coffee:remind:{group.id}:{member.person_key}")
        if sent:
            self.services.on_queued()
        return sent


def _plan(programme: Programme, snapshot: _Snapshot, seed: int):
    participants = [_participant(snapshot.people[k]) for k in snapshot.members]
    return plan_round(participants, snapshot.history, programme.settings.group_size,
                      cross_department=programme.settings.cross_department, seed=seed)


def _introductions(programme: Programme, groups: list[RoundGroup],
                   people: dict[str, Person]) -> list[tuple[Destination, Message, str | None]]:
    return [(Destination.group(list(group.keys)), introduction(programme, group, people),
             f"coffee:intro:{group.id}") for group in groups]


def _active(members: list[Membership], today: date) -> tuple[list[str], tuple[Membership, ...]]:
    """Active member keys, and the paused members whose pause is over (to store as active)."""
    active, returning = [], []
    for member in members:
        if member.status is MemberStatus.PAUSED and member.is_active_on(today):
            returning.append(Membership(member.programme_id, member.person_key,
                                        MemberStatus.ACTIVE, member.joined_at))
            active.append(member.person_key)
        elif member.status is MemberStatus.ACTIVE:
            active.append(member.person_key)
    return active, tuple(returning)


def _participant(person: Person) -> Participant:
    return Participant(id=person.key, department=person.department.strip().lower(),
                       site=person.site.strip().lower(), interests=person.interest_list)


def _crosses(keys, people: dict[str, Person]) -> bool:
    departments = {people[k].department.strip().lower() for k in keys if k in people}
    return len(departments) > 1 and "" not in departments


def _names(keys, people: dict[str, Person], exclude: str | None = None) -> str:
    names = [mention(people[k].user_id, people[k].name) for k in keys if k != exclude]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def outcome_buttons(group: RoundGroup) -> tuple[Button, ...]:
    return (Button(say.BUTTON_MET, "coffee.met", str(group.id), "primary"),
            Button(say.BUTTON_MISSED, "coffee.missed", str(group.id)))


def introduction(programme: Programme, group: RoundGroup, people: dict[str, Person]) -> Message:
    starter = programme.settings.theme or say.DEFAULT_STARTER
    text = say.INTRO_TEXT.format(programme=programme.name, names=_names(group.keys, people),
                                 starter=starter)
    sections = [Section(say.INTRO_LEAD.format(names=_names(group.keys, people)))]
    for key in group.keys:
        person = people[key]
        fields = tuple(Field(label, value) for label, value in (
            (say.FIELD_DEPARTMENT, person.department), (say.FIELD_SITE, person.site),
            (say.FIELD_INTERESTS, person.interests)) if value)
        sections.append(Section(f"*{person.name}*" + (f": {person.bio}" if person.bio else ""),
                                fields))
    sections.append(Section(say.INTRO_STARTER.format(starter=starter)))
    card = Card(title=say.INTRO_TITLE.format(programme=programme.name), sections=tuple(sections),
                buttons=outcome_buttons(group))
    return Message(text=text, card=card)


def reminder(programme: Programme, group: RoundGroup, people: dict[str, Person],
             person_key: str) -> Message:
    others = _names(group.keys, people, exclude=person_key)
    text = say.REMINDER_TEXT.format(programme=programme.name, names=others)
    card = Card(title=say.REMINDER_TITLE, sections=(Section(text),), buttons=outcome_buttons(group))
    return Message(text=text, card=card)
