"""Huddles on Teams, through signed activities and the fake Bot Connector: scheduled by a
message in the channel, the prompt posted as a card with an Answer button, answers as replies
in its reply chain and through the Answer form (an inline card), one reminder and the summary
in the reply chain, the prompt edited at close; a channel kmbot was removed from pauses the
huddle and its owner is told once; a channel= kmbot has never been in is refused."""
from __future__ import annotations

from datetime import datetime, timezone

from core.huddles import jobs as huddle_jobs
from scheduler import Scheduler

from .conftest import ANN, ANN_CHAT, BOB, GENERAL, TENANT

UTC = timezone.utc
SCHEDULE = ('huddle schedule "Library huddle" days=weekdays time=08:45 tz=Europe/London '
            'template=safety window=30m nation=england')


async def at(teams, when: datetime) -> list:
    teams.runtime.services.clock.set(when)
    ran = await Scheduler(teams.runtime.services, huddle_jobs.JOBS, worker="teams").tick()
    await teams.runtime.delivery.drain()
    return ran


async def scheduled(teams) -> None:
    await teams.send("install_team.json")
    [said] = await teams.in_channel(SCHEDULE, as_user=ANN, name="Ann Archer")
    assert "Scheduled “Library huddle”" in said.text


def thread_of(teams, root: str) -> list:
    return [r for r in teams.connector.sent
            if r.method == "POST" and r.conversation_id == f"{GENERAL};messageid={root}"]


async def test_a_huddle_on_teams(teams):
    await scheduled(teams)
    await at(teams, datetime(2026, 11, 26, 8, 45, tzinfo=UTC))
    [prompt] = [r for r in teams.replies(GENERAL)
                if r.conversation_id == GENERAL and "Library huddle" in r.card_text()]
    assert "Any safety concerns today?" in prompt.card_text()
    assert prompt.activity["summary"].startswith("Library huddle: Thursday 26 November")
    [answer] = [b for b in prompt.buttons() if b["title"] == "Answer"]

    # a reply in the prompt's reply chain (no mention needed) is an answer
    [thanks] = await teams.in_thread(prompt.activity_id, "2. Bay 3 hoist is broken")
    assert thanks.conversation_id == f"{GENERAL};messageid={prompt.activity_id}"
    assert thanks.text.startswith("Thanks Bob")
    # the Answer button opens the form as a card; submitting it stores the answers
    pressed = teams.activity("card_action.json", value=answer["data"],
                             replyToId=prompt.activity_id, **{
                                 "from": {"id": ANN, "name": "Ann Archer"},
                                 "conversation": {"isGroup": True, "conversationType": "channel",
                                                  "tenantId": TENANT, "id": GENERAL}})
    before = len(teams.connector.sent)
    assert await teams.post(pressed) in (200, 201)
    [form] = [r for r in teams.connector.sent[before:] if r.card]
    submit = form.buttons()[-1]
    assert submit["data"]["kmbot_form"] == "huddles.answer"
    labels = [e.get("label") for e in form.card["body"] if e["type"].startswith("Input.")]
    assert labels == ["What went well yesterday?", "Any safety concerns today?",
                      "Is there anything we need help with?"]
    sent = teams.activity("card_action.json", value={**submit["data"], "a1": "Calm night"},
                          replyToId=form.activity_id, **{
                              "from": {"id": ANN, "name": "Ann Archer"},
                              "conversation": {"isGroup": True, "conversationType": "channel",
                                               "tenantId": TENANT, "id": GENERAL}})
    before = len(teams.connector.sent)
    assert await teams.post(sent) in (200, 201)
    assert any("Thanks Ann" in (r.text + r.card_text()) for r in teams.connector.sent[before:])
    async with teams.runtime.services.uow() as uow:
        stored = await uow.huddles.answers([1])
    assert sorted((a.person_key.rsplit(":", 1)[-1], a.text) for a in stored) == [
        (ANN.split(":")[-1], "Calm night"), (BOB.split(":")[-1], "Bay 3 hoist is broken")]

    await at(teams, datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    await at(teams, datetime(2026, 11, 26, 9, 15, tzinfo=UTC))
    texts = [r.text for r in thread_of(teams, prompt.activity_id)]
    reminder = [t for t in texts if t.startswith("15 minutes left")]
    summary = [t for t in texts if "2 answered" in t]
    assert len(reminder) == 1 and len(summary) == 1
    assert "Bay 3 hoist is broken" in summary[0] and "Calm night" in summary[0]
    [edit] = [r for r in teams.connector.sent if r.method == "PUT"
              and r.activity_id == prompt.activity_id]
    assert "Closed: 2 answered" in edit.card_text()
    # the next day is Friday: a new prompt, not a second Thursday one
    await at(teams, datetime(2026, 11, 27, 8, 45, tzinfo=UTC))
    prompts = [r for r in teams.replies(GENERAL) if r.conversation_id == GENERAL
               and "Library huddle" in r.card_text() and r.method == "POST"]
    assert len(prompts) == 2 and "Friday 27 November" in prompts[1].card_text()


async def test_removed_from_the_team_the_huddle_pauses_and_its_owner_is_told_once(teams):
    await teams.say("help")                         # Ann's 1:1 chat, for the note
    await scheduled(teams)
    teams.connector.fail_next(403, "BotNotInConversationRoster")
    await at(teams, datetime(2026, 11, 26, 8, 45, tzinfo=UTC))
    told = [r for r in teams.replies(ANN_CHAT) if "paused" in r.text]
    assert len(told) == 1 and "I'm no longer in its channel" in told[0].text
    await at(teams, datetime(2026, 11, 27, 8, 45, tzinfo=UTC))
    assert [r for r in teams.replies(GENERAL) if "Library huddle" in r.card_text()] == []
    assert len([r for r in teams.replies(ANN_CHAT) if "paused" in r.text]) == 1


async def test_a_channel_kmbot_is_not_in_is_refused_and_nothing_stored(teams):
    await teams.send("install_team.json")
    [said] = await teams.in_channel(SCHEDULE + " channel=19:elsewhere@thread.tacv2",
                                    as_user=ANN, name="Ann Archer")
    assert "I'm not in that channel" in said.text
    async with teams.runtime.services.uow() as uow:
        assert await uow.huddles.all() == []
