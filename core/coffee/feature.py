"""Coffee Connect, declared: everything it adds to kmbot, in one place."""
from __future__ import annotations

from ..feature import Feature
from ..people.profile import profile_command
from ..router import Router
from ..wording import coffee as say
from . import admin, data, jobs, members, outcomes
from .home import home_section

router = Router("coffee")
router.group("coffee", say.GROUP_SUMMARY)
router.include(members.router)
# profiles belong to people (``/kmbot profile``); ``/coffee profile`` stays as an alias
router.command("coffee", "profile", usage=say.PROFILE_USAGE,
               summary=say.PROFILE_SUMMARY)(profile_command(say.PROFILE_USAGE))
router.include(outcomes.router)
router.include(admin.router)

FEATURE = Feature(
    name="coffee",
    summary=say.GROUP_SUMMARY,
    router=router,
    jobs=jobs.JOBS,
    home=home_section,
    export=data.export,
    erase=data.erase,
    personal_tables=data.PERSONAL_TABLES,
    menu=("coffee join", "coffee status", "coffee pause 2 weeks", "coffee resume"),
    channel_menu=("coffee join", "coffee stats"),
)
