"""Huddles as a team sees them: scheduled in a channel, a prompt at the time, answers in the
thread or through the Answer button, one reminder, a summary at close with the prompt edited;
weekends, bank holidays and marked dates skipped; caught up after downtime only while the
window is open; two processes post once. The clock is moved by hand."""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from bot.runtime import build_runtime
from core.huddles import jobs as huddle_jobs
from core.vocabulary import Place, PlaceKind
from scheduler import Scheduler

UTC = timezone.utc
WARD = Place(PlaceKind.CHANNEL, "C7", name="ward-7")
SCHEDULE = ('huddle schedule "Ward 7 safety huddle" days=weekdays time=08:45 '
            'tz=Europe/London template=safety window=30m nation=england')
THURSDAY_0845 = datetime(2026, 11, 26, 8, 45, tzinfo=UTC)


def ticker(runtime, worker: str = "w") -> Scheduler:
    return Scheduler(runtime.services, huddle_jobs.JOBS, worker=worker)


async def at(chat, runtime, clock, when: datetime, worker: str = "w") -> list:
    clock.set(when)
    ran = await ticker(runtime, worker).tick()
    await chat.deliver()
    return ran


async def scheduled(chat) -> str:
    return await chat.say("nia", SCHEDULE, WARD)


async def test_a_scheduled_huddle_prompts_collects_reminds_and_summarises(chat, runtime,
                                                                         clock):
    reply = await scheduled(chat)
    assert reply == ("Scheduled “Ward 7 safety huddle”: weekdays at 08:45 (Europe/London), "
                     "answers open for 30 minutes. Next: Thu 26 Nov 08:45.")
    assert await at(chat, runtime, clock, datetime(2026, 11, 26, 8, 44, tzinfo=UTC)) == []
    assert chat.posts("C7") == []

    await at(chat, runtime, clock, THURSDAY_0845)
    [prompt] = chat.posts("C7")
    assert prompt.text.startswith("Ward 7 safety huddle: Thursday 26 November. Answer in the "
                                  "thread or with the Answer button, until 09:15.")
    assert "1. What went well yesterday?" in prompt.text
    assert "2. Any safety concerns today?" in prompt.text

    clock.set(datetime(2026, 11, 26, 8, 50, tzinfo=UTC))
    assert await chat.reply_in_thread("ann", prompt, "1. Handover was calm\n"
                                      "2. Bay 3 hoist is broken") == (
        "Thanks Ann, your answer is in.")
    assert await chat.reply_in_thread("bob", prompt, "Short of a nurse on lates") == (
        "Thanks Bob, your answer is in.")
    assert await chat.press("cat", "Answer", prompt) == ""
    form = chat.last.open_form
    assert [i.label for i in form.inputs] == ["What went well yesterday?",
                                              "Any safety concerns today?",
                                              "Is there anything we need help with?"]
    reply = await chat.submit("cat", form.form_id, {"a2": "Bay 3 hoist again", "a3": ""},
                              form.context)
    assert reply.text == "Thanks Cat, your answer is in."
    await chat.deliver()
    assert chat.thread(prompt) == []                  # answers don't flood the channel

    await at(chat, runtime, clock, datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    [reminder] = chat.thread(prompt)
    assert reminder.text == ("15 minutes left to answer “Ward 7 safety huddle”: reply here or "
                             "press Answer on the message above.")

    await at(chat, runtime, clock, datetime(2026, 11, 26, 9, 15, tzinfo=UTC))
    assert prompt.text.startswith("Ward 7 safety huddle: Thursday 26 November. Closed: 3 "
                                  "answered.") and prompt.edits
    assert not prompt.message.card.buttons
    summary = chat.thread(prompt)[-1].text
    assert summary == (
        "Ward 7 safety huddle, Thursday 26 November: 3 answered.\n"
        "\nWhat went well yesterday?\n• Ann: Handover was calm\n"
        "\nAny safety concerns today?\n• Ann: Bay 3 hoist is broken\n• Cat: Bay 3 hoist again\n"
        "\nOther comments\n• Bob: Short of a nurse on lates")
    assert await at(chat, runtime, clock, datetime(2026, 11, 26, 9, 30, tzinfo=UTC)) == []
    assert len(chat.thread(prompt)) == 2               # nothing twice

    # a late answer is kept and marked
    assert await chat.reply_in_thread("dan", prompt, "Sorry, missed it: all fine") == (
        "Thanks Dan. The huddle had closed, so your answer is kept, marked late.")
    assert "• Dan: Sorry, missed it: all fine (late)" in await chat.say(
        "nia", 'huddle summary "Ward 7 safety huddle"', WARD)


async def test_the_next_prompt_comes_on_the_next_working_day(chat, runtime, clock):
    await scheduled(chat)
    await at(chat, runtime, clock, THURSDAY_0845)
    await at(chat, runtime, clock, datetime(2026, 11, 27, 8, 45, tzinfo=UTC))   # Friday
    await at(chat, runtime, clock, datetime(2026, 11, 28, 8, 45, tzinfo=UTC))   # Saturday
    await at(chat, runtime, clock, datetime(2026, 11, 29, 8, 45, tzinfo=UTC))   # Sunday
    await at(chat, runtime, clock, datetime(2026, 11, 30, 8, 45, tzinfo=UTC))   # Monday
    assert [p.text.split(".")[0] for p in chat.posts("C7")] == [
        "Ward 7 safety huddle: Thursday 26 November",
        "Ward 7 safety huddle: Friday 27 November",
        "Ward 7 safety huddle: Monday 30 November"]


async def test_list_shows_the_next_three_dates_and_what_is_skipped(chat, runtime, clock):
    clock.set(datetime(2026, 12, 23, 12, 0, tzinfo=UTC))
    await scheduled(chat)
    assert "won't run on Thursday 24 December. Next: Tue 29 Dec 08:45." in await chat.say(
        "nia", 'huddle skip "Ward 7 safety huddle" 2026-12-24', WARD)
    listed = await chat.say("ann", "huddle list", WARD)
    assert listed == (
        "Huddles in this channel:\n"
        "• Ward 7 safety huddle: weekdays at 08:45 (Europe/London), 30 minutes window. "
        "Next: Tue 29 Dec 08:45; Wed 30 Dec 08:45; Thu 31 Dec 08:45\n"
        "    (skipped: Thu 24 Dec (marked to skip); Fri 25 Dec (bank holiday: Christmas Day); "
        "Mon 28 Dec (bank holiday: Boxing Day (observed)))")


async def test_a_missed_huddle_is_posted_late_only_while_its_window_is_open(chat, runtime,
                                                                           clock):
    await scheduled(chat)
    await at(chat, runtime, clock, datetime(2026, 11, 26, 9, 5, tzinfo=UTC))   # back at 09:05
    [prompt] = chat.posts("C7")
    assert "until 09:15" in prompt.text
    # the reminder time had passed: it comes at once, then the close
    await at(chat, runtime, clock, datetime(2026, 11, 26, 9, 15, tzinfo=UTC))
    assert "Closed: 0 answered" in prompt.text
    # down through Friday's whole window: nothing posted late
    await at(chat, runtime, clock, datetime(2026, 11, 27, 9, 20, tzinfo=UTC))
    assert len(chat.posts("C7")) == 1
    await at(chat, runtime, clock, datetime(2026, 11, 30, 8, 45, tzinfo=UTC))
    assert len(chat.posts("C7")) == 2


async def test_two_processes_post_a_huddle_once(chat, runtime, settings, clock, fake_channel):
    await scheduled(chat)
    other = await build_runtime(settings, clock=clock, scheduler=False)
    other.channels.register(fake_channel)
    try:
        clock.set(THURSDAY_0845)
        one, two = ticker(runtime, "one"), ticker(other, "two")
        await asyncio.gather(one.tick(), two.tick(), one.tick(), two.tick())
        # and run-now after the scheduled post says it already ran
        assert "already been posted today" in await chat.say(
            "nia", 'huddle run-now "Ward 7 safety huddle"', WARD)
    finally:
        await other.stop()
    await chat.deliver()
    assert len(chat.posts("C7")) == 1


async def test_run_now_pause_resume_edit_and_delete(chat, runtime, clock):
    await scheduled(chat)
    assert await chat.say("nia", 'huddle run-now "Ward 7 safety huddle"', WARD) == (
        "Posted today's prompt for “Ward 7 safety huddle” in the channel.")
    await chat.deliver()
    [prompt] = chat.posts("C7")
    assert "Wednesday 25 November" in prompt.text and "until 12:30" in prompt.text
    assert "only the person who scheduled" in (await chat.say(
        "bob", 'huddle pause "Ward 7 safety huddle"', WARD)).lower()
    assert await chat.say("nia", 'huddle pause "Ward 7 safety huddle"', WARD) == (
        "Paused “Ward 7 safety huddle”: no prompts until you /huddle resume it.")
    await at(chat, runtime, clock, THURSDAY_0845)
    assert len(chat.posts("C7")) == 1
    assert "(paused)" in await chat.say("nia", "huddle list", WARD)
    assert await chat.say("lib", 'huddle resume "Ward 7 safety huddle"', WARD) == (
        "Resumed “Ward 7 safety huddle”. Next: Fri 27 Nov 08:45.")
    assert await chat.say("nia", 'huddle edit "Ward 7 safety huddle" time=07:30 '
                          'days=mon,wed name="Ward 7 huddle"', WARD) == (
        "Updated “Ward 7 huddle”. Next: Mon 30 Nov 07:30.")
    assert "Deleted “Ward 7 huddle”" in await chat.say("nia", 'huddle delete "Ward 7 huddle"',
                                                       WARD)
    await at(chat, runtime, clock, datetime(2026, 11, 30, 7, 30, tzinfo=UTC))
    assert len(chat.posts("C7")) == 1
    assert "No huddles here yet" in await chat.say("nia", "huddle list", WARD)


async def test_bad_input_is_refused_with_how_to_fix_it_and_nothing_stored(chat, runtime):
    cases = {
        'huddle schedule "H" days=someday': "isn't a set of days",
        'huddle schedule "H" time=8.75pm': "isn't a time",
        'huddle schedule "H" tz=Narnia': "isn't a time zone",
        'huddle schedule "H" window=3m': "from 10 minutes to 24 hours",
        'huddle schedule "H" nation=kernow': "isn't a nation",
        'huddle schedule "H" questions="a|b|c|d|e|f"': "a huddle asks one to five",
        'huddle schedule "H" colour=blue': "I don't know the option “colour”",
        'huddle schedule days=weekdays': "Give the huddle a name",
    }
    for typed, says in cases.items():
        assert says in await chat.say("nia", typed, WARD), typed
    assert "team channel" in await chat.say("nia", SCHEDULE)          # in a DM
    await scheduled(chat)
    assert "already a huddle called" in await chat.say(
        "ann", SCHEDULE.replace("Ward 7", "WARD 7"), WARD)
    assert "There is no huddle called “Nope”" in await chat.say(
        "nia", 'huddle pause "Nope"', WARD)
    assert "has already gone" in await chat.say(
        "nia", 'huddle skip "Ward 7 safety huddle" 2026-01-01', WARD)
    async with runtime.services.uow() as uow:
        assert len(await uow.huddles.all()) == 1


async def test_the_schedule_form_keeps_what_was_typed_and_names_wrong_fields(chat, runtime):
    assert await chat.say("nia", "huddle schedule", WARD) == ""
    form = chat.last.open_form
    assert form.context == "C7"
    values = {"name": "Learning huddle", "days": "fri", "every": "fortnightly",
              "time": "25:61", "tz": "Europe/London", "template": "learning",
              "questions": "", "window": "1h", "nation": "wales"}
    reply = await chat.submit("nia", form.form_id, values, form.context)
    assert list(reply.field_errors) == ["time"]
    values["time"] = "14:00"
    chat.channel.members_of["C7"] = ["ann", "nia"]
    refused = await chat.submit("bob", form.form_id, values, form.context)  # not in #C7
    assert "only schedule a huddle for a channel you're in" in refused.text
    reply = await chat.submit("nia", form.form_id, values, form.context)
    assert reply.text.startswith("Scheduled “Learning huddle”: fortnightly, Fri at 14:00")


async def test_a_channel_the_bot_was_removed_from_pauses_the_huddle_and_tells_its_owner_once(
        chat, runtime, clock, fake_channel):
    from core.channels import DeliveryError
    await scheduled(chat)
    fake_channel.failures.append(DeliveryError("not_in_channel", permanent=True))
    await at(chat, runtime, clock, THURSDAY_0845)
    assert chat.posts("C7") == []
    await at(chat, runtime, clock, datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    await at(chat, runtime, clock, datetime(2026, 11, 26, 9, 15, tzinfo=UTC))
    [told] = chat.inbox("nia")
    assert told.text == ("I couldn't post “Ward 7 safety huddle” in its channel "
                         "(not_in_channel), so I've paused it rather than fail every day. "
                         "Invite me back and /huddle resume \"Ward 7 safety huddle\".")
    for day in (27, 30):
        await at(chat, runtime, clock, datetime(2026, 11, day, 8, 45, tzinfo=UTC))
    assert chat.posts("C7") == [] and len(chat.inbox("nia")) == 1
    assert "(paused)" in await chat.say("nia", "huddle list", WARD)
    assert "Resumed" in await chat.say("nia", 'huddle resume "Ward 7 safety huddle"', WARD)
    await at(chat, runtime, clock, datetime(2026, 12, 1, 8, 45, tzinfo=UTC))
    assert len(chat.posts("C7")) == 1


async def test_my_data_and_forget_me_cover_answers_and_huddles(chat, runtime, clock):
    import json
    await scheduled(chat)
    await at(chat, runtime, clock, THURSDAY_0845)
    [prompt] = chat.posts("C7")
    await chat.reply_in_thread("nia", prompt, "2. Bay 3 hoist is broken")
    await chat.reply_in_thread("ann", prompt, "1. All good")
    await chat.say("nia", "kmbot my-data")
    data = json.loads(chat.last.messages[0].attachment.content)
    assert data["huddles"] == {"huddles_scheduled": ["Ward 7 safety huddle"], "huddle_answers": [
        {"huddle": "Ward 7 safety huddle", "date": "2026-11-26",
         "question": "Any safety concerns today?", "answer": "Bay 3 hoist is broken",
         "late": False, "at": "2026-11-26T08:45:00+00:00"}]}
    await chat.say("nia", "kmbot forget-me")
    await chat.press("nia", "Yes, forget me")
    await at(chat, runtime, clock, datetime(2026, 11, 26, 9, 15, tzinfo=UTC))
    summary = chat.thread(prompt)[-1].text
    assert "Bay 3" not in summary and "• Ann: All good" in summary
    # the huddle goes on for the team, managed by librarians
    assert "Paused" in await chat.say("lib", 'huddle pause "Ward 7 safety huddle"', WARD)
    async with runtime.services.uow() as uow:
        assert (await uow.huddles.export_person("fake:T1:nia")) == {
            "huddles_scheduled": [], "huddle_answers": []}


async def test_a_redelivered_thread_answer_is_stored_once(chat, runtime, clock):
    await scheduled(chat)
    await at(chat, runtime, clock, THURSDAY_0845)
    [prompt] = chat.posts("C7")
    for _ in range(2):
        await chat.reply_in_thread("ann", prompt, "1. Calm", event_id="Ev-same")
    await chat.reply_in_thread("ann", prompt, "x" * 2001)
    assert "the limit is 2000" in chat.last.text
    async with runtime.services.uow() as uow:
        assert [a.text for a in await uow.huddles.answers([1])] == ["Calm"]


async def test_names_can_be_typed_without_quotes(chat, runtime, clock):
    assert "Scheduled “Ward 7 safety huddle”" in await chat.say(
        "nia", "huddle schedule Ward 7 safety huddle days=mon,wed time=10:00", WARD)
    assert "won't run on Monday 30 November" in await chat.say(
        "nia", "huddle skip ward 7 safety huddle 2026-11-30", WARD)
    assert "Say which date to skip" in await chat.say("nia", "huddle skip Ward 7 safety huddle",
                                                      WARD)
    assert "Paused" in await chat.say("nia", "huddle pause Ward 7 safety huddle", WARD)


async def test_many_huddles_due_at_once_are_all_posted_in_one_pump_of_the_scheduler(
        chat, runtime, clock):
    for ward in range(5):
        await chat.say("nia", SCHEDULE.replace("Ward 7", f"Ward {ward}"),
                       Place(PlaceKind.CHANNEL, f"C{ward}"))
    clock.set(THURSDAY_0845)
    pump = Scheduler(runtime.services, huddle_jobs.JOBS, worker="w", batch=2)
    await pump._pump()              # what `kmbot run`'s timer calls: full batches go again
    await asyncio.gather(*pump._tasks - {asyncio.current_task()})
    await chat.deliver()
    assert sum(len(chat.posts(f"C{ward}")) for ward in range(5)) == 5


async def test_a_prompt_the_platform_refuses_for_good_pauses_at_once_and_tells_the_owner_once(
        chat, runtime, clock, fake_channel):
    from core.channels import NOT_IN_CHANNEL, DeliveryError
    await scheduled(chat)
    fake_channel.failures.append(DeliveryError("not_in_channel", permanent=True,
                                               kind=NOT_IN_CHANNEL))
    await at(chat, runtime, clock, THURSDAY_0845)
    assert chat.posts("C7") == []
    [told] = chat.inbox("nia")                  # at once, not at close
    assert told.text == ("I couldn't post “Ward 7 safety huddle”: I'm no longer in its "
                         "channel, so I've paused the huddle rather than fail every day. Add "
                         "me back to the channel, then type /huddle resume \"Ward 7 safety "
                         "huddle\".")
    async with runtime.services.uow() as uow:   # no reminder, no close left to fail
        assert await uow.jobs.scheduled("huddles.reminder", "1") is None
        assert await uow.jobs.scheduled("huddles.close", "1") is None
        assert await uow.jobs.scheduled("huddles.prompt", "1") is None
    for when in (datetime(2026, 11, 26, 9, 15, tzinfo=UTC),
                 datetime(2026, 11, 27, 8, 45, tzinfo=UTC)):
        await at(chat, runtime, clock, when)
    assert chat.posts("C7") == [] and len(chat.inbox("nia")) == 1
    assert "(paused)" in await chat.say("nia", "huddle list", WARD)


async def test_a_deleted_prompt_stops_the_day_and_pauses_the_huddle(chat, runtime, clock,
                                                                    fake_channel):
    from core.channels import THREAD_GONE, DeliveryError
    await scheduled(chat)
    await at(chat, runtime, clock, THURSDAY_0845)
    [prompt] = chat.posts("C7")
    fake_channel.failures.append(DeliveryError("thread_not_found", permanent=True,
                                               kind=THREAD_GONE))
    await at(chat, runtime, clock, datetime(2026, 11, 26, 9, 0, tzinfo=UTC))   # the reminder
    [told] = chat.inbox("nia")
    assert "its message was deleted" in told.text and "/huddle resume" in told.text
    await at(chat, runtime, clock, datetime(2026, 11, 26, 9, 15, tzinfo=UTC))
    assert chat.thread(prompt) == [] and len(chat.inbox("nia")) == 1   # no summary to fail
    await at(chat, runtime, clock, datetime(2026, 11, 27, 8, 45, tzinfo=UTC))
    assert len(chat.posts("C7")) == 1
    assert "Resumed" in await chat.say("nia", 'huddle resume "Ward 7 safety huddle"', WARD)
    await at(chat, runtime, clock, datetime(2026, 11, 30, 8, 45, tzinfo=UTC))
    assert len(chat.posts("C7")) == 2


async def test_scheduling_for_another_channel_checks_both_of_you_are_in_it(chat, runtime,
                                                                           fake_channel):
    fake_channel.members_of["C9"] = ["ann"]
    other = SCHEDULE + " channel=C9"
    assert "only schedule a huddle for a channel you're in" in await chat.say(
        "nia", other, WARD)
    fake_channel.members_of["C9"] = ["ann", "nia"]
    fake_channel.outside = {"C9"}
    assert "I'm not in that channel" in await chat.say("nia", other, WARD)
    async with runtime.services.uow() as uow:
        assert await uow.huddles.all() == []          # nothing half-stored
    fake_channel.outside = set()
    assert "Scheduled" in await chat.say("nia", other, WARD)
    async with runtime.services.uow() as uow:
        [huddle] = await uow.huddles.all()
    assert huddle.channel_id == "C9"
    assert "stays in the channel" in await chat.say(
        "nia", 'huddle edit "Ward 7 safety huddle" channel=C7', WARD)


async def test_an_answer_is_saved_as_a_team_only_lesson_with_one_button(chat, runtime, clock):
    from core.lessons.model import Viewer, Visibility
    await scheduled(chat)
    await at(chat, runtime, clock, THURSDAY_0845)
    [prompt] = chat.posts("C7")
    await chat.reply_in_thread("ann", prompt, "1. Handover was calm\n2. Bay 3 hoist is broken")
    assert [b.label for b in chat.last.messages[0].card.buttons] == ["Save as a lesson"]
    saved = await chat.press("ann", "Save as a lesson")
    assert "Handover was calm" in saved
    assert "team" in saved.lower()                 # says who will see it
    async with runtime.services.uow() as uow:
        lesson = await uow.lessons.get(1, Viewer("fake:T1:ann", "fake:T1"))
        hidden = await uow.lessons.get(1, Viewer("fake:T1:zed", "fake:T1"))
    assert (lesson.visibility, lesson.audience) == (Visibility.TEAM, "C7")
    assert lesson.author_key == "fake:T1:ann" and "huddle" in lesson.tags
    assert lesson.answers == (("What went well yesterday?", "Handover was calm"),
                              ("Any safety concerns today?", "Bay 3 hoist is broken"))
    assert hidden is None                          # not in the channel: not theirs to see
    # someone who did not answer has nothing to save
    await chat.reply_in_thread("bob", prompt, "1. Fine")
    button = chat.last.messages[0].card.buttons[0]
    from core.vocabulary import Action
    reply = await runtime.kernel.handle(Action(chat.actor("cat"), WARD, button.action_id,
                                               button.value))
    assert "nothing of yours to save" in reply.text


async def test_a_daily_huddle_keeps_its_local_time_through_both_clock_changes(chat, runtime,
                                                                             clock):
    daily = SCHEDULE.replace("days=weekdays", "days=daily")
    clock.set(datetime(2027, 3, 26, 12, 0, tzinfo=UTC))
    await chat.say("nia", daily, WARD)
    posted = []
    for when in (datetime(2027, 3, 27, 8, 45, tzinfo=UTC),     # Saturday, GMT: 08:45 local
                 datetime(2027, 3, 28, 7, 45, tzinfo=UTC),     # Sunday, BST: 08:45 local
                 datetime(2027, 3, 28, 8, 45, tzinfo=UTC)):    # an hour on: nothing more
        ran = await at(chat, runtime, clock, when)
        posted.append(len([r for r in ran if r.kind == "huddles.prompt"]))
    assert posted == [1, 1, 0]
    prompts = [p for p in chat.posts("C7") if p.text.startswith("Ward 7")]
    assert [p.text.split(".")[0] for p in prompts] == [
        "Ward 7 safety huddle: Saturday 27 March", "Ward 7 safety huddle: Sunday 28 March"]
    first = [(p.edits[0] if p.edits else p.message).text for p in prompts]   # as posted
    assert all("until 09:15" in text for text in first)

    for when, expected in ((datetime(2027, 10, 30, 7, 45, tzinfo=UTC), 1),   # BST
                           (datetime(2027, 10, 31, 7, 45, tzinfo=UTC), 0),   # GMT now: 07:45
                           (datetime(2027, 10, 31, 8, 45, tzinfo=UTC), 1)):
        ran = await at(chat, runtime, clock, when)
        assert len([r for r in ran if r.kind == "huddles.prompt"]) == expected, when
    autumn = [p for p in chat.posts("C7") if p.text.startswith("Ward 7")][-2:]
    assert ["Saturday 30 October" in autumn[0].text, "Sunday 31 October" in autumn[1].text] \
        == [True, True]
    assert all("until 09:15" in (p.edits[0] if p.edits else p.message).text for p in autumn)


async def test_two_processes_with_many_huddles_due_post_each_once(chat, runtime, settings,
                                                                  clock, fake_channel):
    wards = 24
    for ward in range(wards):
        await chat.say("nia", SCHEDULE.replace("Ward 7", f"Ward {ward}"),
                       Place(PlaceKind.CHANNEL, f"C{ward}"))
    other = await build_runtime(settings, clock=clock, scheduler=False)
    other.channels.register(fake_channel)
    try:
        clock.set(THURSDAY_0845)
        one = Scheduler(runtime.services, huddle_jobs.JOBS, worker="one", batch=5, chunk=2)
        two = Scheduler(other.services, huddle_jobs.JOBS, worker="two", batch=5, chunk=2)
        claimed = []
        for _ in range(4):
            for got in await asyncio.gather(one.tick(), two.tick(), one.tick(), two.tick()):
                claimed += got
    finally:
        await other.stop()
    await chat.deliver()
    assert sorted(int(r.key) for r in claimed) == list(range(1, wards + 1))   # each once
    assert [len(chat.posts(f"C{ward}")) for ward in range(wards)] == [1] * wards
    async with runtime.services.uow() as uow:
        runs = await uow.jobs.runs(huddle_jobs.PROMPT.name)
    assert {(r.status, r.attempt) for r in runs} == {("done", 1)} and len(runs) == wards


async def test_one_huddle_that_fails_holds_up_none_of_the_others(chat, runtime, clock,
                                                                 monkeypatch):
    from core.huddles import runner
    for ward in range(4):
        await chat.say("nia", SCHEDULE.replace("Ward 7", f"Ward {ward}"),
                       Place(PlaceKind.CHANNEL, f"C{ward}"))
    real = runner.prompt_message

    def broken_for_ward_2(huddle, session):
        if huddle.name.startswith("Ward 2 "):
            raise ValueError("a bug in one huddle")
        return real(huddle, session)
    monkeypatch.setattr(runner, "prompt_message", broken_for_ward_2)
    clock.set(THURSDAY_0845)
    pump = Scheduler(runtime.services, huddle_jobs.JOBS, worker="w", chunk=4)
    await pump.tick()
    await chat.deliver()
    assert [len(chat.posts(f"C{ward}")) for ward in range(4)] == [1, 1, 0, 1]
    async with runtime.services.uow() as uow:
        runs = {r.key: r for r in await uow.jobs.runs(huddle_jobs.PROMPT.name)}
    assert runs["3"].status == "due" and "a bug in one huddle" in runs["3"].last_error
    assert {runs[k].status for k in ("1", "2", "4")} == {"done"}
