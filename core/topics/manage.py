"""Librarians keep the list of topics: ``/bulletin topics [add|rename|retire]``."""
from __future__ import annotations

from ..cards import Card, Reply, Section
from ..errors import NotAllowed, UserError
from ..router import Context, Router
from ..wording import LIBRARIANS_ONLY
from ..wording import topics as say
from .find import resolve
from .model import MAX_NAME, MAX_PER_WORKSPACE, slug_of

router = Router("topics.manage")


def _name(words: list[str]) -> tuple[str, str]:
    name = " ".join(" ".join(words).split())
    if not name:
        raise UserError(say.TOPIC_NAME_NEEDED)
    if len(name) > MAX_NAME:
        raise UserError(say.TOPIC_NAME_TOO_LONG.format(limit=MAX_NAME, n=len(name)))
    slug = slug_of(name)
    if not slug:
        raise UserError(say.TOPIC_NAME_BAD)
    return name, slug


@router.command("bulletin", "topics", usage=say.TOPICS_USAGE, summary=say.TOPICS_SUMMARY)
async def topics(ctx: Context) -> Reply:
    verb = ctx.args[0].lower() if ctx.args else ""
    if not verb:
        return await _list(ctx)
    if verb not in ("add", "rename", "retire"):
        raise UserError(say.TOPICS_VERB, say.TOPICS_USAGE)
    if not ctx.is_librarian:
        raise NotAllowed(LIBRARIANS_ONLY.format(usage=say.TOPICS_USAGE))
    return await {"add": _add, "rename": _rename, "retire": _retire}[verb](ctx, ctx.args[1:])


async def _list(ctx: Context) -> Reply:
    async with ctx.services.uow(read_only=True) as uow:
        found = await uow.topics.active(ctx.actor.workspace_key)
        counts = await uow.topics.counts(ctx.actor.workspace_key)
    if not found:
        return Reply.say(say.TOPICS_EMPTY)
    lines = [say.TOPIC_LINE.format(name=t.name, n=counts.get(t.id, 0),
                                   subscribers=say.SUBSCRIBER if counts.get(t.id, 0) == 1
                                   else say.SUBSCRIBERS) for t in found]
    text = "\n".join(lines + [say.TOPICS_HOW])
    return Reply.say(text, Card(title=say.TOPICS_TITLE, sections=(Section(text),)))


async def _add(ctx: Context, words: list[str]) -> Reply:
    name, slug = _name(words)
    async with ctx.services.uow() as uow:
        if len(await uow.topics.active(ctx.actor.workspace_key)) >= MAX_PER_WORKSPACE:
            raise UserError(say.TOO_MANY_TOPICS.format(limit=MAX_PER_WORKSPACE))
        known = await uow.topics.find(ctx.actor.workspace_key, slug, retired=True)
        if known is not None and not known.active:       # bring a retired one back
            await uow.topics.rename(known.id, name, slug)
            await uow.topics.retire(known.id, None)
            return Reply.say(say.TOPIC_ADDED.format(name=name, slug=slug))
        topic = await uow.topics.add(ctx.actor.workspace_key, name, slug, ctx.actor.key,
                                     ctx.services.now())
    if topic is None:
        raise UserError(say.TOPIC_EXISTS.format(name=known.name if known else name))
    return Reply.say(say.TOPIC_ADDED.format(name=name, slug=slug))


async def _rename(ctx: Context, words: list[str]) -> Reply:
    if len(words) != 2:
        raise UserError(say.TOPICS_RENAME_NEEDS)
    new, slug = _name(words[1:])
    async with ctx.services.uow() as uow:
        [topic] = await resolve(uow, ctx.actor.workspace_key, words[:1])
        other = await uow.topics.find(ctx.actor.workspace_key, slug, retired=True)
        if (other is not None and other.id != topic.id) or not await uow.topics.rename(
                topic.id, new, slug):
            raise UserError(say.TOPIC_EXISTS.format(name=new))
    return Reply.say(say.TOPIC_RENAMED.format(old=topic.name, new=new))


async def _retire(ctx: Context, words: list[str]) -> Reply:
    if not words:
        raise UserError(say.TOPIC_NAME_NEEDED.replace("add", "retire"))
    async with ctx.services.uow() as uow:
        found = await resolve(uow, ctx.actor.workspace_key, [" ".join(words)])
        counts = await uow.topics.counts(ctx.actor.workspace_key)
        for topic in found:
            await uow.topics.retire(topic.id, ctx.services.now())
    return Reply.say("\n".join(say.TOPIC_RETIRED.format(name=t.name, n=counts.get(t.id, 0))
                               for t in found))
