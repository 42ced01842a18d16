"""The persistent outbox: queueing (one row, many, a broadcast in bulk), edits, claiming due
rows and recording how each send went. Reports and purging: :mod:`.outbox_reports`."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Sequence

from sqlalchemy import bindparam, case, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.cards import Message
from core.channels import MessageRef
from core.outbox import NewOutboxItem, OutboxItem, OutboxStatus
from core.serialize import message_to_dict
from core.vocabulary import Destination

from .models import OutboxBodyRow, OutboxRow
from .outbox_reports import OutboxReports
from .outbox_rows import (EDIT, EDIT_RETURNING, GONE, OPEN, as_json, edit_params, item_of,
                          message_of, recipient, ref_of)

KEY_BATCH = 500     # de-duplication keys looked up per query
BROADCAST_CHUNK = 2000   # rows per INSERT statement when queueing a broadcast
_ROOT = aliased(OutboxRow)         # a claimed post's thread root (made once: an alias made
                                   # per claim costs more than the claim's own query)


class OutboxSql(OutboxReports):
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, items: Sequence[NewOutboxItem], now: datetime) -> int:
        """Queue messages in one bulk insert; an item whose ``dedup_key`` is already queued
        (or repeated in ``items``) is skipped. Returns how many were queued."""
        keys = [item.dedup_key for item in items if item.dedup_key]
        seen: set[str] = set()
        for start in range(0, len(keys), KEY_BATCH):
            seen.update(await self.session.scalars(select(OutboxRow.dedup_key).where(
                OutboxRow.dedup_key.in_(keys[start:start + KEY_BATCH]))))
        rows, serialised = [], {}
        for item in items:
            if item.dedup_key:
                if item.dedup_key in seen:
                    continue
                seen.add(item.dedup_key)
            d = item.destination
            rows.append(dict(platform=d.platform, workspace=d.workspace, dest_kind=d.kind,
                             dest_ids=json.dumps(list(d.ids)), thread_id=d.thread_id,
                             message=as_json(item.message, serialised),
                             status=OutboxStatus.PENDING.value, attempts=0, next_attempt_at=now,
                             dedup_key=item.dedup_key, created_at=now, tag=item.tag,
                             root_id=item.root_id, version=1))
        if not rows:
            return 0
        dialect = self.session.bind.dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        # another process may queue the same key meanwhile: its row wins, ours is skipped
        table = OutboxRow.__table__
        statement = (insert(table).on_conflict_do_nothing(index_elements=["dedup_key"])
                     .returning(table.c.id))
        return len((await self.session.scalars(statement, rows)).all())

    async def put(self, items: Sequence[NewOutboxItem], now: datetime) -> list[int]:
        """Queue messages like :meth:`add`; returns each item's row id (the row already
        queued under its ``dedup_key``, when there is one)."""
        return [row_id for row_id, _ in [await self._put(item, now) for item in items]]

    async def _put(self, item: NewOutboxItem, now: datetime) -> tuple[int, bool]:
        if item.dedup_key:
            known = await self.session.scalar(
                select(OutboxRow.id).where(OutboxRow.dedup_key == item.dedup_key))
            if known is not None:
                return known, False
        d = item.destination
        row = OutboxRow(platform=d.platform, workspace=d.workspace, dest_kind=d.kind,
                        dest_ids=json.dumps(list(d.ids)), thread_id=d.thread_id,
                        message=json.dumps(message_to_dict(item.message)),
                        status=OutboxStatus.PENDING.value, attempts=0, next_attempt_at=now,
                        dedup_key=item.dedup_key, created_at=now, tag=item.tag,
                        root_id=item.root_id, version=1)
        try:
            async with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:     # another process queued the same key a moment ago
            known = await self.session.scalar(
                select(OutboxRow.id).where(OutboxRow.dedup_key == item.dedup_key))
            return known, False
        return row.id, True

    async def ids_for(self, dedup_keys: Sequence[str]) -> dict[str, int]:
        """The row id queued under each of ``dedup_keys`` (after a bulk :meth:`add`)."""
        found: dict[str, int] = {}
        for start in range(0, len(dedup_keys), KEY_BATCH):
            found.update((key, row_id) for row_id, key in await self.session.execute(
                select(OutboxRow.id, OutboxRow.dedup_key).where(
                    OutboxRow.dedup_key.in_(dedup_keys[start:start + KEY_BATCH]))))
        return found

    async def get(self, item_id: int) -> OutboxItem | None:
        row = await self.session.get(OutboxRow, item_id)
        return item_of(row, body=await self._body_of(row)) if row is not None else None

    async def _body_of(self, row: OutboxRow) -> str | None:
        if row.message is not None or row.body_id is None:
            return None
        return await self.session.scalar(select(OutboxBodyRow.message)
                                         .where(OutboxBodyRow.id == row.body_id))

    # -- broadcasts: one message, many recipients -------------------------------------------

    async def broadcast(self, message: Message, destinations: Sequence[Destination], *,
                        key: str, tag: str, now: datetime) -> int:
        """Queue ``message`` to every destination: the body stored once (``outbox_bodies``,
        under ``key``), then one row per recipient in set-based inserts of
        ``BROADCAST_CHUNK`` rows, each with the de-duplication key ``f"{key}:{recipient}"``
        and ``ON CONFLICT DO NOTHING``: calling again with the same key queues only who is
        missing. Returns how many rows were newly queued."""
        body_id = await self._body(key, message, now)
        rows, seen = [], set()
        for d in destinations:
            dedup = f"{key}:{recipient(d)}"
            if dedup in seen:
                continue
            seen.add(dedup)
            rows.append(dict(platform=d.platform, workspace=d.workspace, dest_kind=d.kind,
                             dest_ids=json.dumps(list(d.ids)), thread_id=d.thread_id,
                             message=None, body_id=body_id,
                             status=OutboxStatus.PENDING.value, attempts=0, next_attempt_at=now,
                             dedup_key=dedup, created_at=now, tag=tag, version=1, in_doubt=0))
        table, queued = OutboxRow.__table__, 0
        statement = (self._insert()(table).on_conflict_do_nothing(index_elements=["dedup_key"])
                     .returning(table.c.id))
        for start in range(0, len(rows), BROADCAST_CHUNK):
            chunk = rows[start:start + BROADCAST_CHUNK]
            queued += len((await self.session.scalars(statement, chunk)).all())
        return queued

    def _insert(self):
        dialect = self.session.bind.dialect.name
        return postgresql_insert if dialect == "postgresql" else sqlite_insert

    async def _body(self, key: str, message: Message, now: datetime) -> int:
        table = OutboxBodyRow.__table__
        await self.session.execute(
            self._insert()(table).on_conflict_do_nothing(index_elements=["key"]),
            dict(key=key, message=json.dumps(message_to_dict(message)), created_at=now))
        return await self.session.scalar(select(OutboxBodyRow.id)
                                         .where(OutboxBodyRow.key == key))

    async def posted(self, platform: str, workspace: str, conversation: str,
                     message_id: str) -> OutboxItem | None:
        """The row whose message the platform knows by ``conversation`` and ``message_id``."""
        row = await self.session.scalar(select(OutboxRow).where(
            OutboxRow.platform == platform, OutboxRow.workspace == workspace,
            OutboxRow.ref_conversation == conversation, OutboxRow.ref_id == message_id)
            .order_by(OutboxRow.id).limit(1))
        return item_of(row, body=await self._body_of(row)) if row is not None else None

    async def edit(self, item_id: int, message: Message, now: datetime) -> bool:
        """Give a queued or posted message new content. Not sent yet: the new content is what
        will be sent. Posted: the row goes out again as an edit. Several edits before it goes
        out again are one edit (the last content). False when there is no such row.
        One ``UPDATE``, built once (a busy wall edits its card with every batch of votes)."""
        result = await self.session.execute(EDIT_RETURNING, edit_params(item_id, message, now))
        self._forget([item_id])
        return result.scalar() is not None

    async def edit_many(self, edits: Sequence[tuple[int, Message]], now: datetime) -> None:
        """:meth:`edit` for several messages in one statement (the ideas a batch of votes
        touched); a row that does not exist is skipped."""
        if edits:
            await self.session.execute(EDIT, [edit_params(i, m, now) for i, m in edits])
            self._forget([i for i, _ in edits])

    def _forget(self, item_ids: Sequence[int]) -> None:
        """Rows read earlier in this unit of work are read again (a Core UPDATE bypasses
        the ORM's copies)."""
        for item_id in item_ids:
            loaded = self.session.identity_map.get(self.session.identity_key(OutboxRow, item_id))
            if loaded is not None:
                self.session.expire(loaded)

    async def content(self, item_id: int) -> tuple[Message, int] | None:
        found = (await self.session.execute(
            select(OutboxRow.message, OutboxRow.body_id, OutboxRow.version)
            .where(OutboxRow.id == item_id))).first()
        if found is None:
            return None
        text = found.message
        if text is None and found.body_id is not None:
            text = await self.session.scalar(select(OutboxBodyRow.message)
                                             .where(OutboxBodyRow.id == found.body_id))
        return (message_of(text), found.version or 1) if text is not None else None

    async def claim_due(self, now: datetime, limit: int, lease_seconds: float,
                        platforms: Sequence[str], *, edits: bool | None = None,
                        in_thread: bool | None = None,
                        owner: str | None = None) -> list[OutboxItem]:
        """Lease up to ``limit`` due rows so no other worker sends them meanwhile (to
        ``owner``, when given: see :meth:`mark_started`).
        ``edits=True``: only edits of posted messages, those shown in a channel before those
        in a thread; ``False``: only new posts; ``None``: both, oldest first. ``in_thread``:
        only posts in a thread (True) or only the others (False). A row whose
        last send began but was never recorded (its sender died, or lost its lease) counts
        one more ``in_doubt``: that send may have reached the recipient."""
        free = or_(OutboxRow.lease_until.is_(None), OutboxRow.lease_until < now)
        root = _ROOT
        # a post in a thread waits until its root is posted (or has failed for good)
        ready = or_(OutboxRow.root_id.is_(None), root.ref_id.is_not(None),
                    root.status.in_(GONE))
        query = (select(OutboxRow, root.ref_conversation, root.ref_id, root.ref_thread,
                        OutboxBodyRow.message)
                 .outerjoin(root, root.id == OutboxRow.root_id)
                 .outerjoin(OutboxBodyRow, OutboxBodyRow.id == OutboxRow.body_id)
                 .where(OutboxRow.status.in_(OPEN), OutboxRow.next_attempt_at <= now,
                        OutboxRow.platform.in_(list(platforms)), free, ready))
        order = [OutboxRow.next_attempt_at, OutboxRow.id]
        if edits is True:       # a busy card in the channel goes before replies' counts
            query = query.where(OutboxRow.ref_id.is_not(None))
            order.insert(0, case((OutboxRow.root_id.is_(None), 0), else_=1))
        elif edits is False:
            query = query.where(OutboxRow.ref_id.is_(None))
        if in_thread is not None:
            query = query.where(OutboxRow.root_id.is_not(None) if in_thread
                                else OutboxRow.root_id.is_(None))
        found = list(await self.session.execute(
            query.order_by(*order).limit(limit).with_for_update(skip_locked=True, of=OutboxRow)))
        until = now + timedelta(seconds=lease_seconds)
        ids = [row.id for row, *_ in found]
        doubt = [row.id for row, *_ in found if row.attempt_started_at is not None]
        if ids:
            await self.session.execute(update(OutboxRow).where(OutboxRow.id.in_(ids)).values(
                lease_until=until, lease_owner=owner), execution_options={"synchronize_session": False})
        if doubt:
            await self.session.execute(update(OutboxRow).where(OutboxRow.id.in_(doubt)).values(
                in_doubt=OutboxRow.in_doubt + 1, attempt_started_at=None),
                execution_options={"synchronize_session": False})
        return [replace(item_of(row, ref_of(row.platform, row.workspace, conversation, ref_id,
                                        thread), body), lease=owner)
                for row, conversation, ref_id, thread, body in found]

    async def mark_sent(self, item_id: int, now: datetime, *, ref: MessageRef | None = None,
                        version: int | None = None) -> None:
        """Record a send (or an edit). When the content was edited while it was being sent
        (``version`` is behind), the row stays pending, to go out again as an edit."""
        values: dict = dict(sent_at=now, lease_until=None, lease_owner=None,
                            attempt_started_at=None, attempts=OutboxRow.attempts + 1,
                            status=OutboxStatus.SENT.value)
        if version is not None:
            values["status"] = case((OutboxRow.version == version, OutboxStatus.SENT.value),
                                    else_=OutboxStatus.PENDING.value)
            values["next_attempt_at"] = now
        if ref is not None:
            values.update(ref_conversation=ref.conversation, ref_id=ref.id,
                          ref_thread=ref.thread)
        await self.session.execute(update(OutboxRow).where(OutboxRow.id == item_id)
                                   .values(**values))

    async def mark_started(self, item_ids: Sequence[int], owner: str, now: datetime, *,
                           lease_until: datetime | None = None) -> set[int]:
        """Record that sends begin now, before the requests go out, for the rows still leased
        to ``owner`` and still to be sent (not stopped meanwhile); returns their ids (the
        others must not be sent). ``lease_until``: the lease runs from now, for the send."""
        if not item_ids:
            return set()
        result = await self.session.execute(
            update(OutboxRow).where(OutboxRow.id.in_(list(item_ids)),
                                    OutboxRow.lease_owner == owner,
                                    OutboxRow.status.in_(OPEN))
            .values(attempt_started_at=now,
                    **({"lease_until": lease_until} if lease_until else {}))
            .returning(OutboxRow.id),
            execution_options={"synchronize_session": False})
        return set(result.scalars().all())

    async def mark_sent_many(self, sent: Sequence[tuple[int, MessageRef | None, int]],
                             now: datetime) -> None:
        """:meth:`mark_sent` for many rows in one statement: ``(id, ref, version)`` each."""
        if not sent:
            return
        table = OutboxRow.__table__
        statement = (update(table).where(table.c.id == bindparam("b_id")).values(
            sent_at=now, lease_until=None, lease_owner=None, attempt_started_at=None,
            attempts=table.c.attempts + 1, next_attempt_at=now,
            status=case((table.c.version == bindparam("b_version"), OutboxStatus.SENT.value),
                        else_=OutboxStatus.PENDING.value),
            ref_conversation=func.coalesce(bindparam("b_conversation"),
                                           table.c.ref_conversation),
            ref_id=func.coalesce(bindparam("b_ref"), table.c.ref_id),
            ref_thread=func.coalesce(bindparam("b_thread"), table.c.ref_thread)))
        await self.session.execute(statement, [
            dict(b_id=item_id, b_version=version,
                 b_conversation=ref.conversation if ref else None,
                 b_ref=ref.id if ref else None, b_thread=ref.thread if ref else None)
            for item_id, ref, version in sent])

    async def mark_retry(self, item_id: int, attempts: int, next_at: datetime,
                         reason: str) -> None:
        await self.session.execute(update(OutboxRow).where(OutboxRow.id == item_id).values(
            status=OutboxStatus.RETRYING.value, attempts=attempts, next_attempt_at=next_at,
            last_error=reason[:1000], lease_until=None, lease_owner=None,
            attempt_started_at=None))

    async def mark_failed(self, item_id: int, attempts: int, reason: str, *,
                          unreachable: bool = False) -> None:
        """A permanent failure; ``unreachable``: the recipient cannot be reached at all
        (left, uninstalled, blocked, channel gone), shown as "not reachable"."""
        status = OutboxStatus.UNREACHABLE if unreachable else OutboxStatus.FAILED
        await self.session.execute(update(OutboxRow).where(OutboxRow.id == item_id).values(
            status=status.value, attempts=attempts, last_error=reason[:1000],
            lease_until=None, lease_owner=None, attempt_started_at=None))
