"""A graffiti wall on Slack through the real adapter: ``/wall`` in a channel posts the card,
"Add an idea" opens a modal, an anonymous idea lands in the card's thread, +1s edit the idea
and the card in place (``chat.update``), and the anonymous author's Slack id is nowhere: not
in the database, not in any log line at DEBUG (bolt's and SQL's included)."""
from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import select

from storage.models import Base, OutboxRow

from .conftest import both_databases

WARD = "C0WARD"
AUTHOR = "U0ZANZIBAR"


@pytest.fixture
def slack_overrides() -> dict:
    return {"kmbot_anonymity_key": "slack-test-anonymity-secret"}


def button(call, label: str) -> dict:
    blocks = call.params.get("blocks") or []
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("type") == "button" and element["text"]["text"] == label:
                return element
    raise AssertionError(f"no {label!r} button")


async def card_ts(runtime) -> str:
    async with runtime.db.sessions() as session:
        row = (await session.scalars(select(OutboxRow).where(OutboxRow.tag == "walls:1"))).one()
    return row.ref_id


@both_databases
async def test_an_anonymous_idea_and_votes_through_slack_leave_no_trace(slack, runtime, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")
    await slack.command("UCAT", '/wall "What slows down discharge?" anonymous=required',
                        channel=WARD, channel_name="ward-7")
    await slack.settle()
    assert any("Your wall is up (number 1)" in a for a in slack.answers())
    ts = await card_ts(runtime)
    [card] = [c for c in slack.api.calls_to("chat.postMessage") if c.params["channel"] == WARD]
    assert "What slows down discharge?" in card.params["text"]

    add = button(card, "Add an idea")
    await slack.press(AUTHOR, add["action_id"], add["value"], channel=WARD)
    await slack.settle()
    view = slack.api.calls_to("views.open")[-1].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    response = await slack.submit(AUTHOR, view, {"idea": "Handover at the bedside"})
    assert response.status == 200
    await slack.settle()
    [idea] = [c for c in slack.api.calls_to("chat.postMessage")
              if c.params.get("thread_ts") == ts]
    assert "Anonymous: Handover at the bedside" in idea.params["text"]
    plus = button(idea, "+1")
    for voter in ("U0BOB", "U0DAN", AUTHOR):
        assert (await slack.press(voter, plus["action_id"], plus["value"],
                                  channel=WARD)).status == 200
    await slack.settle()
    updates = slack.api.calls_to("chat.update")
    assert any("(+3)" in u.params["text"] for u in updates)
    assert any("1 idea · 3 votes · 3 people" in u.params["text"] for u in updates
               if u.params["ts"] == ts)

    stored = []
    async with runtime.db.sessions() as session:
        for table in Base.metadata.sorted_tables:
            stored += [repr(tuple(r)) for r in (await session.execute(select(table))).all()]
    assert "U0BOB" not in "\n".join(stored)      # voters are hashes too
    assert AUTHOR not in "\n".join(stored)
    # every line kmbot, bolt and SQL logged; the stand-in Slack's own access log is Slack's
    # side of the wire (the test driver names its response URLs after the person)
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records
                       if r.name != "aiohttp.access" or "/slack/events" in r.getMessage())
    assert AUTHOR.lower() not in logged.lower(), "the author's Slack id reached a log"
    assert "insert into wall_ideas" in logged.lower()


# -- the rest of a wall's life on Slack: named ideas from the thread, +1 and Comment,
#    moderation, close and summary, hidden walls, polls -----------------------------------

def in_thread(slack, ts: str) -> list:
    return [c for c in slack.api.calls_to("chat.postMessage") if c.params.get("thread_ts") == ts]


async def outbox(runtime) -> list[OutboxRow]:
    async with runtime.db.sessions() as session:
        return list(await session.scalars(select(OutboxRow).order_by(OutboxRow.id)))


async def idea_now(slack, number: int):
    """Idea ``number``'s message as it reads now (its last edit, or as posted)."""
    ts = next(r.ref_id for r in await outbox(slack.runtime)
              if r.dedup_key == f"walls:idea:{number}")
    updates = [c for c in slack.api.calls_to("chat.update") if c.params.get("ts") == ts]
    if updates:
        return updates[-1]
    return next(c for c in slack.api.calls_to("chat.postMessage")
                if c.params.get("thread_ts") and f"[idea {number}]" in c.params["text"])


