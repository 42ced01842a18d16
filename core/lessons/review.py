"""A facilitated review in a channel: ``/lesson review aar "Ward 7 discharge pilot"`` posts
the review's questions; participants answer in its thread (starting with the question's
number, or the next question after their last answer) or with the "Add your answer" form;
the facilitator or a librarian closes it, and the answers are compiled into one lesson
(grouped by question, participants listed) whose summary is posted in the thread.

A review opens with the open actions of the previous lessons of the same team or project.
Answers keep no names in their text, so forgetting a participant reaches the lesson too.
"""
from __future__ import annotations

import re

from ..cards import Button, Card, Choice, Form, FormInput, Message, Reply, Section
from ..errors import FormInvalid, UserError
from ..router import Context, Router
from ..vocabulary import Destination
from ..wording import lessons as say
from .access import in_channel
from . import new
from .capture import as_lesson
from .actions import action_lines
from .model import Lesson, TemplateKind, Visibility
from .records import Review, ReviewAnswer
from .show import lesson_message, names
from .templates import ANSWER_MAX, TITLE_MAX

router = Router("lessons.review")
KINDS = ("aar", "retro")
_NUMBERED = re.compile(r"\s*(?:q(?:uestion)?\s*)?(\d{1,2})\s*[.):\-–]?\s+(.*)", re.I | re.S)
MOST_QUESTIONS = max(len(say.QUESTIONS[k]) for k in KINDS)


def _questions(review: Review) -> tuple[str, ...]:
    return say.QUESTIONS[review.kind]


def _card(review: Review, started_by: str, open_actions: list[str]) -> Message:
    kind = say.TEMPLATE_NAMES[review.kind]
    started = say.REVIEW_STARTED.format(who=started_by, kind=kind, title=review.title)
    questions = "\n".join(say.REVIEW_QUESTION.format(n=i + 1, question=q)
                          for i, q in enumerate(_questions(review)))
    sections = [Section(started), Section(questions)]
    if open_actions:
        sections.append(Section(say.REVIEW_OPEN_ACTIONS + "\n" + "\n".join(open_actions)))
    if review.visibility == "team":
        sections.append(Section(say.REVIEW_TEAM_ONLY))
    value = str(review.id)
    card = Card(title=say.REVIEW_TITLE.format(kind=kind, title=review.title),
                sections=tuple(sections),
                buttons=(Button(say.ADD_ANSWER, "lessons.review.answer", value, "primary"),
                         Button(say.CLOSE_REVIEW, "lessons.review.close", value)))
    return Message("\n".join(s.text for s in sections), card=card)


@router.command("lesson", "review", usage=say.REVIEW_USAGE, summary=say.REVIEW_SUMMARY)
async def start(ctx: Context) -> Reply:
    if ctx.args and ctx.args[0].lower() not in KINDS and len(ctx.args) > 1:
        return await as_lesson(ctx, "review")      # "/lesson Review meetings need ..."
    if not in_channel(ctx):
        raise UserError(say.REVIEW_IN_CHANNEL, say.REVIEW_USAGE)
    kind = ctx.args[0].lower() if ctx.args else ""
    if kind not in KINDS:
        raise UserError(say.REVIEW_KIND, say.REVIEW_USAGE)
    words = [w for w in ctx.args[1:] if w.lower().strip("[]") != "team-only"]
    team_only = len(words) < len(ctx.args) - 1
    title = " ".join(" ".join(words).split())
    if not title:
        raise UserError(say.REVIEW_NEEDS_TITLE.format(usage=say.REVIEW_USAGE))
    if len(title) > TITLE_MAX:
        raise UserError(say.TOO_LONG.format(n=len(title), limit=TITLE_MAX))
    now, actor = ctx.services.now(), ctx.actor
    async with ctx.services.uow() as uow:
        private = await new.channel_privacy(uow, actor.workspace_key, ctx.place.id,
                                            ctx.place.private, now)
        visibility, _ = new.visibility_for(ctx.place.id, "team" if team_only else "",
                                           private)
        review = Review(id=0, workspace_key=actor.workspace_key, kind=kind, title=title,
                        team=ctx.place.name[:100], project=title[:100], channel=ctx.place.id,
                        card_id=None, facilitator_key=actor.key, status="open",
                        lesson_id=None, created_at=now,
                        visibility=visibility.value)
        review_id = await uow.lessons.add_review(review)
        review = await uow.lessons.review(review_id)
        earlier = await uow.lessons.lessons_of(actor.workspace_key, review.team, review.project)
        actions = (await uow.lessons.open_actions(actor.workspace_key, lesson_ids=earlier)
                   if earlier else [])
        who = await names(uow, [actor.key, *(a.owner_key for a in actions)])
        [card_id] = await ctx.services.post(
            uow, Destination.channel(actor.platform, actor.workspace, ctx.place.id),
            _card(review, who[actor.key], action_lines(actions, who)),
            dedup_key=f"lessons:review:{review_id}", tag=f"lessons:{review_id}")
        await uow.lessons.set_review_card(review_id, card_id)
    ctx.after_commit(ctx.services.on_queued)
    return Reply()


