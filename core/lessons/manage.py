"""One lesson at a time: show it, its history of edits, and delete it (its author or a
librarian; deleting asks first)."""
from __future__ import annotations

from ..cards import Button, Card, Reply, Section
from ..errors import UserError
from ..router import Context, Router
from ..wording import lessons as say
from .access import lesson_number, may_change, visible_lesson
from .capture import as_lesson, is_number
from .search import useful_buttons
from .show import lesson_message, names

router = Router("lessons.manage")


def _number(ctx: Context) -> int:
    return lesson_number(ctx.args[0] if ctx.args else "")


@router.command("lesson", "show", usage=say.SHOW_USAGE, summary=say.SHOW_SUMMARY)
async def show(ctx: Context) -> Reply:
    if ctx.args and not is_number(ctx):
        return await as_lesson(ctx, "show")
    async with ctx.services.uow(read_only=True) as uow:
        lesson = await visible_lesson(ctx, uow, _number(ctx))
        who = await names(uow, [lesson.author_key, *lesson.people])
    buttons = useful_buttons(lesson, "search")
    if may_change(ctx, lesson):
        buttons += (Button(say.EDIT, "lessons.details", str(lesson.id)),
                    Button(say.DELETE, "lessons.delete", str(lesson.id), style="danger"))
    return Reply(messages=(lesson_message(lesson, who, buttons),))


@router.command("lesson", "history", usage=say.HISTORY_USAGE, summary=say.HISTORY_SUMMARY)
async def history(ctx: Context) -> Reply:
    if ctx.args and not is_number(ctx):
        return await as_lesson(ctx, "history")
    async with ctx.services.uow(read_only=True) as uow:
        lesson = await visible_lesson(ctx, uow, _number(ctx))
        revisions = await uow.lessons.history(lesson.id)
        who = await names(uow, [r.edited_by for r in revisions])
    if not revisions:
        return Reply.say(say.NO_HISTORY.format(id=lesson.id))
    lines = [say.HISTORY_LINE.format(version=r.version, when=r.edited_at.strftime("%d %b %Y"),
                                     who=who.get(r.edited_by, say.FORMER_COLLEAGUE),
                                     title=r.before.title) for r in revisions]
    return Reply.say("\n".join(lines))


async def _ask_delete(ctx: Context, lesson_id: int) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        lesson = await visible_lesson(ctx, uow, lesson_id)
    if not may_change(ctx, lesson):
        raise UserError(say.NOT_YOURS.format(id=lesson_id))
    question = say.DELETE_CONFIRM.format(id=lesson.id, title=lesson.title)
    return Reply.say(question, Card(sections=(Section(question),), buttons=(
        Button(say.DELETE_YES, "lessons.delete.yes", str(lesson.id), style="danger"),)))


@router.command("lesson", "delete", usage=say.DELETE_USAGE, summary=say.DELETE_SUMMARY)
async def delete_command(ctx: Context) -> Reply:
    if ctx.args and not is_number(ctx):
        return await as_lesson(ctx, "delete")
    return await _ask_delete(ctx, _number(ctx))


@router.action("lessons.delete")
async def delete_button(ctx: Context) -> Reply:
    return await _ask_delete(ctx, lesson_number(ctx.value))


@router.action("lessons.delete.yes")
async def delete_yes(ctx: Context) -> Reply:
    lesson_id = lesson_number(ctx.value)
    async with ctx.services.uow() as uow:
        lesson = await visible_lesson(ctx, uow, lesson_id)
        if not may_change(ctx, lesson):
            raise UserError(say.NOT_YOURS.format(id=lesson_id))
        await uow.lessons.delete(lesson_id)
    return Reply.say(say.DELETED.format(id=lesson_id))
