"""What librarians type: create and edit programmes, run a round now, and see the figures."""
from __future__ import annotations

import json
from dataclasses import fields
from datetime import timedelta

from ..cards import Button, Card, Choice, Field, Form, FormInput, Reply, Section
from ..errors import FormInvalid, UserError
from ..numbers import record_id
from ..wording import count
from ..router import Context, Router
from ..vocabulary import PlaceKind
from ..wording import coffee as say
from .members import when_next, workspace_programmes
from .model import WEEKDAYS, Cadence, Programme, ProgrammeSettings
from .programmes import (default_settings, describe, find_programme, read_settings,
                         split_pairs)
from .rounds import RoundRunner
from .schedule import schedule_rounds
from .stats import programme_stats

router = Router("coffee.admin")


RECENT_ROUND = timedelta(minutes=15)   # a second run-now within this asks to confirm


def _here(ctx: Context) -> str | None:
    return ctx.place.id if ctx.place.kind in (PlaceKind.CHANNEL, PlaceKind.THREAD) else None


def programme_form(settings: ProgrammeSettings | None, programme_id: int | None = None) -> Form:
    s = settings or default_settings("Europe/London")
    inputs = (
        FormInput("name", say.LABEL_NAME, required=True,
                  initial=s.name if settings else "", max_length=60),
        FormInput("every", say.LABEL_EVERY, "select", True,
                  tuple(Choice(c.value, c.value.capitalize()) for c in Cadence), s.cadence.value),
        FormInput("day", say.LABEL_DAY, "select", True,
                  tuple(Choice(d, d.capitalize()) for d in WEEKDAYS), WEEKDAYS[s.weekday]),
        FormInput("time", say.LABEL_TIME, required=True, initial=s.time, placeholder="10:00"),
        FormInput("tz", say.LABEL_TZ, required=True, initial=s.timezone),
        FormInput("size", say.LABEL_SIZE, "select", True,
                  (Choice("2", say.SIZE_PAIRS), Choice("3", say.SIZE_THREES))
                  + tuple(Choice(str(n), say.SIZE_TABLES.format(n=n)) for n in (4, 5, 6)),
                  str(s.group_size)),
        FormInput("theme", say.LABEL_THEME, "multiline", initial=s.theme, max_length=300),
        FormInput("cross", say.LABEL_CROSS, "select", True,
                  (Choice("no", say.NO), Choice("yes", say.YES)),
                  "yes" if s.cross_department else "no"),
    )
    # An edit form remembers what it showed, so on submit only what the librarian changed is
    # written (another librarian's change made meanwhile to another setting is kept).
    context = (json.dumps({"id": programme_id, "shown": {i.name: i.initial for i in inputs}})
               if programme_id else "")
    return Form(form_id="coffee.programme", title=say.PROGRAMME_FORM_TITLE,
                submit_label=say.SAVE, context=context, inputs=inputs)


def _form_context(context: str) -> tuple[int | None, dict[str, str]]:
    """The programme id and the values an edit form showed (a bare id from older forms)."""
    if context.strip().isdigit():
        programme_id = record_id(context)
        if programme_id is None:
            raise UserError(say.PROGRAMME_GONE)
        return programme_id, {}
    try:
        data = json.loads(context) if context else {}
        shown = data.get("shown") or {}
        programme_id = record_id(str(data["id"])) if data.get("id") else None
        if data.get("id") and programme_id is None:
            raise UserError(say.PROGRAMME_GONE)
        return programme_id, {
            str(k): str(v) for k, v in shown.items()}
    except (ValueError, TypeError, AttributeError, KeyError):
        raise UserError(say.PROGRAMME_GONE) from None


def _changes(new: ProgrammeSettings, old: ProgrammeSettings) -> dict:
    return {f.name: getattr(new, f.name) for f in fields(ProgrammeSettings)
            if getattr(new, f.name) != getattr(old, f.name)}


async def _save(ctx: Context, values: dict[str, str], programme: Programme | None) -> Programme:
    """Create (``programme`` None) or update; raises FormInvalid listing every problem.

    An update reads the programme afresh and writes only the settings ``values`` change, in
    one transaction, so two librarians editing at once don't overwrite each other."""
    if programme is None and "name" not in values:
        _, errors = read_settings(values, default_settings(ctx.services.config.default_timezone),
                                  _here(ctx))
        raise FormInvalid({**errors, "name": say.NAME_NEEDED})
    async with ctx.services.uow() as uow:
        current = await uow.coffee.programme(programme.id) if programme else None
        if programme is not None and current is None:
            raise UserError(say.PROGRAMME_GONE)
        base = current.settings if current else default_settings(
            ctx.services.config.default_timezone)
        settings, errors = read_settings(values, base, _here(ctx))
        if errors:
            raise FormInvalid(errors)
        if current is None:
            await workspace_programmes(ctx, uow)   # a workspace starts with its default
            saved = await uow.coffee.add_programme(ctx.actor.workspace_key, settings,
                                                   ctx.services.now())
            if saved is None:
                raise FormInvalid({"name": say.NAME_TAKEN.format(slug=settings.slug)})
        else:
            others = [p for p in await uow.coffee.programmes(ctx.actor.workspace_key)
                      if p.id != current.id and p.slug == settings.slug]
            if others:
                raise FormInvalid({"name": say.NAME_TAKEN.format(slug=settings.slug)})
            await uow.coffee.update_programme(current.id, _changes(settings, current.settings))
            saved = await uow.coffee.programme(current.id)
        # in the same transaction: "First round on ..." is only said of a scheduled round
        await schedule_rounds(uow, saved, ctx.services.now())
    return saved


