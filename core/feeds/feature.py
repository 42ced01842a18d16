"""Feeds, declared: everything RSS and Atom feeds add to kmbot, in one place.

Feeds are librarians' configuration and keep no person's key, so they add nothing to a
person's data (``/kmbot my-data``, ``/kmbot forget-me``)."""
from __future__ import annotations

from ..cards import Button, Section
from ..feature import Feature
from ..router import Context, Router
from ..wording import feeds as say
from . import commands, poll
from .inputs import count

router = Router("feeds")
router.group("feed", say.GROUP_SUMMARY)
router.include(commands.router)


async def home(ctx: Context) -> tuple[list[Section], list[Button]]:
    """For librarians with feeds: how many, and how many are failing."""
    if not ctx.is_librarian:
        return [], []
    async with ctx.services.uow(read_only=True) as uow:
        feeds = await uow.feeds.in_workspace(ctx.actor.workspace_key)
    if not feeds:
        return [], []
    lines = [say.HOME_LINE.format(feeds=count(len(feeds), ("feed", "feeds")),
                                  topics=count(len({f.topic_id for f in feeds}),
                                                ("topic", "topics")))]
    failing = sum(1 for f in feeds if f.failures)
    if failing:
        lines.append(say.HOME_FAILING.format(n=failing))
    return [Section(f"*{say.HOME_TITLE}*\n" + "\n".join(lines))], []


FEATURE = Feature(
    name="feeds",
    summary=say.GROUP_SUMMARY,
    router=router,
    jobs=poll.JOBS,
    home=home,
)
