"""The compose form, and reading it into a checked :class:`Draft` (every problem named under
its field, so the form comes back with what was typed)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..cards import Choice, Form, FormInput
from ..errors import FormInvalid
from ..mentions import unmark
from ..router import Context
from ..topics.find import choices
from ..topics.reach import can_post
from ..vocabulary import Destination
from ..wording import bulletins as say
from .markdown import BrokenMarkdown, check_url, to_core
from .model import MAX_BODY, MAX_LINK_LABEL, MAX_LINKS, MAX_TITLE, Draft, Link

FORM_ID = "bulletins.compose"
WHEN = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})")
CHANNEL_TOKEN = re.compile(r"<#([A-Za-z0-9._:-]+)(?:\|([^>]*))?>")
YES_NO = (Choice("no", say.NO), Choice("yes", say.YES))


def compose_form(values: dict[str, str] | None = None, context: str = "") -> Form:
    v = values or {}
    return Form(form_id=FORM_ID, title=say.FORM_TITLE, submit_label=say.PREVIEW_BUTTON,
                context=context, inputs=(
                    FormInput("title", say.LABEL_TITLE, required=True, max_length=MAX_TITLE,
                              initial=v.get("title", "")),
                    FormInput("body", say.LABEL_BODY, "multiline", True,
                              max_length=MAX_BODY, initial=v.get("body", "")),
                    FormInput("links", say.LABEL_LINKS, "multiline", max_length=3000,
                              initial=v.get("links", "")),
                    FormInput("topics", say.LABEL_TOPICS, max_length=500,
                              initial=v.get("topics", "")),
                    FormInput("subscribers", say.LABEL_SUBSCRIBERS, "select", True,
                              (Choice("yes", say.YES), Choice("no", say.NO)),
                              v.get("subscribers", "yes")),
                    FormInput("channels", say.LABEL_CHANNELS, max_length=1000,
                              initial=v.get("channels", "")),
                    FormInput("everyone", say.LABEL_EVERYONE, "select", True, YES_NO,
                              v.get("everyone", "no")),
                    FormInput("when", say.LABEL_WHEN, max_length=40,
                              initial=v.get("when", "now"), placeholder="now"),
                    FormInput("timezone", say.LABEL_TIMEZONE, max_length=64,
                              initial=v.get("timezone", ""), placeholder="Europe/London"),
                    FormInput("notify", say.LABEL_NOTIFY, "select", True, YES_NO,
                              v.get("notify", "no"))))


def _links(text: str, errors: dict[str, str]) -> tuple[Link, ...]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        errors["links"] = say.TOO_MANY_LINKS.format(limit=MAX_LINKS, n=len(lines))
        return ()
    links = []
    for number, line in enumerate(lines, 1):
        label, _, url = line.rpartition("|") if "|" in line else ("", "", line)
        label, url = " ".join(label.split())[:MAX_LINK_LABEL], url.strip().strip("<>")
        if " " in url or not url:
            errors["links"] = say.BAD_LINK_LINE.format(line=number)
            return ()
        try:
            check_url(url)
        except BrokenMarkdown as bad:
            errors["links"] = str(bad)
            return ()
        links.append(Link(label, url))
    return tuple(links)


def _when(text: str, tz: str, now: datetime, errors: dict[str, str]) -> datetime | None:
    text = " ".join(text.split())
    if not text or text.lower() == "now":
        return None
    match = WHEN.fullmatch(text)
    try:
        if not match:
            raise ValueError
        day = datetime.fromisoformat(match.group(1))
        local = day.replace(hour=int(match.group(2)), minute=int(match.group(3)),
                            tzinfo=ZoneInfo(tz))
    except (ValueError, ZoneInfoNotFoundError):
        errors["when"] = say.BAD_WHEN
        return None
    if local <= now:
        errors["when"] = say.IN_THE_PAST.format(when=text)
    elif local - now > timedelta(days=366):
        errors["when"] = say.TOO_FAR
    return local


async def _channels(ctx: Context, uow, text: str, here: str, here_name: str,
                    errors: dict[str, str]) -> tuple[str, ...]:
    tokens = [t for t in re.split(r"[,\s]+", unmark(text)) if t]
    if not tokens:
        return ()
    known = await uow.topics.channels(ctx.actor.workspace_key)
    by_name = {name.lower(): cid for cid, name in known.items() if name}
    if here and here_name:
        by_name.setdefault(here_name.lower().lstrip("#"), here)
    found: list[str] = []
    for token in tokens:
        typed = CHANNEL_TOKEN.fullmatch(token)
        cid = typed.group(1) if typed else token.lstrip("#")
        cid = cid if cid in known or cid == here else by_name.get(cid.lower(), "")
        if not cid:
            errors["channels"] = say.UNKNOWN_CHANNEL.format(name=token)
            return ()
        if not await can_post(ctx.services, Destination.channel(
                ctx.actor.platform, ctx.actor.workspace, cid)):
            errors["channels"] = say.NOT_IN_CHANNEL.format(name=token)
            return ()
        if cid not in found:
            found.append(cid)
    return tuple(found)


async def read_draft(ctx: Context, uow, values: dict[str, str], here: str = "",
                     here_name: str = "") -> Draft:
    """The checked draft; raises :class:`FormInvalid` naming each field that is wrong."""
    errors: dict[str, str] = {}
    title = " ".join(values.get("title", "").split())
    if not title:
        errors["title"] = say.TITLE_NEEDED
    body = values.get("body", "").strip()
    if len(body) > MAX_BODY:
        errors["body"] = say.BODY_TOO_LONG.format(limit=MAX_BODY, n=len(body))
    else:
        try:
            to_core(body)
        except BrokenMarkdown as broken:
            errors["body"] = str(broken)
    links = _links(values.get("links", ""), errors)
    topic_ids: list[int] = []
    for name in [n.strip() for n in values.get("topics", "").split(",") if n.strip()]:
        topic = await uow.topics.find(ctx.actor.workspace_key, name)
        if topic is None:
            errors["topics"] = say.UNKNOWN_TOPIC.format(
                name=name, choices=await choices(uow, ctx.actor.workspace_key))
            break
        if topic.id not in topic_ids:
            topic_ids.append(topic.id)
    subscribers = values.get("subscribers", "yes") == "yes"
    everyone = values.get("everyone") == "yes"
    channels = await _channels(ctx, uow, values.get("channels", ""), here, here_name, errors)
    if subscribers and not topic_ids and "topics" not in errors and (channels or everyone):
        subscribers = False       # nothing to send to subscribers of: fine, others get it
    if subscribers and not topic_ids and "topics" not in errors:
        errors["topics"] = say.TOPICS_NEEDED
    if not (subscribers or channels or everyone) and not errors:
        errors["subscribers"] = say.NO_AUDIENCE
    tz = values.get("timezone", "").strip() or ctx.services.config.default_timezone
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = say.BAD_TIMEZONE.format(tz=tz)
        tz = ctx.services.config.default_timezone
    send_at = _when(values.get("when", ""), tz, ctx.services.now(), errors)
    if errors:
        raise FormInvalid(errors)
    return Draft(title=title, body=body, links=links, topic_ids=tuple(topic_ids),
                 channels=channels, subscribers=subscribers, everyone=everyone,
                 notify=values.get("notify") == "yes", send_at=send_at, timezone=tz)


def values_of(draft: Draft, topic_names: list[str], channel_names: dict[str, str]) -> dict[str, str]:
    """What the form shows for a stored draft (to edit it)."""
    when = (draft.send_at.astimezone(ZoneInfo(draft.timezone)).strftime("%Y-%m-%d %H:%M")
            if draft.send_at else "now")
    return {"title": draft.title, "body": draft.body,
            "links": "\n".join(f"{l.label} | {l.url}" if l.label else l.url
                               for l in draft.links),
            "topics": ", ".join(topic_names),
            "subscribers": "yes" if draft.subscribers else "no",
            "channels": ", ".join("#" + (channel_names.get(c) or c) for c in draft.channels),
            "everyone": "yes" if draft.everyone else "no", "when": when,
            "timezone": draft.timezone, "notify": "yes" if draft.notify else "no"}
