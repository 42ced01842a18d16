"""``kmbot export <what>``: a feature's records as CSV on standard output (or ``--output``),
for the reports a library service writes. Each feature adds one entry to ``EXPORTS``."""
from __future__ import annotations

import sys
from datetime import date
from typing import Awaitable, Callable

from .settings import Settings


async def _huddles(uow, args) -> str:
    from core.huddles.records import export_rows, to_csv
    since = args.since if isinstance(args.since, date) or not args.since else \
        date.fromisoformat(args.since)
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
    """The options of ``kmbot export huddles``."""
    parser.add_argument("--since", type=date.fromisoformat,
                        help="answers on or after this date (YYYY-MM-DD)")
    parser.add_argument("--name", help="only the huddle of this name")
    parser.add_argument("--output", help="write to this file instead of standard output")


async def run(settings: Settings, args) -> int:
    from storage import Database
    db = Database(settings.kmbot_database_url)
    try:
        async with db.uow(read_only=True) as uow:
            text = await EXPORTS[args.what](uow, args)
    finally:
        await db.close()
    write_out(text, args.output)
    return 0


def write_out(text: str, output: str | None) -> None:
    """An export's text to the file ``output`` names, or to standard output."""
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
