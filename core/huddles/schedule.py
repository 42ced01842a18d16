"""When a huddle happens: pure functions of its settings and a time, so every rule (weekdays,
fortnightly, bank holidays of the four nations with substitute days, marked dates, British
Summer Time) is tested with a controllable clock.

Bank holidays come from the maintained ``holidays`` library: England and Wales share a list
(``GB`` subdivision ``ENG``/``WLS``), Scotland (``SCT``) and Northern Ireland (``NIR``) have
their own; observed substitute days (a holiday on a Saturday moved to the Monday) count.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays

from ..workdays import NATIONS, bank_holidays
from .model import DAYS, HuddleSettings

LOOK_AHEAD_DAYS = 800          # a huddle with no date in this long has no more runs


def bank_holiday(nation: str, day: date) -> str | None:
    """The holiday's name when ``day`` is a bank holiday in ``nation``, else None."""
    if day not in bank_holidays(nation, day.year):
        return None
    subdivision = NATIONS[nation]
    return holidays.country_holidays("GB", subdiv=subdivision, years=day.year).get(day)


def _week_index(day: date, start: date) -> int:
    monday = lambda d: d - timedelta(days=d.weekday())   # noqa: E731
    return (monday(day) - monday(start)).days // 7


def on_rota(settings: HuddleSettings, day: date) -> bool:
    """Whether the schedule's days and frequency include ``day`` (holidays not counted)."""
    if day.weekday() not in settings.days:
        return False
    if settings.every == "fortnightly":
        return _week_index(day, settings.start or day) % 2 == 0
    if settings.every == "monthly":        # the first of its days in each month
        first = day.replace(day=1)
        firsts = [first + timedelta(days=(d - first.weekday()) % 7) for d in settings.days]
        return day == min(firsts)
    return True


def why_skipped(settings: HuddleSettings, day: date) -> str | None:
    """Why a day on the rota has no huddle ("bank holiday: Christmas Day", "marked to skip"),
    or None when it goes ahead."""
    if day in settings.skip_dates:
        return "marked to skip"
    name = bank_holiday(settings.nation, day)
    return f"bank holiday: {name}" if name else None


def occurs_on(settings: HuddleSettings, day: date) -> bool:
    return on_rota(settings, day) and why_skipped(settings, day) is None


def local_start(settings: HuddleSettings, day: date) -> datetime:
    """The huddle's start on ``day`` in UTC. A time that does not exist locally (the hour
    skipped when the clocks go forward) moves forward with the clocks; an hour that happens
    twice takes the first."""
    zone = ZoneInfo(settings.timezone)
    hour, minute = (int(p) for p in settings.time.split(":"))
    naive = datetime.combine(day, time(hour, minute))
    # fold=0: in the gap it reads with the offset before the change (01:30 -> 02:30 BST);
    # in the repeated hour it is the first of the two
    return naive.replace(tzinfo=zone, fold=0).astimezone(timezone.utc)


def next_start(settings: HuddleSettings, after: datetime) -> datetime | None:
    """The first start strictly after ``after`` (UTC), or None when there is none ahead."""
    day = after.astimezone(ZoneInfo(settings.timezone)).date() - timedelta(days=1)
    for _ in range(LOOK_AHEAD_DAYS):
        if occurs_on(settings, day):
            start = local_start(settings, day)
            if start > after:
                return start
        day += timedelta(days=1)
    return None


def next_starts(settings: HuddleSettings, after: datetime, n: int = 3) -> list[datetime]:
    found: list[datetime] = []
    while len(found) < n:
        start = next_start(settings, found[-1] if found else after)
        if start is None:
            break
        found.append(start)
    return found


def skipped_between(settings: HuddleSettings, after: datetime,
                    until: datetime) -> list[tuple[date, str]]:
    """Days on the rota between two times that are skipped, with the reason (for the list)."""
    zone = ZoneInfo(settings.timezone)
    day, last = after.astimezone(zone).date(), until.astimezone(zone).date()
    out = []
    while day <= last:
        reason = why_skipped(settings, day) if on_rota(settings, day) else None
        if reason and after < local_start(settings, day) < until:
            out.append((day, reason))
        day += timedelta(days=1)
    return out


def reminder_at(opens_at: datetime, closes_at: datetime) -> datetime:
    """Fifteen minutes before close, or halfway for windows under 30 minutes."""
    window = closes_at - opens_at
    if window < timedelta(minutes=30):
        return opens_at + window / 2
    return closes_at - timedelta(minutes=15)


def describe_days(settings: HuddleSettings) -> str:
    days = settings.days
    if days == (0, 1, 2, 3, 4):
        text = "weekdays"
    elif days == tuple(range(7)):
        text = "every day"
    else:
        text = ", ".join(DAYS[d].capitalize() for d in days)
    return text if settings.every == "weekly" else f"{settings.every}, {text}"
