"""A review run together in a channel's thread, and actions with their reminders."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from core.lessons import actions as lesson_actions
from core.vocabulary import Place, PlaceKind
from scheduler import Scheduler

WARD = Place(PlaceKind.CHANNEL, "C1", name="ward-7", private=False)


async def test_an_after_action_review_in_a_channel_thread(chat):
    assert "Run a review in a channel" in await chat.say(
        "ann", 'lesson review aar "Ward 7 discharge pilot"')
    await chat.say("ann", 'lesson review aar "Ward 7 discharge pilot"', WARD)
    await chat.deliver()
    [card] = chat.posts("C1")
    assert "After Action Review: Ward 7 discharge pilot" in card.message.card.title
    assert "1. What was supposed to happen?" in card.text
    assert "4. What can we learn?" in card.text

    assert "question 1 is in" in await chat.reply_in_thread("bob", card, "1 Home by noon")
    assert "question 2 is in" in await chat.reply_in_thread(
        "bob", card, "Most went home after 4pm")                 # the next question
    assert "question 3 is in" in await chat.reply_in_thread(
        "cat", card, "3. Pharmacy waited for the letter")
    await chat.press("cat", "Add your answer", card)
    form = chat.last.open_form
    assert form.inputs[0].options[3].label == "4. What can we learn?"
    reply = await chat.submit("cat", "lessons.review.answer",
                              {"question": "4", "answer": "Write letters the day before"},
                              form.context)
    assert "question 4 is in" in reply.text
    assert "The questions are 1 to 4" in await chat.reply_in_thread("bob", card, "9 nine")

    assert "Only Ann, who started this review" in await chat.press(
        "bob", "Close and compile", card)
    assert "saved as lesson 1" in await chat.press("ann", "Close and compile", card)
    await chat.deliver()
    [summary] = chat.thread(card)
    assert "Here's what we learned" in summary.text
    assert "• Home by noon" in summary.text
    assert "People involved: Bob, Cat" in summary.text
    assert "closed, lesson 1" in card.text and card.edits
    assert "already closed" in await chat.reply_in_thread("bob", card, "1 Late")
    found = await chat.say("dan", "lessons letters day before")
    assert "Ward 7 discharge pilot" in found
    await chat.say("bob", "kmbot my-data")
    data = json.loads(chat.last.messages[0].attachment.content)["lessons"]
    assert data["involved_in"] == [{"id": 1, "title": "Ward 7 discharge pilot"}]
    assert [a["question"] for a in data["review_answers"]] == [1, 2]
    await chat.say("bob", "kmbot forget-me")
    await chat.press("bob", "Yes, forget me")
    shown = await chat.say("dan", "lesson show 1")
    assert "People involved: Cat, a former colleague" in shown and "Bob" not in shown
    assert "Most went home after 4pm" in shown


async def test_a_retrospect_review_checks_marks_and_needs_answers(chat):
    await chat.say("ann", 'lesson review retro "E-prescribing"', WARD)
    await chat.deliver()
    [card] = chat.posts("C1")
    assert "nothing to compile" in await chat.press("ann", "Close and compile", card)
    assert "from 0 to 10" in await chat.reply_in_thread("bob", card, "4 eleven")
    assert "question 4 is in" in await chat.reply_in_thread("bob", card, "4 8")


async def test_actions_remind_the_owner_the_working_day_before(chat, runtime, clock):
    await chat.say("bob", "kmbot help")                        # bob has used the bot
    await chat.say("ann", "lesson Hoist batteries go flat overnight #falls", WARD)
    assert "isn't a date" in await chat.say("ann", "lesson action 1 @bob someday Buy chargers")
    assert "already passed" in await chat.say("ann", "lesson action 1 @bob 2026-11-01 Buy")
    assert "don't know anyone called" in await chat.say("ann", "lesson action 1 @zed "
                                                               "2026-12-07 Buy chargers")
    reply = await chat.say("ann", "lesson action 1 @bob 2026-12-07 Buy spare chargers")
    assert "Action 1 added to lesson 1" in reply and "Bob, due 2026-12-07" in reply
    assert "Buy spare chargers" in await chat.say("bob", "lesson actions")
    assert "no open actions" in await chat.say("cat", "lesson actions")
    assert "Buy spare chargers" in await chat.say("lib", "lesson actions")

    ticker = Scheduler(runtime.services, lesson_actions.JOBS, worker="t")
    clock.set(datetime(2026, 12, 4, 8, 0, tzinfo=timezone.utc))   # Friday, before 09:00
    await ticker.tick()
    await chat.deliver()
    assert chat.inbox("bob") == []
    clock.set(datetime(2026, 12, 4, 9, 30, tzinfo=timezone.utc))  # the working day before
    await ticker.tick()
    await chat.deliver()
    [reminder] = chat.inbox("bob")
    assert "due 2026-12-07: Buy spare chargers" in reminder.text
    assert "now due 2026-12-14" in await chat.press("bob", "Snooze a week")
    assert "marked done" in await chat.press("bob", "Done")
    assert "no open actions" in await chat.say("bob", "lesson actions")


async def test_the_next_review_opens_with_open_actions(chat):
    await chat.say("ann", 'lesson review aar "Discharge pilot"', WARD)
    await chat.deliver()
    [card] = chat.posts("C1")
    await chat.reply_in_thread("bob", card, "1 Home by noon")
    await chat.press("ann", "Close and compile", card)
    await chat.say("ann", "lesson action 1 me 2026-12-10 Ring pharmacy at 9")
    await chat.say("ann", 'lesson review aar "Discharge pilot"', WARD)
    await chat.deliver()
    second = chat.posts("C1")[-1]
    assert "Open actions from the last review" in second.text
    assert "Ring pharmacy at 9 (Ann, due 2026-12-10)" in second.text
