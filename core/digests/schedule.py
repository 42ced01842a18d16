"""When a digest is due: daily, weekly on a weekday, or monthly on the first working day
on or after the chosen day (England and Wales bank holidays, from the ``holidays`` library).

Each due digest is named by its period (``d2026-12-07``, ``w2026-W50``, ``m2026-12``), which
claims it once. A time the clocks skip (01:30 on the last Sunday of March in London) is
read as the moment before the change, so it falls an hour later (02:30 BST); a time that
happens twice (the last Sunday of October) is the first of the two.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..topics.model import Frequency, HowIHear
from ..workdays import is_working_day


def working_day(day: date) -> bool:
    return is_working_day(day, "england")


def first_working_day(year: int, month: int, from_day: int = 1) -> date:
    day = date(year, month, from_day)
    while not working_day(day):
        day += timedelta(days=1)
    return day


def at(day: date, hhmm: str, tz: str) -> datetime:
    """``hhmm`` on ``day`` in ``tz``, in UTC (see the module's note on skipped times)."""
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), ZoneInfo(tz)).astimezone(timezone.utc)


@lru_cache(maxsize=4096)
def _due(frequency: str, hhmm: str, tz: str, weekday: int, day_of_month: int,
         local_day: date) -> tuple[str, datetime] | None:
    if frequency == Frequency.DAILY:
        period = f"d{local_day.isoformat()}"
    elif frequency == Frequency.WEEKLY:
        if local_day.weekday() != weekday:
            return None
        year, week, _ = local_day.isocalendar()
        period = f"w{year}-W{week:02d}"
    elif frequency == Frequency.MONTHLY:
        if local_day != first_working_day(local_day.year, local_day.month,
                                          max(1, min(day_of_month, 28))):
            return None
        period = f"m{local_day.year}-{local_day.month:02d}"
    else:
        return None
    return period, at(local_day, hhmm, tz)


def due(how: HowIHear, now: datetime) -> str | None:
    """The period whose digest is due at ``now`` (its time has come today, local time), or
    None. Only on the day itself: a digest missed for a whole day is not caught up later."""
    local_day = now.astimezone(ZoneInfo(how.timezone)).date()
    found = _due(how.frequency.value, how.time, how.timezone, how.weekday, how.day, local_day)
    if found is None or now < found[1]:
        return None
    return found[0]


def lookback(how: HowIHear) -> timedelta:
    """How far back a first digest looks."""
    return {Frequency.WEEKLY: timedelta(days=7),
            Frequency.MONTHLY: timedelta(days=31)}.get(how.frequency, timedelta(days=1))
