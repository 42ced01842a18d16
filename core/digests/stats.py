"""``/digest stats`` (librarians): subscribers per topic and how they hear, digests sent,
items per digest, "Useful" marks, and reach: the share of people subscribed to a topic who
received at least one of its items in a digest in the last 30 and 90 days, by topic and by
team (the department in their profile)."""
from __future__ import annotations

from ..cards import Card, Reply, Section
from ..router import Context, Router
from ..wording import digests as say

router = Router("digests.stats")


def share(reached: int, total: int) -> str:
    return f"{round(100 * reached / total)}% ({reached} of {total})" if total else "–"


@router.command("digest", "stats", usage=say.STATS_USAGE, summary=say.STATS_SUMMARY,
                librarian=True)
async def stats(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        figures = await uow.digests.stats(ctx.actor.workspace_key, ctx.services.now())
    by_topic: dict[str, list[str]] = {}
    for topic, kind, frequency, n in figures["subscribers"]:
        label = "channels" if kind == "channel" else frequency
        by_topic.setdefault(topic, []).append(f"{n} {label}")
    lines = [say.STATS_SUBSCRIBERS]
    lines += [say.STATS_SUB_LINE.format(topic=t, parts=", ".join(p)) for t, p in
              by_topic.items()] or [say.STATS_NONE]
    sent, items = figures["digests"], figures["items"]
    lines += ["", say.STATS_SENT.format(n=sent, items=items,
                                        avg=f"{items / sent:.1f}" if sent else "0")]
    useful = ", ".join(f"{t} {n}" for t, n in figures["useful"]) or say.STATS_NONE
    lines += [say.STATS_USEFUL.format(parts=useful), "", say.STATS_REACH]
    for name, r in figures["reach"].items():
        lines.append(say.STATS_REACH_LINE.format(name=name, r30=share(*r.get(30, (0, 0))),
                                                 r90=share(*r.get(90, (0, 0)))))
    lines += ["", say.STATS_TEAMS]
    for team, r in sorted(figures["teams"].items()):
        lines.append(say.STATS_REACH_LINE.format(name=team or say.NO_TEAM,
                                                 r30=share(*r.get(30, (0, 0))),
                                                 r90=share(*r.get(90, (0, 0)))))
    text = "\n".join(lines)
    return Reply.say(text, Card(title=say.STATS_TITLE, sections=(Section(text),)))
