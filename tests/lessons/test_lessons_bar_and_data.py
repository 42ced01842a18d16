"""The Before Action Review answers with the lessons that fit best; tags and stats for
librarians; a person's lessons in /kmbot my-data, and forget-me keeps the lessons."""
from __future__ import annotations

import json

from core.vocabulary import Place, PlaceKind

WARD = Place(PlaceKind.CHANNEL, "C1", name="ward-7", private=False)


async def _log(chat):
    await chat.say("ann", "lesson Night-time falls dropped when we added bed sensors #falls",
                   WARD)
    await chat.say("bob", "lesson Discharge letters written the day before saved hours "
                          "#discharge", WARD)
    await chat.say("cat", "lesson Rotas published six weeks ahead cut agency spend #rota",
                   WARD)


async def test_before_action_review_suggests_the_most_relevant_lessons(chat):
    await _log(chat)
    await chat.say("dan", "lesson bar", WARD)
    form = chat.last.open_form
    assert [i.label for i in form.inputs[1:5]] == [
        "What are we trying to achieve?", "What can we learn from previous experience?",
        "What will help us succeed?", "What could go wrong?"]
    reply = await chat.submit("dan", "lessons.bar", {
        "title": "Cut night falls on Ward 9", "q1": "Fewer falls at night",
        "q2": "Sensors?", "q3": "Bed sensors and staff buy-in", "q4": "Alarm fatigue",
        "tags": "#falls"}, form.context)
    texts = [m.text for m in reply.messages]
    assert "Here's what colleagues already learned" in texts[0]
    assert "Night-time falls dropped" in texts[1]                    # the best match first
    assert all("Cut night falls on Ward 9" not in t for t in texts[1:])   # not itself
    assert [b.label for b in reply.messages[1].card.buttons] == ["Was this useful?"]
    assert "Thanks" in await chat.press("dan", "Was this useful?")
    chat.last = reply
    assert "already said" in await chat.press("dan", "Was this useful?")


async def test_tags_are_kept_by_librarians_and_stats_count_reuse(chat):
    assert "no tag list yet" in await chat.say("ann", "lesson tags")
    assert "librarian" in (await chat.say("ann", "lesson tags add #falls")).lower()
    assert "#falls #discharge" in await chat.say("lib", "lesson tags add #falls #Discharge")
    assert "#discharge #falls" in await chat.say("ann", "lesson tags")
    reply = await chat.say("ann", "lesson Hoists need charging #falls #hoists", WARD)
    assert "New tags (not on the librarians' list yet): #hoists" in reply
    await _log(chat)
    await chat.say("dan", "lessons sensors", WARD)
    await chat.press("dan", "Was this useful?")
    await chat.say("ann", 'lesson review aar "Pilot"', WARD)
    await chat.say("ann", "lesson action 1 me 2026-12-01 Order chargers")
    stats = await chat.say("lib", "lesson stats")
    assert "4 lessons, 1 reviews run" in stats
    assert "actions: 1 open (0 overdue), 0 done" in stats
    assert "1 lessons found useful" in stats
    assert "2026-11 4" in stats
    assert "Night-time falls dropped" in stats


async def test_my_data_lists_lessons_and_forget_me_keeps_them(chat):
    await chat.say("ann", "lesson Label the sharps bins #safety", WARD)
    await chat.say("ann", "lesson action 1 me 2026-12-20 Buy labels")
    await chat.say("ann", "kmbot my-data")
    data = json.loads(chat.last.messages[0].attachment.content)
    assert data["lessons"]["lessons"][0]["title"] == "Label the sharps bins"
    assert data["lessons"]["actions"][0]["text"] == "Buy labels"
    await chat.say("bob", "kmbot my-data")
    assert json.loads(chat.last.messages[0].attachment.content)["lessons"]["lessons"] == []
    await chat.say("ann", "kmbot forget-me")
    await chat.press("ann", "Yes, forget me")
    found = await chat.say("bob", "lessons sharps")
    assert "Label the sharps bins" in found and "a former colleague" in found
    assert "Ann" not in found
    actions = await chat.say("lib", "lesson actions")
    assert "Buy labels (a former colleague" in actions
