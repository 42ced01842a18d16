"""Rounds: everyone matched, no repeats when avoidable, halfway reminders, never twice across
two processes, run-now that asks before a second round, and answers while a big round is
planned. (When rounds fall due, catch-up and leases: tests/test_scheduler.py.)"""
from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timezone
from itertools import combinations

from sqlalchemy import insert

from bot.runtime import build_runtime
from core.coffee import rounds as round_module
from core.coffee.rounds import RoundRunner
from storage.models import MembershipRow, PersonRow



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


async def test_two_rounds_started_together_make_one(chat, runtime, settings, clock,
                                                  fake_channel):
    await _join(chat, "ann", "bob", "cat", "dan")
    other = await build_runtime(settings, clock=clock, scheduler=False)
    other.channels.register(fake_channel)
    slot = datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)
    try:
        async with runtime.services.uow() as uow:
            programme = await uow.coffee.programme(1)
        results = await asyncio.gather(*(RoundRunner(rt.services).run_round(programme, slot)
                                         for rt in (runtime, other, runtime, other)))
    finally:
        await other.stop()
    assert sum(r.claimed for r in results) == 1
    [groups] = await _groups(runtime)
    async with runtime.services.uow() as uow:
        assert len(await uow.outbox.items()) == sum(len(g) for g in groups)


async def test_run_now_twice_within_minutes_asks_before_a_second_round(chat, runtime, clock):
    await _join(chat, "ann", "bob")
    assert "2 people" in await chat.say("lib", "coffee run-now")
    clock.advance(minutes=1)
    reply = await chat.say("lib", "coffee run-now")
    assert "ran 1 minute ago" in reply
    assert len(await _groups(runtime)) == 1                 # nothing happened yet
    button = chat.last.messages[0].card.buttons[0]
    assert button.label == "Run another round now"
    from core.vocabulary import Action
    from tests.fakechat import DM
    pressed = await runtime.kernel.handle(Action(chat.actor("lib"), DM, button.action_id,
                                                 button.value))
    assert "2 people" in pressed.text
    assert len(await _groups(runtime)) == 2
    clock.advance(hours=1)                                  # an hour on: no question
    assert "2 people" in await chat.say("lib", "coffee run-now")


async def test_run_now_with_fewer_than_two_members_says_so_and_stores_nothing(chat, runtime):
    await _join(chat, "ann")
    reply = await chat.say("lib", "coffee run-now")
    assert "has 1 active member(s): at least two are needed" in reply
    assert await _groups(runtime) == []


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


async def test_a_member_is_answered_while_a_round_of_20000_is_planned(chat, runtime,
                                                                     monkeypatch):
    """No transaction is open while a round is planned, so another member's status (which
    takes SQLite's write lock to note their visit) is answered meanwhile."""
    await _join(chat, "ann")
    async with runtime.services.uow() as uow:              # 20,000 more members, in bulk
        now = runtime.services.now()
        await uow.session.execute(insert(PersonRow), [
            dict(key=f"fake:T1:u{i}", workspace_key="fake:T1", display_name=f"U{i}",
                 department=f"d{i % 40}", first_seen=now, last_seen=now) for i in range(20_000)])
        await uow.session.execute(insert(MembershipRow), [
            dict(programme_id=1, person_key=f"fake:T1:u{i}", status="active", joined_at=now)
            for i in range(20_000)])
    planning, answered, real = threading.Event(), threading.Event(), round_module.plan_round
    order = []

    def plan_until_answered(*args, **kwargs):
        planning.set()
        answered.wait(60)                          # planning goes on until ann has her answer
        order.append("planned")
        return real(*args, **kwargs)

    monkeypatch.setattr(round_module, "plan_round", plan_until_answered)
    run = asyncio.create_task(chat.say("lib", "coffee run-now"))
    await asyncio.to_thread(planning.wait, 60)
    status = await chat.say("ann", "coffee status")
    order.append("answered")
    answered.set()
    assert "Coffee Connect" in status and "next round" in status
    assert "20,001 people" in await run
    assert order == ["answered", "planned"]
