"""Storing a new lesson, and who may see it: the one place that decides a new lesson's
visibility from where it was captured.

- In a direct message: private to its author until they share it.
- In a channel: the organisation's, unless marked team-only, or the channel is private
  (then always team-only). When the platform did not say whether the channel is private
  (and kmbot has not learned it before), the lesson is team-only unless the person chose
  "Everyone in the organisation" themselves: unknown fails safe.

What a platform says about a channel's privacy is remembered (``uow.lessons``), so a later
button or form from the same channel that does not say is still decided right, and a
lesson from a private channel cannot be widened by editing it.

:func:`add_quick` is the capture API other features call (huddles' "Save as a lesson"):
it stores a quick lesson in the caller's unit of work.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Iterable

from ..ports import UnitOfWork
from ..wording import lessons as say
from .model import Lesson, TemplateKind, Visibility


def stricter(*said: bool | None) -> bool | None:
    """Private if anyone said so; public if someone said so and nobody said private."""
    if True in said:
        return True
    return False if False in said else None


def visibility_for(channel: str, choice: str = "",
                   private: bool | None = False) -> tuple[Visibility, str | None]:
    """``choice`` is what the person chose: "team", "organisation" or "" (nothing)."""
    if not channel:
        return Visibility.PRIVATE, None
    if private is True or choice == "team":
        return Visibility.TEAM, channel
    if choice == "organisation" or private is False:
        return Visibility.ORGANISATION, channel
    return Visibility.TEAM, channel


async def channel_privacy(uow: UnitOfWork, workspace_key: str, channel: str,
                          said: bool | None, now: datetime) -> bool | None:
    """What is known of ``channel``'s privacy: what the platform ``said`` now and before.
    A channel once seen private stays private here (channels can be made private; making a
    private channel public is rare and only costs a team-only default)."""
    if not channel:
        return None
    known = await uow.lessons.channel_private(workspace_key, channel)
    private = stricter(said, known)
    if private is not None and private != known:
        await uow.lessons.remember_channel(workspace_key, channel, private, now)
    return private


async def add(uow: UnitOfWork, lesson: Lesson, *, channel: str = "", choice: str = "",
              private: bool | None = False) -> tuple[Lesson, str]:
    """Store ``lesson`` captured in ``channel`` ("" for a direct message), with its
    visibility decided here; the stored lesson and the note saying who can see it."""
    private = await channel_privacy(uow, lesson.workspace_key, channel, private,
                                    lesson.created_at)
    visibility, audience = visibility_for(channel, choice, private)
    stored = await uow.lessons.add(replace(lesson, visibility=visibility, audience=audience))
    return stored, _note(stored, choice, private)


def _note(lesson: Lesson, choice: str, private: bool | None) -> str:
    if lesson.visibility is Visibility.PRIVATE:
        return say.SAVED_PRIVATE
    if lesson.visibility is Visibility.ORGANISATION:
        return say.SAVED_ORGANISATION
    if private is True:
        return say.SAVED_TEAM_PRIVATE
    if private is None and choice != "team":
        return say.SAVED_TEAM_UNKNOWN
    return say.SAVED_TEAM


async def add_quick(uow: UnitOfWork, *, workspace_key: str, author_key: str | None,
                    text: str, now: datetime, title: str = "", channel: str = "",
                    private: bool | None = False, team_only: bool = False,
                    tags: Iterable[str] = (), people: Iterable[str] = (), team: str = "",
                    project: str = "") -> Lesson:
    """Store a quick lesson in the caller's unit of work and return it (with its id).

    ``channel``: where it was captured ("" for a direct message: private to its author);
    ``private``: that channel's privacy as the platform said (None: unknown);
    ``people``: person keys of the people involved (never names).
    """
    from .capture import title_of
    from .templates import TITLE_MAX
    text = " ".join((text or "").split())
    lesson = Lesson(workspace_key=workspace_key, title=(title or title_of(text))[:TITLE_MAX],
                    kind=TemplateKind.QUICK, answers=((say.QUESTIONS["quick"][0], text),),
                    team=team, project=project, tags=tuple(tags), author_key=author_key,
                    people=tuple(dict.fromkeys(people)), created_at=now, updated_at=now)
    stored, _note_ = await add(uow, lesson, channel=channel,
                               choice="team" if team_only else "", private=private)
    return stored
