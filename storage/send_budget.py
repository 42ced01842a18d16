"""The shared sending pace's table (see :mod:`core.pacing`): one row per workspace or tenant,
booked with one atomic ``UPDATE ... RETURNING`` (no lock held between statements, no
retries), in its own short transaction."""
from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .models import SendBudgetRow


class SendBudgetSql:
    def __init__(self, sessions) -> None:
        self.sessions = sessions         # an async_sessionmaker (writes)

    async def book(self, key: str, count: int, interval: float,
                   now: float) -> tuple[float, float]:
        span = count * interval
        async with self.sessions() as session:
            async with session.begin():
                greatest = func.greatest if session.bind.dialect.name == "postgresql" else func.max
                table = SendBudgetRow.__table__
                statement = (update(table).where(table.c.key == key)
                             .values(next_at=greatest(now, table.c.next_at,
                                                      table.c.paused_until) + span)
                             .returning(table.c.next_at, table.c.paused_until))
                row = (await session.execute(statement)).first()
                if row is None:
                    await session.execute(self._insert(session)(table).values(
                        key=key, next_at=0.0, paused_until=0.0, throttled=0)
                        .on_conflict_do_nothing(index_elements=["key"]))
                    row = (await session.execute(statement)).first()
        next_at, paused_until = row
        return next_at - span, paused_until

    async def pause(self, key: str, until: float) -> None:
        async with self.sessions() as session:
            async with session.begin():
                greatest = func.greatest if session.bind.dialect.name == "postgresql" else func.max
                table = SendBudgetRow.__table__
                await session.execute(update(table).where(table.c.key == key).values(
                    paused_until=greatest(table.c.paused_until, until),
                    throttled=table.c.throttled + 1))

    async def throttled(self, key: str) -> int:
        async with self.sessions() as session:
            return await session.scalar(select(SendBudgetRow.throttled)
                                        .where(SendBudgetRow.key == key)) or 0

    @staticmethod
    def _insert(session):
        return (postgresql_insert if session.bind.dialect.name == "postgresql"
                else sqlite_insert)
