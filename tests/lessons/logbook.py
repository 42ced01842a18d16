"""A lessons log on a real database for tests: capture lessons as a person, search as one."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from core.lessons.model import Lesson, SearchPage, TemplateKind, Viewer, Visibility
from core.lessons.query import parse_query
from storage.database import Database
from storage.lessons import LessonsSql

WS = "slack:T1"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def person(name: str) -> str:
    return f"{WS}:{name}"


ANN = Viewer(person("ann"), WS, frozenset({"C-WARD7"}))            # captures lessons
BOB = Viewer(person("bob"), WS, frozenset({"C-WARD7"}))            # on Ward 7 with Ann
EVE = Viewer(person("eve"), WS, frozenset({"C-PHARMACY"}))         # another team
LIB = Viewer(person("lib"), WS, is_librarian=True)
ELSEWHERE = Viewer(person("zed"), "slack:T2", is_librarian=True)   # another organisation


class Logbook:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def capture(self, title: str, *answers: str, by: str = "ann", tags=(), team="",
                      project="", visibility=Visibility.ORGANISATION, audience=None,
                      people=(), days_ago: int = 0, kind=TemplateKind.QUICK,
                      workspace=WS) -> Lesson:
        at = NOW - timedelta(days=days_ago)
        lesson = Lesson(workspace_key=workspace, title=title, kind=kind,
                        answers=tuple((f"Question {i + 1}", a) for i, a in enumerate(answers)),
                        team=team, project=project, tags=tuple(tags),
                        author_key=person(by), people=tuple(person(p) for p in people),
                        visibility=visibility, audience=audience, created_at=at,
                        updated_at=at)
        async with self.db.uow() as uow:
            return await LessonsSql(uow.session).add(lesson)

    async def search(self, text: str, viewer: Viewer = ANN, page: int = 1,
                     authors=()) -> SearchPage:
        query = parse_query(text)
        if authors:
            query = query.with_authors(person(a) for a in authors)
        async with self.db.uow() as uow:
            return await LessonsSql(uow.session).search(query, viewer, page=page)

    async def titles(self, text: str, viewer: Viewer = ANN, **kwargs) -> list[str]:
        return [hit.lesson.title for hit in (await self.search(text, viewer, **kwargs)).hits]

    async def run(self, action):
        """``await log.run(lambda repo: repo.get(1, ANN))`` in one unit of work."""
        async with self.db.uow() as uow:
            return await action(LessonsSql(uow.session))


async def open_logbook(url: str) -> Logbook:
    db = Database(url)
    await db.migrate()
    return Logbook(db)


class SyncLogbook:
    """The same log for Hypothesis tests, which are synchronous: its own event loop."""

    def __init__(self, url: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.log = self.loop.run_until_complete(open_logbook(url))

    def __getattr__(self, name):
        method = getattr(self.log, name)
        return lambda *args, **kwargs: self.loop.run_until_complete(method(*args, **kwargs))

    def close(self) -> None:
        self.loop.run_until_complete(self.log.db.close())
        self.loop.close()
