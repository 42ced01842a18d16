"""The plain-data triggers of ``core.jobs`` as APScheduler triggers.

APScheduler's trigger classes work out the next fire time (cron fields in a time zone, through
the change to and from summer time); nothing here keeps state.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from core.jobs import Cron, Every, Once, Trigger

TINY = timedelta(microseconds=1)


def aps_trigger(trigger: Trigger, anchor: datetime | None = None):
    """The APScheduler trigger; ``anchor`` is where an interval starts counting from."""
    if isinstance(trigger, Cron):
        return CronTrigger(hour=trigger.hour, minute=trigger.minute,
                           day_of_week=trigger.day_of_week, day=trigger.day,
                           timezone=trigger.timezone)
    if isinstance(trigger, Every):
        return IntervalTrigger(seconds=trigger.seconds, start_date=anchor, timezone="UTC")
    return DateTrigger(run_date=trigger.at, timezone="UTC")


def next_fire(trigger: Trigger, after: datetime, anchor: datetime | None = None) -> datetime | None:
    """The first fire time strictly after ``after`` (UTC), or None when there is none.
    Intervals count from ``anchor`` (default: ``after``, so the first run is one interval on)."""
    if isinstance(trigger, Once):
        return trigger.at.astimezone(timezone.utc) if trigger.at > after else None
    if isinstance(trigger, Every):
        start = anchor or after
        if start > after:
            return start
        steps = int((after - start).total_seconds() // trigger.seconds) + 1
        return start + timedelta(seconds=trigger.seconds * steps)
    fire = aps_trigger(trigger).get_next_fire_time(None, after + TINY)
    return fire.astimezone(timezone.utc) if fire else None
