"""Capturing lessons, as conversations: the one-liner, each template's form, bad input."""
from __future__ import annotations

import pytest

from core.vocabulary import Place, PlaceKind

WARD = Place(PlaceKind.CHANNEL, "C1", name="ward-7", private=False)
PHARMACY = Place(PlaceKind.CHANNEL, "C2", name="pharmacy", private=False)


async def test_a_one_line_lesson_in_a_channel_is_confirmed_and_found(chat):
    reply = await chat.say("ann", "lesson Check the hoist battery before the night shift "
                                  "#Falls #night-shift", WARD)
    assert "Saved as lesson 1" in reply
    assert "Anyone in the organisation" in reply
    assert {b.label for b in chat.last.messages[0].card.buttons} == {
        "Add details", "Share", "Add an action"}
    assert "#falls #night-shift" in reply
    found = await chat.say("bob", "lessons hoist battery")
    assert "Check the hoist battery" in found
    assert "Lessons 1–1 of 1" in found


async def test_a_lesson_in_a_direct_message_is_private_until_shared(chat):
    reply = await chat.say("ann", "lesson Print the discharge letter before the porter "
                                  "arrives #discharge")
    assert "private to you" in reply
    confirmation = chat.last
    assert "No lessons match" in await chat.say("bob", "lessons discharge letter")
    assert "discharge letter" in await chat.say("ann", "lessons discharge letter")
    chat.last = confirmation
    assert "now shared" in await chat.press("ann", "Share")
    assert "Print the discharge letter" in await chat.say("bob", "lessons discharge letter")


async def test_quotes_apostrophes_and_empty_lessons(chat):
    reply = await chat.say("ann", 'lesson Don\'t leave the "non-slip mats wet #falls', WARD)
    assert "Saved as lesson 1" in reply
    assert "Tell me what you learned" in await chat.say("ann", "lesson #falls", WARD)
    long = "lesson " + "x" * 3100
    assert "the most for one line is 3,000" in await chat.say("ann", long, WARD)
    assert "of 1 for" in await chat.say("bob", "lessons #falls")   # nothing else stored
    assert "non-slip" in await chat.say("bob", 'lessons "non-slip')
    for query in ("AND", "NOT NEAR", "falls -", "🙂", "'", "tag:", 'team:"'):
        assert "went wrong" not in await chat.say("bob", "lessons " + query)


AAR = {"title": "Ward 7 discharge pilot", "q1": "Patients home by noon",
       "q2": "Most went home after 4pm", "q3": "Pharmacy waited for the letter",
       "q4": "Write the letter the day before", "tags": "#discharge #pharmacy",
       "team": "Ward 7", "project": "Discharge pilot", "visibility": "organisation"}


async def test_after_action_review_form(chat):
    await chat.say("ann", "lesson aar", WARD)
    form = chat.last.open_form
    assert form.form_id == "lessons.aar"
    assert [i.label for i in form.inputs[1:5]] == [
        "What was supposed to happen?", "What actually happened?",
        "Why was there a difference?", "What can we learn?"]
    reply = await chat.submit("ann", "lessons.aar", AAR, context=form.context)
    assert "Saved as lesson 1: *Ward 7 discharge pilot*" in reply.text
    assert "Write the letter the day before" in reply.text
    found = await chat.say("bob", "lessons letter team:\"ward 7\"")
    assert "Ward 7 discharge pilot" in found


async def test_template_choice_opens_the_chosen_form(chat):
    await chat.say("ann", "lesson", WARD)
    assert chat.last.open_form.form_id == "lessons.choose"
    context = chat.last.open_form.context
    reply = await chat.submit("ann", "lessons.choose", {"template": "grid"}, context)
    assert reply.open_form.form_id == "lessons.grid"
    assert [i.label for i in reply.open_form.inputs[1:4]] == [
        "What will we keep?", "What should we revert?",
        "Which old practices did we find we can stop?"]
    reply = await chat.submit("ann", "lessons.grid", {
        "title": "After the winter surge", "q1": "Daily huddles", "q2": "Paper rotas",
        "q3": "Weekly bed meetings"}, reply.open_form.context)
    assert "Saved as lesson 1" in reply.text


