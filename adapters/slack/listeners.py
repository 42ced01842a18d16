"""Bolt listeners: ack first, then hand the work to the core.

Messages reach the core as commands when typed to the bot (a DM, a mention) and as thread
replies when posted in a channel thread; other channel chatter is dropped here.

Slash commands, buttons and events are acked at once and handled in the background, so a slow
database or Web API never makes Slack retry. A modal submission is the one exception: its
field errors must travel in the ack, so the kernel gets ``view_timeout`` seconds (about 2) to
answer; if it is slower, the modal closes and the answer is posted afterwards.
"""
from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field, replace

import aiohttp

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from core.cards import Form, Reply
from core.kernel import Kernel
from core.serialize import form_from_dict
from core.vocabulary import Action, Actor, Command, PlaceKind
from core import wording
from core.wording import slack as say

from . import translate
from .blocks import FORM_ACTION, RUN_ACTION, decode_action
from .home import publish_home
from .privacy import ChannelPrivacy
from .modals import inline_errors, read_submission
from .replies import Where, open_form, send_reply
from .tasks import Background


@dataclass
class Handlers:
    kernel: Kernel
    background: Background
    view_timeout: float = 2.0
    concurrency: int = 4           # kernel calls at once; more only queue on the database
    http: aiohttp.ClientSession | None = None
    privacy: ChannelPrivacy = field(default_factory=ChannelPrivacy)

    def __post_init__(self) -> None:
        self._slots = asyncio.Semaphore(self.concurrency)

    async def handle(self, event) -> Reply:
        async with self._slots:
            return await self.kernel.handle(event)

    async def command(self, body: dict, client: AsyncWebClient) -> None:
        event = translate.command(body)
        reply = await self.handle(event)
        await send_reply(reply, Where(
            client, event.actor.user_id, event.place.id, None, event.place.is_direct,
            body.get("response_url", ""), body.get("trigger_id", ""),
            f"{event.name} {event.text}".strip(), event.place.kind.value, self.http,
            event.place.private))

    async def action(self, body: dict, client: AsyncWebClient, action: dict) -> None:
        place = await self.privacy.fill(client, translate.interactive_place(body))
        actor = translate.interactive_actor(body)
        from_home = (body.get("view") or {}).get("type") == "home"
        where = Where(client, actor.user_id, place.id, place.thread_id, place.is_direct,
                      "" if from_home else body.get("response_url", ""),
                      body.get("trigger_id", ""), kind=place.kind.value, http=self.http,
                      private=place.private)
        action_id, value = action.get("action_id", ""), action.get("value", "")
        if action_id == FORM_ACTION:
            form = _form_in(value)
            if form is None:
                await send_reply(Reply.say(say.COULD_NOT_READ), where)
            else:
                await open_form(form, where)
            return
        if action_id == RUN_ACTION:
            event = Command(actor, place, "", value, translate.command_event_id(body))
        else:
            core_id = decode_action(action_id)
            if core_id is None:
                return
            event = Action(actor, place, core_id, value, translate.command_event_id(body))
        reply = await self.handle(event)
        await send_reply(reply, where)
        if from_home:
            await publish_home(self.kernel, client, actor)

    async def submission(self, ack, body: dict, client: AsyncWebClient, view: dict) -> None:
        form = read_submission(view)
        task = self.background.spawn(self.handle(translate.submission(body, form)),
                                     "modal submission")
        done, _ = await asyncio.wait({task}, timeout=self.view_timeout)
        reply = task.result() if done else None
        if reply is not None and reply.field_errors:
            await ack(response_action="errors", errors=inline_errors(view, dict(reply.field_errors)))
            return
        await ack()
        origin = form.origin
        where = Where(client, body["user"]["id"], origin.channel_id, origin.thread_id,
                      origin.kind == PlaceKind.DIRECT.value, origin.response_url,
                      kind=origin.kind, http=self.http, private=origin.private)
        self.background.spawn(self._answer(task, where), "modal answer")

    async def _answer(self, task: asyncio.Future, where: Where) -> None:
        reply = await task
        await send_reply(reply or Reply.say(wording.SOMETHING_WENT_WRONG), where)

    async def home_opened(self, body: dict, event: dict, client: AsyncWebClient) -> None:
        """The Home tab gets the member's home card; the Messages tab, the first time it is
        opened (the DM is still empty), the bot's welcome."""
        if event.get("tab", "home") == "messages":
            history = await client.conversations_history(channel=event["channel"], limit=1)
            if not history.get("messages"):
                await send_reply(Reply(messages=(self.kernel.welcome(),)), Where(
                    client, event["user"], event["channel"], is_direct=True, http=self.http))
            return
        actor = Actor(translate.PLATFORM, body.get("team_id", ""), event["user"])
        event_id = body.get("event_id")
        await publish_home(self.kernel, client, actor, f"event:{event_id}" if event_id else None)

    async def message(self, body: dict, event: dict, client: AsyncWebClient,
                      bot_user_id: str | None, mentioned: bool) -> None:
        command = translate.message_command(body, event, bot_user_id)
        command = replace(command, place=await self.privacy.fill(client, command.place))
        reply = await self.handle(command)
        thread = event.get("thread_ts") or (event.get("ts") if mentioned else None)
        await send_reply(reply, Where(
            client, command.actor.user_id, command.place.id, thread,
            command.place.is_direct, command_text=command.text,
            kind=command.place.kind.value, http=self.http, private=command.place.private))


    async def thread_reply(self, body: dict, event: dict, client: AsyncWebClient) -> None:
        reply = await self.handle(translate.thread_reply(body, event))
        if reply.messages or reply.open_form:
            await send_reply(reply, Where(client, event["user"], event.get("channel", ""),
                                          event["thread_ts"], kind=PlaceKind.THREAD.value,
                                          http=self.http))


