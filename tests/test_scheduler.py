"""The scheduler keeps its jobs in the database: after downtime a missed round runs once."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from bot.runtime import build_runtime
from core.coffee.model import Cadence, Programme, ProgrammeSettings
from scheduler.service import programme_trigger
from tests.fakechat import Chat

MONDAY_1100 = datetime(2026, 11, 30, 11, 0, tzinfo=timezone.utc)


def _programme(**settings) -> Programme:
    base = ProgrammeSettings(name="P", slug="p", weekday=0, time="10:00",
                             timezone="Europe/London")
    return Programme(1, "fake:T1", base.with_changes(**settings),
                     datetime(2026, 11, 1, tzinfo=timezone.utc))


def test_triggers_follow_the_cadence_in_local_time():
    after = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    weekly = programme_trigger(_programme()).get_next_fire_time(None, after)
    assert weekly == datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)
    monthly = programme_trigger(_programme(cadence=Cadence.MONTHLY, weekday=3))
    assert monthly.get_next_fire_time(None, after) == datetime(2026, 12, 3, 10, 0,
                                                                tzinfo=timezone.utc)
    summer = programme_trigger(_programme(time="09:30")).get_next_fire_time(
        None, datetime(2027, 6, 1, tzinfo=timezone.utc))
    assert summer == datetime(2027, 6, 7, 8, 30, tzinfo=timezone.utc)   # BST


async def _rounds(runtime) -> int:
    async with runtime.services.uow() as uow:
        return len(await uow.coffee.rounds(1))


async def test_a_missed_run_is_caught_up_once_after_a_restart(chat, runtime, settings, clock,
                                                              fake_channel):
    for user in ("ann", "bob"):
        await chat.say(user, "coffee join")
    clock.set(MONDAY_1100)

    first = await build_runtime(settings, clock=clock)
    await first.scheduler.start()
    jobs = {job.id for job in first.scheduler.aps.get_jobs()}
    assert {"coffee-round:1", "coffee-reminders", "inbox-purge"} <= jobs
    # The bot goes down just before the round was due, so its stored run is overdue ...
    first.scheduler.aps.pause()
    missed = datetime.now(timezone.utc) - timedelta(seconds=30)
    first.scheduler.aps.modify_job("coffee-round:1", next_run_time=missed)
    first.scheduler.shutdown()
    await first.stop()
    assert await _rounds(runtime) == 0

    # ... and comes back: the stored job is overdue but within the grace window.
    second = await build_runtime(settings, clock=clock)
    second.channels.register(fake_channel)
    await second.scheduler.start()
    try:
        for _ in range(50):
            if await _rounds(runtime):
                break
            await asyncio.sleep(0.1)
        assert await _rounds(runtime) == 1
        next_run = second.scheduler.aps.get_job("coffee-round:1").next_run_time
        assert next_run > datetime.now(timezone.utc)          # rescheduled, not re-run
    finally:
        second.scheduler.shutdown()
        await second.stop()

    third = await build_runtime(settings, clock=clock)
    await third.scheduler.start()
    await asyncio.sleep(0.5)
    third.scheduler.shutdown()
    await third.stop()
    assert await _rounds(runtime) == 1


async def test_editing_a_programme_reschedules_its_job(chat, runtime, settings, clock):
    rt = await build_runtime(settings, clock=clock)
    await rt.scheduler.start()
    try:
        assert rt.scheduler.aps.get_job("coffee-round:1") is None     # no programme yet
        lib = Chat(rt, None)
        await lib.say("ann", "coffee join")                  # creates the default programme
        assert rt.scheduler.aps.get_job("coffee-round:1").next_run_time.weekday() == 0
        await lib.say("lib", "coffee edit coffee-connect day=fri time=15:00")
        job = rt.scheduler.aps.get_job("coffee-round:1")
        assert job.next_run_time.weekday() == 4 and job.next_run_time.hour == 15
    finally:
        rt.scheduler.shutdown()
        await rt.stop()
