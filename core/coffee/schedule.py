"""When rounds fall due: weekly, fortnightly or monthly, at a local time in a time zone.

- weekly: every ``weekday`` at ``time``;
- fortnightly: every other ``weekday``, counting from the first one on or after the day the
  programme was created;
- monthly: the first ``weekday`` of each month.

All results are timezone-aware UTC datetimes. Clock changes are handled by ``zoneinfo``.
"""
from __future__ import annotations

import zlib
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from typing import TYPE_CHECKING

from .model import Cadence, Programme

if TYPE_CHECKING:
    from ..ports import UnitOfWork

SEARCH_DAYS = 70
ROUND_JOB = "coffee.round"         # job kinds (see core/coffee/jobs.py); key: the programme id
REMINDER_JOB = "coffee.reminder"   # key: the round id


def _local_time(programme: Programme) -> time:
    hour, minute = programme.settings.time.split(":")
    return time(int(hour), int(minute))


def _anchor(programme: Programme) -> date:
    tz = ZoneInfo(programme.settings.timezone)
    created = programme.created_at.astimezone(tz).date()
    return created + timedelta(days=(programme.settings.weekday - created.weekday()) % 7)


def _is_round_day(programme: Programme, day: date) -> bool:
    settings = programme.settings
    if day.weekday() != settings.weekday:
        return False
    if settings.cadence is Cadence.MONTHLY:
        return day.day <= 7
    if settings.cadence is Cadence.FORTNIGHTLY:
        return ((day - _anchor(programme)).days // 7) % 2 == 0
    return True


def _at(programme: Programme, day: date) -> datetime:
    local = datetime.combine(day, _local_time(programme), ZoneInfo(programme.settings.timezone))
    return local.astimezone(timezone.utc)


def latest_slot(programme: Programme, now: datetime) -> datetime | None:
    """The most recent time a round fell due, at or before ``now``."""
    today = now.astimezone(ZoneInfo(programme.settings.timezone)).date()
    for back in range(SEARCH_DAYS):
        day = today - timedelta(days=back)
        if _is_round_day(programme, day) and _at(programme, day) <= now:
            return _at(programme, day)
    return None


def next_slot(programme: Programme, after: datetime) -> datetime:
    """The next time a round falls due, strictly after ``after``."""
    today = after.astimezone(ZoneInfo(programme.settings.timezone)).date()
    for ahead in range(SEARCH_DAYS):
        day = today + timedelta(days=ahead)
        if _is_round_day(programme, day) and _at(programme, day) > after:
            return _at(programme, day)
    raise AssertionError("every cadence has a round within ten weeks")


def cadence_length(programme: Programme) -> timedelta:
    return {Cadence.WEEKLY: timedelta(days=7), Cadence.FORTNIGHTLY: timedelta(days=14),
            Cadence.MONTHLY: timedelta(days=28)}[programme.settings.cadence]


def reminder_time(programme: Programme, started: datetime) -> datetime:
    """Halfway through the round that starts at ``started``."""
    return started + cadence_length(programme) / 2


def round_seed(programme_id: int) -> int:
    """The programme's planning seed, stored with every round for audit. It stays the same
    from round to round so the planner can continue a round-robin schedule; what changes
    between rounds is the history."""
    return zlib.crc32(f"kmbot-programme:{programme_id}".encode()) & 0x7FFFFFFF


async def schedule_rounds(uow: "UnitOfWork", programme: Programme, now: datetime) -> datetime:
    """Schedule the programme's next round in ``uow`` (the unit of work that created or changed
    it) and return when it is. A round that has just fallen due and is not yet recorded keeps
    its place: the scheduler runs it, then follows the new settings."""
    existing = await uow.jobs.scheduled(ROUND_JOB, str(programme.id))
    if existing and existing.next_due and existing.next_due <= now:
        return existing.next_due
    when = next_slot(programme, now)
    await uow.jobs.schedule(ROUND_JOB, str(programme.id), when, now)
    return when
