"""A digest as a message: grouped by topic, newest first, at most ten items per topic, each
with title, source, date and link; "Useful" on each item shown, "Show all", "Change
frequency" and "Unsubscribe from <topic>" (people only)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from ..cards import Button, Card, Message, Section
from ..topics.model import Topic
from ..wording import digests as say
from .model import CHANNEL, PER_TOPIC, Digest, Entry

MAX_USEFUL = 20        # "Useful" buttons on one message (the platforms' limits)


def day(when: datetime, tz: str) -> str:
    local = when.astimezone(ZoneInfo(tz))
    return f"{local.day} {local:%b %Y}"


def item_line(i: int, e: Entry, tz: str) -> str:
    if e.lesson:
        source = say.LESSON_SOURCE.format(id=e.key.split(":")[1])
    elif e.key.startswith("wall:"):
        source = say.WALL_SOURCE.format(kind=say.WALL_KINDS.get(e.source, e.source),
                                        place=f"#{e.place}" if e.place else say.A_CHANNEL,
                                        ideas=say.ideas(e.ideas))
    elif e.key.startswith("bulletin:"):
        source = say.BULLETIN_READ.format(id=e.key.split(":", 1)[1])
    else:
        source = e.source
    fmt = say.ITEM_LINK if e.link else say.ITEM
    return fmt.format(i=i, title=e.title, source=source, date=day(e.when, tz), link=e.link)


def render(digest: Digest, topics: dict[int, Topic], title: str, tz: str,
           run_id: int | None) -> Message:
    r = digest.recipient
    lines = [say.INTRO.format(title=title, n=digest.size, since=day(r.since, tz))]
    buttons: list[Button] = []
    useful: list[Button] = []
    i = 0
    for topic_id in sorted(digest.topics, key=lambda t: topics[t].name.lower()
                           if t in topics else ""):
        entries = digest.topics[topic_id]
        if not entries or topic_id not in topics:
            continue
        name = topics[topic_id].name
        lines.append("")
        lines.append(say.TOPIC_HEAD.format(name=name, n=len(entries)))
        for e in entries[:PER_TOPIC]:
            i += 1
            lines.append(item_line(i, e, tz))
            if run_id is not None and r.kind != CHANNEL and len(useful) < MAX_USEFUL:
                useful.append(Button(say.USEFUL_BUTTON.format(i=i), "digests.useful",
                                     f"{run_id}|{topic_id}|{e.key}"))
        if len(entries) > PER_TOPIC:
            lines.append((say.MORE if run_id is not None else say.MORE_PLAIN).format(
                n=len(entries) - PER_TOPIC, name=name))
            if run_id is not None:
                buttons.append(Button(say.MORE_BUTTON.format(name=name), "digests.more",
                                      f"{run_id}|{topic_id}"))
    if r.kind != CHANNEL:
        buttons.append(Button(say.CHANGE_BUTTON, "topics.how", ""))
        buttons += [Button(say.UNSUBSCRIBE_BUTTON.format(name=topics[t].name),
                           "digests.unsubscribe", str(t))
                    for t in digest.topics if t in topics and digest.topics[t]]
    text = "\n".join(lines)
    return Message(text=text, card=Card(title=title, sections=(Section(text),),
                                        buttons=tuple(useful + buttons)))
