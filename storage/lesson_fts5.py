"""Lessons search on SQLite: the ``lessons_fts`` FTS5 table (Porter stemmer), bm25 ranking.

The table indexes the title, the answers, the tags and ``facets`` (opaque tokens for the
tag, team, project and author filters), so a filtered search is one walk of the index, newest
first, that stops after ``CANDIDATES`` + 1 matches the person may see.
"""
from __future__ import annotations

import json

from sqlalchemy import text

from .lesson_search import Match, SearchEngine, filter_facets


def _quoted(text: str) -> str:
    """Text as one FTS5 string (a word, or a phrase of the words the tokenizer finds)."""
    return '"' + text.replace('"', '""') + '"'


class Fts5Engine(SearchEngine):
    """SQLite: the ``lessons_fts`` FTS5 table (Porter stemmer), ranked with bm25."""
    WEIGHTS = "4.0, 2.0, 1.0, 0.0"            # title, answers, tags, facets

    def match(self, terms, operator, filters=None):
        quoted = [_quoted(term.text) for term in terms]
        groups = [f" {operator} ".join(quoted)] if quoted else []
        groups += [" OR ".join(group)
                   for group in (filter_facets(filters) if filters else ())]
        if not groups:
            return None
        expression = " AND ".join(f"({group})" for group in groups)
        return Match("lessons_fts MATCH :match", {"match": expression}, tuple(terms), operator)

    def score_sql(self, match):
        return f"-bm25(lessons_fts, {self.WEIGHTS})"

    # FTS5's bm25() first counts the lessons holding each phrase of the query, reading the
    # phrase's whole index entry: for a word in most lessons that alone is tens of
    # milliseconds. So candidates are taken with a cheap score (does the title match?) and
    # then ranked with bm25 on the query's rarer words only (at most COMMON lessons each:
    # 50,000 of a million is about a millisecond), scoring only the candidates. When all
    # words are common, the candidates keep the cheap score (title first, then newest).
    COMMON = 50_000
    COUNTED = 10_000           # counted exactly up to here; beyond, estimated from a sample:
    SAMPLE = 4_000             # how many of the newest lessons hold the word

    def candidate_score_sql(self, match):
        return "instr(highlight(lessons_fts, 0, char(2), char(3)), char(2)) > 0"

    async def rerank(self, match, found):
        if not found or not match.terms:
            return found
        # One round trip: how many lessons hold each word, counted up to COUNTED (cheap), and
        # how many of the newest SAMPLE do (cheap too), which estimates the rest.
        words = sorted({word for term in match.terms for word in term.words})
        counts = " UNION ALL ".join(
            f"SELECT {i}, (SELECT count(*) FROM (SELECT rowid FROM lessons_fts "
            f"WHERE lessons_fts MATCH :w{i} LIMIT {self.COUNTED + 1})), "
            f"(SELECT count(*) FROM lessons_fts WHERE lessons_fts MATCH :w{i} "
            f"AND rowid > (SELECT max(id) FROM lessons) - {self.SAMPLE}), "
            f"(SELECT max(id) FROM lessons)" for i in range(len(words)))
        rows = (await self.session.execute(text(counts), {
            f"w{i}": _quoted(word) for i, word in enumerate(words)})).all()
        frequency = {words[i]: counted if counted <= self.COUNTED else max(
            counted, sampled * (top or 0) // self.SAMPLE)
            for i, counted, sampled, top in rows}
        # A phrase of rare words is ranked as a phrase; one with a common word by its rare
        # words (bm25 would otherwise read every occurrence of the phrase in the log).
        rare: list[str] = []
        for term in match.terms:
            kept = [word for word in term.words if frequency[word] <= self.COMMON]
            parts = [_quoted(term.text)] if len(kept) == len(term.words) else [
                _quoted(word) for word in kept]
            rare += [part for part in parts if part not in rare]
        if not rare:
            return found
        # Only the candidates are scored: FTS5 walks the words' entries between the first
        # and last candidate, and "+rowid IN" (which FTS5 is not offered, or it would run one
        # query per id) keeps the rest from being scored.
        ids = [lesson_id for lesson_id, _ in found[:self.CANDIDATES]]
        rows = await self.session.execute(text(
            f"SELECT rowid, -bm25(lessons_fts, {self.WEIGHTS}) FROM lessons_fts "
            "WHERE lessons_fts MATCH :q AND rowid BETWEEN :lo AND :hi "
            "AND +rowid IN (SELECT value FROM json_each(:ids))"),
            {"q": f" {match.operator} ".join(rare), "lo": min(ids), "hi": max(ids),
             "ids": json.dumps(ids)})
        relevance = dict(rows.all())
        return [(lesson_id, relevance.get(lesson_id, 0.0) + title / 100)
                for lesson_id, title in found]

    def candidates_sql(self, match, where, score, limit):
        return (f"SELECT lessons_fts.rowid, {score} FROM lessons_fts "
                f"JOIN lessons l ON l.id = lessons_fts.rowid "
                f"WHERE {match.sql} AND {where.sql} ORDER BY lessons_fts.rowid DESC{limit}")

    def matching_sql(self, match):
        return f"SELECT rowid FROM lessons_fts WHERE {match.sql}"

    async def prepare(self) -> None:
        # Read the index through memory-mapped I/O with a larger page cache (per connection).
        connection = await self.session.connection()
        if not connection.info.get("lessons_pragmas"):
            await connection.exec_driver_sql("PRAGMA mmap_size = 1073741824")
            await connection.exec_driver_sql("PRAGMA cache_size = -65536")
            connection.info["lessons_pragmas"] = True

    PEOPLE = ("SELECT group_concat(p.person_key, char(31)) FROM lesson_people p "
              "WHERE p.lesson_id = l.id")

    def snippet_sql(self, match, count):
        one = ("SELECT lessons_fts.rowid AS id, snippet(lessons_fts, 1, char(2), char(3), "
               f"' … ', 24) AS marked FROM lessons_fts WHERE {match.sql} "
               "AND lessons_fts.rowid = :id{i}")
        union = " UNION ALL ".join(one.format(i=i) for i in range(count))
        return "s.marked", f"LEFT JOIN ({union}) AS s ON s.id = l.id"