def _as_user_error(invalid: FormInvalid, usage: str) -> UserError:
    return UserError(" ".join(invalid.errors.values()), usage)


def _saved_reply(ctx: Context, template: str, programme: Programme) -> Reply:
    return Reply.say(template.format(name=programme.name, slug=programme.slug,
                                     how=describe(programme.settings),
                                     when=when_next(ctx, programme)))


@router.command("coffee", "create", usage=say.CREATE_USAGE, summary=say.CREATE_SUMMARY,
                librarian=True)
async def create(ctx: Context) -> Reply:
    if not ctx.args:
        return Reply(messages=Reply.say(say.CREATE_FORM_OPENED).messages,
                     open_form=programme_form(None))
    words = ctx.args
    values = {"name": words[0], **split_pairs(words[1:])} if "=" not in words[0] else split_pairs(words)
    try:
        programme = await _save(ctx, values, None)
    except FormInvalid as invalid:
        raise _as_user_error(invalid, say.CREATE_USAGE) from None
    return _saved_reply(ctx, say.CREATED, programme)


@router.command("coffee", "edit", usage=say.EDIT_USAGE, summary=say.EDIT_SUMMARY, librarian=True)
async def edit(ctx: Context) -> Reply:
    if not ctx.args:
        raise UserError(say.EDIT_WHICH, say.EDIT_USAGE)
    async with ctx.services.uow() as uow:
        programme = find_programme(await workspace_programmes(ctx, uow), ctx.args[0])
    if len(ctx.args) == 1:
        return Reply(messages=Reply.say(say.EDIT_FORM_OPENED.format(name=programme.name)).messages,
                     open_form=programme_form(programme.settings, programme.id))
    try:
        saved = await _save(ctx, split_pairs(ctx.args[1:]), programme)
    except FormInvalid as invalid:
        raise _as_user_error(invalid, say.EDIT_USAGE) from None
    return _saved_reply(ctx, say.EDITED, saved)


@router.form("coffee.programme", definition=lambda: programme_form(None), librarian=True)
async def programme_submitted(ctx: Context) -> Reply:
    programme = None
    programme_id, shown = _form_context(ctx.form_context)
    if programme_id:
        async with ctx.services.uow() as uow:
            programme = await uow.coffee.programme(programme_id)
        if programme is None or programme.workspace_key != ctx.actor.workspace_key:
            raise UserError(say.PROGRAMME_GONE)
    values = {k: v for k, v in ctx.values.items()
              if v is not None and (k not in shown or shown[k] != v)}
    saved = await _save(ctx, values, programme)
    return _saved_reply(ctx, say.EDITED if programme else say.CREATED, saved)


async def _chosen(ctx: Context) -> Programme:
    async with ctx.services.uow() as uow:
        programmes = await workspace_programmes(ctx, uow)
    if ctx.args:
        return find_programme(programmes, " ".join(ctx.args))
    if len(programmes) == 1:
        return programmes[0]
    raise UserError(say.WHICH_PROGRAMME.format(usage=say.RUN_NOW_USAGE,
                                               names=", ".join(p.slug for p in programmes)))


@router.command("coffee", "run-now", usage=say.RUN_NOW_USAGE, summary=say.RUN_NOW_SUMMARY,
                librarian=True)
async def run_now(ctx: Context) -> Reply:
    programme = await _chosen(ctx)
    runner = RoundRunner(ctx.services)
    last = await runner.last_round(programme)
    if last is not None:
        ago = ctx.services.now() - last.started_at
        if ago < RECENT_ROUND:
            minutes = max(1, round(ago.total_seconds() / 60))
            text = say.RUN_NOW_RECENT.format(name=programme.name,
                                             ago=count(minutes, "minute"))
            return Reply.say(text, Card(title=say.RUN_NOW_RECENT_TITLE, sections=(Section(text),),
                                        buttons=(Button(say.BUTTON_RUN_ANOTHER, "coffee.run_now",
                                                        str(programme.id), "primary"),)))
    return await _run(ctx, runner, programme)


@router.action("coffee.run_now", librarian=True)
async def run_now_confirmed(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        programme = await uow.coffee.programme(int(ctx.value or 0))
    if programme is None or programme.workspace_key != ctx.actor.workspace_key:
        raise UserError(say.PROGRAMME_GONE)
    return await _run(ctx, RoundRunner(ctx.services), programme)


async def _run(ctx: Context, runner: RoundRunner, programme: Programme) -> Reply:
    result = await runner.run_now(programme)
    if not result.claimed:
        return Reply.say(say.RUN_NOW_BUSY.format(name=programme.name))
    if result.groups == 0:
        return Reply.say(say.RUN_NOW_TOO_FEW.format(name=programme.name, n=result.people))
    return Reply.say(say.RUN_NOW_DONE.format(name=programme.name,
                                             people=count(result.people, "person", "people"),
                                             groups=count(result.groups, "group")))


@router.command("coffee", "stats", usage=say.STATS_USAGE, summary=say.STATS_SUMMARY,
                librarian=True)
async def stats(ctx: Context) -> Reply:
    programme = await _chosen(ctx)
    async with ctx.services.uow() as uow:
        figures = await programme_stats(uow, programme)
    summary = say.STATS_TEXT.format(name=programme.name, **figures.summary())
    fields = tuple(Field(label, value) for label, value in figures.fields())
    rows = tuple(Section(line) for line in figures.round_lines()[-10:])
    card = Card(title=say.STATS_TITLE.format(name=programme.name),
                sections=(Section(fields=fields),) + rows)
    return Reply.say(summary + ("\n" + "\n".join(figures.round_lines()[-10:])
                                if figures.rounds else ""), card)
