"""Graffiti walls and quick polls in a Teams channel, through signed activities and the fake
Bot Connector: the card and its thread, ideas by the form (in the person's 1:1 chat, since a
channel shows everyone everything) and by a reply in the reply chain, +1 and Comment edited
in place, moderation, the summary at close, polls, and an anonymous author leaving no trace.
"""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.settings import Settings
from storage.models import Base

from .botframework import APP_ID
from .conftest import BOB, CAT, GENERAL, LIB, TENANT

ANN = "29:1ann-aXyZ"            # the anonymous author in these tests
DAN = "29:1dan-DdDd"
NAMES = {ANN: "Ann Archer", BOB: "Bob Baker", CAT: "Cat Carter", DAN: "Dan Dune",
         LIB: "Lee Librarian"}


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(_env_file=None, kmbot_database_url=database_url, kmbot_librarians=LIB,
                    teams_clientid=APP_ID, teams_clientsecret="not-a-real-secret",
                    teams_tenantid=TENANT, kmbot_anonymity_key="teams-test-anonymity-secret")


def chat_of(user: str) -> str:
    """The 1:1 chat the fake connector creates for ``user``."""
    return f"a:1on1-{user}"


def thread(root: str) -> str:
    return f"{GENERAL};messageid={root}"


class Wall:
    """A wall's card in General, and what colleagues do with it."""

    def __init__(self, teams) -> None:
        self.teams = teams
        self.root = ""

    async def command(self, text: str, who: str = CAT) -> str:
        self.answered = await self.teams.in_channel(text, as_user=who, name=NAMES[who])
        await self.deliver()
        return self.answered[0].text

    async def put_up(self, text: str, who: str = CAT) -> str:
        await self.teams.send("install_team.json")
        answer = await self.command(text, who)
        cards = [r for r in self.teams.replies(GENERAL) if r.card and r.method == "POST"]
        self.root = cards[-1].activity_id
        return answer

    async def deliver(self) -> None:
        await self.teams.runtime.delivery.drain()

    def card(self) -> str:
        """What the card shows now (its last edit, or as posted)."""
        shown = [r for r in self.teams.connector.sent if r.activity_id == self.root
                 and r.conversation_id in (GENERAL, thread(self.root))]
        return shown[-1].card_text()

    def card_buttons(self) -> list[dict]:
        shown = [r for r in self.teams.connector.sent if r.activity_id == self.root]
        return shown[-1].buttons()

    def in_thread(self) -> list:
        """The bot's posts in the wall's reply chain (not edits)."""
        return [r for r in self.teams.connector.sent
                if r.conversation_id == thread(self.root) and r.method == "POST"]

    def idea(self, text: str):
        """An idea's message as it reads now (the latest edit of the post that said ``text``
        when it was posted)."""
        post = next(r for r in self.in_thread() if text in r.card_text())
        return [r for r in self.teams.connector.sent if r.activity_id == post.activity_id][-1]

    async def press(self, who: str, label: str, message=None) -> list:
        """Press a button on the card (or on ``message``) in the channel; what the bot sent."""
        buttons = message.buttons() if message is not None else self.card_buttons()
        [button] = [b for b in buttons if b["title"] == label]
        replied_to = message.activity_id if message is not None else self.root
        return await self.teams.send(
            "channel_message.json", text=None, entities=[], value=button["data"],
            replyToId=replied_to, **{"from": {"id": who, "name": NAMES[who]},
                                     "conversation": {"isGroup": True,
                                                      "conversationType": "channel",
                                                      "tenantId": TENANT,
                                                      "id": thread(self.root)}})

    async def fill_in(self, who: str, values: dict) -> list:
        """Fill in and submit the form the bot last sent to ``who``'s 1:1 chat."""
        form = [r for r in self.teams.replies(chat_of(who)) if r.card and any(
            "kmbot_form" in b.get("data", {}) for b in r.buttons())][-1]
        submit = form.buttons()[-1]
        sent = await self.teams.send(
            "card_action.json", value={**submit["data"], **values}, replyToId=form.activity_id,
            **{"from": {"id": who, "name": NAMES[who]},
               "conversation": {"conversationType": "personal", "tenantId": TENANT,
                                "id": chat_of(who)}})
        await self.deliver()
        return sent

    async def reply(self, who: str, text: str) -> list:
        sent = await self.teams.in_thread(self.root, text, as_user=who, name=NAMES[who])
        await self.deliver()
        return sent

    def privately(self, who: str) -> list[str]:
        return [r.text or r.card_text() for r in self.teams.connector.sent
                if r.conversation_id == chat_of(who)]


