"""Full-text search of the lessons log: one algorithm, two engines (SQLite FTS5, PostgreSQL).

Ranking every match of a word found in most lessons is what makes a naive search slow (at a
million lessons, over a second). So the search first takes the matching lessons the person
may see newest first, at most ``CANDIDATES`` + 1 of them, scoring only those rows (bm25 in
FTS5, ``ts_rank`` in PostgreSQL); FTS5 walks its index in id order and stops there,
PostgreSQL's GIN index has no order, so it narrows the search to a window of recent lessons
(or walks the table's newest rows) when a query matches many.
When a query matches no more than ``CANDIDATES`` lessons (every distinctive query does),
that is every match and the ranking is exact; when it matches more, the most recent
``CANDIDATES`` are ranked and the total is reported as "more than". All words must match;
when no lesson has them all, the lessons with any of the rarer words are ranked instead
(very common words are left out of that ranking when rarer ones are present). Each engine
adds what its index needs to keep this fast (``lesson_fts5``, ``lesson_pgfts``).

The person's text never reaches an engine's query syntax: FTS5 gets each term as a quoted
string (inner quotes doubled), PostgreSQL gets each term as a bound parameter of
``plainto_tsquery``/``phraseto_tsquery``.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import String, bindparam, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.lessons.model import Lesson, SearchHit, Snippet
from core.lessons.query import LessonQuery, Term

from .types import UTCDateTime


def key_of(name: str) -> str:
    """How team and project names are compared: case and spacing don't matter."""
    return " ".join(name.split()).casefold()[:100]


def keys_for(name: str) -> list[str]:
    """The keys a team or project named ``name`` may be stored under: "Ward 7", "ward-7" and
    "ward_7" are one team, whichever way each lesson spelt it (a key keeps its spelling)."""
    key = key_of(name)
    spaced = " ".join(re.sub(r"[-_]+", " ", key).split())
    return list(dict.fromkeys([key, spaced, spaced.replace(" ", "-"), spaced.replace(" ", "_")]))


CANDIDATES = 300
ROW_COLUMNS = ", ".join(f"l.{c}" for c in (
    "id", "workspace_key", "title", "kind", "answers", "team", "project", "tags",
    "author_key", "visibility", "audience", "created_at", "updated_at", "version"))
START, STOP = "\x02", "\x03"            # highlight markers (stripped from stored text)
PLAIN_SNIPPET = 200


def facet(kind: str, value: str) -> str:
    """An opaque index token for one filter value (``tag``/``team``/``project``/``author``):
    letters and digits only, so every tokenizer keeps it whole, and never a real word."""
    return "zq" + hashlib.blake2b(f"{kind}\x1f{value}".encode(), digest_size=8).hexdigest()


def facets_of(tags, team_key: str, project_key: str, author_key: str | None) -> str:
    tokens = [facet("tag", tag) for tag in tags]
    tokens += [facet(kind, value) for kind, value in (
        ("team", team_key), ("project", project_key), ("author", author_key)) if value]
    return " ".join(tokens)


def filter_facets(query: LessonQuery) -> list[list[str]]:
    """The query's filters as facet groups: any token of a group, every group."""
    groups = [[facet("tag", tag)] for tag in query.tags]
    for kind, values in (("team", [k for t in query.teams for k in keys_for(t)]),
                         ("project", [k for p in query.projects for k in keys_for(p)]),
                         ("author", list(query.authors))):
        if values:
            groups.append([facet(kind, value) for value in values])
    return groups


