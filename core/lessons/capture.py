"""Capturing lessons: the one-line ``/lesson <text> #tag [team-only]``, the template forms
(``/lesson``, ``/lesson aar|retro|bar|grid|quick``), editing through the same forms, and the
confirmation with "Add details", "Share" and "Add an action".

Where a lesson is captured decides who sees it (``core.lessons.new``): in a channel, everyone
in the organisation unless it is marked team-only or the channel is private (then the
channel's members and the people involved); in a direct message, only its author until they
press "Share". A lesson is stored (committed) before it is confirmed.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..cards import Button, Message, Reply
from ..errors import FormInvalid, UserError
from ..router import Context, Router
from ..wording import lessons as say
from . import bar, involved, new, templates
from .access import in_channel, lesson_number, may_change, viewer, visible_lesson
from .model import Lesson, TemplateKind, Visibility
from .show import lesson_message, names

router = Router("lessons.capture")

ONE_LINE_MAX = 3000
TITLE_WORDS = 120
_TEAM_ONLY = re.compile(r"(?i)\[?\bteam-only\b\]?")


def _context(ctx: Context, lesson_id: int | None = None) -> str:
    here = in_channel(ctx)
    return templates.Context(ctx.place.id if here else "", lesson_id,
                             ctx.place.private if here else False).encode()


def _where(ctx: Context, opened: templates.Context) -> tuple[str, bool | None]:
    """The channel a form's lesson belongs to and what is known of its privacy: the form's
    own record of where it was opened, and the place it was submitted from."""
    if in_channel(ctx):
        channel = ctx.place.id
        return channel, new.stricter(ctx.place.private,
                                     opened.private if opened.channel == channel else None)
    return opened.channel, opened.private if opened.channel else False


def confirm_buttons(lesson: Lesson) -> tuple[Button, ...]:
    value = str(lesson.id)
    return (Button(say.ADD_DETAILS, "lessons.details", value),
            Button(say.SHARE, "lessons.share", value, style="primary"),
            Button(say.ADD_ACTION, "lessons.action.open", value))


async def confirmation(ctx: Context, uow, lesson: Lesson, new_tags: list[str],
                       note: str) -> Reply:
    who = await names(uow, [lesson.author_key, *lesson.people])
    intro = say.SAVED.format(id=lesson.id, title=lesson.title) + " " + note
    if new_tags:
        intro += say.NEW_TAGS.format(tags=" ".join(f"#{t}" for t in new_tags))
    return Reply(messages=(lesson_message(lesson, who, confirm_buttons(lesson), intro=intro),))


def title_of(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0]
    if len(first) <= TITLE_WORDS:
        return first
    return first[:TITLE_WORDS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


async def store(ctx: Context, lesson: Lesson, *, channel: str = "", choice: str = "",
                private: bool | None = False, people_text: str | None = None,
                mentioned_in: str = "") -> Reply:
    """Store a new lesson and confirm it (a Before Action Review answers with lessons).
    ``people_text``: the form's "People involved", read here (an unknown name keeps the
    form open with the message)."""
    async with ctx.services.uow() as uow:
        if people_text is not None:
            try:
                people = await involved.read(uow, lesson.workspace_key, people_text,
                                             ctx.services.now())
            except ValueError as problem:
                raise FormInvalid({"people": str(problem)}) from None
            lesson = replace(lesson, people=people)
        if mentioned_in:
            await involved.remember_mentioned(uow, mentioned_in, lesson.workspace_key,
                                              ctx.services.now())
        stored, note = await new.add(uow, lesson, channel=channel, choice=choice,
                                     private=private)
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
        return await confirmation(ctx, uow, stored, new_tags, note)


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
    # people mentioned are the people involved (kept as keys; their names are not stored
    # in the text, so forgetting someone reaches the lesson)
    people = involved.mentioned(ctx.actor.workspace_key, body)
    body = involved.without_mentions(body)
    if not body:
        raise UserError(say.CAPTURE_EMPTY.format(usage=say.CAPTURE_USAGE))
    now = ctx.services.now()
    here = in_channel(ctx)
    return await store(ctx, Lesson(
        workspace_key=ctx.actor.workspace_key, title=title_of(body), kind=TemplateKind.QUICK,
        answers=((say.QUESTIONS["quick"][0], body),), tags=tuple(tags),
        author_key=ctx.actor.key, people=people, created_at=now, updated_at=now),
        channel=ctx.place.id if here else "", choice="team" if team_only else "",
        private=ctx.place.private if here else False, mentioned_in=text)


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
    router.form(f"lessons.{_kind}", definition=templates.definition(_kind))(_submit(_kind))


async def save(ctx: Context, kind: str) -> Reply:
    values = ctx.values
    opened = templates.Context.decode(ctx.form_context)
    if opened.lesson_id is not None:
        return await edit(ctx, opened.lesson_id, kind, values)
    answers = templates.answers_of(kind, values)         # raises FormInvalid: nothing stored
    tags = tuple(templates.parse_tags(values.get("tags", "")))
    channel, private = _where(ctx, opened)
    now = ctx.services.now()
    return await store(ctx, Lesson(
        workspace_key=ctx.actor.workspace_key, title=values["title"], kind=TemplateKind(kind),
        answers=answers, team=values.get("team", ""), project=values.get("project", ""),
        tags=tags, author_key=ctx.actor.key, created_at=now, updated_at=now),
        channel=channel, choice=values.get("visibility", ""), private=private,
        people_text=values.get("people", ""))


async def edit(ctx: Context, lesson_id: int, kind: str, values) -> Reply:
    async with ctx.services.uow() as uow:
        before = await visible_lesson(ctx, uow, lesson_id)
        if not may_change(ctx, before):
            raise UserError(say.NOT_YOURS.format(id=lesson_id))
        answers = templates.answers_of(kind, values, before)   # FormInvalid: nothing stored
        tags = tuple(templates.parse_tags(values.get("tags", "")))
        who = await names(uow, before.people)
        try:
            people = await involved.read(
                uow, before.workspace_key, values.get("people", ""), ctx.services.now(),
                kept=[(who.get(k, say.FORMER_COLLEAGUE), k) for k in before.people])
        except ValueError as problem:
            raise FormInvalid({"people": str(problem)}) from None
        visibility = before.visibility
        if before.audience and visibility is not Visibility.PRIVATE:
            private = await uow.lessons.channel_private(before.workspace_key, before.audience)
            visibility = Visibility.TEAM if values.get("visibility") == "team" or private \
                else Visibility.ORGANISATION
        after = await uow.lessons.update(replace(
            before, title=values["title"], kind=TemplateKind(kind), answers=answers,
            team=values.get("team", ""), project=values.get("project", ""), tags=tags,
            people=people, visibility=visibility), ctx.actor.key, ctx.services.now())
        if after is None:
            raise UserError(say.NO_SUCH_LESSON.format(id=lesson_id))
    return Reply.say(say.EDITED.format(id=after.id, version=after.version))


# -- the confirmation's buttons and editing ----------------------------------------------------
async def open_edit(ctx: Context, lesson_id: int) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        lesson = await visible_lesson(ctx, uow, lesson_id)
        if not may_change(ctx, lesson):
            raise UserError(say.NOT_YOURS.format(id=lesson_id))
        who = await names(uow, lesson.people)
        private = (await uow.lessons.channel_private(lesson.workspace_key, lesson.audience)
                   if lesson.audience else False)
    kind = lesson.kind.value
    return Reply(open_form=templates.filled(
        kind, templates.values_of(lesson, involved.as_text(lesson.people, who)),
        templates.Context(lesson.audience or "", lesson.id, private).encode(),
        title=say.EDIT_TITLE.format(id=lesson.id), editing=True))


@router.action("lessons.details")
async def details(ctx: Context) -> Reply:
    return await open_edit(ctx, lesson_number(ctx.value))


@router.command("lesson", "edit", usage=say.EDIT_USAGE, summary=say.EDIT_SUMMARY)
async def edit_command(ctx: Context) -> Reply:
    if ctx.args and not is_number(ctx):
        return await as_lesson(ctx, "edit")
    return await open_edit(ctx, lesson_number(ctx.args[0] if ctx.args else ""))
