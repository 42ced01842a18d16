"""Actions: something to do because of a lesson, with an owner and a due date.

Owners are reminded the working day before it is due (09:00 in the organisation's time
zone; weekends and the bank holidays of ``KMBOT_BANK_HOLIDAYS``, England by default, are not
working days), by a job kind claimed in the database, with "Done" and "Snooze a week" buttons.
``/lesson actions`` lists a person's open actions (librarians: everyone's, by team).
"""
from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..cards import Button, Card, Form, FormInput, Message, Reply, Section
from ..errors import FormInvalid, UserError
from ..jobs import JobKind, JobRun
from ..mentions import TYPED_MENTION
from ..ports import UnitOfWork
from ..router import Context, Router
from ..services import Services
from ..vocabulary import Destination
from ..workdays import working_day_before
from ..wording import lessons as say
from .access import lesson_number, may_change, visible_lesson
from .capture import as_lesson, is_number
from .records import Action
from .show import names

log = logging.getLogger(__name__)
router = Router("lessons.actions")
REMINDER_JOB = "lessons.action_reminder"
TEXT_MAX = 500
REMIND_AT = time(9, 0)


def reminder_day(due: date, nation: str = "england") -> date:
    """The working day before ``due`` (Friday for a Monday; the Thursday before Good
    Friday for the Tuesday after Easter Monday)."""
    return working_day_before(due, nation)


def reminder_time(services: Services, due: date) -> datetime:
    zone = ZoneInfo(services.config.default_timezone)
    day = reminder_day(due, services.config.bank_holidays)
    at = datetime.combine(day, REMIND_AT, tzinfo=zone)
    return max(at, services.now())


async def schedule_reminder(services: Services, uow: UnitOfWork, action_id: int,
                            due: date) -> None:
    await uow.jobs.schedule(REMINDER_JOB, str(action_id), reminder_time(services, due),
                            services.now())


def action_lines(actions: list[Action], who: dict, today: date | None = None) -> list[str]:
    return [say.ACTION_LINE.format(id=a.id, text=a.text,
                                   owner=who.get(a.owner_key, say.FORMER_COLLEAGUE),
                                   due=a.due.isoformat(), lesson=a.lesson_id,
                                   late=say.ACTION_LATE if today and a.due < today else "")
            for a in actions]


async def _owner(ctx: Context, uow: UnitOfWork, text: str) -> str | None:
    text = text.strip()
    if text.lower() in ("me", "myself", "@me"):
        return ctx.actor.key
    mention = TYPED_MENTION.fullmatch(text)
    if mention:
        key = f"{ctx.actor.workspace_key}:{mention.group(1)}"
        if not await uow.people.get(key):
            await uow.people.touch(key, mention.group(2) or "", ctx.services.now())
        return key
    people = await uow.people.find_by_name(ctx.actor.workspace_key, text,
                                               first_name=True)
    if len(people) > 1:
        raise ValueError(say.ACTION_OWNER_AMBIGUOUS.format(name=text[:60]))
    if not people:
        raise ValueError(say.ACTION_OWNER_UNKNOWN.format(name=text[:60]))
    return people[0].key


def _due(ctx: Context, text: str) -> date:
    try:
        due = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(say.ACTION_DUE_BAD.format(text=text.strip()[:30])) from None
    if due < ctx.services.clock.today(ctx.services.config.default_timezone):
        raise ValueError(say.ACTION_DUE_PAST.format(due=due.isoformat()))
    return due


async def add(ctx: Context, lesson_id: int, owner_text: str, due_text: str,
              text: str, form: bool = False) -> Reply:
    errors: dict[str, str] = {}
    text = " ".join(text.split())
    if not text:
        errors["text"] = say.ACTION_NEEDS.format(usage=say.ACTION_USAGE)
    elif len(text) > TEXT_MAX:
        errors["text"] = say.ACTION_TEXT_TOO_LONG.format(n=len(text), limit=TEXT_MAX)
    async with ctx.services.uow() as uow:
        lesson = await visible_lesson(ctx, uow, lesson_id)
        if not (may_change(ctx, lesson) or ctx.actor.key in lesson.people):
            raise UserError(say.NOT_YOURS.format(id=lesson_id))
        owner = due = None
        try:
            owner = await _owner(ctx, uow, owner_text)
        except ValueError as problem:
            errors["owner"] = str(problem)
        try:
            due = _due(ctx, due_text)
        except ValueError as problem:
            errors["due"] = str(problem)
        if errors:
            if form:
                raise FormInvalid(errors)
            raise UserError("\n".join(errors.values()), say.ACTION_USAGE)
        action_id = await uow.lessons.add_action(Action(
            id=0, workspace_key=ctx.actor.workspace_key, lesson_id=lesson_id, text=text,
            owner_key=owner, due=due, status="open"), ctx.services.now())
        await schedule_reminder(ctx.services, uow, action_id, due)
        who = await names(uow, [owner])
    ctx.after_commit(lambda: ctx.services.scheduler and ctx.services.scheduler.wake())
    return Reply.say(say.ACTION_ADDED.format(id=action_id, lesson=lesson_id, text=text,
                                             owner=who[owner], due=due.isoformat()))


