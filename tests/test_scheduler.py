"""The scheduler: what is due lives in the database, so a run happens once however many
processes tick, a dead process's run is resumed, downtime is caught up once within the grace
window, and times follow the time zone through the change to and from British Summer Time."""
from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta, timezone

from bot.runtime import build_runtime
from core import housekeeping
from core.coffee import jobs as coffee_jobs
from core.coffee import rounds as round_module
from core.coffee.model import Cadence, Programme, ProgrammeSettings
from core.coffee.schedule import next_slot
from core.jobs import Cron, Every, JobKind
from scheduler import Scheduler
from scheduler.triggers import next_fire
from tests.fakechat import Chat

UTC = timezone.utc
MONDAY_1100 = datetime(2026, 11, 30, 11, 0, tzinfo=UTC)    # an hour after Monday's round
KINDS = [*housekeeping.JOBS, *coffee_jobs.JOBS]


def scheduler(runtime, worker: str, kinds=KINDS) -> Scheduler:
    return Scheduler(runtime.services, kinds, worker=worker)


async def _rounds(runtime, programme_id: int = 1) -> list:
    async with runtime.services.uow() as uow:
        return await uow.coffee.rounds(programme_id)


async def _runs(runtime, kind: str = coffee_jobs.ROUND.name) -> list:
    async with runtime.services.uow() as uow:
        return await uow.jobs.runs(kind)


async def _join(chat, *users):
    for user in users:
        await chat.say(user, "coffee join")


def _programme(**settings) -> Programme:
    base = ProgrammeSettings(name="P", slug="p", weekday=0, time="10:00",
                             timezone="Europe/London")
    return Programme(1, "fake:T1", base.with_changes(**settings),
                     datetime(2026, 3, 1, tzinfo=UTC))


def test_triggers_follow_local_time_through_the_clock_changes():
    monday_ten = Cron(hour=10, minute=0, timezone="Europe/London", day_of_week="mon")
    # BST ends on Sunday 25 October 2026: 10:00 is 09:00 UTC before, 10:00 UTC after
    assert next_fire(monday_ten, datetime(2026, 10, 18, tzinfo=UTC)) == datetime(
        2026, 10, 19, 9, 0, tzinfo=UTC)
    assert next_fire(monday_ten, datetime(2026, 10, 19, 9, 0, tzinfo=UTC)) == datetime(
        2026, 10, 26, 10, 0, tzinfo=UTC)
    # BST starts on Sunday 28 March 2027
    assert next_fire(monday_ten, datetime(2027, 3, 22, 10, 0, tzinfo=UTC)) == datetime(
        2027, 3, 29, 9, 0, tzinfo=UTC)
    # a programme's own rule (weekly, fortnightly, monthly) does the same
    assert next_slot(_programme(), datetime(2027, 3, 22, 10, 0, tzinfo=UTC)) == datetime(
        2027, 3, 29, 9, 0, tzinfo=UTC)
    monthly = _programme(cadence=Cadence.MONTHLY, weekday=3)
    assert next_slot(monthly, datetime(2026, 11, 25, 12, 0, tzinfo=UTC)) == datetime(
        2026, 12, 3, 10, 0, tzinfo=UTC)
    assert next_fire(Every(60), datetime(2026, 1, 1, 0, 0, 30, tzinfo=UTC),
                     anchor=datetime(2026, 1, 1, tzinfo=UTC)) == datetime(2026, 1, 1, 0, 1,
                                                                           tzinfo=UTC)


async def test_a_daily_job_keeps_its_local_time_across_both_clock_changes(runtime, clock):
    ran: list[datetime] = []

    async def record(services, run):
        ran.append(run.due)

    kind = JobKind("test.daily", record)
    ticker = scheduler(runtime, "a", [kind])
    clock.set(datetime(2026, 10, 23, 12, 0, tzinfo=UTC))
    async with runtime.services.uow() as uow:
        await uow.jobs.schedule("test.daily", "ward-7",
                                Cron(hour=8, minute=45, timezone="Europe/London"), clock.now())
    for day in (24, 25, 26):                   # Saturday (BST), Sunday, Monday (GMT)
        clock.set(datetime(2026, 10, day, 7, 40, tzinfo=UTC))
        await ticker.tick()
        clock.set(datetime(2026, 10, day, 8, 50, tzinfo=UTC))
        await ticker.tick()
    assert ran == [datetime(2026, 10, 24, 7, 45, tzinfo=UTC),
                   datetime(2026, 10, 25, 8, 45, tzinfo=UTC),
                   datetime(2026, 10, 26, 8, 45, tzinfo=UTC)]
    ran.clear()
    clock.set(datetime(2027, 3, 27, 8, 50, tzinfo=UTC))   # Saturday, GMT
    await ticker.tick()
    clock.set(datetime(2027, 3, 28, 7, 50, tzinfo=UTC))   # Sunday, BST has begun
    await ticker.tick()
    assert ran == [datetime(2027, 3, 27, 8, 45, tzinfo=UTC),
                   datetime(2027, 3, 28, 7, 45, tzinfo=UTC)]