def inputs(form) -> list[str]:
    return [e["id"] for e in form.card["body"] if e["type"].startswith("Input.")]


async def everything_stored(runtime) -> str:
    dump = []
    async with runtime.db.sessions() as session:
        for table in Base.metadata.sorted_tables:
            dump += [f"{table.name}: {tuple(r)!r}" for r in
                     (await session.execute(select(table))).all()]
    return "\n".join(dump)


async def test_an_anonymous_wall_in_a_teams_channel_leaves_no_trace_of_its_author(
        teams, runtime, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")
    wall = Wall(teams)
    assert "Your wall is up (number 1)" in await wall.put_up(
        'wall "What slows down discharge?" anonymous=required')
    assert wall.card().startswith("What slows down discharge?\n0 ideas · 0 votes · 0 people")
    assert [b["title"] for b in wall.card_buttons()] == ["Add an idea", "Close"]

    # "Add an idea" in the channel: the form opens in Ann's 1:1 chat, not in the channel
    sent = await wall.press(ANN, "Add an idea")
    assert [r.conversation_id for r in sent] == [chat_of(ANN)]
    [form] = wall.teams.replies(chat_of(ANN))
    assert inputs(form) == ["idea"]                 # anonymous anyway: no choice to make
    await wall.fill_in(ANN, {"idea": "Handover at the bedside"})
    assert wall.privately(ANN)[-1] == ("Thanks, your idea is on the wall, anonymously. "
                                       "Only you can edit or delete it.")
    mine = wall.idea("Handover at the bedside")
    assert mine.card_text().startswith("💡 Anonymous: Handover at the bedside (+0)")
    assert [b["title"] for b in mine.buttons()] == ["+1", "Comment", "Edit", "Delete"]

    # a reply in the reply chain shows its author, so it is not taken: Dan is told privately
    assert [r.conversation_id for r in await wall.reply(DAN, "Discharge letters")] == [
        chat_of(DAN)]
    assert "Use the “Add an idea” button" in wall.privately(DAN)[-1]
    assert not any("Discharge letters" in r.card_text() for r in wall.in_thread())

    # +1 (again takes it back) and Comment, answered privately, the idea edited in place
    assert [r.conversation_id for r in await wall.press(BOB, "+1", mine)] == [chat_of(BOB)]
    await wall.press(DAN, "+1", mine)
    await wall.press(ANN, "+1", mine)
    await wall.press(DAN, "+1", mine)
    await wall.deliver()
    assert wall.privately(BOB)[-1] == "Your +1 is counted."
    assert wall.privately(DAN)[-1] == "Your +1 is taken back."
    assert "(+2)" in wall.idea("Handover").card_text()
    assert "1 idea · 2 votes · 2 people" in wall.card()   # Dan took his back
    await wall.press(BOB, "Comment", wall.idea("Handover"))
    await wall.fill_in(BOB, {"comment": "Yes, with the patient"})
    assert "↳ Anonymous: Yes, with the patient" in wall.idea("Handover").card_text()

    # only the author edits or deletes it, found by the keyed hash
    await wall.press(BOB, "Edit", wall.idea("Handover"))
    assert wall.privately(BOB)[-1] == "Only the person who posted this idea can change it."
    await wall.press(ANN, "Edit", wall.idea("Handover"))
    await wall.fill_in(ANN, {"idea": "Handover at the bedside, with the patient"})
    assert wall.privately(ANN)[-1] == "Your idea is updated."
    assert "with the patient (edited) (+2)" in wall.idea("Handover").card_text()

    # the close button, for the wall's creator only; the summary in the reply chain
    await wall.press(BOB, "Close")
    assert "Only librarians and the person who put up the wall" in wall.privately(BOB)[-1]
    await wall.press(CAT, "Close")
    await wall.deliver()
    summary = wall.in_thread()[-1].card_text()
    assert summary.splitlines()[:3] == ["Summary: What slows down discharge?",
                                        "1 idea from 2 people, 2 votes in all.",
                                        "1. Handover at the bedside, with the patient (2 votes)"]
    assert "Closed" in wall.card() and wall.card_buttons() == []
    assert await wall.command("wall export 1 csv") == "Here is wall 1 as CSV."
    exported = "\n".join(r.text for r in wall.answered[1:])
    assert '"Handover at the bedside, with the patient",Anonymous,2' in exported
    await wall.command("wall export 1 markdown")
    exported += "\n".join(r.text for r in wall.answered[1:])
    assert "- Handover at the bedside, with the patient (2 votes)" in exported

    stored = await everything_stored(runtime)
    assert "Handover at the bedside" in stored
    # every line kmbot and the SDK logged (the stand-in Bot Connector's access log is
    # Microsoft's side of the wire, not ours)
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records
                       if r.name != "aiohttp.access" or "/api/messages" in r.getMessage())
    for where, text in (("the database", stored), ("the summary", summary),
                        ("the logs", logged), ("the channel", "\n".join(
                            r.text + r.card_text() for r in teams.replies(thread(wall.root)))),
                        ("the exports", exported)):
        for trace in (ANN, ANN.split(":")[1], "Ann Archer", "aXyZ"):
            assert trace.lower() not in text.lower(), f"{trace} is in {where}"
    assert "insert into wall_ideas" in logged.lower()


