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


async def test_a_send_cut_short_is_sent_again_and_counted_in_doubt(runtime, fake_channel,
                                                                   clock):
    await _broadcast(runtime, PEOPLE[:3])
    async with runtime.services.uow() as uow:      # a worker leases two and begins sending,
        leased = await uow.outbox.claim_due(clock.now(), 2, 30, ["fake"], owner="dead")
        begun = await uow.outbox.mark_started([i.id for i in leased], "dead", clock.now())
    assert len(begun) == 2                          # ... then is killed mid-send
    assert await runtime.delivery.drain() == 1      # the third goes; the two wait for the lease
    clock.advance(seconds=31)
    assert await runtime.delivery.drain() == 2
    counts = await _counts(runtime)
    assert counts["sent"] == 3 and counts["possibly_duplicated"] == 2
    async with runtime.services.uow() as uow:
        doubts = [r.in_doubt async for r in uow.outbox.tag_report("bulletin:1")]
    assert doubts == [1, 1, 0]


async def test_a_row_stopped_while_leased_is_not_sent(runtime, fake_channel, clock):
    await _broadcast(runtime, PEOPLE[:2])
    async with runtime.services.uow() as uow:
        leased = await uow.outbox.claim_due(clock.now(), 2, 30, ["fake"], owner="w1")
        await uow.outbox.stop_tag("bulletin:1")
    async with runtime.services.uow() as uow:
        assert await uow.outbox.mark_started([i.id for i in leased], "w1", clock.now()) == set()


async def test_someone_who_cannot_be_reached_is_marked_and_not_retried(runtime, fake_channel,
                                                                        clock):
    from core.channels import DeliveryError
    fake_channel.failures.append(DeliveryError("user left", unreachable=True))
    await _broadcast(runtime, PEOPLE[:1])
    await runtime.delivery.drain()
    clock.advance(hours=1)
    assert await runtime.delivery.drain() == 0
    assert (await _counts(runtime))["unreachable"] == 1


async def test_finished_broadcasts_are_purged_after_the_keeping_time(runtime, fake_channel,
                                                                     clock):
    from core import housekeeping
    await _broadcast(runtime, PEOPLE[:10])
    async with runtime.services.uow() as uow:      # a wall's card: owned by its feature
        await runtime.services.post(uow, PEOPLE[0], Message("card"), tag="wall:1")
    await runtime.delivery.drain()
    clock.advance(days=89)
    await housekeeping.purge(runtime.services, None)
    assert (await _counts(runtime))["sent"] == 10
    clock.advance(days=2)
    await housekeeping.purge(runtime.services, None)
    assert (await _counts(runtime))["sent"] == 0
    async with runtime.services.uow() as uow:
        assert [i.tag for i in await uow.outbox.items()] == ["wall:1"]
