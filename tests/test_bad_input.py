"""Bad input gets a clear answer, nothing is stored half-way, and no stack trace reaches chat."""
from __future__ import annotations

import logging

from core.router import Router
from core.cards import Reply


async def test_unknown_command_suggests_the_closest(chat):
    reply = await chat.say("ann", "cofee join")
    assert "don't know the command “cofee”" in reply and "Did you mean “coffee”?" in reply


async def test_unknown_subcommand_lists_what_works(chat):
    reply = await chat.say("ann", "coffee jion")
    assert "`/coffee jion` isn't something I know" in reply
    assert "Did you mean “join”?" in reply and "join, leave" in reply


async def test_unbalanced_quotes(chat):
    reply = await chat.say("ann", 'coffee profile bio="half open')
    assert "quote mark without its partner" in reply and "Usage: /coffee profile" in reply


async def test_over_long_text_is_refused_before_anything_happens(chat):
    reply = await chat.say("ann", "coffee profile bio=" + "x" * 5000)
    assert "the most I can take is 4,000" in reply


async def test_profile_needs_name_value_pairs(chat):
    assert "name=value" in await chat.say("ann", "coffee profile Pharmacy")
    assert "isn't part of a profile" in await chat.say("ann", "coffee profile shoe=9")


async def test_a_crashing_handler_apologises_without_a_stack_trace(chat, runtime, caplog):
    broken = Router()
    broken.group("boom", "test only")

    @broken.command("boom", "now", usage="/boom now", summary="crashes")
    async def crash(ctx) -> Reply:
        raise ZeroDivisionError("secret internals")

    runtime.kernel.router.include(broken)
    with caplog.at_level(logging.ERROR):
        reply = await chat.say("ann", "boom now")
    assert reply.startswith("Sorry, something went wrong on our side")
    assert "Traceback" not in reply and "secret internals" not in reply
    assert "ZeroDivisionError" in caplog.text          # but it is logged for us


async def test_a_redelivered_event_has_exactly_one_effect(chat):
    await chat.say("ann", "coffee join", event_id="Ev1")
    await chat.say("ann", "coffee leave", event_id="Ev2")
    again = await chat.say("ann", "coffee leave", event_id="Ev2")     # Slack's retry
    assert again == ""
    assert "not in Coffee Connect yet" in await chat.say("ann", "coffee status")


async def test_an_event_that_crashed_can_be_retried(chat, runtime):
    calls = []
    flaky = Router()
    flaky.group("flaky", "test only")

    @flaky.command("flaky", "go", usage="/flaky go", summary="fails once")
    async def go(ctx) -> Reply:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database blip")
        return Reply.say("done")

    runtime.kernel.router.include(flaky)
    assert "Sorry" in await chat.say("ann", "flaky go", event_id="Ev9")
    assert await chat.say("ann", "flaky go", event_id="Ev9") == "done"


async def test_buttons_from_unknown_or_stale_cards(chat, runtime):
    from core.vocabulary import Action
    from tests.fakechat import DM
    reply = await runtime.kernel.handle(Action(chat.actor("ann"), DM, "nope.gone", "1"))
    assert "expired" in reply.text
    reply = await runtime.kernel.handle(Action(chat.actor("ann"), DM, "coffee.met", "999"))
    assert "no longer exists" in reply.text


async def test_commands_still_being_built_say_so(chat, monkeypatch):
    from core import wording
    monkeypatch.setitem(wording.COMING_SOON, "sketch", "sketches")
    reply = await chat.say("ann", "/sketch start")
    assert "`/sketch` (sketches) isn't switched on yet" in reply
