"""Rounds: everyone matched, no repeats when avoidable, halfway reminders, catch-up after
downtime without running twice, and never twice across two processes."""
from __future__ import annotations

import asyncio
import threading
import time
from datetime import datetime, timezone
from itertools import combinations

from bot.runtime import build_runtime
from core.coffee import rounds as round_module
from core.coffee.rounds import RoundRunner

MONDAY_1100 = datetime(2026, 11, 30, 11, 0, tzinfo=timezone.utc)   # an hour after the slot


async def _join(chat, *users):
    for user in users:
        await chat.say(user, "coffee join")


async def _groups(runtime):
    async with runtime.services.uow() as uow:
        programme = (await uow.coffee.all_programmes())[0]
        rounds = await uow.coffee.rounds(programme.id)
        return [[g.keys for g in await uow.coffee.groups(r.id)] for r in rounds]


def _pairs(groups):
    return {frozenset(p) for g in groups for p in combinations(g, 2)}


async def test_odd_count_makes_one_trio_and_drops_nobody(chat, runtime):
    await _join(chat, "ann", "bob", "cat", "dan", "eve")
    assert "5 people" in await chat.say("lib", "coffee run-now")
    [groups] = await _groups(runtime)
    assert sorted(len(g) for g in groups) == [2, 3]
    assert sorted(k for g in groups for k in g) == [f"fake:T1:{u}" for u in
                                                    ("ann", "bob", "cat", "dan", "eve")]
    await chat.deliver()
    trio = next(g for g in groups if len(g) == 3)
    user = trio[0].rsplit(":", 1)[1]
    intro = chat.inbox(user)[-1].text
    assert intro.count("@") == 3     # the introduction names the whole group


async def test_next_round_avoids_last_rounds_partners(chat, runtime, clock):
    await _join(chat, "ann", "bob", "cat", "dan")
    await chat.say("lib", "coffee run-now")
    clock.advance(days=7)
    await chat.say("lib", "coffee run-now")
    first, second = await _groups(runtime)
    assert not _pairs(first) & _pairs(second)


async def test_paused_people_sit_out_and_come_back_after_the_date(chat, runtime, clock):
    await _join(chat, "ann", "bob", "cat")
    await chat.say("ann", "coffee pause 1 week")
    await chat.say("lib", "coffee run-now")
    clock.advance(days=8)
    await chat.say("lib", "coffee run-now")
    first, second = await _groups(runtime)
    assert "fake:T1:ann" not in {k for g in first for k in g}
    assert "fake:T1:ann" in {k for g in second for k in g}
    assert "next round" in await chat.say("ann", "coffee status")


async def test_status_shows_current_match_and_colleagues_met(chat):
    await _join(chat, "ann", "bob")
    await chat.say("lib", "coffee run-now")
    reply = await chat.say("ann", "coffee status")
    assert "Current match: @Bob" in reply and "Colleagues met so far: 1" in reply


async def test_one_reminder_halfway_only_to_those_who_have_not_answered(chat, runtime, clock):
    await _join(chat, "ann", "bob", "cat", "dan")
    await chat.say("lib", "coffee run-now")
    await chat.deliver()
    await chat.press("ann", "We met")
    runner = RoundRunner(runtime.services)
    clock.advance(days=3)
    assert await runner.send_reminders() == 0            # not halfway yet
    clock.advance(hours=13)
    assert await runner.send_reminders() == 3             # bob, cat, dan
    assert await runner.send_reminders() == 0             # only once
    await chat.deliver()
    assert "have you met" in chat.inbox("bob")[-1].text
    assert all("have you met" not in s.text for s in chat.inbox("ann"))
    assert "Thanks for letting us know" in await chat.press("bob", "Couldn't make it")


async def test_outcome_buttons_belong_to_the_group(chat, runtime):
    await _join(chat, "ann", "bob")
    await chat.say("lib", "coffee run-now")
    await chat.deliver()
    button = chat.find_button("ann", "We met")
    from core.vocabulary import Action
    from tests.fakechat import DM
    reply = await runtime.kernel.handle(Action(chat.actor("zed"), DM, button.action_id, button.value))
    assert "belongs to the people in that introduction" in reply.text


