"""The databases a benchmark runs on: embedded SQLite always, and PostgreSQL at
127.0.0.1:5432 when it answers (a fresh database of the benchmark's own, dropped after)."""
from __future__ import annotations

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def databases(tmp: str, pg_name: str) -> list[tuple[str, str]]:
    """``[(label, url)]``: SQLite in ``tmp``, then PostgreSQL's ``pg_name`` made afresh."""
    found = [("SQLite", f"sqlite+aiosqlite:///{tmp}/bench.db")]
    try:
        import psycopg
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{pg_name}"')
        found.append(("PostgreSQL", f"postgresql+asyncpg://postgres@127.0.0.1:5432/{pg_name}"))
    except Exception as error:       # no PostgreSQL here: SQLite only
        print(f"(PostgreSQL not reachable, skipped: {type(error).__name__})")
    return found


def drop_pg(pg_name: str) -> None:
    try:
        import psycopg
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    except Exception:
        pass
