"""A huddle's day: the prompt posted in its channel, one reminder in the thread, and at close
the summary in the thread with the prompt edited to say it is closed.

Each step is claimed in the database before it acts (the day's session is created once per
huddle and day; the reminder and the close are flags set by a conditional update), and every
message is queued with a de-duplication key, so a run resumed after a crash, or raced by a
second process, posts nothing twice.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..cards import Button, Card, Message, Section
from ..outbox import OutboxStatus
from ..ports import UnitOfWork
from ..services import Services
from ..vocabulary import Destination
from ..wording import huddles as say
from .model import Answer, Huddle, Session
from .schedule import reminder_at

log = logging.getLogger(__name__)
PROMPT_JOB, REMINDER_JOB, CLOSE_JOB = "huddles.prompt", "huddles.reminder", "huddles.close"


def destination(huddle: Huddle) -> Destination:
    return Destination.channel(huddle.platform, huddle.workspace, huddle.channel_id)


def _day_text(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def _local(huddle: Huddle, when: datetime) -> str:
    return when.astimezone(ZoneInfo(huddle.settings.timezone)).strftime("%H:%M")


def prompt_message(huddle: Huddle, session: Session) -> Message:
    day = _day_text(session.day)
    questions = "\n".join(f"{i}. {q}" for i, q in enumerate(session.questions, 1))
    text = say.PROMPT_TEXT.format(name=huddle.name, day=day,
                                  until=_local(huddle, session.closes_at))
    return Message(f"{text}\n{questions}", Card(
        title=say.PROMPT_TITLE.format(name=huddle.name, day=day),
        sections=(Section(questions), Section(text)),
        buttons=(Button(say.ANSWER_BUTTON, "huddles.answer", str(session.id), "primary"),)))


def closed_message(huddle: Huddle, session: Session, answered: int) -> Message:
    day = _day_text(session.day)
    questions = "\n".join(f"{i}. {q}" for i, q in enumerate(session.questions, 1))
    text = say.PROMPT_CLOSED.format(name=huddle.name, day=day, n=answered)
    return Message(f"{text}\n{questions}", Card(
        title=say.PROMPT_TITLE.format(name=huddle.name, day=day),
        sections=(Section(questions), Section(text))))


async def summary_text(uow: UnitOfWork, huddle: Huddle, session: Session,
                       answers: list[Answer]) -> str:
    day = _day_text(session.day)
    people = list(dict.fromkeys(a.person_key for a in answers))
    if not people:
        return say.SUMMARY_NONE.format(name=huddle.name, day=day)
    names = {k: p.name for k, p in (await uow.people.get_many(people)).items()}
    lines = [say.SUMMARY_HEAD.format(name=huddle.name, day=day, answered=len(people))]
    groups = [(i, q) for i, q in enumerate(session.questions)] + [(-1, say.OTHER_COMMENTS)]
    for index, question in groups:
        mine = [a for a in answers if a.question == index]
        if not mine:
            continue
        lines.append(f"\n{question}")
        for a in mine:
            lines.append(f"• {names.get(a.person_key) or say.FORMER}: {a.text}"
                         + (say.LATE_MARK if a.late else ""))
    return "\n".join(lines)


class HuddleRunner:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def prompt(self, huddle_id: int, due: datetime, *,
                     now: datetime | None = None) -> Session | None:
        """Post the huddle due at ``due`` (its day's session), unless it is paused, already
        posted, or its window has closed (a huddle missed in downtime is late, not twice)."""
        found = await self.prompt_many([(huddle_id, due)], now=now)
        return found[0] if found else None

    async def prompt_many(self, due: list[tuple[int, datetime]], *,
                          now: datetime | None = None) -> list[Session]:
        """Post many huddles' prompts in one unit of work (a thousand wards at 08:45): their
        sessions opened, prompts queued and reminders and closes scheduled in bulk."""
        services = self.services
        now = now or services.now()
        async with services.uow() as uow:
            huddles = await uow.huddles.get_many([h for h, _ in due])
            new = []
            for huddle_id, when in due:
                huddle = huddles.get(huddle_id)
                if huddle is None or huddle.paused:
                    continue
                closes_at = when + timedelta(minutes=huddle.settings.window)
                if now >= closes_at:
                    log.warning("huddle %s due %s missed: its window had closed", huddle_id,
                                when.isoformat())
                    continue
                day = when.astimezone(ZoneInfo(huddle.settings.timezone)).date()
                new.append((huddle.id, day, when, closes_at, huddle.settings.questions))
            sessions = await uow.huddles.open_sessions(new)
            if not sessions:
                return []
            roots = await services.post_many(uow, [
                (destination(huddles[s.huddle_id]), prompt_message(huddles[s.huddle_id], s),
                 f"huddles:{s.id}:prompt", f"huddles:{s.id}") for s in sessions])
            await uow.huddles.set_roots({s.id: ids[0] for s, ids in zip(sessions, roots)})
            later = []
            for session in sessions:
                key = str(session.id)
                remind = max(reminder_at(session.opens_at, session.closes_at), now)
                if remind < session.closes_at:
                    later.append((REMINDER_JOB, key, remind))
                later.append((CLOSE_JOB, key, max(session.closes_at, now)))
            await uow.jobs.schedule_many(later, now)
        return [replace(s, root_id=ids[0]) for s, ids in zip(sessions, roots)]

    async def _broken(self, uow: UnitOfWork, huddle: Huddle, session: Session | None) -> bool:
        """When the session's prompt could not be posted for good (the bot was removed from
        the channel, the channel archived), pause the huddle and tell its owner, once."""
        if session is None or session.root_id is None:
            return False
        root = await uow.outbox.get(session.root_id)
        if root is None or root.status != OutboxStatus.FAILED:
            return False
        if await uow.huddles.set_paused(huddle.id, True, problem_reported=True):
            await uow.jobs.unschedule(PROMPT_JOB, str(huddle.id))
            await self.services.queue(uow, Destination.user(huddle.owner_key), Message(
                say.PAUSED_PROBLEM.format(name=huddle.name,
                                          reason=root.last_error or "unknown")),
                dedup_key=f"huddles:{huddle.id}:broken:{session.id}")
            log.warning("huddle %s paused: its prompt could not be posted (%s)", huddle.id,
                        root.last_error)
        return True

    @staticmethod
    async def _posted(uow: UnitOfWork, session_id: int) -> tuple[Session, Huddle] | None:
        """The session and its huddle, when its prompt was queued and both still exist."""
        session = await uow.huddles.session(session_id)
        if session is None or session.root_id is None:
            return None
        huddle = await uow.huddles.get(session.huddle_id)
        return None if huddle is None else (session, huddle)

    async def remind(self, session_id: int) -> bool:
        services = self.services
        async with services.uow() as uow:
            found = await self._posted(uow, session_id)
            if found is None or not await uow.huddles.mark_reminded(session_id):
                return False
            session, huddle = found
            left = max(session.closes_at - services.now(), timedelta(minutes=1))
            minutes = int(left.total_seconds() // 60)
            await services.queue_in_thread(uow, session.root_id, Message(say.REMINDER.format(
                left=f"{minutes} minute" + ("" if minutes == 1 else "s"), name=huddle.name)),
                dedup_key=f"huddles:{session_id}:reminder", tag=f"huddles:{session_id}")
        return True

    async def close(self, session_id: int) -> bool:
        services = self.services
        async with services.uow() as uow:
            found = await self._posted(uow, session_id)
            if found is None or not await uow.huddles.close(session_id):
                return False
            session, huddle = found
            if await self._broken(uow, huddle, session):
                return True
            answers = [a for a in await uow.huddles.answers([session_id]) if not a.late]
            answered = len({a.person_key for a in answers})
            await services.queue_edit(uow, session.root_id,
                                      closed_message(huddle, session, answered))
            text = await summary_text(uow, huddle, session, answers)
            await services.queue_in_thread(uow, session.root_id, Message(text),
                                           dedup_key=f"huddles:{session_id}:summary",
                                           tag=f"huddles:{session_id}")
            await uow.jobs.unschedule(REMINDER_JOB, str(session_id))
        return True
