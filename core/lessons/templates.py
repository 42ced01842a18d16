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

PEOPLE_MAX = 1000
VISIBILITY_CHOICES = (Choice("organisation", say.VISIBILITY_ORGANISATION),
                      Choice("team", say.VISIBILITY_TEAM))
TEAM_ONLY_CHOICES = (Choice("team", say.VISIBILITY_TEAM_PRIVATE),)


def question_name(index: int) -> str:
    return f"q{index + 1}"


def is_mark(text: str) -> bool:
    text = text.strip()
    return text.isdigit() and len(text) <= 2 and 0 <= int(text) <= 10


def _question_input(kind: str, index: int, question: str, *, shown: bool = True,
                    stored: str | None = None) -> FormInput:
    """The input for one question. ``shown``: as people see it (a mark is a number box);
    otherwise as submissions are checked, where a mark is text (:func:`answers_of` checks
    it, knowing whether the form edits a Retrospect compiled from a review, whose mark
    answers hold every participant's marks, or "(no answers)")."""
    name = question_name(index)
    if question in say.MARK_QUESTIONS:
        if not shown:
            return FormInput(name, question, required=True, max_length=ANSWER_MAX)
        if stored is not None and not is_mark(stored):     # compiled from a review
            return FormInput(name, question, kind="multiline", required=True,
                             max_length=ANSWER_MAX, hint=say.MARK_COMPILED_HINT)
        return FormInput(name, question, kind="number", required=True, hint="0 to 10")
    return FormInput(name, question, kind="multiline", required=True,
                     max_length=ANSWER_MAX)


def form(kind: str, *, shown: bool = True, stored: dict[str, str] | None = None,
         private: bool | None = False) -> Form:
    """The empty form for a template; ``shown=False`` gives its definition, for checking
    submissions. ``stored``: the answers of the lesson being edited (by input name).
    ``private``: the channel's privacy where the form was opened (True: team-only is the
    only choice; None, unknown: team-only is chosen until the person says otherwise)."""
    questions = say.QUESTIONS[kind]
    inputs = [FormInput("title", say.TITLE_LABEL, required=True, max_length=TITLE_MAX,
                        hint=say.TITLE_HINT)]
    inputs += [_question_input(kind, i, q, shown=shown,
                               stored=None if stored is None else stored.get(question_name(i), ""))
               for i, q in enumerate(questions)]
    choices = TEAM_ONLY_CHOICES if private and shown else VISIBILITY_CHOICES
    inputs += [FormInput("people", say.PEOPLE_LABEL, max_length=PEOPLE_MAX,
                         hint=say.PEOPLE_HINT),
               FormInput("tags", say.TAGS_LABEL, max_length=400, hint=say.TAGS_HINT),
               FormInput("team", say.TEAM_LABEL, max_length=NAME_MAX),
               FormInput("project", say.PROJECT_LABEL, max_length=NAME_MAX),
               FormInput("visibility", say.VISIBILITY_LABEL, kind="select",
                         options=choices,
                         initial="organisation" if private is False else "team")]
    submit = say.BAR_SUBMIT if kind == "bar" else say.FORM_SUBMIT
    return Form(f"lessons.{kind}", say.TEMPLATE_NAMES[kind], tuple(inputs),
                submit_label=submit)


def definition(kind: str) -> Form:
    """What a submitted template form is checked against before the handler runs."""
    return form(kind, shown=False)


def choose_form(context: str = "") -> Form:
    return Form("lessons.choose", say.CHOOSE_TITLE, (
        FormInput("template", say.CHOOSE_LABEL, kind="select", required=True,
                  initial="quick",
                  options=tuple(Choice(k, say.TEMPLATE_NAMES[k]) for k in KINDS)),),
        submit_label=say.CHOOSE_SUBMIT, context=context)


def filled(kind: str, values: dict[str, str], context: str, title: str = "", *,
           editing: bool = False) -> Form:
    """The template's form showing ``values`` (to edit a lesson, or to try again)."""
    opened = Context.decode(context)
    empty = form(kind, stored=values if editing else None, private=opened.private)
    inputs = tuple(FormInput(i.name, i.label, i.kind, i.required, i.options,
                             values.get(i.name, i.initial), i.placeholder, i.max_length,
                             i.hint) for i in empty.inputs)
    return Form(empty.form_id, title or empty.title, inputs, empty.submit_label, context)


def values_of(lesson: Lesson, people: str = "") -> dict[str, str]:
    kind = lesson.kind.value
    answers = dict(lesson.answers)
    values = {question_name(i): answers.get(q, "")
              for i, q in enumerate(say.QUESTIONS[kind])}
    values.update(title=lesson.title, tags=" ".join(f"#{t}" for t in lesson.tags),
                  team=lesson.team, project=lesson.project, people=people,
                  visibility="team" if lesson.visibility is Visibility.TEAM
                  else "organisation")
    return values


@dataclass(frozen=True)
class Context:
    """What a form remembers: where it was opened (and whether that channel is private:
    None when the platform did not say) and which lesson it edits."""
    channel: str = ""
    lesson_id: int | None = None
    private: bool | None = False

    def encode(self) -> str:
        private = {True: "1", False: "0"}.get(self.private, "")
        return f"{self.channel}|{self.lesson_id or ''}|{private}"

    @classmethod
    def decode(cls, text: str) -> "Context":
        channel, _, rest = (text or "").partition("|")
        lesson, _, private = rest.partition("|")
        return cls(channel[:255], int(lesson) if lesson.isdigit() and len(lesson) < 10
                   else None, {"1": True, "0": False}.get(private))


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


def answers_of(kind: str, values: dict[str, str],
               before: Lesson | None = None) -> tuple[tuple[str, str], ...]:
    """The answers in order; raises FormInvalid (every field at once) when an answer is
    missing, a mark is not a whole number from 0 to 10 or the tags do not fit.

    Editing (``before``), an answer may stay as it was stored: a Retrospect compiled from a
    facilitated review may hold no mark, or every participant's marks."""
    errors: dict[str, str] = {}
    answers = []
    stored = dict(before.answers) if before is not None else {}
    for i, question in enumerate(say.QUESTIONS[kind]):
        name = question_name(i)
        text = values.get(name, "").strip()
        unchanged = before is not None and text == stored.get(question, "").strip()
        if question in say.MARK_QUESTIONS and not (is_mark(text) or unchanged):
            errors[name] = say.MARK_INVALID.format(label=question)
        answers.append((question, text))
    try:
        parse_tags(values.get("tags", ""))
    except ValueError as problem:
        errors["tags"] = str(problem)
    if errors:
        raise FormInvalid(errors)
    return tuple(answers)