async def card_now(slack, wall: int = 1):
    async with slack.runtime.db.sessions() as session:
        row = (await session.scalars(select(OutboxRow).where(
            OutboxRow.tag == f"walls:{wall}"))).one()
    updates = [c for c in slack.api.calls_to("chat.update") if c.params.get("ts") == row.ref_id]
    cards = [c for c in slack.api.calls_to("chat.postMessage")      # in order: wall 1, 2...
             if c.params.get("channel") == WARD and not c.params.get("thread_ts")]
    return updates[-1] if updates else cards[wall - 1]


def thread_reply(text: str, *, user: str, card: str, n: int) -> dict:
    from .test_threads import channel_message
    return channel_message(text, ts=f"1700001000.{n:06d}", thread_ts=card, user=user,
                           event_id=f"EvWALL{n:04d}")


async def press_on(slack, user: str, call, label: str):
    found = button(call, label)
    response = await slack.press(user, found["action_id"], found["value"], channel=WARD)
    assert response.status == 200
    await slack.settle()
    return answered(slack)


async def typed(slack, user: str, line: str) -> str:
    response = await slack.command(user, line, channel=WARD, channel_name="ward-7")
    assert response.status == 200
    await slack.settle()
    return answered(slack)


def answered(slack) -> str:
    """The last answer to a person: through a response URL, or an ephemeral message."""
    return [c.params.get("text", "") for c in slack.api.calls
            if c.method in ("response_url", "chat.postEphemeral")][-1]


async def fill_in(slack, user: str, values: dict) -> None:
    view = slack.api.calls_to("views.open")[-1].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert (await slack.submit(user, view, values)).status == 200
    await slack.settle()


async def test_a_named_wall_on_slack_from_thread_replies_to_the_summary(slack, runtime):
    await slack.command("UCAT", '/wall "Ideas for the library?" anonymous=off', channel=WARD,
                        channel_name="ward-7")
    await slack.settle()
    ts = await card_ts(runtime)
    assert (await slack.event(thread_reply("Longer opening hours", user="U0BOB", card=ts,
                                           n=1))).status == 200
    await slack.settle()
    [ephemeral] = slack.api.calls_to("chat.postEphemeral")
    assert ephemeral.params["user"] == "U0BOB"
    assert ephemeral.params["text"] == "Thanks, your idea is on the wall."
    [idea] = in_thread(slack, ts)
    assert idea.params["text"].startswith("💡 ")        # named, by Bob's Slack name
    assert "Longer opening hours (+0)" in idea.params["text"]
    assert "U0BOB" not in idea.params["text"]           # a name, never a ping

    assert await press_on(slack, "U0DAN", idea, "+1") == "Your +1 is counted."
    assert "(+1)" in (await idea_now(slack, 1)).params["text"]
    await press_on(slack, "U0DAN", idea, "Comment")
    await fill_in(slack, "U0DAN", {"comment": "Yes, till 8pm"})
    assert "↳ " in (await idea_now(slack, 1)).params["text"]
    assert "Yes, till 8pm" in (await idea_now(slack, 1)).params["text"]
    assert "1 idea · 1 vote · 2 people" in (await card_now(slack)).params["text"]

    # moderation: the question, a hidden idea with its reason, close early, reopen
    await slack.event(thread_reply("Blame the night staff", user="U0DAN", card=ts, n=2))
    await slack.settle()
    assert "Only librarians" in await typed(slack, "U0BOB", '/wall hide 2 "unkind"')
    assert "Idea 2 is hidden" in await typed(slack, "ULIB",
                                             '/wall hide 2 "Not about people, please"')
    await typed(slack, "UCAT", '/wall question 1 "What would make the library better?"')
    assert (await idea_now(slack, 2)).params["text"] == (
        "🙈 Hidden by a moderator: Not about people, please")
    card = (await card_now(slack)).params["text"]
    assert card.startswith("What would make the library better?\n1 idea · 1 vote")
    assert "Most +1s so far:\n1. Longer opening hours (+1)" in card

    assert await press_on(slack, "UCAT", await card_now(slack), "Close") == (
        "Wall 1 is closed; the summary is in its thread.")
    summary = in_thread(slack, ts)[-1].params["text"]
    assert summary.splitlines()[1:3] == ["1 idea from 2 people, 1 vote in all.",
                                         "1. Longer opening hours (1 vote) by u0bob"]
    assert "1 idea hidden by moderators." in summary
    assert "Closed" in (await card_now(slack)).params["text"]
    assert (await press_on(slack, "U0DAN", idea, "+1")).startswith("This wall closed")
    assert await typed(slack, "UCAT", "/wall reopen 1") == "Wall 1 is open again."
    button(await card_now(slack), "Add an idea")                # the buttons are back


