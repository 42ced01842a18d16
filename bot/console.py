"""``kmbot console``: a chat in the terminal against the same core and database.

Each input line is one chat line (``/coffee join`` or ``coffee join``); a number presses a
button shown earlier; ``quit`` leaves. When standard input is not a terminal the same loop
reads one line at a time and prints the replies, so a session can be scripted. Messages sent
to this user while they were away (a coffee introduction, say) are shown on opening.

With ``--channel NAME`` the person is in that channel (and becomes one of its members): its
posts are shown, numbered, and ``thread N <text>`` replies in post N's thread.
"""
from __future__ import annotations

import asyncio
import dataclasses
import re
import sys

from bot.runtime import Runtime, build_runtime
from bot.settings import Settings
from core.cards import Form, Reply
from core.serialize import message_from_dict
from core.vocabulary import Action, Actor, Command, Place, PlaceKind, Submission, ThreadReply
from core.wording import console as say

from adapters.console.escape import escape
from adapters.console.posts import THREAD, ChannelView
from adapters.console.render import Choices, render

PLACE = Place(PlaceKind.DIRECT, "console")
AT_NAME = re.compile(r"(?<![<\w])@([\w.-]+)")


class Console:
    def __init__(self, runtime: Runtime, actor: Actor, read, write,
                 channel: str | None = None, private: bool = False) -> None:
        self.runtime, self.actor = runtime, actor
        self.read, self.write = read, write
        self.choices = Choices()
        self.place = (Place(PlaceKind.CHANNEL, channel, name=channel, private=private)
                      if channel else PLACE)
        self.view = ChannelView(runtime.services, channel) if channel else None

    async def open(self) -> None:
        self.write(say.WELCOME.format(name=self.actor.name))
        if self.view:
            await self.view.join(self.actor)
            self.write(say.IN_CHANNEL.format(channel=self.view.channel))
            await self.show_mail(say.WHILE_AWAY)
            if not self.view.shown:
                self.write(say.CHANNEL_EMPTY.format(channel=self.view.channel))
            return
        await self.show_mail(say.WHILE_AWAY)

    async def show_mail(self, heading: str | None = None) -> None:
        await self.runtime.delivery.drain()
        async with self.runtime.services.uow() as uow:
            mail = await uow.mailbox.take(self.actor.key, self.runtime.services.now())
        if mail and heading:
            self.write(heading)
        for data in mail:
            self.write(render(message_from_dict(data), self.choices))
        for post in await self.view.news(self.choices) if self.view else ():
            self.write(post)

    async def line(self, text: str) -> None:
        button = self.choices.take(text)
        thread = THREAD.match(text)
        if button is not None:
            event = Action(self.actor, self.place, button.action_id, button.value)
        elif thread:
            event = await self.thread_reply(thread.group(1), thread.group(2).strip())
            if event is None:
                return
        else:
            text = AT_NAME.sub(lambda m: f"<@{m.group(1)}|{m.group(1)}>", text)
            event = Command(self.actor, self.place, "", text)
        await self.show(await self.runtime.kernel.handle(event))
        await self.show_mail()

    async def thread_reply(self, number: str, text: str) -> ThreadReply | None:
        """``thread N <text>``: a reply in post N's thread (None when there is nothing to
        send, after saying why)."""
        if self.view is None:
            self.write(say.THREAD_NEEDS_CHANNEL.format(user=self.actor.user_id))
            return None
        if not number or not text:
            self.write(say.THREAD_USAGE)
            return None
        event = await self.view.reply(self.actor, int(number), text)
        if isinstance(event, str):
            self.write(event)
            return None
        return event

    async def show(self, reply: Reply) -> None:
        for message in reply.messages:
            self.write(render(message, self.choices))
        if reply.open_form:
            await self.fill(reply.open_form)

    async def fill(self, form: Form, errors: dict[str, str] | None = None,
                   values: dict[str, str] | None = None) -> None:
        values = dict(values or {i.name: i.initial for i in form.inputs})
        self.write(say.FORM_INTRO.format(title=form.title))
        for item in form.inputs:
            if errors is not None and item.name not in errors:
                continue
            options = f" ({'/'.join(c.value for c in item.options)})" if item.options else ""
            current = f" [{values.get(item.name, '')}]" if values.get(item.name) else ""
            if errors and item.name in errors:
                self.write(f"   ! {errors[item.name]}")
            more = f" {say.MULTILINE_HINT}" if item.kind == "multiline" else ""
            self.write(f"{item.label}{options}{current}{more}:")
            answer = await self.read()
            while (item.kind == "multiline" and answer is not None
                   and answer.rstrip(" \t").endswith("\\")):   # a paragraph goes on
                following = await self.read()
                answer = answer.rstrip(" \t")[:-1].rstrip(" \t") + "\n" + (following or "")
                if following is None:
                    break
            if answer is None or answer.strip().lower() == say.CANCEL_WORD:
                self.write(say.FORM_CANCELLED)
                return
            if answer.strip():
                values[item.name] = "" if answer.strip() == "-" else answer.strip()
        reply = await self.runtime.kernel.handle(
            Submission(self.actor, self.place, form.form_id, values, form.context))
        if reply.field_errors:
            await self.fill(form, dict(reply.field_errors), values)
            return
        await self.show(reply)

    async def loop(self) -> None:
        while True:
            text = await self.read()
            if text is None or text.strip().lower() in ("quit", "exit"):
                self.write(say.BYE)
                return
            if text.strip():
                await self.line(text.strip())


async def _read_line() -> str | None:
    if sys.stdin.isatty():
        try:
            return await asyncio.to_thread(input, "> ")
        except EOFError:
            return None
    line = await asyncio.to_thread(sys.stdin.readline)
    return line.rstrip("\n") if line else None


def tolerant_streams() -> None:
    """Undecodable input bytes become U+FFFD and unprintable output is replaced, whatever the
    locale: random bytes on standard input must never end the console with a traceback."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


async def run_console(settings: Settings, user: str, librarian: bool,
                      channel: str | None = None, private: bool = False) -> int:
    tolerant_streams()
    runtime = await build_runtime(settings, scheduler=False)
    if librarian:
        config = runtime.services.config
        runtime.services.config = dataclasses.replace(
            config, librarians=config.librarians | {f"console:{user}"})
    actor = Actor("console", "local", user, user)
    console = Console(runtime, actor, _read_line,
                      lambda text: print(escape(text), flush=True), channel, private)
    try:
        await console.open()
        await console.loop()
    finally:
        await runtime.stop()
    return 0
