"""For librarians: the tag list (``/lesson tags``, ``/lesson tags add``), exporting the log
(CSV or JSON, every field, search filters applied) and the figures a library service reports
(``/lesson stats``). Exports go through the same visibility rule as everything else."""
from __future__ import annotations

import csv
import io
import json

from ..cards import Attachment, Card, Field, Message, Reply, Section
from ..errors import NotAllowed, UserError
from ..ports import UnitOfWork
from ..router import Context, Router
from ..wording import lessons as say
from .. import wording
from .access import viewer
from .model import Lesson, Viewer
from .query import LessonQuery, normalise_tag, parse_query
from ..reports import Option, Report
from .show import names
from .templates import parse_tags

router = Router("lessons.admin")
FORMATS = ("csv", "json")
COLUMNS = ("id", "title", "template", "answers", "team", "project", "tags", "author",
           "people", "visibility", "audience", "created_at", "updated_at", "version",
           "actions")


@router.command("lesson", "tags", usage=say.TAGS_USAGE, summary=say.TAGS_SUMMARY)
async def tags(ctx: Context) -> Reply:
    if ctx.args and ctx.args[0].lower() != "add":
        from .capture import as_lesson
        return await as_lesson(ctx, "tags")
    if ctx.args and ctx.args[0].lower() == "add":
        if not ctx.is_librarian:
            raise NotAllowed(wording.LIBRARIANS_ONLY.format(usage="/lesson tags add"))
        try:
            wanted = parse_tags(" ".join(ctx.args[1:]))
        except ValueError as problem:
            raise UserError(str(problem), say.TAGS_USAGE) from None
        if not wanted:
            raise UserError(say.TAGS_NOTHING)
        async with ctx.services.uow() as uow:
            added = await uow.lessons.add_categories(ctx.actor.workspace_key, wanted,
                                                     ctx.services.now())
        return Reply.say(say.TAGS_ADDED.format(
            tags=" ".join(f"#{t}" for t in added) or "(all were there already)"))
    async with ctx.services.uow(read_only=True) as uow:
        listed = await uow.lessons.categories(ctx.actor.workspace_key)
    if not listed:
        return Reply.say(say.TAGS_LIST_EMPTY)
    return Reply.say(say.TAGS_LIST.format(tags=" ".join(f"#{t}" for t in listed)))


async def records(uow: UnitOfWork, query: LessonQuery, who_sees: Viewer) -> list[dict]:
    """Every field of the lessons ``who_sees`` may see that match ``query``, newest first."""
    lessons = await uow.lessons.export(query, who_sees)
    actions = await uow.lessons.open_actions(who_sees.workspace_key,
                                             lesson_ids=[l.id for l in lessons]) \
        if lessons else []
    who = await names(uow, [k for l in lessons for k in (l.author_key, *l.people)]
                      + [a.owner_key for a in actions])
    return [_record(l, who, [a for a in actions if a.lesson_id == l.id]) for l in lessons]


