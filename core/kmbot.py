"""kmbot itself, declared as a feature: help, librarians and deliveries (the ``/kmbot`` group;
people add profiles and a person's data to the same group)."""
from __future__ import annotations

from . import deliveries, roles, status, wording
from .feature import Feature
from .router import Router

router = Router("kmbot")
router.group("kmbot", wording.KMBOT_SUMMARY)
router.include(roles.router)
router.include(deliveries.router)
router.include(status.router)

FEATURE = Feature(name="kmbot", summary=wording.KMBOT_SUMMARY, router=router,
                  menu=("help",), channel_menu=("help",))
