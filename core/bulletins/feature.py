"""Bulletins, declared: compose with a preview, send now or at a time, list, edit, cancel,
stop, status and report. Topics and subscriptions are their own feature (core/topics)."""
from __future__ import annotations

from ..cards import Reply
from ..feature import Feature
from ..router import Context, Router
from ..wording import topics as topics_say
from . import actions, compose, data, read, sending, status
from .home import home

router = Router("bulletins")
router.group("bulletin", topics_say.BULLETIN_GROUP_SUMMARY)
router.include(compose.router)
router.include(actions.router)
router.include(status.router)
router.include(read.router)


@router.action("bulletins.new", librarian=True)
async def new_button(ctx: Context) -> Reply:
    return await compose.new(ctx)


FEATURE = Feature(
    name="bulletins",
    summary=topics_say.BULLETIN_GROUP_SUMMARY,
    router=router,
    jobs=sending.JOBS,
    home=home,
    export=data.export,
    erase=data.erase,
    personal_tables=data.PERSONAL_TABLES,
    # Teams takes ten commands a menu and both are full: librarians type /bulletin
    reports=(status.REPORT,),
)
