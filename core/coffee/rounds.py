"""Running a round: claim it, plan the groups, store them and queue the introductions.

A round is claimed in the database by its (programme, slot) before anything else happens, so
two processes can never run the same round twice; the groups and every introduction are stored
in the same transaction as the claim, so a crash either leaves no round or a whole one.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from ..cards import Button, Card, Field, Message, Section
from ..mentions import mention
from ..pairing import Participant, plan_round
from ..ports import UnitOfWork
from ..services import Services
from ..vocabulary import Destination
from ..wording import coffee as say
from ..wording import count
from .model import MemberStatus, Membership, Person, Programme, RoundGroup
from .schedule import latest_slot, reminder_time, round_seed

log = logging.getLogger(__name__)
HISTORY_ROUNDS = 26


@dataclass(frozen=True)
class RoundResult:
    programme: Programme
    people: int
    groups: int
    claimed: bool = True


class RoundRunner:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def run_due(self, programme_id: int) -> RoundResult | None:
        """The scheduled job: run the round that fell due most recently, if it is recent
        enough (the catch-up grace window) and nobody has run it yet."""
        now = self.services.now()
        async with self.services.uow() as uow:
            programme = await uow.coffee.programme(programme_id)
            if programme is None:
                return None
            slot = latest_slot(programme, now)
            if slot is None or now - slot > self.services.config.catch_up_grace:
                log.info("programme %s: no round due within the grace window", programme_id)
                return None
            result = await self._run(uow, programme, slot, now)
        self.services.on_queued()
        return result

    async def run_now(self, programme: Programme) -> RoundResult:
        now = self.services.now().replace(microsecond=0)
        async with self.services.uow() as uow:
            result = await self._run(uow, programme, now, now)
        self.services.on_queued()
        return result

    async def _run(self, uow: UnitOfWork, programme: Programme, slot: datetime,
                   now: datetime) -> RoundResult:
        seed = round_seed(programme.id)
        claimed = await uow.coffee.claim_round(programme.id, slot, seed,
                                               reminder_time(programme, now), now)
        if claimed is None:
            log.info("programme %s round %s already claimed", programme.id, slot.isoformat())
            return RoundResult(programme, 0, 0, claimed=False)
        members = await self._active_members(uow, programme, now)
        people = await uow.people.get_many([m.person_key for m in members])
        participants = [_participant(people[m.person_key]) for m in members
                        if m.person_key in people]
        history = await uow.coffee.history(programme.id, HISTORY_ROUNDS + 1)
        history = [r for r in history if r][-HISTORY_ROUNDS:]
        # a worker thread, so the bot keeps answering (and acking within 3 s) while a large
        # programme is planned: about 1.5 s at 100,000 people
        planned = await asyncio.to_thread(
            plan_round, participants, history, programme.settings.group_size,
            cross_department=programme.settings.cross_department, seed=seed)
        real = [g for g in planned if len(g) > 1]
        crossing = [_crosses(g, people) for g in real]
        groups = await uow.coffee.save_groups(claimed.id, real, crossing)
        for group in groups:
            await self.services.queue(uow, Destination.group(list(group.keys)),
                                      introduction(programme, group, people),
                                      dedup_key=f"coffee:intro:{group.id}")
        for alone in (g for g in planned if len(g) == 1):
            await self.services.queue(uow, Destination.user(alone[0]),
                                      Message(say.ALONE_THIS_ROUND.format(name=programme.name)),
                                      dedup_key=f"coffee:alone:{claimed.id}:{alone[0]}")
        if programme.settings.channel_id and groups:
            platform, workspace = programme.workspace
            await self.services.queue(
                uow, Destination(platform, workspace, "channel", (programme.settings.channel_id,)),
                Message(say.ROUND_ANNOUNCEMENT.format(
                    name=programme.name, people=count(len(participants), "person", "people"),
                    groups=count(len(groups), "group"))),
                dedup_key=f"coffee:announce:{claimed.id}")
        log.info("programme %s round %s: %d people in %d groups", programme.id,
                 slot.isoformat(), len(participants), len(groups))
        return RoundResult(programme, len(participants), len(groups))

    async def _active_members(self, uow: UnitOfWork, programme: Programme,
                              now: datetime) -> list[Membership]:
        today = self.services.clock.today(programme.settings.timezone)
        active = []
        for member in await uow.coffee.members(programme.id):
            if member.status is MemberStatus.PAUSED and member.is_active_on(today):
                member = Membership(member.programme_id, member.person_key, MemberStatus.ACTIVE,
                                    member.joined_at)
                await uow.coffee.save_membership(member)   # back from a pause
            if member.status is MemberStatus.ACTIVE:
                active.append(member)
        return active

    async def send_reminders(self) -> int:
        """Halfway through each round, one reminder to those who have not answered yet."""
        now = self.services.now()
        sent = 0
        async with self.services.uow() as uow:
            for due in await uow.coffee.claim_due_reminders(now):
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
