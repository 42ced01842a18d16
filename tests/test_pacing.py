"""The sending pace shared by processes: moments booked in the database, evenly spaced, a
429's pause honoured by everyone."""
from __future__ import annotations

from core.pacing import SharedPace
from storage import Database
from storage.send_budget import SendBudgetSql


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sent: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def test_two_processes_share_one_pace(database_url):
    db = Database(database_url)
    await db.migrate()
    try:
        time = FakeTime()
        store = SendBudgetSql(db.sessions)
        one, two = (SharedPace(store, 10, batch_seconds=0.3, clock=time.clock,
                               sleep=time.sleep) for _ in range(2))
        moments = []
        for pace in (one, two, one, two, one, two):
            await pace.take("teams:T1")
            moments.append(round(time.now, 3))
        # each process books three moments at a time; together never more than 10 a second
        assert len(set(moments)) == 6
        assert all(b - a >= 0.099 for a, b in zip(sorted(moments), sorted(moments)[1:]))

        await two.pause("teams:T1", 5)          # a 429 seen by one process ...
        one._moments.clear()                    # (its bookings used up)
        await one.take("teams:T1")              # ... holds the other one too
        assert time.now >= moments[-1] + 5 - 1e-6
        assert await store.throttled("teams:T1") == 1
    finally:
        await db.close()


async def test_a_stall_costs_the_moments_it_covered_never_a_burst_after_it(database_url):
    """The event loop was busy when a moment came: that send waits for the next free moment
    rather than going out late, right before the next one (two in one slot: a 429)."""
    db = Database(database_url)
    await db.migrate()
    try:
        time = FakeTime()
        stalls = [0.5]                  # the second wait overshoots by half a second

        async def sleep(seconds: float) -> None:
            time.now += seconds + (stalls.pop() if stalls and seconds else 0.0)
        pace = SharedPace(SendBudgetSql(db.sessions), 10, batch_seconds=0.3, clock=time.clock,
                          sleep=sleep)
        sent = []
        for _ in range(6):
            await pace.take("teams:T1")
            sent.append(time.now)
        assert not stalls
        assert all(b - a >= 0.099 for a, b in zip(sent, sent[1:])), sent
    finally:
        await db.close()
