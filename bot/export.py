"""``kmbot export lessons [--format csv|json] [--since YYYY-MM-DD] [--tag TAG]``: the lessons
log for librarians' reports, every field, from every workspace (or one), on standard output
or into a file. Run by whoever runs kmbot, so it sees every lesson, as a librarian does."""
from __future__ import annotations

import argparse
import sys
from datetime import date

from core.lessons.admin import FORMATS, records, render
from core.lessons.model import Viewer
from core.lessons.query import LessonQuery, normalise_tag

from .runtime import build_runtime
from .settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=["lessons"], help="what to export")
    parser.add_argument("--format", choices=FORMATS, default="csv")
    parser.add_argument("--since", type=date.fromisoformat, help="captured on or after "
                        "this date (YYYY-MM-DD)")
    parser.add_argument("--tag", action="append", default=[], help="only lessons with this "
                        "tag (repeat for several)")
    parser.add_argument("--workspace", help="only this workspace (e.g. slack:T0123)")
    parser.add_argument("--output", help="write to this file instead of standard output")


async def export(settings: Settings, args: argparse.Namespace) -> int:
    query = LessonQuery(tags=tuple(t for t in (normalise_tag(x) for x in args.tag) if t),
                        since=args.since)
    runtime = await build_runtime(settings, scheduler=False)
    try:
        found: list[dict] = []
        async with runtime.services.uow(read_only=True) as uow:
            workspaces = [args.workspace] if args.workspace else await uow.lessons.workspaces()
            for workspace in workspaces:
                found += await records(uow, query, Viewer("kmbot:cli", workspace,
                                                          is_librarian=True))
    finally:
        await runtime.stop()
    text = render(found, args.format)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        print(f"{len(found)} lessons written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
