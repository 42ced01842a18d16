"""The capture templates as forms, and reading a submitted one back into a lesson.

Each template is its own form (``lessons.aar`` ...) with the framework's questions, plus a
title, tags, team, project and who may see it. The kernel checks lengths and required
answers against these definitions (``core.forms``); the marks out of 10 and the tags are
checked here. A form opened to edit a lesson is the same form with its answers filled in
and the lesson's number in its context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..cards import Choice, Form, FormInput
from ..errors import FormInvalid
from ..wording import lessons as say
from .model import Lesson, TemplateKind, Visibility
from .query import normalise_tag

KINDS = tuple(kind.value for kind in TemplateKind)
TITLE_MAX = 200
ANSWER_MAX = 3000
TAG_MAX = 60
TAGS_MAX = 10
NAME_MAX = 100

VISIBILITY_CHOICES = (Choice("organisation", say.VISIBILITY_ORGANISATION),
                      Choice("team", say.VISIBILITY_TEAM))


def question_name(index: int) -> str:
    return f"q{index + 1}"


def _question_input(kind: str, index: int, question: str) -> FormInput:
    if question in say.MARK_QUESTIONS:
        return FormInput(question_name(index), question, kind="number", required=True,
                         hint="0 to 10")
    return FormInput(question_name(index), question, kind="multiline", required=True,
                     max_length=ANSWER_MAX)


def form(kind: str) -> Form:
    """The empty form for a template (also its definition, for checking submissions)."""
    questions = say.QUESTIONS[kind]
    inputs = [FormInput("title", say.TITLE_LABEL, required=True, max_length=TITLE_MAX,
                        hint=say.TITLE_HINT)]
    inputs += [_question_input(kind, i, q) for i, q in enumerate(questions)]
    inputs += [FormInput("tags", say.TAGS_LABEL, max_length=400, hint=say.TAGS_HINT),
               FormInput("team", say.TEAM_LABEL, max_length=NAME_MAX),
               FormInput("project", say.PROJECT_LABEL, max_length=NAME_MAX),
               FormInput("visibility", say.VISIBILITY_LABEL, kind="select",
                         options=VISIBILITY_CHOICES, initial="organisation")]
    submit = say.BAR_SUBMIT if kind == "bar" else say.FORM_SUBMIT
    return Form(f"lessons.{kind}", say.TEMPLATE_NAMES[kind], tuple(inputs),
                submit_label=submit)


def choose_form(context: str = "") -> Form:
    return Form("lessons.choose", say.CHOOSE_TITLE, (
        FormInput("template", say.CHOOSE_LABEL, kind="select", required=True,
                  initial="quick",
                  options=tuple(Choice(k, say.TEMPLATE_NAMES[k]) for k in KINDS)),),
        submit_label=say.CHOOSE_SUBMIT, context=context)


def filled(kind: str, values: dict[str, str], context: str, title: str = "") -> Form:
    """The template's form showing ``values`` (to edit a lesson, or to try again)."""
    empty = form(kind)
    inputs = tuple(FormInput(i.name, i.label, i.kind, i.required, i.options,
                             values.get(i.name, i.initial), i.placeholder, i.max_length,
                             i.hint) for i in empty.inputs)
    return Form(empty.form_id, title or empty.title, inputs, empty.submit_label, context)


def values_of(lesson: Lesson) -> dict[str, str]:
    kind = lesson.kind.value
    answers = dict(lesson.answers)
    values = {question_name(i): answers.get(q, "")
              for i, q in enumerate(say.QUESTIONS[kind])}
    values.update(title=lesson.title, tags=" ".join(f"#{t}" for t in lesson.tags),
                  team=lesson.team, project=lesson.project,
                  visibility="team" if lesson.visibility is Visibility.TEAM
                  else "organisation")
    return values


@dataclass(frozen=True)
class Context:
    """What a form remembers: where it was opened and which lesson it edits."""
    channel: str = ""
    lesson_id: int | None = None

    def encode(self) -> str:
        return f"{self.channel}|{self.lesson_id or ''}"

    @classmethod
    def decode(cls, text: str) -> "Context":
        channel, _, lesson = (text or "").partition("|")
        return cls(channel[:255], int(lesson) if lesson.isdigit() and len(lesson) < 10
                   else None)


def parse_tags(text: str) -> list[str]:
    """``"#Falls, #night-shift hoists"`` -> ``["falls", "night-shift", "hoists"]``; raises
    ValueError with the message when a tag is too long or there are too many."""
    tags = []
    for word in re.split(r"[\s,;]+", text or ""):
        tag = normalise_tag(word)
        if not tag:
            continue
        if len(re.sub(r"[^\w-]", "", word.lower().lstrip("#"))) > TAG_MAX:
            raise ValueError(say.TAG_TOO_LONG.format(tag=tag[:20] + "…", limit=TAG_MAX))
        tags.append(tag)
    tags = list(dict.fromkeys(tags))
    if len(tags) > TAGS_MAX:
        raise ValueError(say.TOO_MANY_TAGS.format(n=len(tags), limit=TAGS_MAX))
    return tags


def answers_of(kind: str, values: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The answers in order; raises FormInvalid (every field at once) when a mark is not a
    whole number from 0 to 10 or the tags do not fit."""
    errors: dict[str, str] = {}
    answers = []
    for i, question in enumerate(say.QUESTIONS[kind]):
        name = question_name(i)
        text = values.get(name, "").strip()
        if question in say.MARK_QUESTIONS and not (text.isdigit() and 0 <= int(text) <= 10):
            errors[name] = say.MARK_INVALID.format(label=question)
        answers.append((question, text))
    try:
        parse_tags(values.get("tags", ""))
    except ValueError as problem:
        errors["tags"] = str(problem)
    if errors:
        raise FormInvalid(errors)
    return tuple(answers)
