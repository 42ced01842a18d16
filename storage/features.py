"""Each feature's repository, by feature name: the unit of work offers ``uow.<name>``.

Adding a feature's storage is its module (``storage/<feature>.py``), its migration and one
line here.
"""
from __future__ import annotations

from typing import Any, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from .bulletins import BulletinsSql
from .coffee import CoffeeSql
from .digests import DigestsSql
from .feeds import FeedsSql
from .huddles import HuddlesSql
from .lessons_feature import LessonsFeatureSql
from .topics import TopicsSql
from .walls import WallsSql

REPOSITORIES: dict[str, Callable[[AsyncSession], Any]] = {
    "coffee": CoffeeSql,
    "lessons": LessonsFeatureSql,
    "huddles": HuddlesSql,
    "walls": WallsSql,
    "topics": TopicsSql,
    "bulletins": BulletinsSql,
    "feeds": FeedsSql,
    "digests": DigestsSql,
}