async def test_retrospect_marks_are_checked_and_nothing_is_half_stored(chat):
    await chat.say("ann", "lesson retro", WARD)
    form = chat.last.open_form
    assert [i.label for i in form.inputs[1:7]] == [
        "What were the objectives?", "What were the successes?",
        "What were the disappointments?", "Mark out of 10 for the project",
        "Mark out of 10 for the process", "Lessons"]
    values = {"title": "E-prescribing rollout", "q1": "All wards live", "q2": "On time",
              "q3": "Training gaps", "q4": "11", "q5": "-1", "q6": "Train super-users first"}
    reply = await chat.submit("ann", "lessons.retro", values, form.context)
    assert reply.field_errors["q4"] == ("Mark out of 10 for the project must be a whole "
                                        "number from 0 to 10.")
    assert "q5" in reply.field_errors
    assert "No lessons match" in await chat.say("ann", "lessons super-users")
    values.update(q4="8", q5="6")
    reply = await chat.submit("ann", "lessons.retro", values, form.context)
    assert "Saved as lesson 1" in reply.text
    assert "super-users" in await chat.say("ann", "lessons super-users")


async def test_empty_answers_and_over_long_fields_say_what_is_wrong(chat):
    values = {"title": "T" * 250, "q1": "", "q2": "x", "q3": "y", "q4": "z"}
    reply = await chat.submit("ann", "lessons.aar", values)
    assert "the most is 200" in reply.field_errors["title"]
    assert reply.field_errors["q1"] == "What was supposed to happen? is needed."
    values = {"title": "Tags", "q1": "w", "q2": "x", "q3": "y", "q4": "z",
              "tags": "#" + "a" * 70}
    reply = await chat.submit("ann", "lessons.aar", values)
    assert "at most 60 characters" in reply.field_errors["tags"]
    assert "No lessons match" in await chat.say("ann", "lessons tags")


async def test_quick_lesson_form_and_editing_keeps_history(chat):
    reply = await chat.submit("ann", "lessons.quick", {
        "title": "Hoists", "q1": "Charge hoists nightly", "visibility": "organisation"},
        "C1|")
    assert "Saved as lesson 1" in reply.text
    await chat.press("ann", "Add details")
    form = chat.last.open_form
    assert form.inputs[1].initial == "Charge hoists nightly"
    values = {i.name: i.initial for i in form.inputs}
    values["q1"] = "Charge hoists nightly and check the sling"
    reply = await chat.submit("ann", "lessons.quick", values, form.context)
    assert "version 2" in reply.text
    assert "sling" in await chat.say("bob", "lessons sling")
    history = await chat.say("ann", "lesson history 1")
    assert "Version 1" in history and "Hoists" in history
    await chat.say("bob", "lesson show 1")
    reply = await chat.submit("bob", "lessons.quick", values, form.context)
    assert "Only the person who wrote lesson 1" in reply.text


async def test_deleting_asks_first(chat):
    await chat.say("ann", "lesson Label the sharps bins #safety", WARD)
    assert "Only the person" in await chat.say("bob", "lesson delete 1")
    assert "can't be undone" in await chat.say("ann", "lesson delete 1")
    assert "deleted" in await chat.press("ann", "Yes, delete it")
    assert "There's no lesson 1" in await chat.say("ann", "lesson show 1")


async def test_a_lesson_starting_with_a_subcommand_word_is_still_a_lesson(chat):
    for text in ("Review meetings need an agenda", "Actions without owners slip",
                 "Show the patient the leaflet", "Tags on cots prevent mix-ups"):
        reply = await chat.say("ann", f"lesson {text}", WARD)
        assert f"*{text}*" in reply, text
    assert "*Huddles beat long meetings*" in await chat.say(
        "ann", "lesson quick Huddles beat long meetings", WARD)      # the quick template
    await chat.say("ann", "lesson aar Ward 7 discharge pilot", WARD)
    assert chat.last.open_form.inputs[0].initial == "Ward 7 discharge pilot"
    assert "The questions are" not in await chat.say("ann", "lesson show 1")


async def test_search_pages_and_sharing_a_result_to_the_channel(chat, fake_channel):
    fake_channel.members_of["C2"] = ["bob"]
    for n in range(7):
        await chat.say("ann", f"lesson Hoist check number {n} before nights #falls", WARD)
    first = await chat.say("bob", "lessons hoist", PHARMACY)
    assert "Lessons 1–5 of 7" in first
    page_one = chat.last
    await chat.press("bob", "More")
    assert "Lessons 6–7 of 7" in chat.last.text
    chat.last = page_one
    assert "posted in the channel" in await chat.press("bob", "Share to channel")
    await chat.deliver()
    [post] = chat.posts("C2")
    assert "Bob shared a lesson" in post.text and "Hoist check number" in post.text
    assert [b.label for b in post.message.card.buttons] == ["Was this useful?"]
