"""Lessons learned, declared: everything it adds to kmbot, in one place."""
from __future__ import annotations

from ..feature import Feature
from ..router import Router
from ..wording import lessons as say
from . import actions, admin, capture, data, home, manage, review, search

router = Router("lessons")
router.group("lesson", say.GROUP_SUMMARY)
router.group("lessons", say.SEARCH_SUMMARY)
router.include(capture.router)
router.include(search.router)
router.include(manage.router)
router.include(review.router)
router.include(actions.router)
router.include(admin.router)
router.include(home.router)

FEATURE = Feature(
    name="lessons",
    summary=say.GROUP_SUMMARY,
    router=router,
    jobs=actions.JOBS,
    home=home.home_section,
    export=data.export,
    erase=data.erase,
    personal_tables=data.PERSONAL_TABLES,
    menu=("lesson",),          # Teams takes ten in all; the others are typed
    channel_menu=("lesson review aar", "lessons"),
    reports=(admin.REPORT,),
)
