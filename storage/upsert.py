"""``INSERT ... ON CONFLICT`` for rows keyed by a natural key, on SQLite and PostgreSQL.

Get-then-insert loses a race when two requests create the same row at once (the loser's
transaction fails, and with it the person's action). These statements never fail on the key:
the database decides, atomically, whether the row is new.
"""
from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert(session: AsyncSession, model):
    """The dialect's ``insert`` for ``model`` (it has ``on_conflict_do_*``)."""
    dialect = session.bind.dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


async def insert_or_ignore(session: AsyncSession, model, keys: list[str], **values) -> bool:
    """Insert the row unless one with the same ``keys`` exists; True when it was inserted."""
    statement = insert(session, model).values(**values).on_conflict_do_nothing(
        index_elements=keys)
    result = await session.execute(statement)
    return bool(result.rowcount)


async def insert_or_update(session: AsyncSession, model, keys: list[str], values: dict,
                           update: dict) -> None:
    """Insert the row, or when one with the same ``keys`` exists set ``update`` on it."""
    statement = insert(session, model).values(**values)
    if update:
        statement = statement.on_conflict_do_update(index_elements=keys, set_=update)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    await session.execute(statement)
