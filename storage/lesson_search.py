"""Full-text search of the lessons log: one algorithm, two engines (SQLite FTS5, PostgreSQL).

Ranking every match of a word found in most lessons is what makes a naive search slow (at a
million lessons, over a second). So the search first takes the matching lessons the person
may see newest first, at most ``CANDIDATES`` + 1 of them; the engine walks its index in id
order and stops there, scoring only those rows (bm25 in FTS5, ``ts_rank`` in PostgreSQL).
When a query matches no more than ``CANDIDATES`` lessons (every distinctive query does),
that is every match and the ranking is exact; when it matches more, the most recent
``CANDIDATES`` are ranked and the total is reported as "more than". All words must match;
when no lesson has them all, the lessons with any of the rarer words are ranked instead
(very common words are left out of that ranking when rarer ones are present).

The person's text never reaches an engine's query syntax: FTS5 gets each term as a quoted
string (inner quotes doubled), PostgreSQL gets each term as a bound parameter of
``plainto_tsquery``/``phraseto_tsquery``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import String, bindparam, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.lessons.model import Lesson, SearchHit, Snippet
from core.lessons.query import LessonQuery, Term

from .types import UTCDateTime

CANDIDATES = 1000
START, STOP = "\x02", "\x03"            # highlight markers (stripped from stored text)
PLAIN_SNIPPET = 200


class Conditions:
    """SQL conditions joined by AND, with their bound parameters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: dict = {}
        self.expanding: set[str] = set()

    def add(self, sql: str, **params) -> None:
        self.parts.append(sql)
        self.params.update(params)

    @property
    def sql(self) -> str:
        return " AND ".join(f"({part})" for part in self.parts) or "1 = 1"

    def statement(self, sql: str, **types):
        statement = text(sql).bindparams(*(bindparam(n, expanding=True, type_=String)
                                           for n in self.expanding))
        return statement.columns(**types) if types else statement


@dataclass(frozen=True)
class Match:
    """An engine's full-text condition: ``sql`` with ``params``."""
    sql: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Found:
    ids: list[int]
    total: int
    exact: bool
    snippets: dict[int, Snippet]


def parse_snippet(marked: str) -> Snippet:
    parts, highlighted = [], False
    for piece in re.split(f"([{START}{STOP}])", marked or ""):
        if piece in (START, STOP):
            highlighted = piece == START
        elif piece:
            parts.append((piece, highlighted))
    return Snippet(tuple(parts))


class SearchEngine:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def search(self, query: LessonQuery, where: Conditions, *, offset: int,
                     limit: int) -> Found:
        await self.prepare()
        if not query.has_text:
            ids = await self.ids(where, limit=CANDIDATES + 1)
            return Found(ids[offset:offset + limit], min(len(ids), CANDIDATES),
                         len(ids) <= CANDIDATES, {})
        match = self.match(query.terms, "AND")
        scored = await self.candidates(match, where)
        if not scored and len(query.terms) > 1:
            match, scored = await self._any_of(query.terms, where)
        exact = len(scored) <= CANDIDATES
        best = sorted(scored[:CANDIDATES], key=lambda row: (-row[1], -row[0]))
        page = [lesson_id for lesson_id, _score in best[offset:offset + limit]]
        return Found(page, min(len(scored), CANDIDATES), exact,
                     await self.snippets(match, page))

    async def _any_of(self, terms: tuple[Term, ...], where: Conditions):
        rare = []
        for term in terms:
            found = await self.candidates(self.match((term,), "AND"), where, scored=False)
            if 0 < len(found) <= CANDIDATES:
                rare.append(term)
        match = self.match(tuple(rare) or terms, "OR")
        return match, await self.candidates(match, where)

    async def ids(self, where: Conditions, *, limit: int | None = None,
                  query: LessonQuery | None = None) -> list[int]:
        """Ids of lessons meeting ``where`` (and the query's text, if any), newest first."""
        await self.prepare()
        if query is not None and query.has_text:
            return [i for i, _ in await self.candidates(self.match(query.terms, "AND"), where,
                                                         scored=False, limit=limit)]
        sql = f"SELECT l.id FROM lessons l WHERE {where.sql} ORDER BY l.id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return list(await self.session.scalars(where.statement(sql), where.params))

    async def months_and_teams(self, where: Conditions) -> list[tuple[datetime, str]]:
        statement = where.statement(f"SELECT l.created_at, l.team FROM lessons l "
                                    f"WHERE {where.sql}", created_at=UTCDateTime,
                                    team=String)
        return [tuple(row) for row in await self.session.execute(statement, where.params)]

    async def candidates(self, match: Match, where: Conditions, *, scored: bool = True,
                         limit: int | None = CANDIDATES + 1) -> list[tuple[int, float]]:
        """Matching ids newest first with their scores (higher is better), up to ``limit``."""
        score = self.score_sql(match) if scored else "0"
        sql = self.candidates_sql(match, where, score)
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows = await self.session.execute(where.statement(sql),
                                          {**where.params, **match.params})
        return [(row[0], float(row[1])) for row in rows]

    def hit(self, lesson: Lesson, snippet: Snippet | None) -> SearchHit:
        if snippet is None or not snippet.parts:
            body = " ".join(lesson.body.split())
            cut = body if len(body) <= PLAIN_SNIPPET else body[:PLAIN_SNIPPET].rsplit(" ", 1)[0] + " …"
            snippet = Snippet(((cut, False),) if cut else ())
        return SearchHit(lesson=lesson, snippet=snippet)

    # -- what each engine provides ----------------------------------------------------------
    async def prepare(self) -> None: ...
    def match(self, terms: tuple[Term, ...], operator: str) -> Match: ...
    def score_sql(self, match: Match) -> str: ...
    def candidates_sql(self, match: Match, where: Conditions, score: str) -> str: ...
    async def snippets(self, match: Match, ids: list[int]) -> dict[int, Snippet]: ...