def replied_in_thread(event: dict, bot_user_id: str | None) -> bool:
    """A person's plain reply in a channel's thread: not the thread's first message, an edit,
    a bot's post, or a message mentioning the bot (``app_mention`` brings those as commands).
    Whether the thread is the bot's is the kernel's question; anything else never gets there.
    """
    thread, user = event.get("thread_ts"), event.get("user")
    return (event.get("channel_type") in ("channel", "group")
            and event.get("subtype") in (None, "thread_broadcast")
            and not event.get("bot_id") and bool(user) and user != bot_user_id
            and bool(thread) and thread != event.get("ts")
            and not (bot_user_id and f"<@{bot_user_id}" in (event.get("text") or "")))


def _form_in(value: str) -> Form | None:
    """The form a card's "open the form" button carries. Only its look comes from here: what
    is submitted is checked against the form the core registered (core.forms)."""
    try:
        return form_from_dict(json.loads(value))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def typed_to_bot(event: dict) -> bool:
    """A person's own new message in a DM with the bot (not an edit, a join or a bot post)."""
    return (event.get("channel_type") == "im" and not event.get("subtype")
            and not event.get("bot_id") and bool(event.get("user")))


def register(app: AsyncApp, h: Handlers) -> None:
    spawn = h.background.spawn

    @app.command(re.compile(r"^/.+"))
    async def slash_command(ack, body, client):
        await ack()
        spawn(h.command(body, client), "slash command")

    @app.action(re.compile(r"^kmbot"))
    async def button(ack, body, client, action):
        await ack()
        spawn(h.action(body, client, action), "button")

    @app.view_submission(re.compile(r"^kmbot:"))
    async def modal_submitted(ack, body, client, view):
        await h.submission(ack, body, client, view)

    @app.event("app_home_opened")
    async def home_opened(body, event, client):
        spawn(h.home_opened(body, event, client), "home tab")

    @app.event("app_mention")
    async def mentioned(body, event, client, context):
        spawn(h.message(body, event, client, context.bot_user_id, True), "mention")

    @app.event("message")
    async def message(body, event, client, context):
        if typed_to_bot(event):
            spawn(h.message(body, event, client, context.bot_user_id, False), "direct message")
        elif replied_in_thread(event, translate.bot_user_of(body, context.bot_user_id)):
            spawn(h.thread_reply(body, event, client), "thread reply")
