"""Anonymity enforced on the server: after anonymous ideas, comments and votes, a close and
both exports, nothing anywhere (any column of any table, the exports, the summary, every log
line at DEBUG, SQL included) holds the author's platform id or name; yet the author alone can
still edit their idea, and the per-person limit, the rate limit and one vote each still hold.
"""
from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import select

from bot.settings import Settings
from core.vocabulary import Place, PlaceKind
from storage.models import Base

from .test_walls import SECRET, WARD, add_idea, idea_post, put_up

AUTHOR = "zanzibar"              # user id "zanzibar", shown as "Zanzibar"


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(_env_file=None, kmbot_database_url=database_url,
                    kmbot_librarians="fake:lib", kmbot_anonymity_key=SECRET)


async def everything_stored(runtime) -> str:
    dump = []
    async with runtime.db.sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                dump.append(f"{table.name}: {tuple(row)!r}")
    return "\n".join(dump)


async def test_anonymous_authors_leave_no_trace_but_can_still_edit_their_idea(
        chat, runtime, clock, caplog, monkeypatch, settings):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")     # every statement and its values
    card = await put_up(chat, 'wall "What would you change about handover?" '
                              'anonymous=required limit=2')
    assert "Every idea is anonymous." in card.text
    # the anonymous author: the button, the form, a +1, a comment
    assert await add_idea(chat, AUTHOR, card, "Handover at the bedside") == (
        "Thanks, your idea is on the wall, anonymously. Only you can edit or delete it.")
    assert "one idea every 5 seconds" in await add_idea(chat, AUTHOR, card, "Too quick")
    clock.advance(seconds=6)
    await add_idea(chat, AUTHOR, card, "A written summary for nights")
    clock.advance(seconds=6)
    assert "up to 2 ideas each" in await add_idea(chat, AUTHOR, card, "A third one")
    await add_idea(chat, "bob", card, "Protected time for handover")
    bob_idea = idea_post(chat, card, "Protected time")
    mine = idea_post(chat, card, "Handover at the bedside")
    assert mine.text.startswith("💡 Anonymous: Handover at the bedside")
    assert await chat.press(AUTHOR, "+1", bob_idea) == "Your +1 is counted."
    assert await chat.press(AUTHOR, "+1", bob_idea) == "Your +1 is taken back."
    assert await chat.press(AUTHOR, "+1", bob_idea) == "Your +1 is counted."
    await chat.press(AUTHOR, "Comment", bob_idea)
    await chat.submit(AUTHOR, "walls.comment", {"comment": "Yes, 15 minutes"},
                      chat.last.open_form.context)
    # only the author may edit or delete their anonymous idea
    assert await chat.press("bob", "Edit", mine) == (
        "Only the person who posted this idea can change it.")
    await chat.press(AUTHOR, "Edit", mine)
    form = chat.last.open_form
    assert form.inputs[0].initial == "Handover at the bedside"
    assert (await chat.submit(AUTHOR, "walls.edit", {"idea": "Handover at the bedside, "
                                                     "with the patient"}, form.context)
            ).text == "Your idea is updated."
    # a thread reply on a required-anonymity wall is refused privately, with the reason
    assert "didn't take your reply as an idea" in await chat.reply_in_thread(
        "dan", card, "named reply")
    # a failure while the author acts anonymously: the log line does not name them
    from core.walls import votes
    real = votes.refresh_card

    async def broken(*args):
        raise RuntimeError("the card could not be rebuilt")
    monkeypatch.setattr(votes, "refresh_card", broken)
    assert "went wrong" in await chat.press(AUTHOR, "+1", mine)
    monkeypatch.setattr(votes, "refresh_card", real)
    assert "someone acting anonymously" in caplog.text
    await chat.deliver()
    assert "with the patient (edited) (+0)" in mine.text
    assert "↳ Anonymous: Yes, 15 minutes" in bob_idea.text

    assert "closed" in await chat.press("cat", "Close", card)
    await chat.deliver()
    summary = chat.thread(card)[-1].text
    assert summary.splitlines()[1:5] == [
        "3 ideas from 2 people, 1 vote in all.",
        "1. Protected time for handover (1 vote)",        # everyone is anonymous here
        "    ↳ Anonymous: Yes, 15 minutes",
        "2. Handover at the bedside, with the patient (0 votes)"]
    await chat.say("cat", "wall export 1 csv", WARD)
    csv_file = chat.last.messages[0].attachment.content
    await chat.say("cat", "wall export 1 markdown", WARD)
    markdown = chat.last.messages[0].attachment.content
    assert "Anonymous" in csv_file and "with the patient" in csv_file and "Bob" not in csv_file

    # an anonymous poll the author votes in, closed, its result in the thread
    await chat.say("cat", 'poll "Which day?" Tue Wed anonymous', WARD)
    await chat.deliver()
    poll = chat.posts("C1")[-1]
    assert await chat.press(AUTHOR, "Wed", poll) == "Your vote for “Wed” is counted."
    await chat.say("cat", "wall close 2", WARD)
    await chat.deliver()
    result = chat.thread(poll)[-1].text
    assert "1. Wed: 1 vote" in result
    # kmbot export walls, both formats, every wall and poll
    import io
    from bot import reports
    exported = ""
    for fmt in ("csv", "markdown"):
        out = io.StringIO()
        assert await reports.run(settings, reports.parse(["export", "walls", "--format", fmt]),
                                 out) == 0
        exported += out.getvalue()
    assert "with the patient" in exported and "Which day?" in exported

    stored = await everything_stored(runtime)
    assert "Handover at the bedside" in stored        # the dump really holds the data
    for where, text in (("the database", stored), ("the CSV", csv_file),
                        ("the Markdown", markdown), ("the summary", summary),
                        ("the poll's result", result), ("kmbot export walls", exported),
                        ("the logs", caplog.text), ("the channel", "\n".join(
                            s.text for s in chat.channel.sent))):
        assert AUTHOR not in text.lower(), f"the author's id or name is in {where}"
    assert "insert into wall_ideas" in caplog.text.lower()    # SQL with its values was logged

    # the author can still find their own anonymous ideas in their data
    await chat.say(AUTHOR, "kmbot my-data")
    data = json.loads(chat.last.messages[0].attachment.content)["walls"]
    assert [i["text"] for i in data["ideas"]] == ["Handover at the bedside, with the patient",
                                                  "A written summary for nights"]
    assert all(i["anonymous"] for i in data["ideas"])
    assert data["votes"] == [{"wall": 1, "on": 3}, {"wall": 2, "on": 1}]   # a +1, the poll