@router.command("lesson", "action", usage=say.ACTION_USAGE, summary=say.ACTION_SUMMARY)
async def action_command(ctx: Context) -> Reply:
    if ctx.args and not is_number(ctx):
        return await as_lesson(ctx, "action")
    number, _, rest = ctx.text.partition(" ")
    rest = rest.strip()
    mention = TYPED_MENTION.match(rest)
    if mention:
        owner, rest = mention.group(0), rest[mention.end():]
    else:
        owner, _, rest = rest.partition(" ")
    due, _, text = rest.strip().partition(" ")
    if not (number and owner and due):
        raise UserError(say.ACTION_NEEDS.format(usage=say.ACTION_USAGE))
    return await add(ctx, lesson_number(number), owner, due, text)


ACTION_FORM = Form("lessons.action", say.ACTION_FORM_TITLE, (
    FormInput("text", say.ACTION_TEXT, kind="multiline", required=True, max_length=TEXT_MAX),
    FormInput("owner", say.ACTION_OWNER, required=True, max_length=200,
              hint=say.ACTION_OWNER_HINT),
    FormInput("due", say.ACTION_DUE, kind="date", required=True)), submit_label="Add")


@router.action("lessons.action.open")
async def open_form(ctx: Context) -> Reply:
    lesson_id = lesson_number(ctx.value)
    return Reply(open_form=Form(ACTION_FORM.form_id, ACTION_FORM.title, ACTION_FORM.inputs,
                                ACTION_FORM.submit_label, context=str(lesson_id)))


@router.form("lessons.action", definition=ACTION_FORM)
async def action_form(ctx: Context) -> Reply:
    return await add(ctx, lesson_number(ctx.form_context), ctx.values["owner"],
                     ctx.values["due"], ctx.values["text"], form=True)


@router.command("lesson", "actions", usage=say.ACTIONS_USAGE, summary=say.ACTIONS_SUMMARY)
async def list_actions(ctx: Context) -> Reply:
    if ctx.args and not all(w.lower().startswith("team:") for w in ctx.args):
        return await as_lesson(ctx, "actions")
    team = ""
    for word in ctx.args:
        if word.lower().startswith("team:"):
            team = word[5:]
    async with ctx.services.uow(read_only=True) as uow:
        owner = None if ctx.is_librarian else ctx.actor.key
        actions = await uow.lessons.open_actions(ctx.actor.workspace_key, owner_key=owner,
                                                 team=team or None)
        who = await names(uow, [a.owner_key for a in actions])
    if not actions:
        return Reply.say(say.ACTIONS_NONE_ALL if ctx.is_librarian else say.ACTIONS_NONE)
    today = ctx.services.clock.today(ctx.services.config.default_timezone)
    lines = action_lines(actions, who, today)
    return Reply.say(say.ACTIONS_TITLE + "\n" + "\n".join(lines))


async def _changeable(ctx: Context, uow: UnitOfWork) -> Action:
    action = await uow.lessons.action(lesson_number(ctx.value))
    if action is None or action.workspace_key != ctx.actor.workspace_key:
        raise UserError(say.NO_SUCH_ACTION.format(id=ctx.value[:12]))
    if not (ctx.is_librarian or action.owner_key == ctx.actor.key):
        lesson = await uow.lessons.get(action.lesson_id, _owner_viewer(ctx))
        if lesson is None or lesson.author_key != ctx.actor.key:
            raise UserError(say.ACTION_NOT_YOURS)
    return action


def _owner_viewer(ctx: Context):
    from .model import Viewer
    return Viewer(ctx.actor.key, ctx.actor.workspace_key)


@router.action("lessons.action.done")
async def done(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        action = await _changeable(ctx, uow)
        if not await uow.lessons.finish_action(action.id, ctx.services.now()):
            return Reply.say(say.ACTION_ALREADY_DONE.format(id=action.id))
        await uow.jobs.unschedule(REMINDER_JOB, str(action.id))
    return Reply.say(say.ACTION_DONE.format(id=action.id))


@router.action("lessons.action.snooze")
async def snooze(ctx: Context) -> Reply:
    async with ctx.services.uow() as uow:
        action = await _changeable(ctx, uow)
        if action.status != "open":
            return Reply.say(say.ACTION_ALREADY_DONE.format(id=action.id))
        today = ctx.services.clock.today(ctx.services.config.default_timezone)
        due = max(action.due, today) + timedelta(days=7)
        await uow.lessons.move_action(action.id, due)
        await schedule_reminder(ctx.services, uow, action.id, due)
    ctx.after_commit(lambda: ctx.services.scheduler and ctx.services.scheduler.wake())
    return Reply.say(say.ACTION_SNOOZED.format(id=action.id, due=due.isoformat()))


async def remind(services: Services, run: JobRun) -> None:
    """Tell the owner, the working day before, once per due date."""
    async with services.uow() as uow:
        action = await uow.lessons.action(int(run.key)) if run.key.isdigit() else None
        if action is None or action.status != "open" or action.owner_key is None:
            return
        text = say.REMINDER.format(lesson=action.lesson_id, due=action.due.isoformat(),
                                   text=action.text)
        value = str(action.id)
        card = Card(sections=(Section(text),), buttons=(
            Button(say.DONE, "lessons.action.done", value, "primary"),
            Button(say.SNOOZE, "lessons.action.snooze", value)))
        await services.queue(uow, Destination.user(action.owner_key), Message(text, card=card),
                             dedup_key=f"lessons:reminder:{action.id}:{action.due}")
    services.on_queued()
    log.info("reminded the owner of lesson action %s", action.id)


REMINDER = JobKind(REMINDER_JOB, remind, grace=timedelta(days=2))
JOBS = (REMINDER,)
