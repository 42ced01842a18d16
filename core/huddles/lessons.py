""""Save as a lesson": the thank-you for an answer carries a button that turns the person's
answers to that day's huddle into a quick lesson, through the lessons feature's own capture
(``core.lessons.capture.store``), when that feature is switched on.

Only your own answers are saved (pressing the button saves the presser's answers to that day),
with you as the author. A huddle is the team's conversation, so the lesson is team-only: seen
by the channel's members, the people involved and librarians; its confirmation offers "Share"
to open it to everyone.
"""
from __future__ import annotations

from ..cards import Button, Reply
from ..errors import UserError
from ..router import Context, Router
from ..wording import huddles as say

router = Router("huddles.lessons")
ACTION = "huddles.lesson"
TAG = "huddle"


def lessons_on(ctx: Context) -> bool:
    return any(feature.name == "lessons" for feature in ctx.services.features)


def save_button(ctx: Context, session_id: int) -> tuple[Button, ...]:
    return (Button(say.SAVE_AS_LESSON, ACTION, str(session_id)),) if lessons_on(ctx) else ()


@router.action(ACTION)
async def save_as_lesson(ctx: Context) -> Reply:
    if not lessons_on(ctx):
        raise UserError(say.LESSONS_OFF)
    from ..lessons.capture import store, title_of
    from ..lessons.model import Lesson, TemplateKind, Visibility
    async with ctx.services.uow(read_only=True) as uow:
        session = await uow.huddles.session(int(ctx.value)) if ctx.value.isdigit() else None
        huddle = await uow.huddles.get(session.huddle_id) if session else None
        mine = ([a for a in await uow.huddles.answers([session.id])
                 if a.person_key == ctx.actor.key] if session else [])
    if session is None or huddle is None:
        raise UserError(say.SESSION_GONE)
    if not mine:
        raise UserError(say.NO_ANSWER_TO_SAVE.format(name=huddle.name))
    day = f"{session.day:%A} {session.day.day} {session.day:%B}"
    answers = tuple((session.questions[a.question] if 0 <= a.question < len(session.questions)
                     else say.OTHER_COMMENTS, a.text) for a in mine)
    now = ctx.services.now()
    return await store(ctx, Lesson(
        workspace_key=ctx.actor.workspace_key, title=title_of(mine[0].text),
        kind=TemplateKind.QUICK, answers=answers, team=say.LESSON_TEAM.format(
            name=huddle.name, day=day)[:200], tags=(TAG,), author_key=ctx.actor.key,
        visibility=Visibility.TEAM, audience=huddle.channel_id, created_at=now,
        updated_at=now), channel=huddle.channel_id, choice="team", private=None)
