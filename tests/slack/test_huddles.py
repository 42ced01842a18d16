"""Huddles through the real Slack adapter: scheduled with a slash command in a channel, the
prompt posted by ``chat.postMessage`` with an Answer button, answers as signed thread
``message`` events and through the button's modal, the reminder and summary in the thread
(``thread_ts``) and the prompt edited by ``chat.update`` at close."""
from __future__ import annotations

from datetime import datetime, timezone

from core.huddles import jobs as huddle_jobs
from scheduler import Scheduler

from .conftest import both_databases
from .test_threads import WARD, channel_message

UTC = timezone.utc


@both_databases
async def test_a_huddle_on_slack(slack, runtime, clock):
    await slack.command("U0NIA", '/huddle schedule "Ward 7 safety huddle" days=weekdays '
                        "time=08:45 tz=Europe/London template=safety window=30m "
                        "nation=england", channel=WARD, channel_name="ward-7")
    await slack.settle()
    assert any("Scheduled “Ward 7 safety huddle”" in a for a in slack.answers())
    ticker = Scheduler(runtime.services, huddle_jobs.JOBS, worker="slack")
    clock.set(datetime(2026, 11, 26, 8, 45, tzinfo=UTC))
    await ticker.tick()
    await slack.settle()
    [prompt] = [c for c in slack.api.calls_to("chat.postMessage")
                if c.params["channel"] == WARD and not c.params.get("thread_ts")]
    assert "Any safety concerns today?" in prompt.params["text"]
    [button] = [e for b in prompt.params["blocks"] if b["type"] == "actions"
                for e in b["elements"]]
    assert (button["text"]["text"], button["action_id"]) == ("Answer",
                                                             "kmbot:huddles.answer:0")
    async with runtime.services.uow() as uow:
        [root] = [i for i in await uow.outbox.items() if i.tag and i.tag.startswith("huddles:")]
    prompt_ts = root.ref.id

    reply = channel_message("2. Bay 3 hoist is <!channel> broken", ts="1764146800.000100",
                            thread_ts=prompt_ts)
    assert (await slack.event(reply)).status == 200
    await slack.settle()
    private = slack.api.calls_to("chat.postEphemeral")[-1]
    assert (private.params["user"], private.params["thread_ts"]) == ("U0ANN", prompt_ts)
    assert private.params["text"].startswith("Thanks") and "your answer is in" in \
        private.params["text"]

    # the Answer button opens a modal with the day's questions; submitting stores them
    await slack.press("U0CAT", button["action_id"], button["value"], channel=WARD)
    await slack.settle()
    view = slack.api.calls_to("views.open")[-1].params["view"]
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels == ["What went well yesterday?", "Any safety concerns today?",
                      "Is there anything we need help with?"]
    response = await slack.submit("U0CAT", view, {"a1": "Calm night", "a2": "", "a3": ""})
    assert response.status == 200
    await slack.settle()

    clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    await ticker.tick()
    clock.set(datetime(2026, 11, 26, 9, 15, tzinfo=UTC))
    await ticker.tick()
    await slack.settle()
    in_thread = [c.params["text"] for c in slack.api.calls_to("chat.postMessage")
                 if c.params.get("thread_ts") == prompt_ts]
    assert in_thread[0].startswith("15 minutes left to answer")
    summary = in_thread[1]
    assert "2 answered" in summary and "Any safety concerns today?" in summary
    assert "Calm night" in summary
    assert "<!channel>" not in summary            # what people typed never pings anyone
    [update] = slack.api.calls_to("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (WARD, prompt_ts)
    assert "Closed: 2 answered" in update.params["text"]


SCHEDULE = ('/huddle schedule "Ward 7 safety huddle" days=weekdays time=08:45 '
            'tz=Europe/London template=safety window=30m nation=england')


@both_databases
async def test_scheduling_where_kmbot_is_not_a_member_is_refused_and_nothing_stored(
        slack, runtime):
    slack.api.outside.add(WARD)
    await slack.command("U0NIA", SCHEDULE, channel=WARD, channel_name="ward-7")
    await slack.settle()
    [info] = slack.api.calls_to("conversations.info")
    assert info.params["channel"] == WARD
    assert any("I'm not in that channel" in a and "/invite @kmbot" in a
               for a in slack.answers())
    async with runtime.services.uow() as uow:
        assert await uow.huddles.all() == []
        assert await uow.jobs.runs() == []


@both_databases
async def test_a_channel_kmbot_was_removed_from_pauses_the_huddle_and_tells_the_owner_once(
        slack, runtime, clock):
    await slack.command("U0NIA", SCHEDULE, channel=WARD, channel_name="ward-7")
    await slack.settle()
    slack.api.outside.add(WARD)                      # removed after scheduling
    ticker = Scheduler(runtime.services, huddle_jobs.JOBS, worker="slack")
    for day in (26, 27):
        clock.set(datetime(2026, 11, day, 8, 45, tzinfo=UTC))
        await ticker.tick()
        await slack.settle()
    to_channel = [c for c in slack.api.calls_to("chat.postMessage")
                  if c.params["channel"] == WARD]
    assert len(to_channel) == 1                      # tried once, then paused
    told = [c for c in slack.api.calls_to("chat.postMessage")
            if c.params["channel"] == "U0NIA"]          # a DM: posted to the user id
    assert len(told) == 1 and "I'm no longer in its channel" in told[0].params["text"]
    async with runtime.services.uow() as uow:
        [huddle] = await uow.huddles.all()
    assert huddle.paused
