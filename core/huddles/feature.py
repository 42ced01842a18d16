"""Huddles, declared: everything it adds to kmbot, in one place."""
from __future__ import annotations

from ..feature import Feature
from ..router import Router
from ..wording import huddles as say
from . import answers, data, jobs, lessons, manage, problems, records, schedule_form

router = Router("huddles")
router.group("huddle", say.GROUP_SUMMARY)
router.include(manage.router)
router.include(schedule_form.router)
router.include(answers.router)
router.include(records.router)
router.include(problems.router)
router.include(lessons.router)

FEATURE = Feature(
    name="huddles",
    summary=say.GROUP_SUMMARY,
    router=router,
    jobs=jobs.JOBS,
    export=data.export,
    erase=data.erase,
    personal_tables=data.PERSONAL_TABLES,
    channel_menu=("huddle schedule", "huddle list"),
    reports=(records.REPORT,),
)
