"""The lessons log: lessons with their tags, people and edit history, and search.

One repository (``LessonsSql``) on both databases; the full-text part is done by the
engine for the session's dialect (``storage.lesson_search``: SQLite FTS5 or PostgreSQL
``tsvector``). Every read applies the visibility rule of ``core.lessons.model.may_see`` in
SQL (``visible_to``), so an invisible lesson never leaves the database.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime, time, timezone

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.lessons.model import (Lesson, LessonCounts, Revision, SearchPage, TemplateKind,
                                Viewer, Visibility)
from core.lessons.query import LessonQuery, normalise_tag
from core.lessons.ports import PAGE_SIZE

from .lesson_fts5 import Fts5Engine
from .lesson_pgfts import PostgresEngine
from .lesson_search import Conditions, facets_of, key_of, keys_for, parse_snippet
from .models import LessonPersonRow, LessonRevisionRow, LessonRow, LessonTagRow

MAX_PAGE_SIZE = 50
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")   # also the engines' highlight markers


def clean(text: str) -> str:
    return _CONTROL.sub("", text or "")


def visible_to(viewer: Viewer) -> Conditions:
    """SQL for ``may_see`` on the lessons table aliased ``l``."""
    where = Conditions()
    where.add("l.workspace_key = :v_workspace", v_workspace=viewer.workspace_key)
    if not viewer.is_librarian:
        where.add("(l.visibility = 'organisation' OR l.author_key = :v_me "
                  "OR (l.visibility = 'team' AND (l.audience IN :v_teams OR EXISTS ("
                  "SELECT 1 FROM lesson_people p WHERE p.lesson_id = l.id "
                  "AND p.person_key = :v_me))))",
                  v_me=viewer.person_key, v_teams=sorted(viewer.team_ids))
        where.expanding.add("v_teams")
    return where


def filtered(query: LessonQuery, viewer: Viewer) -> Conditions:
    """Visibility plus the query's filters (everything but its text)."""
    where = visible_to(viewer)
    for i, tag in enumerate(query.tags):
        where.add(f"EXISTS (SELECT 1 FROM lesson_tags t WHERE t.lesson_id = l.id "
                  f"AND t.tag = :f_tag{i})", **{f"f_tag{i}": tag})
    if query.teams:
        where.add("l.team_key IN :f_teams",
                  f_teams=[k for t in query.teams for k in keys_for(t)])
        where.expanding.add("f_teams")
    if query.projects:
        where.add("l.project_key IN :f_projects",
                  f_projects=[k for p in query.projects for k in keys_for(p)])
        where.expanding.add("f_projects")
    if query.authors:
        where.add("l.author_key IN :f_authors", f_authors=list(query.authors))
        where.expanding.add("f_authors")
    elif query.by:     # ``by:`` that the handler could not resolve to anyone matches no one
        where.add("1 = 0")
    if query.since:
        where.add("l.created_at >= :f_since",
                  f_since=datetime.combine(query.since, time(), tzinfo=timezone.utc))
    return where


def _lesson(row, people: list[str]) -> Lesson:
    return Lesson(id=row.id, workspace_key=row.workspace_key, title=row.title,
                  kind=TemplateKind(row.kind),
                  answers=tuple((q, a) for q, a in json.loads(row.answers)),
                  team=row.team, project=row.project, tags=tuple(row.tags.split()),
                  author_key=row.author_key, people=tuple(sorted(people)),
                  visibility=Visibility(row.visibility), audience=row.audience,
                  created_at=row.created_at, updated_at=row.updated_at, version=row.version)


def _people(row) -> list[str]:
    return row.people.split("\x1f") if row.people else []


def _snapshot(lesson: Lesson) -> str:
    return json.dumps({"title": lesson.title, "kind": lesson.kind.value,
                       "answers": [list(pair) for pair in lesson.answers],
                       "team": lesson.team, "project": lesson.project,
                       "tags": list(lesson.tags), "author_key": lesson.author_key,
                       "people": list(lesson.people), "visibility": lesson.visibility.value,
                       "audience": lesson.audience, "created_at": lesson.created_at.isoformat(),
                       "updated_at": lesson.updated_at.isoformat(),
                       "version": lesson.version, "workspace_key": lesson.workspace_key})


