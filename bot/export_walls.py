"""``kmbot export walls [--format csv|markdown] [--wall N]``: every wall and poll (or one),
as the ``/wall export`` file, on standard output. Anonymous authors stay "Anonymous"."""
from __future__ import annotations

import sys

from core.walls.exporting import FORMATS, as_csv, as_markdown, rows

from .runtime import build_runtime
from .settings import Settings


def add_arguments(parser) -> None:
    parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
    parser.add_argument("--wall", type=int, help="only this wall or poll")


async def run(settings: Settings, args, out=None) -> int:
    out = out or sys.stdout
    runtime = await build_runtime(settings, scheduler=False)
    try:
        async with runtime.services.uow(read_only=True) as uow:
            walls = [w for w in await uow.walls.all() if args.wall in (None, w.id)]
            if args.wall is not None and not walls:
                print(f"There is no wall or poll number {args.wall}.", file=sys.stderr)
                return 1
            if FORMATS[args.format][0] == "csv":
                records = [r for w in walls for r in await rows(uow, w)]
                out.write(as_csv(records))
            else:
                out.write("\n".join([as_markdown(w, await rows(uow, w)) for w in walls]))
    finally:
        await runtime.stop()
    return 0
