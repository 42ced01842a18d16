"""Huddles, their sessions (one per huddle and day) and answers."""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, Sequence

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.huddles.model import Answer, Huddle, HuddleSettings, Session

from .huddle_models import HuddleAnswerRow, HuddleRow, HuddleSessionRow
from .upsert import insert


def slug(name: str) -> str:
    return " ".join(name.lower().split())


def settings_to_json(settings: HuddleSettings) -> str:
    return json.dumps({
        "name": settings.name, "days": list(settings.days), "every": settings.every,
        "time": settings.time, "timezone": settings.timezone,
        "questions": list(settings.questions), "window": settings.window,
        "nation": settings.nation, "template": settings.template,
        "skip_dates": [d.isoformat() for d in settings.skip_dates],
        "start": settings.start.isoformat() if settings.start else None})


def settings_from_json(text: str) -> HuddleSettings:
    data = json.loads(text)
    data["days"] = tuple(data["days"])
    data["questions"] = tuple(data["questions"])
    data["skip_dates"] = tuple(date.fromisoformat(d) for d in data["skip_dates"])
    data["start"] = date.fromisoformat(data["start"]) if data.get("start") else None
    return HuddleSettings(**data)


def _huddle(row: HuddleRow) -> Huddle:
    return Huddle(id=row.id, workspace_key=row.workspace_key, channel_id=row.channel_id,
                  owner_key=row.owner_key, settings=settings_from_json(row.settings),
                  paused=row.paused, created_at=row.created_at,
                  problem_reported=row.problem_reported)


def _session(row: HuddleSessionRow) -> Session:
    return Session(id=row.id, huddle_id=row.huddle_id, day=row.day, opens_at=row.opens_at,
                   closes_at=row.closes_at, questions=tuple(json.loads(row.questions)),
                   root_id=row.root_id, reminded=row.reminded, closed=row.closed)


def _answer(row: HuddleAnswerRow) -> Answer:
    return Answer(id=row.id, session_id=row.session_id, person_key=row.person_key,
                  question=row.question, text=row.text, at=row.at, late=row.late, via=row.via)