def _from_snapshot(lesson_id: int, text: str) -> Lesson:
    data = json.loads(text)
    return Lesson(id=lesson_id, workspace_key=data["workspace_key"], title=data["title"],
                  kind=TemplateKind(data["kind"]),
                  answers=tuple(tuple(pair) for pair in data["answers"]),
                  team=data["team"], project=data["project"], tags=tuple(data["tags"]),
                  author_key=data["author_key"], people=tuple(data["people"]),
                  visibility=Visibility(data["visibility"]), audience=data["audience"],
                  created_at=datetime.fromisoformat(data["created_at"]),
                  updated_at=datetime.fromisoformat(data["updated_at"]),
                  version=data["version"])


def _columns(lesson: Lesson) -> dict:
    tags = list(dict.fromkeys(t for t in (normalise_tag(tag) for tag in lesson.tags) if t))
    answers = [(clean(q), clean(a)) for q, a in lesson.answers]
    team_key, project_key = key_of(clean(lesson.team)), key_of(clean(lesson.project))
    return dict(workspace_key=lesson.workspace_key, title=clean(lesson.title)[:300],
                kind=lesson.kind.value, answers=json.dumps(answers),
                body="\n".join(a for _q, a in answers if a), tags=" ".join(tags),
                team=clean(lesson.team)[:100], team_key=team_key,
                project=clean(lesson.project)[:100], project_key=project_key,
                facets=facets_of(tags, team_key, project_key, lesson.author_key),
                author_key=lesson.author_key,
                visibility=lesson.visibility.value, audience=lesson.audience,
                created_at=lesson.created_at, updated_at=lesson.updated_at)


class LessonsSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        sqlite = session.bind.dialect.name == "sqlite"
        self.engine = Fts5Engine(session) if sqlite else PostgresEngine(session)

    async def add(self, lesson: Lesson) -> Lesson:
        row = LessonRow(version=1, **_columns(lesson))
        self.session.add(row)
        await self.session.flush()
        await self._save_links(row.id, row.tags.split(), lesson.people)
        return await self._load_one(row.id)

    async def get(self, lesson_id: int, viewer: Viewer) -> Lesson | None:
        where = visible_to(viewer)
        where.add("l.id = :lesson_id", lesson_id=lesson_id)
        ids = await self.engine.ids(where, limit=1)
        return (await self.load(ids))[0] if ids else None

    async def update(self, lesson: Lesson, edited_by: str, now: datetime) -> Lesson | None:
        before = await self._load_one(lesson.id)
        if before is None:
            return None
        self.session.add(LessonRevisionRow(lesson_id=lesson.id, version=before.version,
                                           edited_by=edited_by, edited_at=now,
                                           snapshot=_snapshot(before)))
        columns = _columns(replace(lesson, created_at=before.created_at, updated_at=now))
        await self.session.execute(update(LessonRow).where(LessonRow.id == lesson.id)
                                   .values(version=before.version + 1, **columns))
        await self.session.execute(delete(LessonTagRow).where(LessonTagRow.lesson_id == lesson.id))
        await self.session.execute(delete(LessonPersonRow)
                                   .where(LessonPersonRow.lesson_id == lesson.id))
        await self._save_links(lesson.id, columns["tags"].split(), lesson.people)
        self.session.expire_all()
        return await self._load_one(lesson.id)

    async def history(self, lesson_id: int) -> list[Revision]:
        rows = await self.session.scalars(select(LessonRevisionRow).where(
            LessonRevisionRow.lesson_id == lesson_id).order_by(LessonRevisionRow.version))
        return [Revision(lesson_id=r.lesson_id, version=r.version, edited_by=r.edited_by,
                         edited_at=r.edited_at, before=_from_snapshot(r.lesson_id, r.snapshot))
                for r in rows]

    async def delete(self, lesson_id: int) -> bool:
        result = await self.session.execute(delete(LessonRow).where(LessonRow.id == lesson_id))
        return result.rowcount > 0

    async def search(self, query: LessonQuery, viewer: Viewer, page: int = 1,
                     page_size: int = PAGE_SIZE) -> SearchPage:
        page, page_size = max(1, page), min(max(1, page_size), MAX_PAGE_SIZE)
        found = await self.engine.search(query, filtered(query, viewer),
                                         offset=(page - 1) * page_size, limit=page_size)
        hits = tuple(self.engine.hit(_lesson(row, _people(row)),
                                     parse_snippet(row.marked) if row.marked else None)
                     for row in await self.engine.fetch(found.ids, found.match))
        return SearchPage(hits=hits, page=page, page_size=page_size, total=found.total,
                          total_exact=found.exact,
                          has_more=page * page_size < found.total)

    async def export(self, query: LessonQuery, viewer: Viewer) -> list[Lesson]:
        ids = await self.engine.ids(filtered(query, viewer), query=query)
        lessons: list[Lesson] = []
        for start in range(0, len(ids), 500):
            lessons.extend(await self.load(ids[start:start + 500]))
        return lessons

    async def counts(self, viewer: Viewer) -> LessonCounts:
        by_month: dict[str, int] = {}
        by_team: dict[str, int] = {}
        for created_at, team in await self.engine.months_and_teams(visible_to(viewer)):
            month = created_at.astimezone(timezone.utc).strftime("%Y-%m")
            by_month[month] = by_month.get(month, 0) + 1
            by_team[team] = by_team.get(team, 0) + 1
        return LessonCounts(by_month=dict(sorted(by_month.items())),
                            by_team=dict(sorted(by_team.items())))

    async def forget_person(self, person_key: str, pseudonym: str | None = None) -> int:
        """Take ``person_key`` off every lesson: no longer its author (credited to nobody,
        "a former colleague") and, among the people involved, replaced by ``pseudonym``
        (shown as "a former colleague", so the lesson still says someone else took part)
        or removed when there is none."""
        ids = set(await self.session.scalars(select(LessonRow.id).where(
            LessonRow.author_key == person_key)))
        ids |= set(await self.session.scalars(select(LessonPersonRow.lesson_id).where(
            LessonPersonRow.person_key == person_key)))
        for row in await self.session.scalars(select(LessonRow).where(
                LessonRow.author_key == person_key)):
            row.author_key = None
            row.facets = facets_of(row.tags.split(), row.team_key, row.project_key, None)
        if pseudonym:
            await self.session.execute(update(LessonPersonRow).where(
                LessonPersonRow.person_key == person_key).values(person_key=pseudonym))
        else:
            await self.session.execute(delete(LessonPersonRow).where(
                LessonPersonRow.person_key == person_key))
        await self.session.execute(update(LessonRevisionRow).where(
            LessonRevisionRow.edited_by == person_key).values(edited_by=None))
        for revision in await self.session.scalars(select(LessonRevisionRow).where(
                LessonRevisionRow.lesson_id.in_(ids))):
            data = json.loads(revision.snapshot)
            data["author_key"] = None if data["author_key"] == person_key else data["author_key"]
            data["people"] = [pseudonym if p == person_key else p for p in data["people"]
                              if p != person_key or pseudonym]
            revision.snapshot = json.dumps(data)
        await self.session.flush()
        return len(ids)

    # -- helpers ----------------------------------------------------------------------------
    async def load(self, ids: list[int]) -> list[Lesson]:
        """Lessons by id, in the order given (ids that no longer exist are skipped)."""
        return [_lesson(row, _people(row)) for row in await self.engine.fetch(ids)]

    async def _load_one(self, lesson_id: int | None) -> Lesson | None:
        found = await self.load([lesson_id]) if lesson_id is not None else []
        return found[0] if found else None

    async def _save_links(self, lesson_id: int, tags, people) -> None:
        self.session.add_all([LessonTagRow(lesson_id=lesson_id, tag=tag[:60]) for tag in tags])
        self.session.add_all([LessonPersonRow(lesson_id=lesson_id, person_key=p)
                              for p in dict.fromkeys(people)])
        await self.session.flush()
