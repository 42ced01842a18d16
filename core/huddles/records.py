"""What huddles leave behind: ``/huddle summary``, ``/huddle export`` (CSV) and
``/huddle stats`` (response rate, answers per week, the most common concerns)."""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date, timedelta

from ..cards import Attachment, Message, Reply
from ..errors import UserError
from ..ports import UnitOfWork
from ..reports import Option, Report
from ..router import Context, Router
from ..wording import huddles as say
from .manage import find
from .model import Huddle
from .runner import summary_text

HEADER = ("huddle", "date", "question", "person", "answer", "late", "via", "answered_at")

router = Router("huddles.records")
STOP = frozenset("""a an and are as at be been but by can do for from had has have i if in
into is it its me my no not of on or our so that the their them there they this to too was
we were what when which who will with you your none nothing today yesterday all any""".split())
CONCERN = re.compile(r"concern|worr|risk|help|problem|issue|block|get in the way", re.I)


def _since(args: list[str]) -> date | None:
    for i, word in enumerate(args):
        if word.startswith("--since"):
            value = word.partition("=")[2] or (args[i + 1] if i + 1 < len(args) else "")
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise UserError(say.BAD_DATE.format(value=value), say.EXPORT_USAGE) from None
    return None


async def export_rows(uow: UnitOfWork, huddle: Huddle, since: date | None) -> list[list[str]]:
    sessions = {s.id: s for s in await uow.huddles.sessions(huddle.id, since)}
    answers = await uow.huddles.answers(list(sessions))
    names = {k: p.name for k, p in (await uow.people.get_many(
        list({a.person_key for a in answers}))).items()}
    rows = [list(HEADER)]
    for a in answers:
        s = sessions[a.session_id]
        question = s.questions[a.question] if 0 <= a.question < len(s.questions) else ""
        rows.append([huddle.name, s.day.isoformat(), question,
                     names.get(a.person_key) or say.FORMER, a.text,
                     "yes" if a.late else "no", a.via, a.at.isoformat()])
    return rows


def to_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:       # a cell starting = + - @ would run as a formula in a spreadsheet
        writer.writerow(["'" + c if c[:1] in ("=", "+", "-", "@") else c for c in row])
    return out.getvalue()


@router.command("huddle", "summary", usage=say.SUMMARY_USAGE, summary=say.SUMMARY_SUMMARY)
async def summary(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        huddle = await find(ctx, uow, say.SUMMARY_USAGE, manage=False)
        sessions = await uow.huddles.sessions(huddle.id)
        if len(ctx.args) > 1:
            try:
                day = date.fromisoformat(ctx.args[1])
            except ValueError:
                raise UserError(say.BAD_DATE.format(value=ctx.args[1]),
                                say.SUMMARY_USAGE) from None
            sessions = [s for s in sessions if s.day == day]
            if not sessions:
                raise UserError(say.NO_SESSION_ON.format(name=huddle.name, day=day))
        if not sessions:
            raise UserError(say.NO_SESSIONS.format(name=huddle.name))
        session = sessions[-1]
        text = await summary_text(uow, huddle, session,
                                  await uow.huddles.answers([session.id]))
    return Reply.say(text)


@router.command("huddle", "export", usage=say.EXPORT_USAGE, summary=say.EXPORT_SUMMARY)
async def export(ctx: Context) -> Reply:
    since = _since(ctx.args[1:])
    async with ctx.services.uow(read_only=True) as uow:
        huddle = await find(ctx, uow, say.EXPORT_USAGE)
        rows = await export_rows(uow, huddle, since)
    filename = re.sub(r"[^a-z0-9]+", "-", huddle.name.lower()).strip("-") or "huddle"
    return Reply(messages=(Message(say.EXPORT_READY.format(name=huddle.name, n=len(rows) - 1),
                                   attachment=Attachment(f"{filename}.csv", to_csv(rows),
                                                         "text/csv"), private=True),))


@router.command("huddle", "stats", usage=say.STATS_USAGE, summary=say.STATS_SUMMARY)
async def stats(ctx: Context) -> Reply:
    today = ctx.services.now().date()
    async with ctx.services.uow(read_only=True) as uow:
        huddle = await find(ctx, uow, say.STATS_USAGE, manage=False)
        sessions = await uow.huddles.sessions(huddle.id, today - timedelta(days=30))
        answers = await uow.huddles.answers([s.id for s in sessions])
    if not answers:
        return Reply.say(say.STATS_NONE.format(name=huddle.name))
    regulars = {a.person_key for a in answers}
    latest = sessions[-1]
    answered_latest = {a.person_key for a in answers if a.session_id == latest.id}
    weeks = Counter(f"{s.day.isocalendar().year}-W{s.day.isocalendar().week:02d}"
                    for a in answers for s in sessions if s.id == a.session_id)
    by_session = {s.id: s for s in sessions}
    words = Counter()
    for a in answers:
        s = by_session[a.session_id]
        question = s.questions[a.question] if 0 <= a.question < len(s.questions) else ""
        if CONCERN.search(question) or a.question == -1:
            words.update(w for w in re.findall(r"[a-z][a-z'-]{2,}", a.text.lower())
                         if w not in STOP)
    rate = f"{round(100 * len(answered_latest) / len(regulars))}%"
    lines = [say.STATS_HEAD.format(name=huddle.name),
             say.STATS_RATE.format(rate=rate, answered=len(answered_latest),
                                   regulars=len(regulars)),
             say.STATS_WEEKS.format(weeks=", ".join(f"{w}: {n}" for w, n in
                                                    sorted(weeks.items())))]
    if words:
        lines.append(say.STATS_CONCERNS.format(words=", ".join(
            f"{w} ({n})" for w, n in sorted(words.items(), key=lambda x: (-x[1], x[0]))[:5])))
    return Reply.say("\n".join(lines))


async def export_all(uow: UnitOfWork, options) -> str:
    """``kmbot export huddles``: every huddle's answers (or one huddle's), as CSV."""
    wanted = " ".join((options["name"] or "").lower().split())
    rows: list[list[str]] = []
    for huddle in await uow.huddles.all():
        if wanted and huddle.name.lower() != wanted:
            continue
        found = await export_rows(uow, huddle, options["since"])
        rows.extend(found if not rows else found[1:])
    return to_csv(rows or [list(HEADER)])


REPORT = Report("export", "huddles", say.CLI_EXPORT_HELP, export_all, (
    Option("since", say.CLI_SINCE_HELP, "date"),
    Option("name", say.CLI_NAME_HELP)))