async def test_allowed_anonymity_lets_each_person_choose(chat):
    card = await put_up(chat, 'wall "Ideas for the library?"')
    await add_idea(chat, "ann", card, "Longer opening hours", anonymously=True)
    await add_idea(chat, "bob", card, "More journals")
    assert idea_post(chat, card, "Longer").text.startswith("💡 Anonymous: Longer opening hours")
    assert idea_post(chat, card, "More journals").text.startswith("💡 Bob: More journals")


async def test_named_walls_post_with_names_even_if_asked_otherwise(chat):
    card = await put_up(chat, 'wall "Ideas?" anonymous=off')
    await chat.press("ann", "Add an idea", card)
    assert [i.name for i in chat.last.open_form.inputs] == ["idea"]
    await chat.submit("ann", "walls.idea", {"idea": "Named", "anonymous": "yes"},
                      chat.last.open_form.context)
    await chat.deliver()
    assert idea_post(chat, card, "Named").text.startswith("💡 Ann: Named")


async def test_without_a_secret_anonymous_walls_are_refused_and_named_ones_work(chat, runtime):
    from dataclasses import replace
    runtime.services.config = replace(runtime.services.config, anonymity_key="")
    reply = await chat.say("cat", 'wall "Ideas?"', WARD)
    assert "KMBOT_ANONYMITY_KEY" in reply and "anonymous=off" in reply
    assert "/poll" not in reply
    assert "Your wall is up" in await chat.say("cat", 'wall "Ideas?" anonymous=off', WARD)
    assert "KMBOT_ANONYMITY_KEY" in await chat.say("cat", 'poll "Day?" Tue Wed anonymous', WARD)
