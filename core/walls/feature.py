"""Graffiti walls and quick polls, declared: everything they add to kmbot, in one place."""
from __future__ import annotations

from ..feature import Feature
from ..router import Router
from ..wording import walls as say
from . import closing, data, exporting, ideas, mine, polls, walls

router = Router("walls")
router.group("wall", say.GROUP_SUMMARY)
router.group("poll", say.POLL_GROUP_SUMMARY)
router.include(walls.router)
router.include(ideas.router)
router.include(mine.router)
router.include(exporting.router)
router.include(polls.router)

FEATURE = Feature(
    name="walls",
    summary=say.GROUP_SUMMARY,
    router=router,
    jobs=closing.JOBS,
    export=data.export,
    erase=data.erase,
    personal_tables=data.PERSONAL_TABLES,
    data_needs_services=True,
    menu=("wall list",),
    channel_menu=("wall", "poll", "wall list"),
    reports=(exporting.REPORT,),
)
