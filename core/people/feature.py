"""People, declared as a feature: profiles, a person's data and forgetting them. Every other
feature shares the people it declares."""
from __future__ import annotations

from ..feature import Feature
from ..router import Router
from ..wording import people as say
from . import data, profile

router = Router("people")
router.group("kmbot", say.GROUP_SUMMARY)
router.include(profile.router)
router.include(data.router)

FEATURE = Feature(
    name="people",
    summary=say.GROUP_SUMMARY,
    router=router,
    export=data.export,
    erase=data.erase,
    personal_tables=data.PERSONAL_TABLES,
    menu=("kmbot profile", "kmbot my-data"),
)
