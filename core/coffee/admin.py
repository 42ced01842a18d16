"""What librarians type: create and edit programmes, run a round now, and see the figures."""
from __future__ import annotations

from datetime import timedelta

from ..cards import Button, Card, Choice, Field, Form, FormInput, Reply, Section
from ..errors import FormInvalid, UserError
from ..wording import count
from ..router import Context
from ..vocabulary import PlaceKind
from ..wording import coffee as say
from .members import router, when_next, workspace_programmes
from .model import WEEKDAYS, Cadence, Programme, ProgrammeSettings
from .programmes import (default_settings, describe, find_programme, read_settings,
                         split_pairs)
from .rounds import RoundRunner
from .schedule import schedule_rounds
from .stats import programme_stats


RECENT_ROUND = timedelta(minutes=15)   # a second run-now within this asks to confirm


def _here(ctx: Context) -> str | None:
    return ctx.place.id if ctx.place.kind in (PlaceKind.CHANNEL, PlaceKind.THREAD) else None


def programme_form(settings: ProgrammeSettings | None, programme_id: int | None = None) -> Form:
    s = settings or default_settings("Europe/London")
    return Form(
        form_id="coffee.programme", title=say.PROGRAMME_FORM_TITLE, submit_label=say.SAVE,
        context=str(programme_id or ""),
        inputs=(
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
        ))


async def _save(ctx: Context, values: dict[str, str], programme: Programme | None) -> Programme:
    """Create (``programme`` None) or update; raises FormInvalid listing every problem."""
    base = programme.settings if programme else default_settings(
        ctx.services.config.default_timezone)
    settings, errors = read_settings(values, base, _here(ctx))
    if programme is None and "name" not in values:
        errors["name"] = say.NAME_NEEDED
    if errors:
        raise FormInvalid(errors)
    async with ctx.services.uow() as uow:
        if programme is None:
            await workspace_programmes(ctx, uow)   # a workspace starts with its default
            saved = await uow.coffee.add_programme(ctx.actor.workspace_key, settings,
                                                   ctx.services.now())
            if saved is None:
                raise FormInvalid({"name": say.NAME_TAKEN.format(slug=settings.slug)})
        else:
            others = [p for p in await uow.coffee.programmes(ctx.actor.workspace_key)
                      if p.id != programme.id and p.slug == settings.slug]
            if others:
                raise FormInvalid({"name": say.NAME_TAKEN.format(slug=settings.slug)})
            await uow.coffee.update_programme(programme.id, settings)
            saved = await uow.coffee.programme(programme.id)
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


@router.form("coffee.programme", librarian=True)
async def programme_submitted(ctx: Context) -> Reply:
    programme = None
    if ctx.form_context:
        async with ctx.services.uow() as uow:
            programme = await uow.coffee.programme(int(ctx.form_context))
        if programme is None or programme.workspace_key != ctx.actor.workspace_key:
            raise UserError(say.PROGRAMME_GONE)
    values = {k: v for k, v in ctx.values.items() if v is not None}
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