async def test_two_processes_with_a_round_due_run_it_once(chat, runtime, settings, clock,
                                                         fake_channel):
    await _join(chat, "ann", "bob", "cat", "dan")
    other = await build_runtime(settings, clock=clock, scheduler=False)
    other.channels.register(fake_channel)
    try:
        clock.set(MONDAY_1100)
        first, second = scheduler(runtime, "one"), scheduler(other, "two")
        claimed = await asyncio.gather(first.tick(), second.tick(), first.tick(), second.tick())
    finally:
        await other.stop()
    assert sum(len(c) for c in claimed) == 1
    [done] = await _runs(runtime)
    assert done.status == "done" and done.attempt == 1
    [stored] = await _rounds(runtime)
    assert stored.slot == datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    async with runtime.services.uow() as uow:
        assert len(await uow.outbox.items()) == 4          # two pairs, each person once


async def test_a_run_whose_process_dies_is_resumed_by_another(chat, runtime, settings, clock,
                                                             fake_channel, monkeypatch):
    await _join(chat, "ann", "bob", "cat", "dan")
    planning, release, real = threading.Event(), threading.Event(), round_module.plan_round
    calls = []

    def plan_once_stuck(*args, **kwargs):          # the first process hangs mid-plan
        calls.append(1)
        if len(calls) == 1:
            planning.set()
            release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(round_module, "plan_round", plan_once_stuck)
    other = await build_runtime(settings, clock=clock, scheduler=False)
    other.channels.register(fake_channel)
    try:
        clock.set(MONDAY_1100)
        doomed = asyncio.create_task(scheduler(runtime, "doomed").tick())
        await asyncio.to_thread(planning.wait, 30)
        doomed.cancel()                            # the process is killed mid-run
        await asyncio.gather(doomed, return_exceptions=True)
        [held] = await _runs(runtime)
        assert held.status == "running" and held.worker == "doomed"

        survivor = scheduler(other, "survivor")
        assert await survivor.tick() == []         # its lease has not run out yet
        clock.advance(minutes=6)
        [resumed] = await survivor.tick()
        assert resumed.attempt == 2
    finally:
        release.set()
        await other.stop()
    [done] = await _runs(runtime)
    assert (done.status, done.worker, done.attempt) == ("done", "survivor", 2)
    assert len(await _rounds(runtime)) == 1


async def test_a_missed_round_is_caught_up_once_after_downtime(chat, runtime, settings, clock,
                                                              fake_channel):
    await _join(chat, "ann", "bob")
    clock.set(MONDAY_1100)                         # the bot was down at 10:00
    assert len(await scheduler(runtime, "back").tick()) == 1
    assert await scheduler(runtime, "back").tick() == []
    restarted = await build_runtime(settings, clock=clock, scheduler=False)
    try:
        assert await scheduler(restarted, "again").tick() == []
    finally:
        await restarted.stop()
    [caught_up] = await _rounds(runtime)
    assert caught_up.slot == datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    await chat.deliver()
    assert "Coffee Connect" in chat.inbox("ann")[-1].text


async def test_a_round_missed_beyond_the_grace_window_is_skipped(chat, runtime, clock):
    await _join(chat, "ann", "bob")
    clock.set(datetime(2026, 11, 30, 16, 30, tzinfo=UTC))      # 6.5 hours late
    assert await scheduler(runtime, "late").tick() == []
    assert await _rounds(runtime) == []
    [skipped] = await _runs(runtime)
    assert skipped.status == "skipped"
    clock.set(datetime(2026, 12, 7, 10, 5, tzinfo=UTC))         # the next week runs as usual
    assert len(await scheduler(runtime, "late").tick()) == 1


async def test_after_weeks_of_downtime_only_the_latest_round_runs(chat, runtime, clock):
    await _join(chat, "ann", "bob")
    clock.set(datetime(2026, 12, 14, 11, 0, tzinfo=UTC))
    assert len(await scheduler(runtime, "back").tick()) == 1
    runs = await _runs(runtime)
    assert [(r.due.day, r.status) for r in runs] == [(30, "skipped"), (7, "skipped"),
                                                     (14, "done")]
    assert [r.slot.day for r in await _rounds(runtime)] == [14]


async def test_a_programme_created_in_another_process_is_picked_up_on_the_next_tick(
        runtime, settings, clock, fake_channel):
    console = await build_runtime(settings, clock=clock, scheduler=False)   # `kmbot console`
    try:
        there = Chat(console, fake_channel)
        reply = await there.say("lib", "coffee create Pharmacy day=thu time=14:00")
        assert "First round on Thursday 26 November 2026" in reply
        for user in ("ann", "bob"):
            await there.say(user, "coffee join pharmacy")
    finally:
        await console.stop()
    running = scheduler(runtime, "run")                 # `kmbot run`, started before
    clock.set(datetime(2026, 11, 26, 14, 0, 10, tzinfo=UTC))
    [run] = await running.tick()
    assert run.kind == "coffee.round"
    [pharmacy] = [p for p in await _all_programmes(runtime) if p.slug == "pharmacy"]
    assert len(await _rounds(runtime, pharmacy.id)) == 1