async def test_missed_round_is_caught_up_once_within_the_grace_window(chat, runtime, clock):
    await _join(chat, "ann", "bob")
    runner = RoundRunner(runtime.services)
    clock.set(MONDAY_1100)
    result = await runner.run_due(1)
    assert result.claimed and result.groups == 1
    again = await runner.run_due(1)
    assert not again.claimed
    assert len(await _groups(runtime)) == 1


async def test_round_missed_beyond_the_grace_window_is_not_run(chat, runtime, clock):
    await _join(chat, "ann", "bob")
    clock.set(datetime(2026, 11, 30, 16, 30, tzinfo=timezone.utc))   # 6.5 h late
    assert await RoundRunner(runtime.services).run_due(1) is None
    assert await _groups(runtime) == []


async def test_two_processes_never_run_the_same_round_twice(chat, runtime, settings, clock,
                                                          fake_channel):
    await _join(chat, "ann", "bob", "cat", "dan")
    other = await build_runtime(settings, clock=clock, scheduler=False)
    other.channels.register(fake_channel)
    try:
        clock.set(MONDAY_1100)
        results = await asyncio.gather(*(RoundRunner(rt.services).run_due(1)
                                         for rt in (runtime, other, runtime, other)))
    finally:
        await other.stop()
    assert sum(r.claimed for r in results) == 1
    [groups] = await _groups(runtime)
    async with runtime.services.uow() as uow:
        assert len(await uow.outbox.items()) == sum(len(g) for g in groups)


async def test_fortnightly_programme_skips_its_off_weeks(chat, runtime, clock):
    await chat.say("lib", "coffee create Fortnight every=fortnightly day=mon time=10:00")
    await _join(chat, "ann", "bob")
    await chat.say("ann", "coffee join fortnight")
    await chat.say("bob", "coffee join fortnight")
    runner = RoundRunner(runtime.services)
    clock.set(MONDAY_1100)                                # first Monday after creation
    assert (await runner.run_due(2)).claimed
    clock.set(datetime(2026, 12, 7, 11, 0, tzinfo=timezone.utc))   # off week
    assert await runner.run_due(2) is None
    clock.set(datetime(2026, 12, 14, 11, 0, tzinfo=timezone.utc))
    assert (await runner.run_due(2)).claimed


async def test_stats_show_rounds_met_rate_repeats_and_cross_department_share(chat, clock):
    await chat.say("ann", "coffee profile department=Pharmacy")
    await chat.say("bob", "coffee profile department=Radiology")
    await _join(chat, "ann", "bob")
    await chat.say("lib", "coffee run-now")
    await chat.deliver()
    await chat.press("bob", "We met")
    clock.advance(days=7)
    await chat.say("lib", "coffee run-now")
    reply = await chat.say("lib", "coffee stats")
    assert "2 rounds, 2 participants, 2 groups" in reply
    assert "Met rate 100% (1 group answered)" in reply
    assert "Across departments: 100%" in reply
    assert "Repeat pairs: 1" in reply          # two people can only meet each other
    assert "1 repeat pairs" in reply.splitlines()[-1]


async def test_planning_a_big_round_leaves_the_event_loop_free(chat, monkeypatch):
    await _join(chat, "ann", "bob", "cat", "dan")
    planning, planned, real = threading.Event(), threading.Event(), round_module.plan_round

    def slow_plan(*args, **kwargs):             # what planning 100,000 people feels like
        planning.set()
        time.sleep(0.5)
        planned.set()
        return real(*args, **kwargs)

    monkeypatch.setattr(round_module, "plan_round", slow_plan)
    run = asyncio.create_task(chat.say("lib", "coffee run-now"))
    while not planning.is_set():
        await asyncio.sleep(0.01)
    assert not planned.is_set()                 # we ran mid-plan: acks and replies still flow
    assert "4 people" in await run