async def _answer(ctx: Context, review_id: int, question: int, text: str,
                  field: str | None = None) -> Reply:
    def problem(message: str):
        return FormInvalid({field: message}) if field else UserError(message)

    async with ctx.services.uow() as uow:
        review = await uow.lessons.review(review_id)
        if review is None or review.workspace_key != ctx.actor.workspace_key:
            raise UserError(say.REVIEW_NOT_FOUND)
        if review.status != "open":
            raise UserError(say.REVIEW_CLOSED_ALREADY)
        questions = _questions(review)
        if not 0 <= question < len(questions):
            raise problem(say.ANSWER_HOW.format(n=len(questions)))
        text = text.strip()
        if not text:
            raise problem(say.ANSWER_HOW.format(n=len(questions)))
        if len(text) > ANSWER_MAX:
            raise problem(say.ACTION_TEXT_TOO_LONG.format(n=len(text), limit=ANSWER_MAX))
        if questions[question] in say.MARK_QUESTIONS and not (
                text.isdigit() and 0 <= int(text) <= 10):
            raise problem(say.MARK_INVALID.format(label=questions[question]))
        await uow.lessons.add_answer(review_id, ReviewAnswer(question, ctx.actor.key, text),
                                     ctx.services.now())
    return Reply.say(say.ANSWERED.format(n=question + 1))


@router.thread("lessons")
async def answer_in_thread(ctx: Context) -> Reply:
    if not ctx.value.isdigit():
        return Reply()
    review_id = int(ctx.value)
    numbered = _NUMBERED.fullmatch(ctx.text or "")
    if numbered:
        return await _answer(ctx, review_id, int(numbered.group(1)) - 1, numbered.group(2))
    async with ctx.services.uow(read_only=True) as uow:
        last = await uow.lessons.last_answered(review_id, ctx.actor.key)
        review = await uow.lessons.review(review_id)
    if review is None:
        return Reply()
    question = 0 if last is None else min(last + 1, len(_questions(review)) - 1)
    return await _answer(ctx, review_id, question, ctx.text or "")


ANSWER_FORM = Form("lessons.review.answer", say.ANSWER_TITLE, (
    FormInput("question", say.ANSWER_QUESTION, kind="select", required=True,
              options=tuple(Choice(str(n), str(n)) for n in range(1, MOST_QUESTIONS + 1))),
    FormInput("answer", say.ANSWER_TEXT, kind="multiline", required=True,
              max_length=ANSWER_MAX)), submit_label=say.FORM_SUBMIT)


