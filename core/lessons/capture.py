"""Capturing lessons: the one-line ``/lesson <text> #tag [team-only]``, the template forms
(``/lesson``, ``/lesson aar|retro|bar|grid|quick``), editing through the same forms, and the
confirmation with "Add details", "Share" and "Add an action".

Where a lesson is captured decides who sees it: in a channel, everyone in the organisation
unless it is marked team-only (then the channel's members); in a direct message, only its
author until they press "Share". A lesson is stored (committed) before it is confirmed.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..cards import Button, Message, Reply
from ..errors import UserError
from ..mentions import TYPED_MENTION
from ..router import Context, Router
from ..wording import lessons as say
from . import bar, templates
from .access import in_channel, lesson_number, may_change, viewer, visible_lesson
from .model import Lesson, TemplateKind, Visibility
from .show import lesson_message, names

router = Router("lessons.capture")

ONE_LINE_MAX = 3000
TITLE_WORDS = 120
_TEAM_ONLY = re.compile(r"(?i)\[?\bteam-only\b\]?")


def _context(ctx: Context, lesson_id: int | None = None) -> str:
    return templates.Context(ctx.place.id if in_channel(ctx) else "", lesson_id).encode()


def confirm_buttons(lesson: Lesson) -> tuple[Button, ...]:
    value = str(lesson.id)
    return (Button(say.ADD_DETAILS, "lessons.details", value),
            Button(say.SHARE, "lessons.share", value, style="primary"),
            Button(say.ADD_ACTION, "lessons.action.open", value))


def _where_note(lesson: Lesson) -> str:
    return {Visibility.PRIVATE: say.SAVED_PRIVATE, Visibility.TEAM: say.SAVED_TEAM}.get(
        lesson.visibility, say.SAVED_ORGANISATION)


async def confirmation(ctx: Context, uow, lesson: Lesson, new_tags: list[str]) -> Reply:
    who = await names(uow, [lesson.author_key, *lesson.people])
    intro = say.SAVED.format(id=lesson.id, title=lesson.title) + " " + _where_note(lesson)
    if new_tags:
        intro += say.NEW_TAGS.format(tags=" ".join(f"#{t}" for t in new_tags))
    return Reply(messages=(lesson_message(lesson, who, confirm_buttons(lesson), intro=intro),))


def title_of(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0]
    if len(first) <= TITLE_WORDS:
        return first
    return first[:TITLE_WORDS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def visibility_for(ctx_channel: str, choice: str) -> tuple[Visibility, str | None]:
    if not ctx_channel:
        return Visibility.PRIVATE, None
    return (Visibility.TEAM if choice == "team" else Visibility.ORGANISATION), ctx_channel


async def store(ctx: Context, lesson: Lesson) -> Reply:
    """Store a new lesson and confirm it (a Before Action Review answers with lessons)."""
    async with ctx.services.uow() as uow:
        stored = await uow.lessons.add(lesson)
        known = set(await uow.lessons.categories(lesson.workspace_key))
        new_tags = [t for t in stored.tags if known and t not in known]
        if stored.kind is TemplateKind.BAR:
            from .search import useful_buttons
            found = await bar.suggestions(uow, stored, await viewer(ctx, uow))
            who = await names(uow, [stored.author_key, *(l.author_key for l in found)])
            if not found:
                return Reply.say(say.BAR_NONE.format(title=stored.title, id=stored.id))
            intro = say.BAR_SAVED.format(id=stored.id) + " " + say.BAR_INTRO.format(
                title=stored.title)
            return Reply(messages=(Message(intro, private=True),) + tuple(
                lesson_message(l, who, useful_buttons(l, "bar")) for l in found))
        return await confirmation(ctx, uow, stored, new_tags)


# -- the one-liner -----------------------------------------------------------------------------
@router.command("lesson", "*", usage=say.CAPTURE_USAGE, summary=say.CAPTURE_SUMMARY,
                hidden=True)
async def one_line(ctx: Context) -> Reply:
    text = ctx.text
    if len(text) > ONE_LINE_MAX:
        raise UserError(say.TOO_LONG.format(n=len(text), limit=ONE_LINE_MAX))
    team_only = bool(_TEAM_ONLY.search(text))
    text = _TEAM_ONLY.sub(" ", text)
    tag_words = re.findall(r"(?<![\w#])#[^\s#]+", text)
    try:
        tags = templates.parse_tags(" ".join(tag_words))
    except ValueError as problem:
        raise UserError(str(problem), say.CAPTURE_USAGE) from None
    body = " ".join(re.sub(r"(?<![\w#])#[^\s#]+", " ", text).split())
    if not body:
        raise UserError(say.CAPTURE_EMPTY.format(usage=say.CAPTURE_USAGE))
    visibility, audience = visibility_for(ctx.place.id if in_channel(ctx) else "",
                                          "team" if team_only else "organisation")
    # people mentioned are the people involved (a team-only lesson is theirs to see too)
    people = tuple(dict.fromkeys(f"{ctx.actor.workspace_key}:{m.group(1)}"
                                 for m in TYPED_MENTION.finditer(body)))
    now = ctx.services.now()
    return await store(ctx, Lesson(
        workspace_key=ctx.actor.workspace_key, title=title_of(body), kind=TemplateKind.QUICK,
        answers=((say.QUESTIONS["quick"][0], body),), tags=tuple(tags),
        author_key=ctx.actor.key, people=people, visibility=visibility, audience=audience,
        created_at=now, updated_at=now))


async def as_lesson(ctx: Context, word: str) -> Reply:
    """``/lesson Review meetings need an agenda``: text that starts with a subcommand's name
    but does not fit it is a lesson."""
    ctx.text = f"{word.capitalize()} {ctx.text}".strip()
    return await one_line(ctx)


def is_number(ctx: Context) -> bool:
    return bool(ctx.args) and ctx.args[0].lstrip("#").isdigit()


# -- the forms ---------------------------------------------------------------------------------
@router.command("lesson", "", usage="/lesson", summary=say.CAPTURE_SUMMARY)
async def choose(ctx: Context) -> Reply:
    return Reply(open_form=templates.choose_form(_context(ctx)))


@router.form("lessons.choose", definition=templates.choose_form)
async def chosen(ctx: Context) -> Reply:
    return Reply(open_form=templates.filled(ctx.values["template"], {}, ctx.form_context))


def _open(kind: str):
    async def open_template(ctx: Context) -> Reply:
        if ctx.text and kind == "quick":            # /lesson quick <text>: the one-liner
            return await one_line(ctx)
        title = " ".join(ctx.text.split())[:templates.TITLE_MAX]   # /lesson aar <title>
        return Reply(open_form=templates.filled(kind, {"title": title} if title else {},
                                                _context(ctx)))
    return open_template


def _submit(kind: str):
    async def submit(ctx: Context) -> Reply:
        return await save(ctx, kind)
    return submit


for _kind in templates.KINDS:
    router.command("lesson", _kind, usage=say.TEMPLATE_USAGE.format(kind=_kind),
                   summary=say.TEMPLATE_SUMMARY[_kind])(_open(_kind))
    router.form(f"lessons.{_kind}", definition=templates.form(_kind))(_submit(_kind))


async def save(ctx: Context, kind: str) -> Reply:
    values = ctx.values
    answers = templates.answers_of(kind, values)         # raises FormInvalid: nothing stored
    tags = tuple(templates.parse_tags(values.get("tags", "")))
    form = templates.Context.decode(ctx.form_context)
    if form.lesson_id is not None:
        return await edit(ctx, form.lesson_id, kind, values, answers, tags)
    channel = ctx.place.id if in_channel(ctx) else form.channel
    visibility, audience = visibility_for(channel, values.get("visibility", ""))
    now = ctx.services.now()
    return await store(ctx, Lesson(
        workspace_key=ctx.actor.workspace_key, title=values["title"], kind=TemplateKind(kind),
        answers=answers, team=values.get("team", ""), project=values.get("project", ""),
        tags=tags, author_key=ctx.actor.key, visibility=visibility, audience=audience,
        created_at=now, updated_at=now))


async def edit(ctx: Context, lesson_id: int, kind: str, values, answers, tags) -> Reply:
    async with ctx.services.uow() as uow:
        before = await visible_lesson(ctx, uow, lesson_id)
        if not may_change(ctx, before):
            raise UserError(say.NOT_YOURS.format(id=lesson_id))
        visibility = before.visibility
        if before.audience and visibility is not Visibility.PRIVATE:
            visibility = Visibility.TEAM if values.get("visibility") == "team" \
                else Visibility.ORGANISATION
        after = await uow.lessons.update(replace(
            before, title=values["title"], kind=TemplateKind(kind), answers=answers,
            team=values.get("team", ""), project=values.get("project", ""), tags=tags,
            visibility=visibility), ctx.actor.key, ctx.services.now())
        if after is None:
            raise UserError(say.NO_SUCH_LESSON.format(id=lesson_id))
    return Reply.say(say.EDITED.format(id=after.id, version=after.version))


# -- the confirmation's buttons and editing ----------------------------------------------------
async def open_edit(ctx: Context, lesson_id: int) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        lesson = await visible_lesson(ctx, uow, lesson_id)
    if not may_change(ctx, lesson):
        raise UserError(say.NOT_YOURS.format(id=lesson_id))
    kind = lesson.kind.value
    return Reply(open_form=templates.filled(
        kind, templates.values_of(lesson), templates.Context("", lesson.id).encode(),
        title=say.EDIT_TITLE.format(id=lesson.id)))


@router.action("lessons.details")
async def details(ctx: Context) -> Reply:
    return await open_edit(ctx, lesson_number(ctx.value))


@router.command("lesson", "edit", usage=say.EDIT_USAGE, summary=say.EDIT_SUMMARY)
async def edit_command(ctx: Context) -> Reply:
    if ctx.args and not is_number(ctx):
        return await as_lesson(ctx, "edit")
    return await open_edit(ctx, lesson_number(ctx.args[0] if ctx.args else ""))