class Conditions:
    """SQL conditions joined by AND, with their bound parameters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: dict = {}
        self.expanding: set[str] = set()

    def copy(self) -> Conditions:
        other = Conditions()
        other.parts, other.params = list(self.parts), dict(self.params)
        other.expanding = set(self.expanding)
        return other

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
    terms: tuple[Term, ...] = ()
    operator: str = "AND"
    rank_sql: str = ""            # what ranks and highlights, when the engine needs it apart
    walk_sql: str = ""            # ``sql`` in a form no index serves (checked row by row)


@dataclass(frozen=True)
class Found:
    ids: list[int]
    total: int
    exact: bool
    match: Match | None           # what the snippets highlight


def parse_snippet(marked: str) -> Snippet:
    parts, highlighted = [], False
    for piece in re.split(f"([{START}{STOP}])", marked or ""):
        if piece in (START, STOP):
            highlighted = piece == START
        elif piece:
            parts.append((piece, highlighted))
    return Snippet(tuple(parts))


WANTED = -1         # ``candidates(limit=WANTED)``: the candidates ranked, and one more


class SearchEngine:
    CANDIDATES = CANDIDATES

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def search(self, query: LessonQuery, where: Conditions, *, offset: int,
                     limit: int) -> Found:
        await self.prepare()
        if not query.has_text:
            match = self.match((), "AND", query)
            if match is None:
                ids = await self.ids(where, limit=self.CANDIDATES + 1)
            else:
                ids = [i for i, _ in await self.candidates(match, where, scored=False)]
            return Found(ids[offset:offset + limit], min(len(ids), self.CANDIDATES),
                         len(ids) <= self.CANDIDATES, None)
        match = self.match(query.terms, "AND", query)
        scored = await self.candidates(match, where)
        if not scored and len(query.terms) > 1:
            match, scored = await self._any_of(query, where)
        exact = len(scored) <= self.CANDIDATES
        best = sorted(scored[:self.CANDIDATES], key=lambda row: (-row[1], -row[0]))
        page = [lesson_id for lesson_id, _score in best[offset:offset + limit]]
        return Found(page, min(len(scored), self.CANDIDATES), exact, match)

    async def _any_of(self, query: LessonQuery, where: Conditions):
        counts = await self.frequencies(query.terms)
        rare = [term for term, count in zip(query.terms, counts)
                if 0 < count <= self.CANDIDATES]
        match = self.match(tuple(rare) or query.terms, "OR", query)
        return match, await self.candidates(match, where)

    async def ids(self, where: Conditions, *, limit: int | None = None,
                  query: LessonQuery | None = None) -> list[int]:
        """Ids of lessons meeting ``where`` (and the query's text, if any), newest first."""
        await self.prepare()
        if query is not None and query.has_text:
            match = self.match(query.terms, "AND", query)
            found = await self.candidates(match, where, scored=False, limit=limit)
            return [lesson_id for lesson_id, _score in found]
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
                         limit: int | None = WANTED) -> list[tuple[int, float]]:
        """Matching ids newest first with their scores (higher is better), up to ``limit``."""
        limit = self.CANDIDATES + 1 if limit == WANTED else limit
        score = self.candidate_score_sql(match) if scored else "0"
        sql = self.candidates_sql(match, where, score,
                                  "" if limit is None else f" LIMIT {int(limit)}")
        rows = await self.session.execute(where.statement(sql),
                                          {**where.params, **match.params})
        found = [(row[0], float(row[1])) for row in rows]
        return await self.rerank(match, found) if scored else found

    def candidate_score_sql(self, match: Match) -> str:
        return self.score_sql(match)

    async def rerank(self, match: Match, found: list[tuple[int, float]]):
        return found

    async def frequencies(self, terms: tuple[Term, ...]) -> list[int]:
        """How many lessons hold each term (``frequency``)."""
        return [await self.frequency(self.match((term,), "AND")) for term in terms]

    async def frequency(self, match: Match) -> int:
        """How many lessons match, counting no further than ``CANDIDATES`` + 1."""
        sql = (f"SELECT count(*) FROM ({self.matching_sql(match)} "
               f"LIMIT {self.CANDIDATES + 1}) AS n")
        return await self.session.scalar(text(sql), match.params)

    def hit(self, lesson: Lesson, snippet: Snippet | None) -> SearchHit:
        if snippet is None or not snippet.parts:
            body = " ".join(lesson.body.split())
            if len(body) > PLAIN_SNIPPET:
                body = body[:PLAIN_SNIPPET].rsplit(" ", 1)[0] + " …"
            snippet = Snippet(((body, False),) if body else ())
        return SearchHit(lesson=lesson, snippet=snippet)

    async def fetch(self, ids: list[int], match: Match | None = None) -> list:
        """The rows of lessons ``ids`` in one query: every column, ``people`` (person keys
        joined by ``\\x1f``) and ``marked`` (the snippet, when ``match`` is given)."""
        if not ids:
            return []
        params = {f"id{i}": lesson_id for i, lesson_id in enumerate(ids)}
        snippet, join = self.snippet_sql(match, len(ids)) if match else ("NULL", "")
        placeholders = ", ".join(f":id{i}" for i in range(len(ids)))
        sql = (f"SELECT {ROW_COLUMNS}, ({self.PEOPLE}) AS people, {snippet} AS marked "
               f"FROM lessons l {join} WHERE l.id IN ({placeholders})")
        statement = text(sql).columns(created_at=UTCDateTime, updated_at=UTCDateTime)
        rows = {row.id: row for row in await self.session.execute(
            statement, {**params, **(match.params if match else {})})}
        return [rows[i] for i in ids if i in rows]

    # -- what each engine provides (lesson_fts5.Fts5Engine, lesson_pgfts.PostgresEngine) ------
    async def prepare(self) -> None: ...
    def match(self, terms: tuple[Term, ...], operator: str,
              filters: LessonQuery | None = None) -> Match | None:
        """The condition for ``terms`` (AND or OR) and, where the engine indexes them, the
        filters of ``filters``; None when there is nothing for the index to match."""
    def score_sql(self, match: Match) -> str: ...
    def candidates_sql(self, match: Match, where: Conditions, score: str, limit: str) -> str:
        """SQL for (id, ``score``) of matches meeting ``where``, newest first, ``limit``."""
    def matching_sql(self, match: Match) -> str: ...
    def snippet_sql(self, match: Match, count: int) -> tuple[str, str]:
        """(the snippet's SQL expression, a join it needs) for a page of ``count`` ids."""
    PEOPLE = ""      # SQL: the person keys of lesson ``l`` joined by U+001F
