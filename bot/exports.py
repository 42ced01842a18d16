"""``kmbot export <what>``: a feature's records as CSV on standard output (or ``--output``),
for the reports a library service writes. Each feature adds one entry to ``EXPORTS``."""
from __future__ import annotations

import sys
from datetime import date
from typing import Awaitable, Callable

from .settings import Settings


async def _huddles(uow, args) -> str:
    from core.huddles.records import export_rows, to_csv
    since = date.fromisoformat(args.since) if args.since else None
    rows: list[list[str]] = []
    for huddle in await uow.huddles.all():
        if args.name and huddle.name.lower() != " ".join(args.name.lower().split()):
            continue
        found = await export_rows(uow, huddle, since)
        rows.extend(found if not rows else found[1:])
    return to_csv(rows or [["huddle", "date", "question", "person", "answer", "late", "via",
                            "answered_at"]])


EXPORTS: dict[str, Callable[..., Awaitable[str]]] = {"huddles": _huddles}


def add_arguments(parser) -> None:
    parser.add_argument("what", choices=sorted(EXPORTS), help="what to export")
    parser.add_argument("--since", help="only records on or after this date (YYYY-MM-DD)")
    parser.add_argument("--name", help="only this one (a huddle's name)")
    parser.add_argument("--output", help="write to this file instead of standard output")


async def run(settings: Settings, args) -> int:
    from storage import Database
    if args.since:
        try:
            date.fromisoformat(args.since)
        except ValueError:
            print(f"--since {args.since!r} isn't a date: use YYYY-MM-DD.", file=sys.stderr)
            return 2
    db = Database(settings.kmbot_database_url)
    try:
        async with db.uow(read_only=True) as uow:
            text = await EXPORTS[args.what](uow, args)
    finally:
        await db.close()
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0