@router.action("lessons.review.answer")
async def answer_button(ctx: Context) -> Reply:
    if not ctx.value.isdigit():
        raise UserError(say.REVIEW_NOT_FOUND)
    async with ctx.services.uow(read_only=True) as uow:
        review = await uow.lessons.review(int(ctx.value))
    if review is None or review.status != "open":
        raise UserError(say.REVIEW_CLOSED_ALREADY if review else say.REVIEW_NOT_FOUND)
    questions = _questions(review)
    form = Form(ANSWER_FORM.form_id, say.ANSWER_TITLE, (
        FormInput("question", say.ANSWER_QUESTION, kind="select", required=True,
                  initial="1", options=tuple(Choice(str(i + 1), f"{i + 1}. {q}")
                                             for i, q in enumerate(questions))),
        ANSWER_FORM.inputs[1]), submit_label=say.FORM_SUBMIT, context=str(review.id))
    return Reply(open_form=form)


@router.form("lessons.review.answer", definition=ANSWER_FORM)
async def answer_form(ctx: Context) -> Reply:
    if not ctx.form_context.isdigit():
        raise UserError(say.REVIEW_NOT_FOUND)
    return await _answer(ctx, int(ctx.form_context), int(ctx.values["question"]) - 1,
                         ctx.values["answer"], field="question")


def compile_answers(review: Review, answers: list[ReviewAnswer]) -> tuple[tuple[str, str], ...]:
    grouped = []
    for i, question in enumerate(_questions(review)):
        said = [a.text for a in answers if a.question == i]
        grouped.append((question, "\n".join(f"• {text}" for text in said)
                        if said else say.NO_ANSWER))
    return tuple(grouped)


@router.action("lessons.review.close")
async def close(ctx: Context) -> Reply:
    if not ctx.value.isdigit():
        raise UserError(say.REVIEW_NOT_FOUND)
    review_id, now = int(ctx.value), ctx.services.now()
    async with ctx.services.uow() as uow:
        review = await uow.lessons.review(review_id)
        if review is None or review.workspace_key != ctx.actor.workspace_key:
            raise UserError(say.REVIEW_NOT_FOUND)
        if review.status != "open":
            raise UserError(say.REVIEW_CLOSED_ALREADY)
        if not (ctx.is_librarian or review.facilitator_key == ctx.actor.key):
            who = await names(uow, [review.facilitator_key])
            raise UserError(say.ONLY_FACILITATOR.format(who=who[review.facilitator_key]))
        answers = await uow.lessons.answers(review_id)
        if not answers:
            raise UserError(say.REVIEW_NO_ANSWERS)
        people = tuple(dict.fromkeys(a.person_key for a in answers if a.person_key))
        team_only = review.visibility == "team"
        lesson = await uow.lessons.add(Lesson(
            workspace_key=review.workspace_key, title=review.title,
            kind=TemplateKind(review.kind), answers=compile_answers(review, answers),
            team=review.team, project=review.project, author_key=review.facilitator_key,
            people=people, visibility=Visibility.TEAM if team_only else Visibility.ORGANISATION,
            audience=review.channel, created_at=now, updated_at=now))
        if not await uow.lessons.close_review(review_id, lesson.id, now):
            raise UserError(say.REVIEW_CLOSED_ALREADY)      # rolls the lesson back
        who = await names(uow, [lesson.author_key, *people])
        if review.card_id is not None:
            kind = say.TEMPLATE_NAMES[review.kind]
            closed = say.REVIEW_CLOSED_CARD.format(kind=kind, title=review.title, id=lesson.id)
            await ctx.services.queue_edit(uow, review.card_id, Message(
                closed, card=Card(title=closed, sections=(Section(closed),))))
            await ctx.services.queue_in_thread(
                uow, review.card_id, lesson_message(
                    lesson, who, private=False,
                    intro=say.REVIEW_DONE.format(id=lesson.id)),
                dedup_key=f"lessons:review:{review_id}:summary")
    ctx.after_commit(ctx.services.on_queued)
    return Reply.say(say.REVIEW_DONE.format(id=lesson.id))
