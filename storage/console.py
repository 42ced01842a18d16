"""Console channels: what is posted in each, numbered, and who has opened it."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from .models import ConsoleMemberRow, ConsolePostRow


@dataclass(frozen=True)
class ConsolePost:
    channel: str
    number: int
    thread: int | None        # the number of the post whose thread this is in
    author: str               # a person's key; "" for kmbot
    message: dict             # core.serialize form
    edited: bool = False


def _post(row: ConsolePostRow) -> ConsolePost:
    return ConsolePost(row.channel, row.number, row.thread, row.author, json.loads(row.message),
                       row.edited_at is not None)


class ConsoleSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def post(self, channel: str, message: dict, now: datetime, *,
                   thread: int | None = None, author: str = "") -> int:
        """Add a post (in ``thread``'s thread when given); returns its number."""
        while True:
            last = await self.session.scalar(
                select(func.max(ConsolePostRow.number)).where(ConsolePostRow.channel == channel))
            row = ConsolePostRow(channel=channel, number=(last or 0) + 1, thread=thread,
                                 author=author, message=json.dumps(message), posted_at=now)
            try:
                async with self.session.begin_nested():
                    self.session.add(row)
                return row.number
            except IntegrityError:     # another process took that number: take the next
                continue

    async def edit(self, channel: str, number: int, message: dict, now: datetime) -> bool:
        row = await self.session.scalar(select(ConsolePostRow).where(
            ConsolePostRow.channel == channel, ConsolePostRow.number == number))
        if row is None:
            return False
        row.message, row.edited_at = json.dumps(message), now
        return True

    async def get(self, channel: str, number: int) -> ConsolePost | None:
        row = await self.session.scalar(select(ConsolePostRow).where(
            ConsolePostRow.channel == channel, ConsolePostRow.number == number))
        return _post(row) if row is not None else None

    async def posts(self, channel: str) -> list[ConsolePost]:
        rows = await self.session.scalars(select(ConsolePostRow).where(
            ConsolePostRow.channel == channel).order_by(ConsolePostRow.number))
        return [_post(r) for r in rows]

    async def join(self, channel: str, person_key: str, now: datetime) -> None:
        if await self.session.get(ConsoleMemberRow, (channel, person_key)) is not None:
            return
        try:
            async with self.session.begin_nested():
                self.session.add(ConsoleMemberRow(channel=channel, person_key=person_key,
                                                  joined_at=now))
        except IntegrityError:     # they opened it in another terminal a moment ago
            pass

    async def members(self, channel: str) -> list[str]:
        return list(await self.session.scalars(select(ConsoleMemberRow.person_key).where(
            ConsoleMemberRow.channel == channel).order_by(ConsoleMemberRow.joined_at,
                                                          ConsoleMemberRow.person_key)))

    # -- a person's data (for /kmbot my-data and forget-me) ---------------------------------
    async def export(self, person_key: str) -> dict[str, list]:
        posts = await self.session.scalars(select(ConsolePostRow).where(
            ConsolePostRow.author == person_key).order_by(ConsolePostRow.id))
        return {"console_channels": await self.channels_of(person_key),
                "console_thread_replies": [
                    {"channel": p.channel, "number": p.number, "thread": p.thread,
                     "text": json.loads(p.message).get("text", ""),
                     "posted_at": p.posted_at.isoformat()} for p in posts]}

    async def channels_of(self, person_key: str) -> list[str]:
        return list(await self.session.scalars(select(ConsoleMemberRow.channel).where(
            ConsoleMemberRow.person_key == person_key).order_by(ConsoleMemberRow.channel)))

    async def erase(self, person_key: str, pseudonym: str) -> None:
        """Forget the person: out of every channel's members; their replies stay in their
        threads (others answered them) under ``pseudonym``."""
        await self.session.execute(delete(ConsoleMemberRow).where(
            ConsoleMemberRow.person_key == person_key))
        await self.session.execute(update(ConsolePostRow).where(
            ConsolePostRow.author == person_key).values(author=pseudonym))
