"""Broadcasts: one message to many, queued in bulk, counted, reported and stoppable."""
from __future__ import annotations

from core.cards import Message
from core.outbox import OutboxStatus
from core.vocabulary import Destination

PEOPLE = [Destination.user(f"fake:T1:u{i}") for i in range(1200)]
NEWS = Message("Health Management bulletin: December")


async def _broadcast(runtime, destinations=PEOPLE, key="bulletin:1"):
    async with runtime.services.uow() as uow:
        return await runtime.services.broadcast(uow, NEWS, destinations, key=key,
                                                tag="bulletin:1")


async def _counts(runtime, tag="bulletin:1"):
    async with runtime.services.uow() as uow:
        return await uow.outbox.tag_counts(tag)


async def test_a_broadcast_queues_each_recipient_once_and_resumes(runtime, fake_channel):
    assert await _broadcast(runtime, PEOPLE[:700]) == 700       # half-queued, then resumed
    assert await _broadcast(runtime, PEOPLE + PEOPLE[:5]) == 500
    assert (await _counts(runtime))["queued"] == 1200
    await runtime.delivery.drain()
    assert sorted(s.destination.ids[0] for s in fake_channel.sent) == sorted(
        f"u{i}" for i in range(1200))
    assert {s.text for s in fake_channel.sent} == {NEWS.text}
    assert await _counts(runtime) == dict(queued=0, sent=1200, retrying=0, failed=0,
                                          unreachable=0, stopped=0, possibly_duplicated=0)


async def test_the_text_is_stored_once(runtime):
    await _broadcast(runtime)
    async with runtime.services.uow() as uow:
        rows = await uow.session.execute(
            __import__("sqlalchemy").text("SELECT count(*) FROM outbox_bodies"))
        assert rows.scalar() == 1
        [item] = (await uow.outbox.items())[:1]
        assert item.message == NEWS


async def test_the_report_has_one_row_per_recipient(runtime, fake_channel):
    await _broadcast(runtime)
    await runtime.delivery.drain()
    async with runtime.services.uow() as uow:
        rows = [row async for row in uow.outbox.tag_report("bulletin:1")]
    assert len(rows) == 1200
    assert rows[0].destination == "fake:T1:u0"
    assert {r.status for r in rows} == {"sent"} and all(r.sent_at for r in rows)


async def test_stopping_a_broadcast_sends_nothing_more(runtime, fake_channel):
    await _broadcast(runtime)
    async with runtime.services.uow() as uow:
        assert await uow.outbox.stop_tag("bulletin:1") == 1200
    assert await runtime.delivery.drain() == 0
    assert fake_channel.sent == []
    counts = await _counts(runtime)
    assert counts["stopped"] == 1200 and counts["queued"] == 0
    assert OutboxStatus.STOPPED.value == "stopped"


async def test_broadcast_in_chunks_queues_everyone(runtime, fake_channel):
    queued = await runtime.services.broadcast_in_chunks(NEWS, PEOPLE, key="bulletin:1",
                                                        tag="bulletin:1", chunk=500)
    assert queued == 1200
    assert await runtime.services.broadcast_in_chunks(NEWS, PEOPLE, key="bulletin:1",
                                                      tag="bulletin:1", chunk=500) == 0