class Fts5Engine(SearchEngine):
    """SQLite: the ``lessons_fts`` FTS5 table (Porter stemmer), ranked with bm25."""
    WEIGHTS = "4.0, 2.0, 1.0"                 # title, answers, tags

    def match(self, terms, operator):
        quoted = ['"' + term.text.replace('"', '""') + '"' for term in terms]
        return Match("lessons_fts MATCH :match", {"match": f" {operator} ".join(quoted)})

    def score_sql(self, match):
        return f"-bm25(lessons_fts, {self.WEIGHTS})"

    def candidates_sql(self, match, where, score):
        return (f"SELECT lessons_fts.rowid, {score} FROM lessons_fts "
                f"JOIN lessons l ON l.id = lessons_fts.rowid "
                f"WHERE {match.sql} AND {where.sql} ORDER BY lessons_fts.rowid DESC")

    async def snippets(self, match, ids):
        found = {}
        for lesson_id in ids:
            marked = await self.session.scalar(text(
                "SELECT snippet(lessons_fts, 1, char(2), char(3), ' … ', 24) FROM lessons_fts "
                f"WHERE {match.sql} AND lessons_fts.rowid = :id"),
                {**match.params, "id": lesson_id})
            found[lesson_id] = parse_snippet(marked)
        return found


class PostgresEngine(SearchEngine):
    """PostgreSQL: the generated ``lessons.search`` tsvector (English stemming, GIN index),
    ranked with ``ts_rank`` (title weighted A, answers B, tags C)."""
    HEADLINE = (f'StartSel="{START}", StopSel="{STOP}", MaxWords=30, MinWords=12, '
                'MaxFragments=2, FragmentDelimiter=" … "')

    async def prepare(self) -> None:
        # Plan each search with its own words, so the planner can tell a word in most
        # lessons (walk the newest first) from a rare one (use the GIN index).
        await self.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))

    def match(self, terms, operator):
        joiner = " && " if operator == "AND" else " || "
        parts, params = [], {}
        for i, term in enumerate(terms):
            function = "phraseto_tsquery" if term.is_phrase else "plainto_tsquery"
            parts.append(f"{function}('english'::regconfig, :term{i})")
            params[f"term{i}"] = term.text
        return Match("(" + joiner.join(parts) + ")", params)

    def score_sql(self, match):
        return f"ts_rank(l.search, {match.sql}, 1)"

    def candidates_sql(self, match, where, score):
        return (f"SELECT l.id, {score} FROM lessons l WHERE l.search @@ {match.sql} "
                f"AND {where.sql} ORDER BY l.id DESC")

    async def snippets(self, match, ids):
        if not ids:
            return {}
        rows = await self.session.execute(
            text(f"SELECT l.id, ts_headline('english'::regconfig, l.body, {match.sql}, "
                 f":options) FROM lessons l WHERE l.id IN :ids")
            .bindparams(bindparam("ids", expanding=True)),
            {**match.params, "options": self.HEADLINE, "ids": ids})
        return {lesson_id: parse_snippet(marked) for lesson_id, marked in rows}


def engine_for(session: AsyncSession) -> SearchEngine:
    dialect = session.bind.dialect.name
    return Fts5Engine(session) if dialect == "sqlite" else PostgresEngine(session)
