"""A graffiti wall and a poll in a console channel: the card, the "Add an idea" form filled
in at the prompt (anonymously), a named idea as a thread reply, a +1 pressed by number."""
from __future__ import annotations

import re

import pytest

from bot.console import Console
from bot.settings import Settings
from core.vocabulary import Actor

from .test_walls import SECRET


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(_env_file=None, kmbot_database_url=database_url,
                    kmbot_librarians="fake:lib", kmbot_anonymity_key=SECRET)


class Terminal:
    def __init__(self, runtime, user: str, answers=()) -> None:
        self.shown: list[str] = []
        self.answers = list(answers)
        self.console = Console(runtime, Actor("console", "local", user, user.capitalize()),
                               self._read, self.shown.append, "ward-7")

    async def _read(self) -> str | None:
        return self.answers.pop(0) if self.answers else None

    async def open(self) -> str:
        await self.console.open()
        return "\n".join(self.shown)

    async def type(self, line: str, *answers: str) -> str:
        self.shown.clear()
        self.answers = list(answers)
        await self.console.line(line)
        return "\n".join(self.shown)


def number(screen: str, label: str) -> str:
    return re.findall(rf"\[(\d+)\] {re.escape(label)}", screen)[-1]


async def test_a_wall_in_a_console_channel(runtime):
    cat = Terminal(runtime, "cat")
    await cat.open()
    shown = await cat.type('wall "What slows discharge?"')
    assert "Your wall is up (number 1)" in shown
    assert "── What slows discharge? ──\n    0 ideas · 0 votes · 0 people" in shown

    ann = Terminal(runtime, "ann")
    screen = await ann.open()
    shown = await ann.type(number(screen, "Add an idea"), "Waiting for TTOs", "yes")
    assert "Thanks, your idea is on the wall, anonymously." in shown
    assert "💡 Anonymous: Waiting for TTOs (+0) [idea 1]" in shown

    bob = Terminal(runtime, "bob")
    await bob.open()
    shown = await bob.type("thread 1 Transport booked late")
    assert "Thanks, your idea is on the wall." in shown
    assert "💡 Bob: Transport booked late (+0) [idea 2]" in shown
    shown = await bob.type(number(shown, "+1"))
    assert "Your +1 is counted." in shown and "2 ideas · 1 vote · 2 people" in shown


async def test_a_poll_in_a_console_channel(runtime):
    cat = Terminal(runtime, "cat")
    await cat.open()
    shown = await cat.type('poll "Which day?" Tue Wed')
    assert "Your poll is up (number 1)." in shown
    shown = await cat.type(number(shown, "Wed"))
    assert "Your vote for “Wed” is counted." in shown and "Wed: 1 vote" in shown
