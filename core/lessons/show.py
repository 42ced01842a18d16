"""How a lesson reads in chat: a card with its answers grouped under their questions, who
wrote it ("a former colleague" once they asked to be forgotten) and its tags.

Names are shown as text, never as mentions, so sharing a lesson in a channel pings nobody.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from ..cards import Button, Card, Field, Message, Section
from ..ports import UnitOfWork
from ..wording import lessons as say
from .model import Lesson, Snippet, Visibility

MAX_ANSWER_SHOWN = 700


async def names(uow: UnitOfWork, keys: Iterable[str | None]) -> dict[str | None, str]:
    wanted = [k for k in dict.fromkeys(keys) if k]
    people = await uow.people.get_many(wanted) if wanted else {}
    found: dict[str | None, str] = {k: people[k].name if k in people else say.FORMER_COLLEAGUE
                                    for k in wanted}
    found[None] = say.FORMER_COLLEAGUE
    return found


def visibility_mark(lesson: Lesson) -> str:
    return {Visibility.TEAM: say.TEAM_ONLY_MARK,
            Visibility.PRIVATE: say.PRIVATE_MARK}.get(lesson.visibility, "")


def heading(lesson: Lesson) -> str:
    return f"{lesson.id}. {lesson.title}{visibility_mark(lesson)}"


def facts(lesson: Lesson, author: str) -> str:
    team = f" · {lesson.team}" if lesson.team else ""
    project = f" · {lesson.project}" if lesson.project else ""
    tags = " · " + " ".join(f"#{t}" for t in lesson.tags) if lesson.tags else ""
    kind = say.TEMPLATE_NAMES.get(lesson.kind.value, lesson.kind.value)
    return (say.LESSON_FIELDS.format(kind=kind, when=lesson.created_at.strftime("%d %b %Y"),
                                     team=team, project=project, tags=tags)
            + " · " + say.BY.format(who=author))


def _cut(text: str, limit: int = MAX_ANSWER_SHOWN) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def lesson_card(lesson: Lesson, who: dict, buttons: tuple[Button, ...] = (),
                snippet: Snippet | None = None) -> Card:
    author = who.get(lesson.author_key, say.FORMER_COLLEAGUE)
    sections = [Section(facts(lesson, author))]
    if snippet is not None and snippet.text:
        sections.append(Section(_cut(snippet.render("*", "*"))))
    else:
        fields = tuple(Field(question, _cut(answer)) for question, answer in lesson.answers
                       if answer)
        if fields:
            sections.append(Section(fields=fields))
    if lesson.people:
        sections.append(Section(say.REVIEW_PARTICIPANTS.format(
            names=", ".join(who.get(p, say.FORMER_COLLEAGUE) for p in lesson.people))))
    return Card(title=heading(lesson), sections=tuple(sections), buttons=buttons)


def lesson_text(lesson: Lesson, who: dict) -> str:
    lines = [heading(lesson), facts(lesson, who.get(lesson.author_key, say.FORMER_COLLEAGUE))]
    lines += [f"{q}: {_cut(a)}" for q, a in lesson.answers if a]
    if lesson.people:
        lines.append(say.REVIEW_PARTICIPANTS.format(
            names=", ".join(who.get(p, say.FORMER_COLLEAGUE) for p in lesson.people)))
    return "\n".join(lines)


def lesson_message(lesson: Lesson, who: dict, buttons: tuple[Button, ...] = (), *,
                   private: bool = True, intro: str = "",
                   snippet: Snippet | None = None) -> Message:
    text = (intro + "\n" if intro else "") + lesson_text(lesson, who)
    card = lesson_card(lesson, who, buttons, snippet)
    if intro:                 # the card is what people see; the text is its fallback
        card = replace(card, sections=(Section(intro),) + card.sections)
    return Message(text=text, card=card, private=private)
