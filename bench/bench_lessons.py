"""Benchmark the lessons search on SQLite (FTS5) and PostgreSQL (tsvector) at scale.

Builds a log of realistic lessons (``bench/lessons_corpus.py``: Zipf-distributed words, tags,
teams, projects; 85% organisation-wide, 12% team-only, 3% private), then runs a fixed mix of
200 queries as a member of staff (visibility applies): first page, five results, through
``storage.lessons.LessonsSql`` exactly as the bot calls it. Beside it, the same queries run
"raw": every match ranked (bm25 / ts_rank), top five taken. Prints p50/p95/p99, the slowest
query, and the quality check: for each distinctive query (the three rarest words of one
lesson) that lesson must come first.

    python bench/bench_lessons.py                    # 1,000,000 lessons, both databases
    python bench/bench_lessons.py --lessons 100000 --db sqlite

The built databases are kept (``--dir``, default /tmp/kmbot-bench-lessons; PostgreSQL
database ``kmbot_bench_lessons_v<generator version>_<n>``) with the query mix, and reused by
the next run of the same size, generator version and schema (``--rebuild`` to start again).
Building takes a few minutes per database at a million lessons. Timings are wall-clock after
one warm-up pass.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import psycopg  # noqa: E402
from sqlalchemy import text  # noqa: E402

import lessons_corpus  # noqa: E402
from core.lessons.model import Viewer  # noqa: E402
from core.lessons.query import parse_query  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.lesson_search import CANDIDATES, facets_of, key_of  # noqa: E402
from storage.lessons import LessonsSql, filtered  # noqa: E402

WS = "bench:T1"
START = datetime(2016, 1, 1, tzinfo=timezone.utc)
STAFF = Viewer(f"{WS}:person7", WS, frozenset({"C1", "C2", "C3"}))
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TARGET_P95, TARGET_MAX = 0.020, 0.200          # seconds, first page (issue 19)
COLUMNS = ("id, workspace_key, title, kind, answers, body, tags, facets, team, team_key, "
           "project, project_key, author_key, visibility, audience, created_at, updated_at, "
           "version")


def records(corpus):
    for (i, title, body, tags, team, project, author, shown, audience, day) in corpus.rows:
        at = START + timedelta(days=day, seconds=i % 86400)
        answers = '[["What can we learn?", "' + body + '"]]'
        team_key, project_key, author_key = key_of(team), key_of(project), f"{WS}:{author}"
        facets = facets_of(tags.split(), team_key, project_key, author_key)
        yield (i, WS, title, "quick", answers, body, tags, facets, team, team_key, project,
               project_key, author_key, shown, audience, at, at, 1)


def tag_rows(corpus):
    for row in corpus.rows:
        for tag in row[3].split():
            yield row[0], tag


# -- building ----------------------------------------------------------------------------------
def build_sqlite(path: Path, corpus) -> None:
    if path.exists():
        path.unlink()
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")       # a bulk load into a new file: no journal
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1048576")
    db.execute("BEGIN")
    db.executemany(f"INSERT INTO lessons ({COLUMNS}) VALUES ({', '.join('?' * 18)})",
                   ((*r[:15], r[15].replace(tzinfo=None).isoformat(" "),
                     r[16].replace(tzinfo=None).isoformat(" "), r[17])
                    for r in records(corpus)))
    db.executemany("INSERT INTO lesson_tags (lesson_id, tag) VALUES (?, ?)", tag_rows(corpus))
    db.execute("COMMIT")
    db.execute("INSERT INTO lessons_fts(lessons_fts) VALUES ('optimize')")
    db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode=WAL")
    db.close()


def build_postgres(url: str, name: str, corpus) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    asyncio.run(_migrate(url))
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{name}") as db:
        # the full-text index is built once, after loading, as the migrations define it
        [index] = db.execute("SELECT indexdef FROM pg_indexes "
                             "WHERE indexname = 'ix_lessons_search'").fetchone()
        db.execute("DROP INDEX ix_lessons_search")
        with db.cursor().copy(f"COPY lessons ({COLUMNS}) FROM STDIN") as copy:
            for record in records(corpus):
                copy.write_row(record)
        with db.cursor().copy("COPY lesson_tags (lesson_id, tag) FROM STDIN") as copy:
            for record in tag_rows(corpus):
                copy.write_row(record)
        db.execute("SET maintenance_work_mem = '1GB'")
        db.execute(index)
        db.commit()
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{name}",
                         autocommit=True) as db:
        db.execute("VACUUM ANALYZE")


async def _migrate(url: str) -> None:
    db = Database(url)
    await db.migrate()
    await db.close()


def _head() -> str:
    from alembic.script import ScriptDirectory

    from storage.database import alembic_config
    [head] = ScriptDirectory.from_config(alembic_config()).get_heads()
    return head


async def _built(url: str) -> tuple[int, str]:
    """(how many lessons, the schema's migration) of a kept database; (-1, "") if none."""
    db = Database(url)
    try:
        async with db.uow() as uow:
            return (await uow.session.scalar(text("SELECT count(*) FROM lessons")),
                    await uow.session.scalar(text("SELECT version_num FROM alembic_version")))
    except Exception:
        return -1, ""
    finally:
        await db.close()


def _drop_stale(engine: str, keep: str, lessons: int, folder: Path) -> None:
    """Databases of this size built by another generator version: no longer used."""
    if engine == "sqlite":
        for pattern in (f"lessons-{lessons}.db*", f"lessons-v*-{lessons}.db*"):
            for path in folder.glob(pattern):
                if not path.name.startswith(keep):
                    path.unlink()
        return
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        names = [row[0] for row in admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'kmbot_bench_lessons%'")]
        for name in names:
            if name != keep and name.endswith(f"_{lessons}"):
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def probes_for(corpus_of, lessons: int, count: int, folder: Path) -> list:
    """The fixed query mix (it depends only on the generator and the size), kept beside the
    databases so a rerun need not generate the corpus again."""
    path = folder / f"queries-v{lessons_corpus.VERSION}-{lessons}-{count}.json"
    if path.exists():
        return [lessons_corpus.Probe(**probe) for probe in json.loads(path.read_text())]
    probes = lessons_corpus.queries(corpus_of(), count)
    path.write_text(json.dumps([probe.__dict__ for probe in probes]))
    return probes


# -- querying ----------------------------------------------------------------------------------
async def run_ours(db: Database, probe) -> tuple[float, list[int], bool]:
    started = time.perf_counter()
    async with db.uow() as uow:
        page = await LessonsSql(uow.session).search(parse_query(probe.text), STAFF)
    return time.perf_counter() - started, [hit.lesson.id for hit in page.hits], page.total_exact


async def run_raw(db: Database, probe) -> tuple[float, list[int], bool]:
    """Every match ranked, five taken: what a plain full-text query does."""
    query = parse_query(probe.text)
    started = time.perf_counter()
    async with db.uow() as uow:
        repo = LessonsSql(uow.session)
        engine, where = repo.engine, filtered(query, STAFF)
        await engine.prepare()
        if query.has_text:
            match = engine.match(query.terms, "AND")
            table = "lessons_fts" if db.is_sqlite else "lessons l"
            join = " JOIN lessons l ON l.id = lessons_fts.rowid" if db.is_sqlite else ""
            sql = (f"SELECT {'lessons_fts.rowid' if db.is_sqlite else 'l.id'}, "
                   f"{engine.score_sql(match)} FROM {table}{join} WHERE {match.sql} "
                   f"AND {where.sql} ORDER BY 2 DESC, 1 DESC LIMIT 5")
            rows = await uow.session.execute(where.statement(sql),
                                             {**where.params, **match.params})
            ids = [row[0] for row in rows]
        else:
            ids = await engine.ids(where, limit=5)
    return time.perf_counter() - started, ids, True


async def measure(url: str, probes, raw: bool) -> dict:
    db = Database(url)
    results = {}
    try:
        for label, runner in (("kmbot", run_ours), ("raw", run_raw)):
            if label == "raw" and not raw:
                continue
            for probe in probes:                      # warm-up pass
                await runner(db, probe)
            results[label] = [(probe, *await runner(db, probe)) for probe in probes]
    finally:
        await db.close()
    return results


def report(engine: str, results: dict) -> None:
    for label, rows in results.items():
        times = sorted(row[1] for row in rows)
        q = statistics.quantiles(times, n=100, method="inclusive")
        slowest = max(rows, key=lambda r: r[1])
        print(f"{engine:<11} {label:<6} p50 {q[49] * 1000:8.1f} ms  p95 {q[94] * 1000:8.1f} ms  "
              f"p99 {q[98] * 1000:8.1f} ms  max {slowest[1] * 1000:8.1f} ms  "
              f"slowest: {slowest[0].text!r} ({slowest[0].kind})")
    ours = results["kmbot"]
    times = sorted(row[1] for row in ours)
    p95 = statistics.quantiles(times, n=100, method="inclusive")[94]
    print(f"{engine:<11} target p95 under {TARGET_P95 * 1000:.0f} ms and every query under "
          f"{TARGET_MAX * 1000:.0f} ms: p95 {p95 * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms "
          f"-> {'met' if p95 < TARGET_P95 and times[-1] < TARGET_MAX else 'NOT met'}")
    distinctive = [(p, ids) for p, _t, ids, _exact in ours if p.expected_first]
    first = sum(1 for p, ids in distinctive if ids and ids[0] == p.expected_first)
    print(f"{engine:<11} quality: the lesson a distinctive query describes came first in "
          f"{first}/{len(distinctive)}")
    if "raw" in results:
        pairs = [(a, b) for a, b in zip(ours, results["raw"])
                 if a[3] and a[0].kind != "filter only"]
        same = sum(1 for a, b in pairs if a[2][:1] == b[2][:1])
        print(f"{engine:<11} queries with at most {CANDIDATES} matches (ranked in full): "
              f"{len(pairs)}; same first result as the raw query: {same}/{len(pairs)}")
    by_kind: dict[str, list[float]] = {}
    for probe, t, _ids, _exact in ours:
        by_kind.setdefault(probe.kind, []).append(t)
    print(f"{engine:<11} kmbot worst by kind: " + ", ".join(
        f"{kind} {max(ts) * 1000:.0f} ms" for kind, ts in by_kind.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lessons", type=int, default=1_000_000)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--dir", default="/tmp/kmbot-bench-lessons")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw comparison")
    args = parser.parse_args()
    print(f"Lessons search benchmark: {args.lessons:,} lessons, {args.queries} queries "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    corpus = None

    def get_corpus():
        nonlocal corpus
        if corpus is None:
            started = time.perf_counter()
            corpus = lessons_corpus.build(args.lessons)
            print(f"generated {args.lessons:,} lessons in {time.perf_counter() - started:.0f} s")
        return corpus

    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    probes = probes_for(get_corpus, args.lessons, args.queries, folder)
    engines = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    version, head = lessons_corpus.VERSION, _head()
    for engine in engines:
        if engine == "sqlite":
            name = f"lessons-v{version}-{args.lessons}.db"
            path = folder / name
            url = f"sqlite+aiosqlite:///{path}"
            rebuild = lambda: build_sqlite(path, get_corpus())  # noqa: E731
        else:
            try:
                psycopg.connect(PG_ADMIN, connect_timeout=3).close()
            except psycopg.OperationalError:
                print("postgresql  skipped: not reachable at 127.0.0.1:5432")
                continue
            name = f"kmbot_bench_lessons_v{version}_{args.lessons}"
            url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
            rebuild = lambda: build_postgres(url, name, get_corpus())  # noqa: E731
        built = asyncio.run(_built(url))
        if args.rebuild or built != (args.lessons, head):
            print(f"{engine:<11} building {args.lessons:,} lessons (generator v{version}, "
                  f"schema {head}); this takes a few minutes, and is kept for the next run")
            _drop_stale(engine, name, args.lessons, folder)
            started = time.perf_counter()
            rebuild()
            print(f"{engine:<11} built and indexed in {time.perf_counter() - started:.0f} s")
        else:
            print(f"{engine:<11} using the kept database {name} (generator v{version}, "
                  f"schema {head})")
        report(engine, asyncio.run(measure(url, probes, raw=not args.no_raw)))
        print(f"{engine:<11} (load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
