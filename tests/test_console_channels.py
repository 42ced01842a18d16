"""Console channels: what is posted in a channel is shown, numbered, to whoever opens it;
``thread N <text>`` answers in post N's thread (a ThreadReply, as on Slack or Teams); edited
posts are shown again; a channel's members are the people who have opened it."""
from __future__ import annotations

import pytest

from adapters.console.posts import channel_name
from bot.console import Console
from core.vocabulary import Actor, Destination

from .test_threads import board


@pytest.fixture
def runtime(runtime):
    runtime.kernel.router.include(board)
    return runtime


class Terminal:
    """One person at a console: what they typed and what they were shown."""

    def __init__(self, runtime, user: str, channel: str | None = "ward-7") -> None:
        self.shown: list[str] = []
        self.console = Console(runtime, Actor("console", "local", user, user.capitalize()),
                               self._read, self.shown.append, channel)

    async def _read(self) -> str | None:
        return None

    async def open(self) -> str:
        await self.console.open()
        return self.screen()

    async def type(self, line: str) -> str:
        self.shown.clear()
        await self.console.line(line)
        return self.screen()

    def screen(self) -> str:
        return "\n".join(self.shown)


async def test_posts_are_numbered_for_whoever_opens_the_channel_and_threads_answered(runtime):
    lib = Terminal(runtime, "lib")
    assert "Nothing has been posted in #ward-7 yet." in await lib.open()
    shown = await lib.type("board new Discharge?")
    assert "Your board is up." in shown
    assert "#1 kmbot: ── Discharge? ──\n    0 ideas" in shown

    ann = Terminal(runtime, "ann")
    assert "#1 kmbot: ── Discharge? ──\n    0 ideas" in await ann.open()
    shown = await ann.type("thread 1 Fewer handovers")
    assert "Your idea is on the board." in shown
    assert "#1 kmbot (edited): ── Discharge? ──\n    1 idea" in shown
    assert "↳ #3 kmbot: Thanks Ann: idea 1 is “Fewer handovers”." in shown

    shown = await lib.type("help")                      # lib sees the news on their next line
    assert "↳ #2 Ann: Fewer handovers" in shown and "1 idea" in shown

    shown = await ann.type("thread 3 Earlier pharmacy")  # a reply to a reply: same thread
    assert "#1 kmbot (edited): ── Discharge? ──\n    2 ideas" in shown and "idea 2" in shown


async def test_a_channels_members_are_those_who_opened_it(runtime):
    for user in ("lib", "ann", "lib"):
        await Terminal(runtime, user).open()
    await Terminal(runtime, "bob", channel="other").open()
    assert sorted(await runtime.services.channels.members(
        Destination.channel("console", "local", "ward-7"))) == ["console:local:ann",
                                                                "console:local:lib"]


async def test_threads_need_a_channel_and_a_real_post(runtime):
    ann = Terminal(runtime, "ann")
    await ann.open()
    assert "There's no post 9 in #ward-7." in await ann.type("thread 9 hello")
    assert "type `thread N <text>`" in await ann.type("thread")
    alone = Terminal(runtime, "ann", channel=None)
    await alone.open()
    assert "Threads are in channels" in await alone.type("thread 1 hello")


async def test_messages_to_a_person_can_be_edited_before_and_after_they_read_them(runtime):
    from core.cards import Message
    async with runtime.services.uow() as uow:
        [note] = await runtime.services.post(uow, Destination.user("console:local:ann"),
                                             Message("Round on Monday"))
    ann = Terminal(runtime, "ann", channel=None)
    assert "Round on Monday" in await ann.open()
    async with runtime.services.uow() as uow:
        await runtime.services.queue_edit(uow, note, Message("Round moved to Tuesday"))
    assert "Round moved to Tuesday" in await ann.type("help")


def test_channel_names_are_checked():
    assert channel_name("#Ward-7") == "ward-7"
    assert channel_name("no spaces please") is None and channel_name("") is None


async def test_a_persons_console_data_can_be_exported_and_erased(runtime):
    ann = Terminal(runtime, "ann")
    await ann.open()
    lib = Terminal(runtime, "lib")
    await lib.open()
    await lib.type("board new Discharge?")
    await ann.type("thread 1 Fewer handovers")
    async with runtime.services.uow() as uow:
        mine = await uow.console.export("console:local:ann")
        await uow.console.erase("console:local:ann", "gone:1")
    assert mine["console_channels"] == ["ward-7"]
    assert [r["text"] for r in mine["console_thread_replies"]] == ["Fewer handovers"]
    async with runtime.services.uow() as uow:
        assert await uow.console.export("console:local:ann") == {
            "console_channels": [], "console_thread_replies": []}
        assert await uow.console.members("ward-7") == ["console:local:lib"]
        [_, reply, _] = await uow.console.posts("ward-7")
    assert (reply.author, reply.message["text"]) == ("gone:1", "Fewer handovers")


class Typist(Terminal):
    """A console person who answers forms from a script (then presses Enter)."""

    def __init__(self, runtime, user: str, answers: list[str], channel=None) -> None:
        super().__init__(runtime, user, channel)
        self.answers = list(answers)

    async def _read(self) -> str | None:
        return self.answers.pop(0) if self.answers else ""


async def test_a_long_answer_goes_on_over_several_lines(runtime):
    ann = Typist(runtime, "ann", ["Sharps bins audit", "Every bin checked \\", "\\", "and signed",
                                  "Half were checked", "No owner on nights", "Name an owner"])
    shown = await ann.type("lesson aar")
    assert "(end a line with \\ to go on to the next line)" in shown
    assert "Saved as lesson 1" in shown
    assert "Every bin checked\n\nand signed" in await ann.type("lesson show 1")   # paragraphs
