"""Coffee Connect programmes, memberships, rounds and groups."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.coffee.model import (Cadence, GroupMember, MemberStatus, Membership, Outcome,
                               Programme, ProgrammeSettings, Round, RoundGroup)

from .models import GroupMemberRow, GroupRow, MembershipRow, ProgrammeRow, RoundRow
from .upsert import insert_or_update

SETTING_COLUMNS = ("name", "slug", "channel_id", "weekday", "time", "timezone", "group_size",
                   "theme", "cross_department")


def _programme(row: ProgrammeRow) -> Programme:
    settings = ProgrammeSettings(cadence=Cadence(row.cadence),
                                 **{c: getattr(row, c) for c in SETTING_COLUMNS})
    return Programme(id=row.id, workspace_key=row.workspace_key, settings=settings,
                     created_at=row.created_at)


MEMBERS_PAGE = 2000


def _membership(row: MembershipRow) -> Membership:
    return Membership(programme_id=row.programme_id, person_key=row.person_key,
                      status=MemberStatus(row.status), joined_at=row.joined_at,
                      paused_until=row.paused_until)


def _round(row: RoundRow) -> Round:
    return Round(id=row.id, programme_id=row.programme_id, slot=row.slot, seed=row.seed,
                 started_at=row.started_at, reminder_at=row.reminder_at,
                 reminded_at=row.reminded_at)


class CoffeeSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- programmes -------------------------------------------------------------------------
    async def programmes(self, workspace_key: str) -> list[Programme]:
        rows = await self.session.scalars(select(ProgrammeRow).where(
            ProgrammeRow.workspace_key == workspace_key).order_by(ProgrammeRow.id))
        return [_programme(r) for r in rows]

    async def all_programmes(self) -> list[Programme]:
        rows = await self.session.scalars(select(ProgrammeRow).order_by(ProgrammeRow.id))
        return [_programme(r) for r in rows]

    async def programme(self, programme_id: int) -> Programme | None:
        row = await self.session.get(ProgrammeRow, programme_id)
        return _programme(row) if row else None

    async def add_programme(self, workspace_key: str, settings: ProgrammeSettings,
                            now: datetime) -> Programme | None:
        """None when the workspace already has a programme with that slug."""
        row = ProgrammeRow(workspace_key=workspace_key, cadence=settings.cadence.value,
                           created_at=now,
                           **{c: getattr(settings, c) for c in SETTING_COLUMNS})
        try:
            async with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            return None
        return _programme(row)

    async def update_programme(self, programme_id: int, changes: dict[str, Any]) -> None:
        values = {c: v for c, v in changes.items() if c in SETTING_COLUMNS}
        if "cadence" in changes:
            values["cadence"] = Cadence(changes["cadence"]).value
        if values:
            await self.session.execute(update(ProgrammeRow)
                                       .where(ProgrammeRow.id == programme_id).values(**values))
        await self.session.flush()

    # -- memberships ------------------------------------------------------------------------
    async def membership(self, programme_id: int, person_key: str) -> Membership | None:
        row = await self.session.get(MembershipRow, (programme_id, person_key),
                                     populate_existing=True)   # upserts bypass the ORM
        return _membership(row) if row else None

    async def memberships_of(self, person_key: str) -> list[Membership]:
        rows = await self.session.scalars(select(MembershipRow).where(
            MembershipRow.person_key == person_key).order_by(MembershipRow.programme_id)
            .execution_options(populate_existing=True))
        return [_membership(r) for r in rows]

    async def save_membership(self, membership: Membership) -> None:
        """Insert or update in one statement: safe when two requests join at once."""
        values = dict(programme_id=membership.programme_id, person_key=membership.person_key,
                      status=membership.status.value, paused_until=membership.paused_until,
                      joined_at=membership.joined_at)
        await insert_or_update(self.session, MembershipRow, ["programme_id", "person_key"],
                               values, {k: values[k] for k in ("status", "paused_until",
                                                               "joined_at")})

    async def members(self, programme_id: int) -> list[Membership]:
        """Plain rows, a page at a time, so a programme of 100,000 is read quickly and never
        holds up the event loop (other people's commands) for long."""
        table, found, after = MembershipRow.__table__, [], None
        while True:
            query = select(table).where(table.c.programme_id == programme_id)
            if after is not None:
                query = query.where(table.c.person_key > after)
            page = [_membership(r) for r in await self.session.execute(
                query.order_by(table.c.person_key).limit(MEMBERS_PAGE))]
            found += page
            if len(page) < MEMBERS_PAGE:
                return found
            after = page[-1].person_key

    # -- rounds -----------------------------------------------------------------------------
    async def claim_round(self, programme_id: int, slot: datetime, seed: int,
                          reminder_at: datetime, now: datetime) -> Round | None:
        row = RoundRow(programme_id=programme_id, slot=slot, seed=seed, started_at=now,
                       reminder_at=reminder_at)
        try:
            async with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            return None
        return _round(row)

    async def save_groups(self, round_id: int, groups: Sequence[Sequence[str]],
                          cross_department: Sequence[bool]) -> list[RoundGroup]:
        """Two bulk inserts, however many groups (a round of 100,000 is quick to store)."""
        if not groups:
            return []
        if len(groups) != len(cross_department):
            raise ValueError("one cross-department flag per group")
        groups_table, members_table = GroupRow.__table__, GroupMemberRow.__table__
        await self.session.execute(insert(groups_table), [
            dict(round_id=round_id, cross_department=c) for c in cross_department])
        # the round is new in this transaction, so its groups are exactly these, and their
        # ids ascend in the order they were inserted
        ids = list(await self.session.scalars(select(GroupRow.id).where(
            GroupRow.round_id == round_id).order_by(GroupRow.id)))
        if len(ids) != len(groups):
            raise RuntimeError(f"round {round_id} already had groups")
        await self.session.execute(insert(members_table), [
            dict(group_id=group_id, person_key=k) for group_id, keys in zip(ids, groups)
            for k in keys])
        return [RoundGroup(id=group_id, round_id=round_id,
                           members=tuple(GroupMember(k) for k in keys), cross_department=crossing)
                for group_id, keys, crossing in zip(ids, groups, cross_department)]

    async def rounds(self, programme_id: int) -> list[Round]:
        rows = await self.session.scalars(select(RoundRow).where(
            RoundRow.programme_id == programme_id).order_by(RoundRow.slot))
        return [_round(r) for r in rows]

    async def round(self, round_id: int) -> Round | None:
        row = await self.session.get(RoundRow, round_id)
        return _round(row) if row else None

    async def groups(self, round_id: int) -> list[RoundGroup]:
        return await self._groups_where(GroupRow.round_id == round_id)

    async def groups_of_rounds(self, round_ids: Sequence[int]) -> dict[int, list[RoundGroup]]:
        by_round: dict[int, list[RoundGroup]] = defaultdict(list)
        for group in await self._groups_where(GroupRow.round_id.in_(list(round_ids))):
            by_round[group.round_id].append(group)
        return by_round

    async def group_of(self, group_id: int) -> RoundGroup | None:
        found = await self._groups_where(GroupRow.id == group_id)
        return found[0] if found else None

    async def _groups_where(self, condition) -> list[RoundGroup]:
        rows = (await self.session.execute(
            select(GroupRow, GroupMemberRow, RoundRow.programme_id)
            .join(GroupMemberRow, GroupMemberRow.group_id == GroupRow.id)
            .join(RoundRow, RoundRow.id == GroupRow.round_id)
            .where(condition).order_by(GroupRow.id, GroupMemberRow.person_key))).all()
        groups: dict[int, RoundGroup] = {}
        for group, member, programme_id in rows:
            found = groups.get(group.id) or RoundGroup(
                id=group.id, round_id=group.round_id, members=(),
                cross_department=group.cross_department, programme_id=programme_id)
            outcome = Outcome(member.outcome) if member.outcome else None
            groups[group.id] = RoundGroup(
                id=found.id, round_id=found.round_id, cross_department=found.cross_department,
                programme_id=programme_id,
                members=found.members + (GroupMember(member.person_key, outcome),))
        return list(groups.values())

    async def history(self, programme_id: int, limit: int) -> list[list[tuple[str, ...]]]:
        recent = list(await self.session.scalars(
            select(RoundRow.id).where(RoundRow.programme_id == programme_id)
            .order_by(RoundRow.slot.desc()).limit(limit)))
        by_round = await self.groups_of_rounds(recent)
        return [[g.keys for g in by_round.get(rid, [])] for rid in reversed(recent)]

    async def latest_group_for(self, programme_id: int, person_key: str) -> RoundGroup | None:
        group_id = await self.session.scalar(
            select(GroupRow.id).join(GroupMemberRow, GroupMemberRow.group_id == GroupRow.id)
            .join(RoundRow, RoundRow.id == GroupRow.round_id)
            .where(RoundRow.programme_id == programme_id,
                   GroupMemberRow.person_key == person_key)
            .order_by(RoundRow.slot.desc()).limit(1))
        return await self.group_of(group_id) if group_id else None

    async def record_outcome(self, group_id: int, person_key: str, outcome: str,
                             now: datetime) -> bool:
        result = await self.session.execute(
            update(GroupMemberRow)
            .where(GroupMemberRow.group_id == group_id, GroupMemberRow.person_key == person_key)
            .values(outcome=outcome, answered_at=now))
        return bool(result.rowcount)

    async def claim_due_reminders(self, now: datetime,
                                  round_id: int | None = None) -> list[Round]:
        query = select(RoundRow.id).where(RoundRow.reminder_at <= now,
                                          RoundRow.reminded_at.is_(None))
        if round_id is not None:
            query = query.where(RoundRow.id == round_id)
        due = list(await self.session.scalars(query))
        claimed = []
        for round_id in due:
            result = await self.session.execute(
                update(RoundRow).where(RoundRow.id == round_id, RoundRow.reminded_at.is_(None))
                .values(reminded_at=now))
            if result.rowcount:
                claimed.append(_round(await self.session.get(RoundRow, round_id)))
        return claimed

    async def met_count(self, programme_id: int | None, person_key: str) -> int:
        """How many different colleagues this person has been grouped with."""
        mine = select(GroupMemberRow.group_id).where(GroupMemberRow.person_key == person_key)
        query = (select(func.count(func.distinct(GroupMemberRow.person_key)))
                 .where(GroupMemberRow.group_id.in_(mine),
                        GroupMemberRow.person_key != person_key))
        if programme_id is not None:
            query = (query.join(GroupRow, GroupRow.id == GroupMemberRow.group_id)
                     .join(RoundRow, RoundRow.id == GroupRow.round_id)
                     .where(RoundRow.programme_id == programme_id))
        return int(await self.session.scalar(query) or 0)

    # -- a person's data --------------------------------------------------------------------
    async def export_person(self, person_key: str) -> dict[str, Any]:
        programmes = {p.id: p for p in await self.all_programmes()}
        memberships = [{"programme": programmes[m.programme_id].name if m.programme_id
                        in programmes else m.programme_id, "status": m.status.value,
                        "joined_at": m.joined_at.isoformat(),
                        "paused_until": m.paused_until.isoformat() if m.paused_until else None}
                       for m in await self.memberships_of(person_key)]
        rows = (await self.session.execute(
            select(GroupMemberRow, RoundRow.slot, RoundRow.programme_id)
            .join(GroupRow, GroupRow.id == GroupMemberRow.group_id)
            .join(RoundRow, RoundRow.id == GroupRow.round_id)
            .where(GroupMemberRow.person_key == person_key).order_by(RoundRow.slot))).all()
        groups = await self._groups_where(GroupRow.id.in_([r[0].group_id for r in rows]))
        others = {g.id: [k for k in g.keys if k != person_key] for g in groups}
        introductions = [{"programme": programmes[pid].name if pid in programmes else pid,
                          "round": slot.isoformat(), "with": others.get(member.group_id, []),
                          "outcome": member.outcome}
                         for member, slot, pid in rows]
        return {"memberships": memberships, "introductions": introductions}

    async def erase_person(self, person_key: str, pseudonym: str) -> None:
        await self.session.execute(delete(MembershipRow)
                                   .where(MembershipRow.person_key == person_key))
        await self.session.execute(update(GroupMemberRow)
                                   .where(GroupMemberRow.person_key == person_key)
                                   .values(person_key=pseudonym))
        await self.session.flush()