async def _all_programmes(runtime):
    async with runtime.services.uow() as uow:
        return await uow.coffee.all_programmes()


async def test_editing_a_programme_moves_its_next_round(chat, runtime, clock):
    await chat.say("ann", "coffee join")
    reply = await chat.say("lib", "coffee edit coffee-connect day=fri time=15:00")
    assert "Next round on Friday 27 November 2026 at 15:00" in reply
    async with runtime.services.uow() as uow:
        scheduled = await uow.jobs.scheduled("coffee.round", "1")
    assert scheduled.next_due == datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    await chat.say("bob", "coffee join")
    clock.set(datetime(2026, 11, 30, 10, 30, tzinfo=UTC))      # the old Monday slot
    ticker = scheduler(runtime, "a")
    assert await ticker.tick() == []                            # too late for Friday's
    assert [r.status for r in await _runs(runtime)] == ["skipped"]


async def test_the_halfway_reminder_is_a_scheduled_run(chat, runtime, clock):
    await _join(chat, "ann", "bob")
    await chat.say("lib", "coffee run-now")
    await chat.deliver()
    ticker = scheduler(runtime, "a")
    clock.advance(days=3)
    assert await ticker.tick() == []                            # not halfway yet
    clock.advance(hours=13)
    [reminder] = await ticker.tick()
    assert reminder.kind == "coffee.reminder"
    assert await ticker.tick() == []
    await chat.deliver()
    assert "have you met" in chat.inbox("bob")[-1].text


async def test_the_fortnightly_programme_skips_its_off_weeks(chat, runtime, clock):
    await chat.say("lib", "coffee create Fortnight every=fortnightly day=mon time=10:00")
    for user in ("ann", "bob"):
        await chat.say(user, "coffee join fortnight")
    ticker = scheduler(runtime, "a")
    for day, expected in ((30, 1), (7, 0), (14, 1)):
        month = 11 if day == 30 else 12
        clock.set(datetime(2026, month, day, 10, 30, tzinfo=UTC))
        ran = [r.key for r in await ticker.tick()]
        assert ran.count("2") == expected          # (the default programme is "1")
    assert [r.slot.day for r in await _rounds(runtime, 2)] == [30, 14]


async def test_a_failing_job_is_retried_then_given_up(runtime, clock):
    attempts = []

    async def broken(services, run):
        attempts.append(run.attempt)
        raise RuntimeError("the feed server is down")

    kind = JobKind("test.broken", broken)
    async with runtime.services.uow() as uow:
        await uow.jobs.schedule("test.broken", "x", clock.now(), clock.now())
    ticker = scheduler(runtime, "a", [kind])
    for _ in range(4):
        await ticker.tick()
    assert attempts == [1, 2, 3]
    [failed] = await _runs(runtime, "test.broken")
    assert failed.status == "failed" and "feed server" in failed.last_error


async def test_the_running_scheduler_ticks_by_itself(chat, runtime, clock):
    await _join(chat, "ann", "bob")
    clock.set(MONDAY_1100)
    ticker = Scheduler(runtime.services, KINDS, worker="timer", tick_seconds=0.05)
    await ticker.start()
    try:
        for _ in range(200):
            if await _rounds(runtime):
                break
            await asyncio.sleep(0.05)
        assert len(await _rounds(runtime)) == 1
        async with runtime.services.uow() as uow:
            purge = await uow.jobs.scheduled("housekeeping.purge", "")
        assert purge.next_due == datetime(2026, 12, 1, 3, 30, tzinfo=UTC)
    finally:
        await ticker.stop()
    assert not ticker.running


def test_two_job_kinds_with_one_name_fail_at_start(runtime):
    import pytest
    kind = JobKind("test.same", lambda services, run: None)
    with pytest.raises(ValueError, match="test.same"):
        Scheduler(runtime.services, [kind, kind])


async def test_an_item_with_no_time_yet_counts_from_when_it_was_scheduled(chat, runtime, clock):
    """As an upgrade from APScheduler's job store leaves programmes: the next round is worked
    out from when the item was written, so one that fell due meanwhile is still caught up."""
    await _join(chat, "ann", "bob")
    async with runtime.services.uow() as uow:
        await uow.jobs.schedule("coffee.round", "1", None, clock.now())   # Wednesday
    clock.set(MONDAY_1100)
    [run] = await scheduler(runtime, "a").tick()
    assert run.due == datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    async with runtime.services.uow() as uow:
        scheduled = await uow.jobs.scheduled("coffee.round", "1")
    assert scheduled.next_due == datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
