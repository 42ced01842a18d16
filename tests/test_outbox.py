"""The outbox: nothing lost, nothing twice, and every outcome recorded."""
from __future__ import annotations

from datetime import timedelta

from bot.runtime import build_runtime
from core.cards import Message
from core.channels import DeliveryError
from core.delivery import DeliveryWorker
from core.vocabulary import Destination

TO_ANN = Destination("fake", "T1", "user", ("ann",))


async def _queue(runtime, text="hello", key=None, destination=TO_ANN):
    async with runtime.services.uow() as uow:
        return await runtime.services.queue(uow, destination, Message(text), dedup_key=key)


async def _statuses(runtime):
    async with runtime.services.uow() as uow:
        return [(i.status.value, i.attempts, i.last_error) for i in await uow.outbox.items()]


async def test_queued_message_is_sent_and_recorded(runtime, fake_channel):
    await _queue(runtime)
    assert await runtime.delivery.drain() == 1
    assert [s.text for s in fake_channel.sent] == ["hello"]
    assert await _statuses(runtime) == [("sent", 1, None)]


async def test_queueing_the_same_key_twice_stores_it_once(runtime, fake_channel):
    assert await _queue(runtime, key="intro:1") == 1
    assert await _queue(runtime, key="intro:1") == 0
    await runtime.delivery.drain()
    assert len(fake_channel.sent) == 1


async def test_a_group_fans_out_to_one_row_per_recipient(runtime, fake_channel):
    group = Destination("fake", "T1", "group", ("ann", "bob", "cat"))
    assert await _queue(runtime, destination=group, key="g") == 3
    await runtime.delivery.drain()
    assert sorted(s.destination.ids[0] for s in fake_channel.sent) == ["ann", "bob", "cat"]


async def test_crash_after_queueing_loses_nothing(settings, clock, fake_channel, runtime):
    await _queue(runtime, "survives a restart")
    await runtime.stop()                       # the process dies before sending
    restarted = await build_runtime(settings, clock=clock, scheduler=False)
    restarted.channels.register(fake_channel)
    try:
        assert await restarted.delivery.drain() == 1
    finally:
        await restarted.stop()
    assert [s.text for s in fake_channel.sent] == ["survives a restart"]


async def test_crash_while_sending_is_retried_after_the_lease(runtime, fake_channel, clock):
    await _queue(runtime)
    async with runtime.services.uow() as uow:          # a worker leases it, then dies
        leased = await uow.outbox.claim_due(clock.now(), 10, 120, ["fake"])
    assert len(leased) == 1
    assert await runtime.delivery.run_once() == 0      # still leased: nobody sends it twice
    clock.advance(seconds=121)
    assert await runtime.delivery.run_once() == 1
    assert len(fake_channel.sent) == 1


async def test_transient_failure_retries_after_retry_after(runtime, fake_channel, clock):
    fake_channel.failures.append(DeliveryError("rate limited", retry_after=30))
    await _queue(runtime)
    await runtime.delivery.drain()
    assert await _statuses(runtime) == [("retrying", 1, "rate limited")]
    clock.advance(seconds=29)
    assert await runtime.delivery.run_once() == 0
    clock.advance(seconds=2)
    assert await runtime.delivery.run_once() == 1
    assert await _statuses(runtime) == [("sent", 2, "rate limited")]


async def test_permanent_failure_is_recorded_and_never_retried(runtime, fake_channel, clock):
    fake_channel.failures.append(DeliveryError("channel_not_found", permanent=True))
    await _queue(runtime)
    await runtime.delivery.drain()
    clock.advance(days=1)
    assert await runtime.delivery.run_once() == 0
    assert await _statuses(runtime) == [("failed", 1, "channel_not_found")]
    assert fake_channel.sent == []


async def test_gives_up_after_max_attempts_with_the_reason(runtime, fake_channel, clock):
    worker = DeliveryWorker(runtime.services, max_attempts=3)
    fake_channel.failures.extend(DeliveryError("503 service unavailable") for _ in range(5))
    await _queue(runtime)
    for _ in range(3):
        await worker.run_once()
        clock.advance(minutes=10)
    [(status, attempts, reason)] = await _statuses(runtime)
    assert (status, attempts) == ("failed", 3)
    assert reason == "gave up after 3 attempts: 503 service unavailable"


async def test_unexpected_send_errors_are_retried_not_lost(runtime, fake_channel):
    fake_channel.failures.append(RuntimeError("connection reset"))
    await _queue(runtime)
    await runtime.delivery.drain()
    assert await _statuses(runtime) == [("retrying", 1, "RuntimeError: connection reset")]


def test_backoff_grows_and_is_capped():
    worker = DeliveryWorker(services=None, max_backoff=60)
    assert 1 <= worker.backoff(1) <= 2
    assert 4 <= worker.backoff(3) <= 8
    assert 30 <= worker.backoff(10) <= 60
    assert timedelta(seconds=worker.backoff(20)) <= timedelta(seconds=60)


async def test_librarians_see_what_failed_and_why(chat, fake_channel):
    fake_channel.failures.append(DeliveryError("account_inactive", permanent=True))
    await chat.say("ann", "coffee join")
    await chat.say("bob", "coffee join")
    await chat.say("lib", "coffee run-now")
    await chat.deliver()
    reply = await chat.say("lib", "kmbot deliveries")
    assert "Messages sent: 1. Waiting: 0. Being retried: 0. Failed: 1. Not reachable: 0." in reply
    assert "account_inactive" in reply and ("to @ann" in reply or "to @bob" in reply)
    assert "Only librarians" in await chat.say("ann", "kmbot deliveries")
