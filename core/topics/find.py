"""Finding topics by what people type: names with or without quotes, or slugs."""
from __future__ import annotations

from ..errors import UserError
from ..ports import UnitOfWork
from ..wording import topics as say
from .model import HowIHear, Topic


async def choices(uow: UnitOfWork, workspace_key: str) -> str:
    topics = await uow.topics.active(workspace_key)
    if not topics:
        return say.NO_TOPICS_YET
    return say.TOPIC_CHOICES.format(names=", ".join(t.name for t in topics))


async def resolve(uow: UnitOfWork, workspace_key: str, words: list[str]) -> list[Topic]:
    """Each topic named in ``words`` (longest run of words first, so ``Sustainable
    healthcare`` unquoted is one topic); raises :class:`UserError` naming the first one
    unknown, with the choices."""
    found: list[Topic] = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            topic = await uow.topics.find(workspace_key, " ".join(words[i:j]))
            if topic is not None:
                if topic.id not in {t.id for t in found}:
                    found.append(topic)
                i = j
                break
        else:
            raise UserError(say.TOPIC_UNKNOWN.format(
                name=words[i], choices=await choices(uow, workspace_key)))
    return found


def names(topics: list[Topic]) -> str:
    return ", ".join(t.name for t in topics)


def describe(how: HowIHear) -> str:
    if how.frequency.value == "daily":
        return say.HOW_DAILY.format(time=how.time, timezone=how.timezone)
    if how.frequency.value == "weekly":
        return say.HOW_WEEKLY.format(weekday=say.WEEKDAY_NAMES[how.weekday], time=how.time,
                                     timezone=how.timezone)
    if how.frequency.value == "monthly":
        return say.HOW_MONTHLY.format(day=how.day, time=how.time, timezone=how.timezone)
    return say.HOW_IMMEDIATELY