async def test_a_required_anonymity_or_hidden_wall_on_slack_says_use_the_button(slack, runtime):
    await slack.command("UCAT", '/wall "Why?" anonymous=required', channel=WARD)
    await slack.settle()
    ts = await card_ts(runtime)
    await slack.event(thread_reply("My named reply", user="U0DAN", card=ts, n=3))
    await slack.settle()
    [note] = slack.api.calls_to("chat.postEphemeral")
    assert note.params["user"] == "U0DAN" and "Use the “Add an idea” button" in note.params["text"]
    assert in_thread(slack, ts) == []

    await slack.command("UCAT", '/wall "Hidden?" hidden=yes', channel=WARD)
    await slack.settle()
    hidden = [c for c in slack.api.calls_to("chat.postMessage")
              if c.params["channel"] == WARD and "Hidden?" in c.params["text"]][0]
    await press_on(slack, "U0BOB", hidden, "Add an idea")
    await fill_in(slack, "U0BOB", {"idea": "Quiet room", "anonymous": "no"})
    assert "1 idea so far" in (await card_now(slack, 2)).params["text"]
    await press_on(slack, "UCAT", hidden, "Close")
    texts = [c.params["text"] for c in slack.api.calls_to("chat.postMessage")
             if c.params.get("thread_ts") and "Quiet room" in c.params["text"]]
    assert texts[0].startswith("💡 ") and any(t.startswith("Summary: Hidden?") for t in texts)


async def test_polls_on_slack(slack, runtime):
    await slack.command("UCAT", '/poll "Which day?" Tue Wed Thu', channel=WARD)
    await slack.settle()
    poll = await card_now(slack)
    assert await press_on(slack, "U0ANN", poll, "Wed") == "Your vote for “Wed” is counted."
    assert await press_on(slack, "U0BOB", poll, "Wed") == "Your vote for “Wed” is counted."
    assert await press_on(slack, "U0ANN", poll, "Tue") == "Your vote is now “Tue”."
    assert (await card_now(slack)).params["text"].splitlines()[1:4] == [
        "Tue: 1 vote", "Wed: 1 vote", "Thu: 0 votes"]
    assert await press_on(slack, "UCAT", poll, "Close") == (
        "Poll 1 is closed; the summary is in its thread.")
    ts = await card_ts(runtime)
    assert in_thread(slack, ts)[-1].params["text"].splitlines()[1:3] == [
        "2 people voted.", "1. Tue: 1 vote"]

    await slack.command("UCAT", '/poll "Topics?" AI Sepsis Falls multiple hidden anonymous',
                        channel=WARD)
    await slack.settle()
    second = await card_now(slack, 2)
    assert "Anonymous poll" in second.params["text"]
    for user, label in (("U0ANN", "AI"), ("U0ANN", "Falls"), ("U0BOB", "Falls")):
        await press_on(slack, user, second, label)
    assert "2 people have voted" in (await card_now(slack, 2)).params["text"]
    assert await typed(slack, "UCAT", "/wall close 2") == (
        "Poll 2 is closed; the summary is in its thread.")
    assert "Falls: 2 votes" in (await card_now(slack, 2)).params["text"]
    assert "at most 10 answers; you gave 11" in await typed(
        slack, "UCAT", '/poll "Day?" ' + " ".join(f"d{n}" for n in range(11)))
    stored = []
    async with runtime.db.sessions() as session:
        for table in Base.metadata.sorted_tables:
            stored += [repr(tuple(r)) for r in (await session.execute(select(table))).all()]
    assert "U0ANN" not in "\n".join(stored)          # poll votes are keyed hashes only
