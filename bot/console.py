"""``kmbot console``: a chat in the terminal against the same core and database.

Each input line is one chat line (``/coffee join`` or ``coffee join``); a number presses a
button shown earlier; ``quit`` leaves. When standard input is not a terminal the same loop
reads one line at a time and prints the replies, so a session can be scripted. Messages sent
to this user while they were away (a coffee introduction, say) are shown on opening.
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
from core.vocabulary import Action, Actor, Command, Place, PlaceKind, Submission
from core.wording import console as say

from adapters.console.render import Choices, render

PLACE = Place(PlaceKind.DIRECT, "console")
AT_NAME = re.compile(r"(?<![<\w])@([\w.-]+)")


class Console:
    def __init__(self, runtime: Runtime, actor: Actor, read, write) -> None:
        self.runtime, self.actor = runtime, actor
        self.read, self.write = read, write
        self.choices = Choices()

    async def open(self) -> None:
        self.write(say.WELCOME.format(name=self.actor.name))
        await self.show_mail(say.WHILE_AWAY)

    async def show_mail(self, heading: str | None = None) -> None:
        await self.runtime.delivery.drain()
        async with self.runtime.services.uow() as uow:
            mail = await uow.mailbox.take(self.actor.key, self.runtime.services.now())
        if mail and heading:
            self.write(heading)
        for data in mail:
            self.write(render(message_from_dict(data), self.choices))

    async def line(self, text: str) -> None:
        button = self.choices.take(text)
        if button is not None:
            event = Action(self.actor, PLACE, button.action_id, button.value)
        else:
            text = AT_NAME.sub(lambda m: f"<@{m.group(1)}|{m.group(1)}>", text)
            event = Command(self.actor, PLACE, "", text)
        await self.show(await self.runtime.kernel.handle(event))
        await self.show_mail()

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
            self.write(f"{item.label}{options}{current}:")
            answer = await self.read()
            if answer is None or answer.strip().lower() == say.CANCEL_WORD:
                self.write(say.FORM_CANCELLED)
                return
            if answer.strip():
                values[item.name] = "" if answer.strip() == "-" else answer.strip()
        reply = await self.runtime.kernel.handle(
            Submission(self.actor, PLACE, form.form_id, values, form.context))
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


async def run_console(settings: Settings, user: str, librarian: bool) -> int:
    runtime = await build_runtime(settings, scheduler=False)
    if librarian:
        config = runtime.services.config
        runtime.services.config = dataclasses.replace(
            config, librarians=config.librarians | {f"console:{user}"})
    actor = Actor("console", "local", user, user)
    console = Console(runtime, actor, _read_line, lambda text: print(text, flush=True))
    try:
        await console.open()
        await console.loop()
    finally:
        await runtime.stop()
    return 0