def render(found: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(found, indent=2, ensure_ascii=False)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for record in found:
        writer.writerow({k: _cell(v) for k, v in record.items()})
    return out.getvalue()


async def export_lessons(uow: UnitOfWork, query: LessonQuery, who_sees: Viewer,
                         fmt: str) -> tuple[int, str]:
    """The lessons ``who_sees`` may see that match ``query``, as CSV or JSON text."""
    found = await records(uow, query, who_sees)
    return len(found), render(found, fmt)


def _cell(value) -> str:
    if isinstance(value, list):
        value = "\n".join(json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v)
                          for v in value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text   # no spreadsheet formulas


def _record(lesson: Lesson, who: dict, actions) -> dict:
    return {"id": lesson.id, "title": lesson.title, "template": lesson.kind.value,
            "answers": [{"question": q, "answer": a} for q, a in lesson.answers],
            "team": lesson.team, "project": lesson.project, "tags": list(lesson.tags),
            "author": who.get(lesson.author_key, say.FORMER_COLLEAGUE),
            "people": [who.get(p, say.FORMER_COLLEAGUE) for p in lesson.people],
            "visibility": lesson.visibility.value, "audience": lesson.audience or "",
            "created_at": lesson.created_at.isoformat(),
            "updated_at": lesson.updated_at.isoformat(), "version": lesson.version,
            "actions": [{"id": a.id, "text": a.text, "due": a.due.isoformat(),
                         "owner": who.get(a.owner_key, say.FORMER_COLLEAGUE)}
                        for a in actions]}


@router.command("lesson", "export", usage=say.EXPORT_USAGE, summary=say.EXPORT_SUMMARY,
                librarian=True)
async def export(ctx: Context) -> Reply:
    text = ctx.text.strip()
    first, _, rest = text.partition(" ")
    if first.lower() in FORMATS:
        fmt = first.lower()
    elif not first or ":" in first:
        fmt, rest = "csv", text
    else:
        raise UserError(say.EXPORT_FORMAT, say.EXPORT_USAGE)
    async with ctx.services.uow(read_only=True) as uow:
        n, content = await export_lessons(uow, parse_query(rest), await viewer(ctx, uow), fmt)
    date = ctx.services.now().strftime("%Y-%m-%d")
    attachment = Attachment(f"lessons-{date}.{fmt}", content,
                            "application/json" if fmt == "json" else "text/csv")
    return Reply(messages=(Message(say.EXPORT_READY.format(n=n, format=fmt.upper()),
                                   private=True, attachment=attachment),))


@router.command("lesson", "stats", usage=say.STATS_USAGE, summary=say.STATS_SUMMARY,
                librarian=True)
async def stats(ctx: Context) -> Reply:
    workspace = ctx.actor.workspace_key
    today = ctx.services.clock.today(ctx.services.config.default_timezone)
    async with ctx.services.uow(read_only=True) as uow:
        me = await viewer(ctx, uow)
        counts = await uow.lessons.counts(me)
        reviews = await uow.lessons.review_count(workspace)
        actions = await uow.lessons.action_counts(workspace, today)
        reused = await uow.lessons.reused(workspace)
        top = await uow.lessons.most_useful(workspace, 10)
        titles = {l.id: l.title for l in await uow.lessons.load([i for i, _n in top])}
    total = sum(counts.by_month.values())
    text = say.STATS_TEXT.format(lessons=total, reviews=reviews, open=actions.open,
                                 overdue=actions.overdue, done=actions.done, reused=reused)
    months = tuple(Field(m, str(n)) for m, n in counts.by_month.items()) or (
        Field(say.STATS_BY_MONTH, say.STATS_NONE),)
    teams = tuple(Field(t or say.NO_TEAM, str(n)) for t, n in counts.by_team.items())
    useful = "\n".join(f"{i}. {titles.get(i, '')} ({n})" for i, n in top) or say.STATS_NONE
    card = Card(title=say.STATS_TITLE, sections=(
        Section(text), Section(say.STATS_BY_MONTH, months),
        Section(say.STATS_BY_TEAM, teams), Section(f"{say.STATS_TOP}\n{useful}")))
    lines = [text, say.STATS_BY_MONTH + ": " + ", ".join(f"{f.label} {f.value}" for f in months),
             say.STATS_BY_TEAM + ": " + ", ".join(f"{f.label} {f.value}" for f in teams),
             say.STATS_TOP + ": " + useful.replace("\n", "; ")]
    return Reply.say("\n".join(lines), card)


async def export_log(uow: UnitOfWork, options) -> str:
    """``kmbot export lessons``: every lesson of every workspace (or one), every field, the
    filters applied; whoever runs kmbot sees team-only lessons too, as a librarian does."""
    query = LessonQuery(tags=tuple(t for t in map(normalise_tag, options["tag"] or ()) if t),
                        since=options["since"])
    workspaces = ([options["workspace"]] if options["workspace"]
                  else await uow.lessons.workspaces())
    found: list[dict] = []
    for workspace in workspaces:
        found += await records(uow, query, Viewer("kmbot:cli", workspace, is_librarian=True))
    return render(found, options["format"])


REPORT = Report("export", "lessons", say.CLI_EXPORT_HELP, export_log, (
    Option("format", say.CLI_FORMAT_HELP, "choice", FORMATS, default="csv"),
    Option("since", say.CLI_SINCE_HELP, "date"),
    Option("tag", say.CLI_TAG_HELP, many=True),
    Option("workspace", say.CLI_WORKSPACE_HELP)))
