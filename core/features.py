"""The features kmbot runs, in the order help and the home card show them.

Adding a technique is one line here (its package exposes one :class:`~core.feature.Feature`);
the kernel, help, the home card, both manifests and a person's data are assembled from this
list. Registration is explicit: each feature's router includes its modules' routers.
"""
from __future__ import annotations

from typing import Sequence

from . import kmbot
from .bulletins.feature import FEATURE as BULLETINS
from .coffee.feature import FEATURE as COFFEE
from .digests.feature import FEATURE as DIGESTS
from .feature import Feature
from .feeds.feature import FEATURE as FEEDS
from .huddles.feature import FEATURE as HUDDLES
from .kernel import Kernel
from .lessons.feature import FEATURE as LESSONS
from .people.feature import FEATURE as PEOPLE
from .services import Services
from .topics.feature import FEATURE as TOPICS
from .walls.feature import FEATURE as WALLS

FEATURES: tuple[Feature, ...] = (kmbot.FEATURE, PEOPLE, COFFEE, LESSONS, HUDDLES, WALLS, TOPICS,
                                 BULLETINS, FEEDS, DIGESTS)


def build_kernel(services: Services, features: Sequence[Feature] = FEATURES) -> Kernel:
    """The kernel for ``features``; raises DuplicateRegistration (naming both claimants) when
    two of them claim the same command, button action or form."""
    return Kernel(services, features)
