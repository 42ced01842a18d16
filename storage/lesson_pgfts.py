"""Lessons search on PostgreSQL: the generated ``lessons.search`` tsvector (English stemming,
GIN index without a pending list), ranked with ``ts_rank`` (title weighted A, answers B,
tags C).

The tsvector also holds each lesson's filter tokens (``facets``: tag, team, project, author)
and two recency tokens (``#id <id >> 10>``, ``#ik <id >> 15>``; migration 0013). Reading a
row from the table is what costs here (at a million lessons the table is far larger than
PostgreSQL's buffers), so the search asks the GIN index for as few rows as it can:

- the words and the filters are separate ``@@`` conditions on the one index, which
  intersects them before any row is read;
- a query the planner expects to match few lessons reads them all;
- one expected to match a large share of the lessons walks the newest lessons until it has
  the candidates it needs (a few hundred rows read);
- in between, the index is also asked for a window of the newest lessons (recency tokens)
  where about ``WINDOW`` times the candidates needed should be, and everything is read only
  when that window held too few.
"""
from __future__ import annotations

import json
from dataclasses import replace

from sqlalchemy import text

from .lesson_search import (START, STOP, WANTED, Conditions, Match, SearchEngine,
                            filter_facets)

FINE, COARSE = 10, 15           # the recency tokens: '#id <id >> 10>', '#ik <id >> 15>'


def window_tokens(floor: int, top: int) -> list[str]:
    """Recency tokens covering ids ``floor``..``top`` (from the start of ``floor``'s block):
    fine blocks up to a coarse boundary, coarse blocks from there."""
    tokens, block, last = [], floor >> FINE, top >> FINE
    step = 1 << (COARSE - FINE)
    while block <= last and block % step:
        tokens.append(f"#id {block}")
        block += 1
    tokens += [f"#ik {coarse}" for coarse in range(block >> (COARSE - FINE),
                                                   (top >> COARSE) + 1)] if block <= last else []
    return tokens


def tsquery_of(groups) -> str:
    """Index tokens as tsquery text: any token of a group, every group. Tokens are ours
    (hexadecimal facets, recency tokens), never typed text; quotes are doubled all the same."""
    return " & ".join("(" + " | ".join("'" + token.replace("'", "''") + "'" for token in group)
                      + ")" for group in groups)


