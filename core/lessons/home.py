"""Lessons on a person's home card (Slack's Home tab, the Teams welcome card): their open
actions, and buttons to capture a lesson, search the log and list their actions."""
from __future__ import annotations

from ..cards import Button, Form, FormInput, Reply, Section
from ..router import Context, Router
from ..wording import lessons as say
from . import templates
from .actions import list_actions
from .search import results

router = Router("lessons.home")
SEARCH_FORM = Form("lessons.search", say.HOME_SEARCH_TITLE, (
    FormInput("query", say.HOME_SEARCH_LABEL, required=True, max_length=500,
              hint=say.HOME_SEARCH_HINT),), submit_label=say.HOME_SEARCH_SUBMIT)


async def home_section(ctx: Context) -> tuple[list[Section], list[Button]]:
    today = ctx.services.clock.today(ctx.services.config.default_timezone)
    async with ctx.services.uow(read_only=True) as uow:
        mine = await uow.lessons.open_actions(ctx.actor.workspace_key,
                                              owner_key=ctx.actor.key)
    overdue = sum(1 for a in mine if a.due < today)
    if not mine:
        line = say.HOME_NO_ACTIONS
    else:
        line = say.HOME_ACTIONS.format(n=len(mine), s="" if len(mine) == 1 else "s",
                                       late=say.HOME_OVERDUE.format(n=overdue) if overdue
                                       else "")
    buttons = [Button(say.HOME_CAPTURE, "lessons.home.capture", "", "primary"),
               Button(say.HOME_SEARCH, "lessons.home.search", "")]
    if mine:
        buttons.append(Button(say.HOME_MY_ACTIONS, "lessons.home.actions", ""))
    return [Section(say.HOME_INTRO + " " + line)], buttons


@router.action("lessons.home.capture")
async def capture(ctx: Context) -> Reply:
    """The template choice, as ``/lesson`` with no text (from the home card: a direct
    message, so the lesson is private to its author until they share it)."""
    return Reply(open_form=templates.choose_form(templates.Context().encode()))


@router.action("lessons.home.search")
async def search_form(ctx: Context) -> Reply:
    return Reply(open_form=SEARCH_FORM)


@router.form("lessons.search", definition=SEARCH_FORM)
async def searched(ctx: Context) -> Reply:
    return await results(ctx, ctx.values["query"], 1)


@router.action("lessons.home.actions")
async def my_actions(ctx: Context) -> Reply:
    ctx.args, ctx.text = [], ""
    return await list_actions(ctx)
