"""Slash commands, buttons and modals, as a member and a librarian would use them."""
from __future__ import annotations

import asyncio
import json
import time

from sqlalchemy import select

from core.cards import Reply
from storage.models import MembershipRow, PersonRow


async def members(runtime) -> list[str]:
    async with runtime.db.sessions() as session:
        return list(await session.scalars(select(MembershipRow.person_key)))


async def test_coffee_join_is_acked_then_answered_privately(slack, runtime):
    response = await slack.command("U0ANN", "/coffee join")
    assert response.status == 200 and await response.text() == ""
    await slack.settle()
    answer = slack.api.calls_to("response_url")[-1].params
    assert answer["response_type"] == "ephemeral"
    assert "You're in *Coffee Connect*" in answer["text"]
    assert await members(runtime) == ["slack:T1:U0ANN"]


async def test_every_slash_command_reaches_the_core(slack):
    for line in ("/kmbot help", "/huddle", "/wall", "/bulletin"):
        assert (await slack.command("U0ANN", line)).status == 200
    await slack.settle()
    answers = " ".join(c.params["text"] for c in slack.api.calls_to("response_url"))
    assert "I help you share what you know" in answers
    assert "isn't switched on yet" not in answers          # bulletins are switched on
    assert "/huddle schedule" in answers                  # huddles are switched on


async def test_ack_comes_fast_even_when_the_core_is_slow(slack, runtime, monkeypatch):
    real = runtime.kernel.handle

    async def slow(event):
        await asyncio.sleep(4)
        return await real(event)
    await slack.settle()
    monkeypatch.setattr(runtime.kernel, "handle", slow)
    slack.api.delay = 4.0
    started = time.monotonic()
    response = await slack.command("U0ANN", "/coffee join")
    assert response.status == 200
    assert time.monotonic() - started < 0.5
    await slack.adapter.background.close(timeout=0)


async def test_profile_opens_a_modal_with_the_trigger_id(slack):
    await slack.command("U0ANN", "/coffee profile")
    await slack.settle()
    opened = slack.api.calls_to("views.open")
    assert len(opened) == 1
    view = opened[0].params["view"]
    assert opened[0].params["trigger_id"].startswith("1.738474920")
    assert view["callback_id"] == "kmbot:coffee.profile"
    assert [b["block_id"] for b in view["blocks"]] == ["department", "site", "interests", "bio"]
    assert json.loads(view["private_metadata"])["origin"]["channel_id"] == "C0COFFEE"


async def test_modal_errors_show_inline_and_a_good_form_is_saved(slack, runtime):
    await slack.command("U0ANN", "/coffee profile")
    await slack.settle()
    view = slack.api.calls_to("views.open")[0].params["view"]
    response = await slack.submit("U0ANN", view, {"department": "x" * 150, "site": "Leeds"})
    assert response.status == 200
    errors = await response.json()
    assert errors["response_action"] == "errors"
    assert list(errors["errors"]) == ["department"] and "100" in errors["errors"]["department"]

    response = await slack.submit("U0ANN", view, {"department": "Pharmacy", "site": "Leeds"})
    assert response.status == 200 and await response.text() == ""
    await slack.settle()
    async with runtime.db.sessions() as session:
        person = await session.get(PersonRow, "slack:T1:U0ANN")
    assert (person.department, person.site) == ("Pharmacy", "Leeds")
    assert "saved" in slack.answers()[-1].lower()


async def test_a_slow_submission_closes_the_modal_and_answers_later(slack, runtime, monkeypatch):
    real = runtime.kernel.handle

    async def slow(event):
        await asyncio.sleep(2.5)
        return await real(event)
    await slack.command("U0ANN", "/coffee profile")
    await slack.settle()
    view = slack.api.calls_to("views.open")[0].params["view"]
    monkeypatch.setattr(runtime.kernel, "handle", slow)
    started = time.monotonic()
    response = await slack.submit("U0ANN", view, {"department": "Radiology"})
    assert response.status == 200 and await response.text() == ""
    assert time.monotonic() - started < 2.8
    await slack.settle()
    assert "saved" in slack.answers()[-1].lower()


async def test_a_button_on_an_introduction_records_the_outcome(slack, runtime):
    for user in ("U0ANN", "U0BOB"):
        await slack.command(user, "/coffee join")
    await slack.settle()
    await slack.command("ULIB", "/coffee run-now")
    await slack.settle()
    intro = slack.api.calls_to("chat.postMessage")[-1].params
    button = next(e for b in intro["blocks"] if b["type"] == "actions" for e in b["elements"]
                  if e["text"]["text"] == "We met")
    assert button["action_id"].startswith("kmbot:coffee.met:")
    await slack.press("U0ANN", button["action_id"], button["value"], channel=intro["channel"])
    await slack.settle()
    assert "thanks for letting us know" in slack.api.calls_to("response_url")[-1].params["text"]
