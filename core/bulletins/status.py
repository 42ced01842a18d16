"""How a bulletin's sending goes (``/bulletin status``) and who got it (``/bulletin report``
as a CSV file, and ``kmbot report bulletin <id>``): one row per recipient, with status,
attempts, last error and sent time; digest subscribers are rows too."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from ..cards import Attachment, Card, Message, Reply, Section
from ..errors import UserError
from ..ports import UnitOfWork
from ..reports import Option, Report
from ..router import Context, Router
from ..services import Services
from ..wording import bulletins as say
from . import render
from .find import find, one_id, state_word
from .model import Bulletin, Status

router = Router("bulletins.status")
OPEN = ("queued", "retrying")


async def figures(services: Services, uow: UnitOfWork, bulletin: Bulletin) -> str:
    if bulletin.status in (Status.DRAFT, Status.SCHEDULED, Status.CANCELLED):
        return say.STATUS_NOT_STARTED.format(state=state_word(bulletin))
    counts = await uow.outbox.tag_counts(bulletin.tag)
    total = sum(counts.get(k, 0) for k in ("queued", "sent", "retrying", "failed",
                                           "unreachable", "stopped"))
    missing = max(0, bulletin.recipients - total) if bulletin.status is Status.SENDING else 0
    total += missing                      # still being queued (or cut off: queued again soon)
    counts["queued"] = counts.get("queued", 0) + missing
    left = sum(counts.get(k, 0) for k in OPEN)
    finished = left == 0
    done = total - left
    percent = round(100 * done / total) if total else 100
    lines = [say.STATUS_TEXT.format(
        state=state_word(bulletin, finished and bulletin.status is Status.SENDING).capitalize(),
        sent=counts.get("sent", 0), total=total, percent=percent,
        queued=counts.get("queued", 0), retrying=counts.get("retrying", 0),
        failed=counts.get("failed", 0), unreachable=counts.get("unreachable", 0),
        stopped=counts.get("stopped", 0))]
    if bulletin.digests:
        lines.append(say.STATUS_DIGESTS.format(n=bulletin.digests))
    if counts.get("possibly_duplicated"):
        lines.append(say.STATUS_DUPLICATES.format(n=counts["possibly_duplicated"]))
    now = services.now()
    if finished or bulletin.status is not Status.SENDING:
        lines.append(say.STATUS_DONE if finished else "")
    elif bulletin.started_at is not None:
        elapsed = max((now - bulletin.started_at).total_seconds(), 1.0)
        rate = done / elapsed
        finish = (now + timedelta(seconds=left / rate)) if rate > 0 else None
        lines.append(say.STATUS_RATE.format(
            rate=rate, finish=render.when(finish, bulletin.draft.timezone) if finish else "?"))
    return "\n".join(line for line in lines if line)


@router.command("bulletin", "status", usage=say.STATUS_USAGE, summary=say.STATUS_SUMMARY,
                librarian=True)
async def status(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        bulletin = await find(ctx, uow, one_id(ctx, say.STATUS_USAGE))
        text = await figures(ctx.services, uow, bulletin)
    title = say.STATUS_TITLE.format(id=bulletin.id, title=bulletin.title)
    return Reply.say(f"{title}\n{text}", Card(title=title, sections=(Section(text),)))


def _csv_cell(value: object) -> str:
    """A cell no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


async def report_csv(uow: UnitOfWork, bulletin: Bulletin) -> str:
    channels = set(bulletin.draft.channels) | set(
        await uow.topics.channels(bulletin.workspace_key))
    rows = [row async for row in uow.outbox.tag_report(bulletin.tag)]
    digests = await uow.topics.digest_people("bulletin", str(bulletin.id))
    people = await uow.people.get_many([r.destination for r in rows] + digests)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(say.REPORT_HEADER)
    for r in rows:
        kind = "channel" if r.destination.rsplit(":", 1)[-1] in channels else "person"
        person = people.get(r.destination)
        status = say.REPORT_STOPPED if r.status == "stopped" else r.status
        writer.writerow([_csv_cell(v) for v in (
            r.destination, person.name if person else "", kind, status, r.attempts,
            r.last_error or "", r.sent_at.isoformat() if r.sent_at else "",
            r.created_at.isoformat() if r.created_at else "", r.in_doubt)])
    for key in digests:
        person = people.get(key)
        writer.writerow([_csv_cell(v) for v in (key, person.name if person else "", "person",
                                                say.REPORT_DIGEST, 0, "", "", "", 0)])
    return out.getvalue()


@router.command("bulletin", "report", usage=say.REPORT_USAGE, summary=say.REPORT_SUMMARY,
                librarian=True)
async def report(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        bulletin = await find(ctx, uow, one_id(ctx, say.REPORT_USAGE))
        content = await report_csv(uow, bulletin)
    text = say.REPORT_READY.format(id=bulletin.id)
    return Reply(messages=(Message(text, private=True, attachment=Attachment(
        f"bulletin-{bulletin.id}-report.csv", content, "text/csv")),))


async def report_of(uow: UnitOfWork, options) -> str:
    """``kmbot report bulletin <id>``: the same file ``/bulletin report <id>`` sends."""
    bulletin = await uow.bulletins.get(options["id"])
    if bulletin is None:
        raise UserError(say.CLI_NO_SUCH.format(id=options["id"]))
    return await report_csv(uow, bulletin)


REPORT = Report("report", "bulletin", say.CLI_REPORT_HELP, report_of, (
    Option("id", say.CLI_ID_HELP, "int", positional=True),))
