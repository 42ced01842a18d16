"""``kmbot report bulletin <id>``: one row per recipient of a bulletin (status, attempts, last
error, sent time) as CSV on standard output (or ``--output``), the same file
``/bulletin report <id>`` sends in chat."""
from __future__ import annotations

import sys

from .exports import write_out
from .settings import Settings

NO_SUCH = "There is no bulletin {id}."


def add_arguments(parser) -> None:
    parser.add_argument("id", type=int, help="the bulletin's number")
    parser.add_argument("--output", help="write to this file instead of standard output")


async def run(settings: Settings, args) -> int:
    from core.bulletins.status import report_csv
    from storage import Database
    db = Database(settings.kmbot_database_url)
    try:
        async with db.uow(read_only=True) as uow:
            bulletin = await uow.bulletins.get(args.id)
            if bulletin is None:
                print(NO_SUCH.format(id=args.id), file=sys.stderr)
                return 1
            text = await report_csv(uow, bulletin)
    finally:
        await db.close()
    write_out(text, args.output)
    return 0
