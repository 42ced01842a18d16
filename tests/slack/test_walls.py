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
    assert AUTHOR.lower() not in caplog.text.lower(), "the author's Slack id reached a log"
    assert "insert into wall_ideas" in caplog.text.lower()
