"""Huddles on Teams, through signed activities and the fake Bot Connector: scheduled by a
message in the channel, the prompt posted as a card with an Answer button, answers as replies
in its reply chain and through the Answer form (a card in the person's 1:1 chat, where the
thanks go too: a channel shows everyone everything), one reminder and the summary in the
reply chain, the prompt edited at close; a channel kmbot was removed from pauses the
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


def chat_of(user: str) -> str:
    """The 1:1 chat the fake connector creates for ``user``."""
    return f"a:1on1-{user}"


def in_general(sent: list) -> list:
    """What of ``sent`` went to the General channel or one of its reply chains."""
    return [r for r in sent if r.conversation_id.partition(";messageid=")[0] == GENERAL]


def thread_of(teams, root: str) -> list:
    return [r for r in teams.connector.sent
            if r.method == "POST" and r.conversation_id == f"{GENERAL};messageid={root}"]


async def test_a_huddle_on_teams(teams):
    await scheduled(teams)
    start = len(teams.connector.sent)
    await at(teams, datetime(2026, 11, 26, 8, 45, tzinfo=UTC))
    [prompt] = [r for r in teams.replies(GENERAL)
                if r.conversation_id == GENERAL and "Library huddle" in r.card_text()]
    assert "Any safety concerns today?" in prompt.card_text()
    assert prompt.activity["summary"].startswith("Library huddle: Thursday 26 November")
    [answer] = [b for b in prompt.buttons() if b["title"] == "Answer"]

    # a reply in the prompt's reply chain (no mention needed) is an answer; the thanks are
    # Bob's alone, so they go to his 1:1 chat and nothing is said in the channel
    [thanks] = await teams.in_thread(prompt.activity_id, "2. Bay 3 hoist is broken")
    assert thanks.conversation_id == chat_of(BOB)
    assert thanks.text.startswith("Thanks Bob")
    # the Answer button opens the form as a card in Ann's 1:1 chat, not in the channel
    pressed = teams.activity("card_action.json", value=answer["data"],
                             replyToId=prompt.activity_id, **{
                                 "from": {"id": ANN, "name": "Ann Archer"},
                                 "conversation": {"isGroup": True, "conversationType": "channel",
                                                  "tenantId": TENANT, "id": GENERAL}})
    before = len(teams.connector.sent)
    assert await teams.post(pressed) in (200, 201)
    opened = teams.connector.sent[before:]
    [form] = [r for r in opened if r.card]
    assert [r.conversation_id for r in opened] == [chat_of(ANN)]
    submit = form.buttons()[-1]
    assert submit["data"]["kmbot_form"] == "huddles.answer"
    labels = [e.get("label") for e in form.card["body"] if e["type"].startswith("Input.")]
    assert labels == ["What went well yesterday?", "Any safety concerns today?",
                      "Is there anything we need help with?"]
    # submitted from her 1:1 chat: stored with the channel's huddle, thanked in the 1:1 chat
    sent = teams.activity("card_action.json", value={**submit["data"], "a1": "Calm night"},
                          replyToId=form.activity_id, **{
                              "from": {"id": ANN, "name": "Ann Archer"},
                              "conversation": {"conversationType": "personal",
                                               "tenantId": TENANT, "id": chat_of(ANN)}})
    before = len(teams.connector.sent)
    assert await teams.post(sent) in (200, 201)
    submitted = teams.connector.sent[before:]
    assert any("Thanks Ann" in (r.text + r.card_text()) for r in submitted)
    assert {r.conversation_id for r in submitted} == {chat_of(ANN)}
    # nothing private was said in the channel or the prompt's reply chain
    assert not [
        r for r in in_general(teams.connector.sent)
        if "Thanks" in r.text + r.card_text() or any(
            "kmbot_form" in b.get("data", {}) for b in r.buttons())]
    async with teams.runtime.services.uow() as uow:
        stored = await uow.huddles.answers([1])
        session = await uow.huddles.session(1)
        huddle = await uow.huddles.get(session.huddle_id)
    assert sorted((a.person_key.rsplit(":", 1)[-1], a.text) for a in stored) == [
        (ANN.split(":")[-1], "Calm night"), (BOB.split(":")[-1], "Bay 3 hoist is broken")]
    assert huddle.name == "Library huddle" and huddle.channel_id == GENERAL

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
    # in the channel, from the prompt to the close: the prompt, the reminder and the summary
    # in its reply chain, the prompt's edit; nothing for one person alone
    posted = in_general(teams.connector.sent[start:])
    assert [r.text for r in posted if r.method == "POST" and r is not prompt] == [
        *reminder, *summary]
    assert [r for r in posted if r.method == "POST"][0] is prompt
    assert [r for r in posted if r.method != "POST"] == [edit]
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
