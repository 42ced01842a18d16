"""A wall or poll as a file: CSV (one row per idea, comment or poll answer) or Markdown.

What an export shows is what the wall shows: anonymous ideas and comments say "Anonymous",
votes are counts; hidden ideas are listed with who hid them and why (for the audit)."""
from __future__ import annotations

import csv
import io

from ..cards import Attachment, Message, Reply
from ..errors import UserError
from ..ports import UnitOfWork
from ..reports import Option, Report
from ..router import Context, Router
from ..wording import walls as say
from . import render
from .board import find, people_for, require_moderator
from .model import Kind, Wall

router = Router("walls.exporting")
FORMATS = {"csv": ("csv", "text/csv"), "markdown": ("md", "text/markdown"),
           "md": ("md", "text/markdown")}


async def rows(uow: UnitOfWork, wall: Wall) -> list[dict[str, str]]:
    if wall.kind is Kind.POLL:
        votes = await uow.walls.votes(wall.id)
        return [{"wall": str(wall.id), "question": wall.question, "type": "answer",
                 "id": str(n), "text": option, "by": "", "votes": str(votes.get(n, 0)),
                 "hidden": ""} for n, option in enumerate(wall.settings.options)]
    ideas = await uow.walls.ideas(wall.id)
    people = await people_for(uow, ideas)
    hiders = await uow.people.get_many(sorted({i.hidden_by for i in ideas if i.hidden_by}))
    out = []
    for idea in ideas:
        hidden = (f"{render.name_of(idea.hidden_by, hiders)}: {idea.hidden_reason}"
                  if idea.is_hidden else "")
        out.append({"wall": str(wall.id), "question": wall.question, "type": "idea",
                    "id": str(idea.id), "text": idea.text,
                    "by": render.name_of(idea.author_key, people), "votes": str(idea.votes),
                    "hidden": hidden})
        out += [{"wall": str(wall.id), "question": wall.question, "type": "comment",
                 "id": str(idea.id), "text": c.text, "by": render.name_of(c.author_key, people),
                 "votes": "", "hidden": ""} for c in idea.comments]
    return out


def as_csv(records: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, ["wall", "question", "type", "id", "text", "by", "votes",
                                  "hidden"])
    writer.writeheader()
    for record in records:      # a cell starting =, +, - or @ is not a spreadsheet formula
        writer.writerow({k: ("'" + v if v[:1] in ("=", "+", "-", "@") else v)
                         for k, v in record.items()})
    return out.getvalue()


def as_markdown(wall: Wall, records: list[dict[str, str]]) -> str:
    lines = [f"# {wall.question}", ""]
    for r in records:
        if r["type"] == "comment":
            lines.append(f"    - {r['by']}: {r['text']}")
        else:
            extra = f" (hidden: {r['hidden']})" if r["hidden"] else ""
            by = f" by {r['by']}" if r["by"] else ""
            lines.append(f"- {r['text']} ({r['votes']} votes){by}{extra}")
    return "\n".join(lines) + "\n"


async def export_file(uow: UnitOfWork, wall: Wall, fmt: str) -> Attachment:
    ext, mime = FORMATS[fmt]
    records = await rows(uow, wall)
    content = as_csv(records) if ext == "csv" else as_markdown(wall, records)
    return Attachment(f"{wall.kind.value}-{wall.id}.{ext}", content, mime)


@router.command("wall", "export", usage=say.EXPORT_USAGE, summary=say.EXPORT_SUMMARY)
async def export(ctx: Context) -> Reply:
    if not ctx.args:
        raise UserError(say.WHICH_WALL.format(usage=say.EXPORT_USAGE))
    fmt = (ctx.args[1] if len(ctx.args) > 1 else "csv").lower()
    if fmt not in FORMATS:
        raise UserError(say.BAD_FORMAT.format(value=ctx.args[1]))
    async with ctx.services.uow(read_only=True) as uow:
        wall = await find(ctx, uow, ctx.args[0])
        require_moderator(ctx, wall)
        attachment = await export_file(uow, wall, fmt)
    text = say.EXPORT_READY.format(what=render.kind_word(wall).lower(), id=wall.id,
                                   fmt=fmt.upper() if fmt == "csv" else "Markdown")
    return Reply(messages=(Message(text, private=True, attachment=attachment),))


async def export_all(uow: UnitOfWork, options) -> str:
    """``kmbot export walls``: every wall and poll (or one), as the ``/wall export`` file.
    Anonymous authors stay "Anonymous"."""
    walls = [w for w in await uow.walls.all() if options["wall"] in (None, w.id)]
    if options["wall"] is not None and not walls:
        raise UserError(say.CLI_NO_SUCH.format(id=options["wall"]))
    if FORMATS[options["format"]][0] == "csv":
        return as_csv([r for w in walls for r in await rows(uow, w)])
    return "\n".join([as_markdown(w, await rows(uow, w)) for w in walls])


REPORT = Report("export", "walls", say.CLI_EXPORT_HELP, export_all, (
    Option("format", say.CLI_FORMAT_HELP, "choice", tuple(sorted(FORMATS)), default="csv"),
    Option("wall", say.CLI_WALL_HELP, "int")))
