"""Lessons search on PostgreSQL: the generated ``lessons.search`` tsvector (English stemming,
GIN index), ranked with ``ts_rank`` (title weighted A, answers B, tags C)."""
from __future__ import annotations

import json

from sqlalchemy import text

from .lesson_search import CANDIDATES, START, STOP, Conditions, Match, SearchEngine


class PostgresEngine(SearchEngine):
    """PostgreSQL: the generated ``lessons.search`` tsvector (English stemming, GIN index),
    ranked with ``ts_rank`` (title weighted A, answers B, tags C)."""
    HEADLINE = (f'StartSel="{START}", StopSel="{STOP}", MaxWords=30, MinWords=12, '
                'MaxFragments=2, FragmentDelimiter=" … "')

    # A word in a few percent of lessons is the hard case here: too common for the GIN
    # index alone (every match is read from the table to sort by id), too rare to find
    # CANDIDATES of them quickly walking the newest lessons. So when the planner's estimate
    # says a query matches many more lessons than needed, the search first looks only at
    # the newest ids where about WINDOW times the candidates needed should be, and looks
    # at everything only when that window held too few.
    WINDOW = 2

    async def candidates(self, match, where, *, scored=True, limit=CANDIDATES + 1):
        floor = await self._recent_floor(match, where, limit) if limit else None
        if floor is not None:
            recent = where.copy()
            recent.add("l.id > :recent_floor", recent_floor=floor)
            found = await super().candidates(match, recent, scored=scored, limit=limit)
            if len(found) >= limit:
                return found
        return await super().candidates(match, where, scored=scored, limit=limit)

    async def _recent_floor(self, match, where, wanted: int) -> int | None:
        """The id above which about WINDOW * ``wanted`` matches should lie, when that is
        at most half the lessons; None to look at everything at once."""
        estimate = await self._estimate(match, where)
        share = self.WINDOW * wanted / max(estimate, 1)
        if share > 0.5:
            return None
        low, high = (await self.session.execute(text(
            "SELECT min(id), max(id) FROM lessons"))).one()
        return None if low is None else int(high - (high - low + 1) * share)

    async def frequency(self, match):
        """The planner's estimate (from the column's statistics): no table reads at all."""
        return min(await self._estimate(match, Conditions()), CANDIDATES + 1)

    async def _estimate(self, match, where) -> int:
        plan = await self.session.scalar(where.statement(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM lessons l WHERE l.search @@ {match.sql} "
            f"AND {where.sql}"), {**where.params, **match.params})
        return int((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"])

    async def prepare(self) -> None:
        # Plan each search with its own words, so the planner can tell a word in most
        # lessons (walk the newest first) from a rare one (use the GIN index).
        await self.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))

    def match(self, terms, operator, filters=None):
        if not terms:
            return None
        joiner = " && " if operator == "AND" else " || "
        parts, params = [], {}
        for i, term in enumerate(terms):
            function = "phraseto_tsquery" if term.is_phrase else "plainto_tsquery"
            parts.append(f"{function}('english'::regconfig, :term{i})")
            params[f"term{i}"] = term.text
        return Match("(" + joiner.join(parts) + ")", params, tuple(terms), operator)

    def score_sql(self, match):
        return f"ts_rank(l.search, {match.sql}, 1)"

    def candidates_sql(self, match, where, score, limit):
        # sort ids only; score the few rows kept (the tsvector is not carried through a sort)
        return (f"SELECT l.id, {score} FROM lessons l WHERE l.id IN (SELECT l.id FROM "
                f"lessons l WHERE l.search @@ {match.sql} AND {where.sql} "
                f"ORDER BY l.id DESC{limit}) ORDER BY l.id DESC")

    def matching_sql(self, match):
        return f"SELECT 1 FROM lessons l WHERE l.search @@ {match.sql}"

    PEOPLE = ("SELECT string_agg(p.person_key, chr(31)) FROM lesson_people p "
              "WHERE p.lesson_id = l.id")

    def snippet_sql(self, match, count):
        headline = self.HEADLINE.replace("'", "''")
        return (f"ts_headline('english'::regconfig, l.body, {match.sql}, '{headline}')", "")
