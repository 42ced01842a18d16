"""Answers: replies in the prompt's thread (Slack, Teams, the console's ``thread N``) and the
Answer button's form (every channel). Each is stored with the huddle, the day and the
question; after close it is still taken, marked late. The person gets a short private
thank-you, so the channel is not flooded."""
from __future__ import annotations

import re

from ..cards import Card, Form, FormInput, Reply, Section
from ..errors import FormInvalid, UserError
from ..router import Context, Router
from ..wording import huddles as say
from .lessons import save_button
from .model import MAX_ANSWER_CHARS, MAX_QUESTIONS, Session

router = Router("huddles.answers")
FORM_ID = "huddles.answer"
NUMBERED = re.compile(r"^\s*(?:q\s*)?([1-9])\s*[.):\-]\s*(.*)$", re.IGNORECASE)


def split_reply(text: str, questions: int) -> list[tuple[int, str]]:
    """A thread reply as answers: with one question it answers it; lines starting "1." or
    "2)" answer those questions (following lines belong to the one above); anything else is
    kept as a reply not tied to one question (-1)."""
    text = text.strip()
    if questions == 1:
        return [(0, text)]
    found: list[tuple[int, list[str]]] = []
    for line in text.splitlines():
        match = NUMBERED.match(line)
        if match and 1 <= int(match.group(1)) <= questions:
            found.append((int(match.group(1)) - 1, [match.group(2)]))
        elif found:
            found[-1][1].append(line)
        else:
            found.append((-1, [line]))
    answers = [(q, "\n".join(lines).strip()) for q, lines in found]
    return [(q, t) for q, t in answers if t]


def answer_form(session: Session, name: str) -> Form:
    return Form(FORM_ID, say.FORM_TITLE, tuple(
        FormInput(f"a{i}", question, kind="multiline", max_length=MAX_ANSWER_CHARS)
        for i, question in enumerate(session.questions, 1)),
        submit_label=say.FORM_SUBMIT, context=str(session.id))


def _definition() -> Form:
    return Form(FORM_ID, say.FORM_TITLE, tuple(
        FormInput(f"a{i}", f"Answer {i}", kind="multiline", max_length=MAX_ANSWER_CHARS)
        for i in range(1, MAX_QUESTIONS + 1)))


async def _store(ctx: Context, session_id: int, answers: list[tuple[int, str]] | None,
                 via: str, dedup_key: str | None, text: str = "") -> Reply:
    """Store the answers (``None``: split ``text``, a thread reply, by the session's
    questions) in one unit of work; the person was recorded by the kernel already."""
    services = ctx.services
    now = services.now()
    async with services.uow() as uow:
        session = await uow.huddles.session(session_id)
        if session is None:
            raise UserError(say.SESSION_GONE)
        if answers is None:
            answers = split_reply(text, len(session.questions))
        late = session.closed or now >= session.closes_at
        await uow.huddles.add_answers(session.id, ctx.actor.key, answers, now, late, via,
                                      dedup_key)
    template = say.THANKS_LATE if late else say.THANKS
    text = template.format(name=ctx.actor.name)
    buttons = save_button(ctx, session.id)
    return Reply.say(text, Card(sections=(Section(text),), buttons=buttons) if buttons else None)


@router.thread("huddles")
async def answer_in_thread(ctx: Context) -> Reply:
    text = ctx.text.strip()
    if not text:
        return Reply()
    if len(text) > MAX_ANSWER_CHARS:
        raise UserError(say.ANSWER_TOO_LONG.format(n=len(text), limit=MAX_ANSWER_CHARS))
    if not ctx.value.isdigit():
        raise UserError(say.SESSION_GONE)
    dedup = f"thread:{ctx.thread.message_id}" if ctx.thread and ctx.thread.message_id else None
    return await _store(ctx, int(ctx.value), None, "thread", dedup, text)


@router.action("huddles.answer")
async def answer_button(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        session = await uow.huddles.session(int(ctx.value)) if ctx.value.isdigit() else None
        huddle = await uow.huddles.get(session.huddle_id) if session else None
    if session is None or huddle is None:
        raise UserError(say.SESSION_GONE)
    return Reply(open_form=answer_form(session, huddle.name))


@router.form(FORM_ID, definition=_definition)
async def answer_submitted(ctx: Context) -> Reply:
    if not ctx.form_context.isdigit():
        raise UserError(say.SESSION_GONE)
    async with ctx.services.uow(read_only=True) as uow:
        session = await uow.huddles.session(int(ctx.form_context))
    if session is None:
        raise UserError(say.SESSION_GONE)
    answers = [(i - 1, ctx.values.get(f"a{i}", "")) for i in range(1, len(session.questions) + 1)]
    answers = [(q, t) for q, t in answers if t]
    if not answers:
        raise FormInvalid({"a1": say.ANSWERS_CLOSED_FORM})
    return await _store(ctx, session.id, answers, "form", None)
