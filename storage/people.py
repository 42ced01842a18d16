"""People, roles and the inbound de-duplication keys."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.people.model import Person

from .models import InboxRow, PersonRow, RoleRow
from .upsert import insert, insert_or_ignore, insert_or_update


MANY_BATCH = 1000
MANY_NAMES = 5       # people found by a first name: more than one is "which one?"


def _person(row: PersonRow) -> Person:
    return Person(key=row.key, display_name=row.display_name, department=row.department,
                  site=row.site, interests=row.interests, bio=row.bio)


def _workspace_of(key: str) -> str:
    return ":".join(key.split(":", 2)[:2])


class InboxSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def remember(self, key: str, now: datetime) -> bool:
        return await insert_or_ignore(self.session, InboxRow, ["key"], key=key, seen_at=now)

    async def remember_many(self, keys, now: datetime) -> set[str]:
        """One ``INSERT ... ON CONFLICT DO NOTHING RETURNING key``: the database says which
        keys were new, atomically, even with another process remembering the same key."""
        new: set[str] = set()
        keys = list(keys)
        for start in range(0, len(keys), MANY_BATCH):
            statement = insert(self.session, InboxRow).values(
                [{"key": k, "seen_at": now} for k in keys[start:start + MANY_BATCH]]
            ).on_conflict_do_nothing(index_elements=["key"]).returning(InboxRow.key)
            new.update((await self.session.scalars(statement)).all())
        return new

    async def forget(self, key: str) -> None:
        await self.session.execute(delete(InboxRow).where(InboxRow.key == key))

    async def purge_before(self, cutoff: datetime) -> int:
        result = await self.session.execute(delete(InboxRow).where(InboxRow.seen_at < cutoff))
        return result.rowcount or 0


class PeopleSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def touch(self, key: str, display_name: str, now: datetime) -> Person:
        """Create the person or note that they were seen: one atomic upsert, so two first
        messages at the same moment both go through."""
        name = display_name[:200]
        update = {"last_seen": now, **({"display_name": name} if name else {})}
        await insert_or_update(self.session, PersonRow, ["key"], dict(
            key=key, workspace_key=_workspace_of(key), display_name=name, first_seen=now,
            last_seen=now, department="", site="", interests="", bio=""), update)
        row = await self.session.get(PersonRow, key, populate_existing=True)
        return _person(row)

    async def get(self, key: str) -> Person | None:
        row = await self.session.get(PersonRow, key)
        return _person(row) if row else None

    async def get_many(self, keys) -> dict[str, Person]:
        """In batches of plain rows, so a round of 100,000 neither passes SQLite's limit on
        bound values nor holds up the event loop for long."""
        keys, table, found = list(keys), PersonRow.__table__, {}
        for start in range(0, len(keys), MANY_BATCH):
            rows = await self.session.execute(select(table).where(
                table.c.key.in_(keys[start:start + MANY_BATCH])))
            found.update((row.key, _person(row)) for row in rows)
        return found

    async def find_by_name(self, workspace_key: str, name: str, *,
                           first_name: bool = False) -> list[Person]:
        wanted = " ".join(name.strip().lstrip("@").lower().split())
        rows = list(await self.session.scalars(select(PersonRow).where(
            PersonRow.workspace_key == workspace_key,
            (func.lower(PersonRow.display_name) == wanted)
            | (func.lower(PersonRow.key) == f"{workspace_key}:{wanted}".lower()))))
        if not rows and first_name and wanted:
            # "Bob" for "Bob Baker": names that begin with what was typed, as a whole word
            like = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            rows = list(await self.session.scalars(select(PersonRow).where(
                PersonRow.workspace_key == workspace_key,
                func.lower(PersonRow.display_name).like(like + " %", escape="\\"))
                .limit(MANY_NAMES)))
        return [_person(r) for r in rows]

    async def save_profile(self, key: str, *, department: str, site: str, interests: str,
                           bio: str) -> None:
        row = await self.session.get(PersonRow, key)
        if row is None:
            raise LookupError(key)
        row.department, row.site, row.interests, row.bio = department, site, interests, bio

    async def export(self, key: str) -> dict[str, Any] | None:
        row = await self.session.get(PersonRow, key)
        if row is None:
            return None
        return {"id": key, "name": row.display_name, "department": row.department,
                "site": row.site, "interests": row.interests, "bio": row.bio,
                "first_seen": row.first_seen.isoformat(), "last_seen": row.last_seen.isoformat()}

    async def erase(self, key: str) -> None:
        await self.session.execute(delete(PersonRow).where(PersonRow.key == key))


class RolesSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def has_role(self, person_key: str, role: str) -> bool:
        return await self.session.get(RoleRow, (person_key, role)) is not None

    async def grant(self, person_key: str, role: str, by: str, now: datetime) -> bool:
        return await insert_or_ignore(self.session, RoleRow, ["person_key", "role"],
                                      person_key=person_key, role=role, granted_by=by,
                                      granted_at=now)

    async def revoke(self, person_key: str, role: str) -> bool:
        result = await self.session.execute(delete(RoleRow).where(
            RoleRow.person_key == person_key, RoleRow.role == role))
        return bool(result.rowcount)

    async def holders(self, workspace_key: str, role: str) -> list[str]:
        rows = await self.session.scalars(select(RoleRow.person_key).where(
            RoleRow.role == role, RoleRow.person_key.startswith(workspace_key + ":")))
        return sorted(rows)

    async def export(self, person_key: str) -> list[dict[str, Any]]:
        rows = await self.session.scalars(select(RoleRow).where(RoleRow.person_key == person_key))
        return [{"role": r.role, "granted_at": r.granted_at.isoformat()} for r in rows]

    async def erase(self, person_key: str, pseudonym: str) -> None:
        await self.session.execute(delete(RoleRow).where(RoleRow.person_key == person_key))
        await self.session.execute(update(RoleRow).where(RoleRow.granted_by == person_key)
                                   .values(granted_by=pseudonym))