async def test_a_named_wall_takes_replies_in_the_chain_and_is_moderated(teams):
    wall = Wall(teams)
    await wall.put_up('wall "Ideas for the library?" anonymous=off')
    assert "add an idea with the button or reply in the thread" in wall.card()
    await wall.reply(BOB, "Longer opening hours")
    assert wall.privately(BOB)[-1] == "Thanks, your idea is on the wall."
    assert wall.idea("Longer").card_text().startswith("💡 Bob Baker: Longer opening hours")
    await wall.press(DAN, "Add an idea")
    form = teams.replies(chat_of(DAN))[-1]
    assert inputs(form) == ["idea"]                             # a named wall
    await wall.fill_in(DAN, {"idea": "x" * 1001})
    assert any("1,000" in t for t in wall.privately(DAN))      # the limit, said
    await wall.fill_in(DAN, {"idea": "Blame the night staff"})
    assert wall.idea("night staff").card_text().startswith("💡 Dan Dune: Blame the night staff")

    # a librarian hides an idea with a reason; the creator rewords the question
    assert "Only librarians" in await wall.command('wall hide 2 "unkind"', BOB)
    assert await wall.command('wall hide 2 "Not about people, please"', LIB) == (
        "Idea 2 is hidden. The reason shows in its place.")
    assert wall.idea("night staff").card_text() == (
        "🙈 Hidden by a moderator: Not about people, please")
    assert "1 idea · 0 votes" in wall.card()
    await wall.command('wall question 1 "What would make the library better?"')
    assert wall.card().startswith("What would make the library better?")

    # close early, reopen, close: the summary each time, the buttons back while open
    longer = wall.idea("Longer")
    assert await wall.command("wall close 1") == "Wall 1 is closed; the summary is in its thread."
    assert wall.in_thread()[-1].card_text().splitlines()[:3] == [
        "Summary: What would make the library better?", "1 idea from 2 people, 0 votes in all.",
        "1. Longer opening hours (0 votes) by Bob Baker"]
    assert "1 idea hidden by moderators." in wall.in_thread()[-1].card_text()
    await wall.press(DAN, "+1", longer)          # its +1 from before: the wall is closed
    assert "closed" in wall.privately(DAN)[-1] and "no more ideas, votes" in wall.privately(DAN)[-1]
    assert await wall.reply(BOB, "A late idea") == [] and len(wall.privately(BOB)) == 1
    assert await wall.command("wall reopen 1", LIB) == "Wall 1 is open again."
    assert [b["title"] for b in wall.card_buttons()] == ["Add an idea", "Close"]
    await wall.command("wall close 1", LIB)
    assert "Closed" in wall.card()


