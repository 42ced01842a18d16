"""What the wall's creator and librarians do (hide with a reason, reword, reopen, close at a
time, export), what a person's data holds, and bad input, refused clearly with nothing
half-stored."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from bot.settings import Settings
from core.vocabulary import Place, PlaceKind
from core.walls import closing

from .fakechat import DM
from .test_walls import SECRET, WARD, add_idea, idea_post, put_up


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(_env_file=None, kmbot_database_url=database_url,
                    kmbot_librarians="fake:lib", kmbot_anonymity_key=SECRET)


async def test_hiding_an_idea_keeps_it_for_audit_with_who_and_why(chat):
    card = await put_up(chat)
    await add_idea(chat, "ann", card, "Blame the night staff")
    post = idea_post(chat, card, "night staff")
    assert "Only librarians" in await chat.say("bob", 'wall hide 1 "unkind"', WARD)
    assert "Say why" in await chat.say("lib", "wall hide 1", WARD)
    assert await chat.say("lib", 'wall hide 1 "Not about people, please"', WARD) == (
        "Idea 1 is hidden. The reason shows in its place.")
    await chat.deliver()
    assert post.text == "🙈 Hidden by a moderator: Not about people, please"
    assert "0 ideas" in card.text
    await chat.say("lib", "wall export 1 csv", WARD)
    exported = chat.last.messages[0].attachment.content
    assert "Blame the night staff" in exported and "Lib: Not about people, please" in exported


async def test_the_creator_rewords_the_question_and_the_card_follows(chat):
    card = await put_up(chat)
    assert await chat.say("cat", 'wall question 1 "What slows discharge before noon?"',
                          WARD) == "The question now reads “What slows discharge before noon?”."
    await chat.deliver()
    assert card.text.startswith("What slows discharge before noon?")


async def test_a_hidden_wall_shows_ideas_only_when_it_closes(chat):
    card = await put_up(chat, 'wall "Ideas?" hidden=yes')
    assert await add_idea(chat, "ann", card, "First idea") == (
        "Thanks, your idea is in. Ideas stay hidden until the wall closes.")
    assert "stay hidden until it closes" in await chat.reply_in_thread("bob", card, "reply")
    await chat.deliver()
    assert chat.thread(card) == [] and "1 idea so far" in card.text
    await chat.press("cat", "Close", card)
    await chat.deliver()
    texts = [p.text for p in chat.thread(card)]
    assert texts[0].startswith("💡 Ann: First idea") and texts[-1].startswith("Summary: Ideas?")


async def test_a_wall_closes_at_its_time_through_the_scheduler(chat, runtime, clock):
    card = await put_up(chat, 'wall "Ideas?" closes=2026-11-26T17:00')
    assert "Closes Thu 26 Nov 2026, 17:00." in card.text
    async with runtime.services.uow() as uow:
        scheduled = await uow.jobs.scheduled(closing.CLOSE_JOB, "1")
    assert scheduled.next_due == datetime(2026, 11, 26, 17, 0, tzinfo=timezone.utc)
    from core.jobs import JobRun
    await closing.run_close(runtime.services, JobRun(closing.CLOSE_JOB, "1", scheduled.next_due))
    await closing.run_close(runtime.services, JobRun(closing.CLOSE_JOB, "1", scheduled.next_due))
    await chat.deliver()
    assert "Closed" in card.text
    assert [p.text.splitlines()[0] for p in chat.thread(card)] == ["Summary: Ideas?"]


async def test_list_and_export_as_markdown(chat):
    card = await put_up(chat)
    await add_idea(chat, "ann", card, "=HYPERLINK(\"x\")")
    await chat.say("cat", 'poll "Day?" Tue Wed', WARD)
    reply = await chat.say("ann", "wall list")
    assert "Wall 1: “What slows down discharge on your ward?” in C1, open" in reply
    assert "Poll 2: “Day?” in C1, open" in reply
    await chat.say("cat", "wall export 1", WARD)
    assert "'=HYPERLINK" in chat.last.messages[0].attachment.content   # not a formula
    await chat.say("cat", "wall export 1 markdown", WARD)
    attachment = chat.last.messages[0].attachment
    assert attachment.filename == "wall-1.md"
    assert attachment.content.startswith("# What slows down discharge on your ward?\n\n- ")
    assert "Export as csv or markdown" in await chat.say("cat", "wall export 1 pdf", WARD)


async def test_my_data_and_forget_me_cover_named_and_anonymous_ideas(chat):
    card = await put_up(chat)
    await add_idea(chat, "ann", card, "Named one")
    chat.runtime.services.clock.advance(seconds=10)
    await add_idea(chat, "ann", card, "Anonymous one", anonymously=True)
    await chat.press("ann", "+1", idea_post(chat, card, "Named one"))
    await chat.say("ann", "kmbot my-data")
    data = json.loads(chat.last.messages[0].attachment.content)["walls"]
    assert [(i["text"], i["anonymous"]) for i in data["ideas"]] == [
        ("Named one", False), ("Anonymous one", True)]
    assert data["votes"] == [{"wall": 1, "on": 1}]
    await chat.say("ann", "kmbot forget-me")
    await chat.press("ann", "Yes, forget me")
    await chat.say("ann", "kmbot my-data")
    data = json.loads(chat.last.messages[0].attachment.content)["walls"]
    assert data == {"walls_created": [], "ideas": [], "comments": [], "votes": []}
    await chat.press("cat", "Close", card)
    await chat.deliver()
    summary = chat.thread(card)[-1].text
    assert "Named one (1 vote) by a former colleague" in summary


@pytest.mark.parametrize("text, says", [
    ('wall "Why?" anonymous=sometimes', "Anonymity is one of off, allowed or required"),
    ('wall "Why?" closes=2026-11-01T10:00', "has already passed"),
    ('wall "Why?" closes=soon', "should look like 2026-12-20T17:00"),
    ('wall "Why?" limit=0', "whole number from 1 to 50"),
    ('wall "Why?" hidden=perhaps', "is yes or no"),
    ('wall "Why?" colour=red', "I don't know the option “colour”"),
    ('wall "' + "x" * 301 + '"', "301 characters; the limit is 300"),
    ("wall lsit", "Say what the wall asks, in quotes"),
])
async def test_bad_walls_are_refused_clearly_and_nothing_is_stored(chat, runtime, text, says):
    assert says in await chat.say("cat", text, WARD)
    async with runtime.services.uow() as uow:
        assert await uow.walls.in_workspace("fake:T1") == []


async def test_a_wall_needs_a_channel(chat):
    assert "A wall lives in a channel" in await chat.say("ann", 'wall "Why?"', DM)


async def test_bad_ideas_and_comments_are_refused_and_the_form_keeps_what_was_typed(chat):
    card = await put_up(chat)
    await chat.press("ann", "Add an idea", card)
    context = chat.last.open_form.context
    reply = await chat.submit("ann", "walls.idea", {"idea": "x" * 1001}, context)
    assert "the most is 1,000" in reply.field_errors["idea"]
    reply = await chat.submit("ann", "walls.idea", {"idea": "   "}, context)
    assert "idea" in reply.field_errors
    await add_idea(chat, "ann", card, "Fine")
    await chat.press("bob", "Comment", idea_post(chat, card, "Fine"))
    reply = await chat.submit("bob", "walls.comment", {"comment": "y" * 501},
                              chat.last.open_form.context)
    assert "the most is 500" in reply.field_errors["comment"]
    await chat.deliver()
    assert "0 votes" in card.text and "↳" not in idea_post(chat, card, "Fine").text
    chat.runtime.services.clock.advance(seconds=6)
    assert await chat.reply_in_thread("dan", card, "z" * 1200) == (
        "Your idea is 1,200 characters; the limit is 1,000. Please shorten it.")
    await chat.deliver()
    assert "1 idea ·" in card.text                       # nothing half-stored


async def test_kmbot_export_walls_writes_every_wall_to_standard_output(chat, settings):
    import io
    from bot import reports
    card = await put_up(chat)
    await add_idea(chat, "ann", card, "Waiting for TTOs", anonymously=True)
    out = io.StringIO()
    assert await reports.run(settings, reports.parse(["export", "walls"]), out) == 0
    assert out.getvalue().splitlines()[1] == (
        "1,What slows down discharge on your ward?,idea,1,Waiting for TTOs,Anonymous,0,")
    out = io.StringIO()
    args = reports.parse(["export", "walls", "--format", "markdown", "--wall", "1"])
    assert await reports.run(settings, args, out) == 0
    assert "- Waiting for TTOs (0 votes)" in out.getvalue()
    args = reports.parse(["export", "walls", "--wall", "9"])
    assert await reports.run(settings, args, io.StringIO()) == 1     # "no wall number 9"


async def test_authors_change_their_ideas_on_a_hidden_wall_before_it_closes(chat, clock):
    card = await put_up(chat, 'wall "Ideas?" hidden=yes')
    await add_idea(chat, "ann", card, "Quiet study room", anonymously=True)
    assert [b.label for b in chat.last.messages[0].card.buttons] == ["Edit", "Delete"]
    await chat.press("ann", "Edit")
    form = chat.last.open_form
    assert form.inputs[0].initial == "Quiet study room"
    assert (await chat.submit("ann", "walls.edit", {"idea": "A quiet study room"},
                              form.context)).text == "Your idea is updated."
    clock.advance(seconds=6)
    await add_idea(chat, "ann", card, "Late opening", anonymously=True)
    await add_idea(chat, "bob", card, "More journals")

    # /wall mine finds Ann's anonymous ideas by her keyed hash; Bob sees only his
    reply = await chat.say("ann", "wall mine 1", WARD)
    assert "Your ideas on wall 1" in reply
    assert [m.text.splitlines()[-1] for m in chat.last.messages] == [
        "Idea 1: A quiet study room", "Idea 2: Late opening"]
    await chat.say("bob", "wall mine 1", WARD)
    assert [m.text.splitlines()[-1] for m in chat.last.messages] == ["Idea 3: More journals"]
    from core.vocabulary import Action
    refused = await chat.runtime.kernel.handle(Action(chat.actor("bob"), DM, "walls.delete", "2"))
    assert refused.text == "Only the person who posted this idea can change it."
    await chat.say("ann", "wall mine 1", WARD)
    chat.last = type(chat.last)(messages=chat.last.messages[1:])     # idea 2's buttons
    assert "Delete your idea “Late opening”?" in await chat.press("ann", "Delete")
    assert await chat.press("ann", "Yes, delete it") == (
        "Your idea is deleted, with its votes and comments.")
    await chat.deliver()
    assert chat.thread(card) == [] and "2 ideas so far" in card.text

    await chat.press("cat", "Close", card)
    await chat.deliver()
    texts = [p.text for p in chat.thread(card)]
    assert texts[0].startswith("💡 Anonymous: A quiet study room")
    assert not any("Late opening" in t for t in texts)
    assert "can't be changed now" in await chat.say("ann", "wall mine 1", WARD)
    await chat.say("cat", 'poll "Day?" Tue Wed', WARD)
    assert "Number 2 is a poll" in await chat.say("cat", "wall mine 2", WARD)
    assert "no ideas on wall 1" in await chat.say("dan", "wall mine 1", WARD)