class PostgresEngine(SearchEngine):
    HEADLINE = (f'StartSel="{START}", StopSel="{STOP}", MaxWords=30, MinWords=12, '
                'MaxFragments=2, FragmentDelimiter=" … "')
    WINDOW = 1.5                     # the window should hold this many times the candidates
    FEW = 1.5                        # up to this many times the candidates: read them all
    WALK = 0.15                      # a share of lessons matched above which we walk instead
    ids_range: tuple = (None, None)  # the lowest and highest id (``prepare``)

    async def prepare(self) -> None:
        # Plan each search with its own words, so the planner can tell a word in most
        # lessons (walk the newest first) from a rare one (use the GIN index); never spend a
        # search's time compiling its plan; and note the range of ids, in one round trip.
        self.ids_range = tuple((await self.session.execute(text(
            "SELECT (SELECT min(id) FROM lessons), (SELECT max(id) FROM lessons), "
            "set_config('plan_cache_mode', 'force_custom_plan', true), "
            "set_config('jit', 'off', true)"))).one()[:2])

    def match(self, terms, operator, filters=None):
        groups = filter_facets(filters) if filters else []
        if not terms and not groups:
            return None
        parts, params = [], {}
        for i, term in enumerate(terms):
            function = "phraseto_tsquery" if term.is_phrase else "plainto_tsquery"
            parts.append(f"{function}('english'::regconfig, :term{i})")
            params[f"term{i}"] = term.text
        words = "(" + (" && " if operator == "AND" else " || ").join(parts) + ")" if parts else ""
        queries = [words] if words else []
        if groups:
            queries.append("CAST(:facets AS tsquery)")
            params["facets"] = tsquery_of(groups)
        return Match(" AND ".join(f"l.search @@ {q}" for q in queries), params, tuple(terms),
                     operator, rank_sql=words,
                     walk_sql=" AND ".join(f"ts_match_vq(l.search, {q})" for q in queries))

    def score_sql(self, match):
        return f"ts_rank(l.search, {match.rank_sql}, 1)" if match.rank_sql else "0"

    async def candidates(self, match, where, *, scored=True, limit=WANTED):
        limit = self.CANDIDATES + 1 if limit == WANTED else limit
        how = await self._how(match, limit) if limit else None
        if how == "walk":
            match = replace(match, sql=match.walk_sql)
        elif how:
            recent = replace(match, sql=f"{match.sql} AND l.search @@ CAST(:window AS tsquery)",
                             params={**match.params, "window": tsquery_of([how])})
            found = await super().candidates(recent, where, scored=scored, limit=limit)
            if len(found) >= limit:
                return found
        return await super().candidates(match, where, scored=scored, limit=limit)

    async def _how(self, match, wanted: int) -> str | list[str] | None:
        """How to find the newest ``wanted`` matches: None to read every match (few are
        expected), "walk" to check the newest lessons one by one (a large share of them
        match), or the recency tokens of a window of the newest lessons where about WINDOW
        times ``wanted`` matches should lie.

        The estimate is the planner's for the index's own conditions (words and filters): the
        same filters in SQL would be counted twice. Visibility is left out (most lessons are
        visible to most people); too few matches in the window only costs a second query."""
        estimate = await self._estimate(match, Conditions())
        if estimate <= self.FEW * wanted:
            return None
        low, high = self.ids_range
        if low is None:
            return None
        if estimate >= self.WALK * (high - low + 1):
            return "walk"
        floor = int(high - (high - low + 1) * self.WINDOW * wanted / estimate)
        return window_tokens(floor, high) if floor > low else None

    async def frequencies(self, terms):
        """The planner's estimates for every term, in one plan (one round trip)."""
        params, parts = {}, []
        for i, term in enumerate(terms):
            function = "phraseto_tsquery" if term.is_phrase else "plainto_tsquery"
            parts.append(f"SELECT 1 FROM lessons l WHERE "
                         f"l.search @@ {function}('english'::regconfig, :t{i})")
            params[f"t{i}"] = term.text
        plan = await self.session.scalar(text("EXPLAIN (FORMAT JSON) " + " UNION ALL ".join(
            parts)), params)
        top = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
        branches = top.get("Plans", []) if top["Node Type"] == "Append" else [top]
        if len(branches) != len(terms):        # a branch planned away: ask term by term
            return await super().frequencies(terms)
        return [min(int(branch["Plan Rows"]), self.CANDIDATES + 1) for branch in branches]

    async def frequency(self, match):
        """The planner's estimate (from the column's statistics): no table reads at all."""
        return min(await self._estimate(match, Conditions()), self.CANDIDATES + 1)

    async def _estimate(self, match, where) -> int:
        plan = await self.session.scalar(where.statement(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM lessons l WHERE {match.sql} "
            f"AND {where.sql}"), {**where.params, **match.params})
        return int((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"])

    def candidates_sql(self, match, where, score, limit):
        # Sort ids only; score the few rows kept (the tsvector is not carried through a sort).
        # Unless walking, the full-text index alone finds the rows ("OFFSET 0" keeps the
        # planner from also using an index for the SQL filters, which the index's filter
        # tokens already applied) and ``where`` checks each row found.
        found = (f"lessons l WHERE {match.sql} AND" if match.sql == match.walk_sql else
                 f"(SELECT * FROM lessons l WHERE {match.sql} OFFSET 0) AS l WHERE")
        return (f"SELECT l.id, {score} FROM lessons l WHERE l.id IN (SELECT l.id FROM "
                f"{found} {where.sql} ORDER BY l.id DESC{limit}) ORDER BY l.id DESC")

    def matching_sql(self, match):
        return f"SELECT 1 FROM lessons l WHERE {match.sql}"

    PEOPLE = ("SELECT string_agg(p.person_key, chr(31)) FROM lesson_people p "
              "WHERE p.lesson_id = l.id")

    def snippet_sql(self, match, count):
        if not match.rank_sql:
            return "NULL", ""
        headline = self.HEADLINE.replace("'", "''")
        return (f"ts_headline('english'::regconfig, l.body, {match.rank_sql}, '{headline}')",
                "")