async def test_a_hidden_wall_with_anonymity_allowed_shows_ideas_at_close(teams, clock):
    wall = Wall(teams)
    await wall.put_up('wall "Ideas?" hidden=yes limit=1')
    await wall.press(ANN, "Add an idea")
    assert inputs(teams.replies(chat_of(ANN))[-1]) == ["idea", "anonymous"]
    await wall.fill_in(ANN, {"idea": "Quiet study room", "anonymous": "yes"})
    assert "Ideas stay hidden until the wall closes" in wall.privately(ANN)[-1]
    clock.advance(seconds=10)
    await wall.press(ANN, "Add an idea")
    await wall.fill_in(ANN, {"idea": "Another one"})
    assert "This wall takes up to 1 idea each" in wall.privately(ANN)[-1]
    await wall.press(BOB, "Add an idea")
    await wall.fill_in(BOB, {"idea": "More journals", "anonymous": "no"})
    await wall.reply(DAN, "a named reply")
    assert "stay hidden until it closes" in wall.privately(DAN)[-1]
    assert wall.in_thread() == [] and "2 ideas so far" in wall.card()
    await wall.press(CAT, "Close")
    await wall.deliver()
    texts = [r.text or r.card_text() for r in wall.in_thread()]
    assert texts[0].startswith("💡 Anonymous: Quiet study room")
    assert texts[1].startswith("💡 Bob Baker: More journals")
    assert texts[-1].startswith("Summary: Ideas?")


async def test_polls_in_a_teams_channel(teams):
    wall = Wall(teams)
    await wall.put_up('poll "Which day suits the Knowledge Café?" Tue Wed Thu')
    assert [b["title"] for b in wall.card_buttons()] == ["Tue", "Wed", "Thu", "Close"]
    await wall.press(ANN, "Wed")
    await wall.press(BOB, "Wed")
    await wall.press(ANN, "Tue")
    await wall.deliver()
    assert wall.privately(ANN) == ["Your vote for “Wed” is counted.", "Your vote is now “Tue”."]
    assert wall.card().splitlines()[1:4] == ["Tue: 1 vote", "Wed: 1 vote", "Thu: 0 votes"]
    await wall.press(CAT, "Close")
    await wall.deliver()
    assert wall.in_thread()[-1].card_text().splitlines() == [
        "Result: Which day suits the Knowledge Café?", "2 people voted.",
        "1. Tue: 1 vote", "2. Wed: 1 vote", "3. Thu: 0 votes"]
    assert wall.card_buttons() == []

    second = Wall(teams)
    await second.put_up('poll "Which topics?" AI Sepsis Falls multiple hidden anonymous')
    assert "Anonymous poll" in second.card() and "Choose as many as you like." in second.card()
    for who, label in ((ANN, "AI"), (ANN, "Falls"), (BOB, "Falls")):
        await second.press(who, label)
    await second.deliver()
    assert "2 people have voted" in second.card() and "Falls: " not in second.card()
    assert await second.command("wall close 2") == "Poll 2 is closed; the summary is in its thread."
    assert second.in_thread()[-1].card_text().splitlines()[1:4] == [
        "2 people voted.", "1. Falls: 2 votes", "2. AI: 1 vote"]
    assert "Falls: 2 votes" in second.card()
    assert "at most 10 answers; you gave 11" in await second.command(
        'poll "Day?" ' + " ".join(f"d{n}" for n in range(11)))
