"""Two librarians editing one programme at once each keep their change: an edit writes only
the settings it changes, in one transaction."""
from __future__ import annotations

import asyncio


async def _two_librarians(chat):
    await chat.say("ann", "coffee join")                      # the default programme
    await chat.say("bob", "help")
    assert "now a librarian" in await chat.say("lib", "kmbot librarian add @bob")


async def test_a_form_opened_before_anothers_edit_keeps_that_edit(chat):
    await _two_librarians(chat)
    await chat.say("lib", "coffee edit coffee-connect")
    form = chat.last.open_form
    shown = {i.name: i.initial for i in form.inputs}
    assert "11:15" in await chat.say("bob", "coffee edit coffee-connect time=11:15")
    reply = await chat.submit("lib", form.form_id, {**shown, "name": "Coffee Club"},
                              form.context)
    assert "Coffee Club" in reply.text
    listed = await chat.say("ann", "coffee programmes")
    assert "Coffee Club" in listed and "11:15" in listed        # bob's time survived


async def test_two_edits_at_the_same_moment_both_stick(chat):
    await _two_librarians(chat)
    await asyncio.gather(chat.say("lib", "coffee edit coffee-connect size=3"),
                         chat.say("bob", "coffee edit coffee-connect time=11:15 day=thu"))
    listed = await chat.say("ann", "coffee programmes")
    assert "every Thursday at 11:15" in listed and "groups of three" in listed


async def test_a_form_changing_nothing_changes_nothing(chat):
    await _two_librarians(chat)
    await chat.say("lib", "coffee edit coffee-connect")
    form = chat.last.open_form
    await chat.say("bob", "coffee edit coffee-connect size=4")
    await chat.submit("lib", form.form_id, {i.name: i.initial for i in form.inputs},
                      form.context)
    assert "tables of 4" in await chat.say("ann", "coffee programmes")


async def test_a_tampered_form_context_is_refused_politely(chat):
    await _two_librarians(chat)
    await chat.say("lib", "coffee edit coffee-connect")
    form = chat.last.open_form
    reply = await chat.submit("lib", form.form_id, {i.name: i.initial for i in form.inputs},
                              '{"id": "oops"')
    assert "That programme no longer exists" in reply.text
