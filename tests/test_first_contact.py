"""First contact at the same moment: creating people and memberships never loses an action.

Creating a person, a membership, a role or an inbox key is one ``INSERT ... ON CONFLICT``, so
two requests from a new person at once both get a real answer, on SQLite and PostgreSQL.
"""
from __future__ import annotations

import asyncio

from core import wording
from core.vocabulary import Command, Place, PlaceKind

from .fakechat import DM

CHANNEL = Place(PlaceKind.CHANNEL, "C1", name="coffee")


async def test_ten_new_people_each_send_a_command_and_a_dm_at_once(chat, runtime):
    kernel = runtime.kernel
    events = []
    for n in range(10):
        actor = chat.actor(f"new{n}")
        events.append(Command(actor, CHANNEL, "coffee", "join", event_id=f"trigger:{n}"))
        events.append(Command(actor, DM, "", "coffee join", event_id=f"event:{n}"))
    replies = await asyncio.gather(*(kernel.handle(e) for e in events))
    texts = [r.text for r in replies]
    assert sum(wording.SOMETHING_WENT_WRONG in t for t in texts) == 0
    assert all("You're in" in t or "already" in t for t in texts), texts
    for n in range(10):
        status = await chat.say(f"new{n}", "coffee status")
        assert "not in Coffee Connect yet" not in status


async def test_a_role_granted_twice_at_once_is_granted_once(chat, runtime):
    await chat.say("bob", "help")
    replies = await asyncio.gather(*(chat.say("lib", "kmbot librarian add @Bob")
                                     for _ in range(3)))
    assert all("Bob is now a librarian" in r or "already a librarian" in r for r in replies)
    assert sum("now a librarian" in r for r in replies) == 1


async def test_deliveries_arriving_together_are_remembered_together_and_once(chat, runtime):
    """The inbox is group-committed (core/kernel.py, Inbox): keys arriving together go in
    one transaction, and a key delivered several times at once is handled exactly once."""
    kernel, opened = runtime.kernel, []
    real_uow = kernel.inbox.services.uow

    def counting_uow(*args, **kwargs):
        opened.append(kwargs)
        return real_uow(*args, **kwargs)

    kernel.inbox.services = type("S", (), {"uow": staticmethod(counting_uow),
                                           "now": kernel.services.now})()
    try:
        keys = [f"slack:T1:Ev{n % 20}" for n in range(60)]    # each key three times
        firsts = await asyncio.gather(*(kernel.inbox.remember(k) for k in keys))
        assert sum(firsts) == 20
        assert {k for k, f in zip(keys, firsts) if f} == set(keys)
        assert len(opened) < 60 / 2                  # batched, not one transaction each
        again = await asyncio.gather(*(kernel.inbox.remember(k) for k in keys[:20]))
        assert not any(again)                        # redeliveries later: all recognised
    finally:
        kernel.inbox.services = kernel.services