class HuddlesSql:
    def __init__(self, session: AsyncSession) -> None:
        self.db = session

    # -- huddles ----------------------------------------------------------------------------
    async def add(self, workspace_key: str, channel_id: str, owner_key: str,
                  settings: HuddleSettings, now: datetime) -> Huddle | None:
        row = HuddleRow(workspace_key=workspace_key, channel_id=channel_id,
                        slug=slug(settings.name), name=settings.name, owner_key=owner_key,
                        settings=settings_to_json(settings), paused=False,
                        problem_reported=False, created_at=now)
        try:
            async with self.db.begin_nested():
                self.db.add(row)
        except IntegrityError:
            return None
        return _huddle(row)

    async def get(self, huddle_id: int) -> Huddle | None:
        row = await self.db.get(HuddleRow, huddle_id, populate_existing=True)
        return _huddle(row) if row else None

    async def get_many(self, huddle_ids: Sequence[int]) -> dict[int, Huddle]:
        rows = await self.db.scalars(select(HuddleRow).where(
            HuddleRow.id.in_(list(huddle_ids))).execution_options(populate_existing=True))
        return {row.id: _huddle(row) for row in rows}

    async def by_name(self, workspace_key: str, name: str) -> Huddle | None:
        row = await self.db.scalar(select(HuddleRow).where(
            HuddleRow.workspace_key == workspace_key, HuddleRow.slug == slug(name)))
        return _huddle(row) if row else None

    async def in_channel(self, workspace_key: str, channel_id: str) -> list[Huddle]:
        rows = await self.db.scalars(select(HuddleRow).where(
            HuddleRow.workspace_key == workspace_key, HuddleRow.channel_id == channel_id)
            .order_by(HuddleRow.id))
        return [_huddle(r) for r in rows]

    async def all(self) -> list[Huddle]:
        return [_huddle(r) for r in await self.db.scalars(
            select(HuddleRow).order_by(HuddleRow.id))]

    async def update(self, huddle_id: int, settings: HuddleSettings) -> bool:
        try:
            async with self.db.begin_nested():
                await self.db.execute(update(HuddleRow).where(HuddleRow.id == huddle_id)
                                           .values(name=settings.name, slug=slug(settings.name),
                                                   settings=settings_to_json(settings)))
        except IntegrityError:
            return False
        return True

    async def set_paused(self, huddle_id: int, paused: bool, *,
                         problem_reported: bool | None = None) -> bool:
        values: dict[str, Any] = {"paused": paused}
        if problem_reported is not None:
            values["problem_reported"] = problem_reported
        result = await self.db.execute(update(HuddleRow).where(
            HuddleRow.id == huddle_id, HuddleRow.paused.is_(not paused)).values(**values))
        return bool(result.rowcount)

    async def delete(self, huddle_id: int) -> None:
        sessions = select(HuddleSessionRow.id).where(HuddleSessionRow.huddle_id == huddle_id)
        await self.db.execute(delete(HuddleAnswerRow).where(
            HuddleAnswerRow.session_id.in_(sessions)))
        await self.db.execute(delete(HuddleSessionRow).where(
            HuddleSessionRow.huddle_id == huddle_id))
        await self.db.execute(delete(HuddleRow).where(HuddleRow.id == huddle_id))

    # -- sessions ---------------------------------------------------------------------------
    async def open_session(self, huddle_id: int, day: date, opens_at: datetime,
                           closes_at: datetime, questions: Sequence[str]) -> Session | None:
        statement = insert(self.db, HuddleSessionRow).values(
            huddle_id=huddle_id, day=day, opens_at=opens_at, closes_at=closes_at,
            questions=json.dumps(list(questions)), reminded=False, closed=False
        ).on_conflict_do_nothing(index_elements=["huddle_id", "day"])
        result = await self.db.execute(statement)
        if not result.rowcount:
            return None
        return await self.session_on(huddle_id, day)

    async def open_sessions(self, new: Sequence[tuple[int, date, datetime, datetime,
                                                      Sequence[str]]]) -> list[Session]:
        """``open_session`` for many huddles in one statement: the sessions that are new
        (a day already opened, by any process, is left out)."""
        if not new:
            return []
        rows = [dict(huddle_id=h, day=day, opens_at=opens, closes_at=closes,
                     questions=json.dumps(list(questions)), reminded=False, closed=False)
                for h, day, opens, closes, questions in new]
        table = HuddleSessionRow.__table__
        statement = (insert(self.db, table)
                     .on_conflict_do_nothing(index_elements=["huddle_id", "day"])
                     .returning(table.c.id))
        ids = list(await self.db.scalars(statement, rows))
        if not ids:
            return []
        found = await self.db.scalars(select(HuddleSessionRow).where(
            HuddleSessionRow.id.in_(ids)).execution_options(populate_existing=True))
        return [_session(r) for r in found]

    async def set_roots(self, roots: dict[int, int]) -> None:
        """``set_root`` for many sessions ({session id: outbox id}) in one statement."""
        if roots:
            table = HuddleSessionRow.__table__
            await self.db.execute(
                update(table).where(table.c.id == bindparam("sid"))
                .values(root_id=bindparam("rid")),
                [dict(sid=s, rid=r) for s, r in roots.items()])

    async def set_root(self, session_id: int, root_id: int) -> None:
        await self.db.execute(update(HuddleSessionRow).where(
            HuddleSessionRow.id == session_id).values(root_id=root_id))

    async def session(self, session_id: int) -> Session | None:
        row = await self.db.scalar(select(HuddleSessionRow).where(
            HuddleSessionRow.id == session_id).execution_options(populate_existing=True))
        return _session(row) if row else None

    async def session_on(self, huddle_id: int, day: date) -> Session | None:
        row = await self.db.scalar(select(HuddleSessionRow).where(
            HuddleSessionRow.huddle_id == huddle_id, HuddleSessionRow.day == day)
            .execution_options(populate_existing=True))
        return _session(row) if row else None

    async def sessions(self, huddle_id: int, since: date | None = None) -> list[Session]:
        query = select(HuddleSessionRow).where(HuddleSessionRow.huddle_id == huddle_id)
        if since is not None:
            query = query.where(HuddleSessionRow.day >= since)
        rows = await self.db.scalars(query.order_by(HuddleSessionRow.day))
        return [_session(r) for r in rows]

    async def mark_reminded(self, session_id: int) -> bool:
        result = await self.db.execute(update(HuddleSessionRow).where(
            HuddleSessionRow.id == session_id, HuddleSessionRow.reminded.is_(False),
            HuddleSessionRow.closed.is_(False)).values(reminded=True))
        return bool(result.rowcount)

    async def close(self, session_id: int) -> bool:
        result = await self.db.execute(update(HuddleSessionRow).where(
            HuddleSessionRow.id == session_id, HuddleSessionRow.closed.is_(False))
            .values(closed=True))
        return bool(result.rowcount)

    # -- answers ----------------------------------------------------------------------------
    async def add_answers(self, session_id: int, person_key: str,
                          answers: Sequence[tuple[int, str]], at: datetime, late: bool,
                          via: str, dedup_key: str | None) -> int:
        rows = [dict(session_id=session_id, person_key=person_key, question=q, text=text,
                     at=at, late=late, via=via,
                     dedup_key=f"{dedup_key}:{i}" if dedup_key else None)
                for i, (q, text) in enumerate(answers)]
        if not rows:
            return 0
        result = await self.db.execute(
            insert(self.db, HuddleAnswerRow).values(rows)
            .on_conflict_do_nothing(index_elements=["dedup_key"]))
        return result.rowcount or 0

    async def answers(self, session_ids: Sequence[int]) -> list[Answer]:
        if not session_ids:
            return []
        rows = await self.db.scalars(select(HuddleAnswerRow).where(
            HuddleAnswerRow.session_id.in_(list(session_ids))).order_by(HuddleAnswerRow.id))
        return [_answer(r) for r in rows]

    # -- a person's data --------------------------------------------------------------------
    async def export_person(self, person_key: str) -> dict[str, Any]:
        owned = await self.db.scalars(select(HuddleRow).where(
            HuddleRow.owner_key == person_key).order_by(HuddleRow.id))
        rows = (await self.db.execute(
            select(HuddleAnswerRow, HuddleSessionRow, HuddleRow)
            .join(HuddleSessionRow, HuddleSessionRow.id == HuddleAnswerRow.session_id)
            .join(HuddleRow, HuddleRow.id == HuddleSessionRow.huddle_id)
            .where(HuddleAnswerRow.person_key == person_key)
            .order_by(HuddleAnswerRow.id))).all()
        answers = []
        for answer, session, huddle in rows:
            questions = json.loads(session.questions)
            answers.append({
                "huddle": huddle.name, "date": session.day.isoformat(),
                "question": questions[answer.question] if 0 <= answer.question < len(
                    questions) else "", "answer": answer.text, "late": answer.late,
                "at": answer.at.isoformat()})
        return {"huddles_scheduled": [r.name for r in owned], "huddle_answers": answers}

    async def erase_person(self, person_key: str, pseudonym: str) -> None:
        await self.db.execute(delete(HuddleAnswerRow).where(
            HuddleAnswerRow.person_key == person_key))
        await self.db.execute(update(HuddleRow).where(
            HuddleRow.owner_key == person_key).values(owner_key=pseudonym))
