"""The people involved in a lesson, private channels, the working day before an action is
due, editing a Retrospect compiled from a review, and lessons on the home card."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

from scheduler import Scheduler
from core.lessons import actions as lesson_actions
from core.lessons.new import add_quick
from core.vocabulary import Place, PlaceKind
from core.workdays import working_day_before

WARD = Place(PlaceKind.CHANNEL, "C1", name="ward-7", private=False)
SECRET_WARD = Place(PlaceKind.CHANNEL, "G9", name="safeguarding", private=True)
UNKNOWN = Place(PlaceKind.CHANNEL, "C5", name="estates")          # the platform did not say
AAR = {"title": "Sharps bins audit", "q1": "Every bin checked", "q2": "Half were checked",
       "q3": "No owner on nights", "q4": "Name an owner per shift", "tags": "#sharps",
       "team": "Ward 7", "project": "", "visibility": "team"}


async def _meet(chat, *people: str) -> None:
    for person in people:                 # people kmbot knows by name once they used it
        await chat.say(person, "kmbot help")


async def test_people_involved_from_the_form_may_see_a_team_only_lesson(chat, fake_channel):
    fake_channel.members_of["C1"] = ["ann"]
    await _meet(chat, "bob", "cat", "dan")
    await chat.say("ann", "lesson aar", WARD)
    form = chat.last.open_form
    assert "people" in [i.name for i in form.inputs]
    reply = await chat.submit("ann", "lessons.aar", AAR | {"people": "@Bob, @Cat"},
                              form.context)
    assert "Saved as lesson 1" in reply.text and "People involved: Bob, Cat" in reply.text
    assert "Sharps bins audit" in await chat.say("bob", "lessons sharps bins")
    assert "No lessons match" in await chat.say("dan", "lessons sharps bins")
    await chat.say("bob", "kmbot my-data")
    data = json.loads(chat.last.messages[0].attachment.content)["lessons"]
    assert data["involved_in"] == [{"id": 1, "title": "Sharps bins audit"}]
    await chat.say("bob", "kmbot forget-me")
    await chat.press("bob", "Yes, forget me")
    shown = await chat.say("ann", "lesson show 1")
    assert "People involved: Cat, a former colleague" in shown and "Bob" not in shown


async def test_an_unknown_person_keeps_the_form_and_stores_nothing(chat):
    await _meet(chat, "bob")
    await chat.say("ann", "lesson aar", WARD)
    form = chat.last.open_form
    reply = await chat.submit("ann", "lessons.aar", AAR | {"people": "@Bob @Zed Zebra"},
                              form.context)
    assert "anyone called “Zed Zebra”" in reply.field_errors["people"]
    assert "No lessons match" in await chat.say("ann", "lessons sharps")


async def test_a_first_name_finds_the_one_person_it_can_mean(chat, runtime):
    async with runtime.services.uow() as uow:      # names as the platform gave them
        await uow.people.touch("fake:T1:bb", "Bob Baker", runtime.services.now())
        await uow.people.touch("fake:T1:cc", "Cat Cole", runtime.services.now())
    await chat.say("ann", "lesson aar", WARD)
    form = chat.last.open_form
    reply = await chat.submit("ann", "lessons.aar", AAR | {"people": "@bob, @Cat"},
                              form.context)
    assert "People involved: Bob Baker, Cat Cole" in reply.text
    async with runtime.services.uow() as uow:
        await uow.people.touch("fake:T1:bk", "Bob Khan", runtime.services.now())
    await chat.say("ann", "lesson aar", WARD)
    form = chat.last.open_form
    reply = await chat.submit("ann", "lessons.aar", AAR | {"people": "@Bob"}, form.context)
    assert "More than one person is called “Bob”" in reply.field_errors["people"]
    reply = await chat.submit("ann", "lessons.aar", AAR | {"people": "@Bo"}, form.context)
    assert "anyone called “Bo”" in reply.field_errors["people"]    # whole words only


async def test_mentions_in_a_one_liner_are_people_involved_not_text(chat, fake_channel):
    from core.mentions import mention
    fake_channel.members_of["C1"] = ["ann"]
    reply = await chat.say("ann", f"lesson Label the sharps bins {mention('dan', 'Dan')} "
                                  "#sharps team-only", WARD)
    assert "People involved: Dan" in reply
    assert "Label the sharps bins" in await chat.say("dan", "lessons sharps bins")
    assert "Dan" not in (await chat.say("lib", "lesson show 1")).split("People involved")[0]


async def test_a_private_channel_makes_a_lesson_team_only(chat, fake_channel):
    fake_channel.members_of["G9"] = ["ann", "bob"]
    reply = await chat.say("ann", "lesson Two people to open the drugs safe #safety",
                           SECRET_WARD)
    assert "team-only because this channel is private" in reply
    assert "drugs safe" in await chat.say("bob", "lessons drugs safe")
    assert "No lessons match" in await chat.say("cat", "lessons drugs safe")
    await chat.say("ann", "lesson aar", SECRET_WARD)
    form = chat.last.open_form
    [choice] = next(i for i in form.inputs if i.name == "visibility").options
    assert choice.value == "team"
    # "Everyone" typed into the form anyway (a crafted submission) is still team-only
    reply = await chat.submit("ann", "lessons.aar", AAR | {"visibility": "organisation"},
                              form.context)
    assert "team-only because this channel is private" in reply.text
    assert "No lessons match" in await chat.say("cat", "lessons sharps")
    # nor can an edit widen it
    await chat.say("ann", "lesson edit 2")
    edit = chat.last.open_form
    values = {i.name: i.initial for i in edit.inputs} | {"visibility": "organisation"}
    assert "updated" in (await chat.submit("ann", "lessons.aar", values, edit.context)).text
    assert "No lessons match" in await chat.say("cat", "lessons sharps")


async def test_unknown_privacy_fails_safe_to_team_only(chat, fake_channel):
    fake_channel.members_of["C5"] = ["ann"]
    reply = await chat.say("ann", "lesson Boiler room key is at security #estates", UNKNOWN)
    assert "team-only, as I couldn't tell" in reply
    assert "No lessons match" in await chat.say("cat", "lessons boiler key")
    await chat.say("ann", "lesson aar", UNKNOWN)
    form = chat.last.open_form
    visibility = next(i for i in form.inputs if i.name == "visibility")
    assert visibility.initial == "team" and len(visibility.options) == 2
    reply = await chat.submit("ann", "lessons.aar", AAR | {"visibility": "organisation"},
                              form.context)
    assert "Anyone in the organisation" in reply.text          # chosen knowingly
    assert "Sharps bins audit" in await chat.say("cat", "lessons sharps")


async def test_a_channel_once_said_private_stays_private_when_a_later_event_does_not_say(
        chat, fake_channel):
    fake_channel.members_of["G9"] = ["ann"]
    await chat.say("ann", "lesson Count the controlled drugs twice", SECRET_WARD)
    reply = await chat.say("ann", "lesson Sign the register in ink",
                           Place(PlaceKind.CHANNEL, "G9", name="safeguarding"))
    assert "team-only because this channel is private" in reply


async def test_a_retrospect_compiled_from_a_review_can_be_edited(chat):
    await chat.say("ann", 'lesson review retro "E-prescribing go-live"', WARD)
    await chat.deliver()
    [card] = chat.posts("C1")
    await chat.reply_in_thread("bob", card, "1 Every ward live by March")
    await chat.reply_in_thread("bob", card, "4 7")
    await chat.reply_in_thread("cat", card, "4 9")
    await chat.press("ann", "Close and compile", card)
    await chat.say("ann", "lesson edit 1")
    form = chat.last.open_form
    marks = {i.name: i for i in form.inputs if i.name in ("q4", "q5")}
    assert marks["q4"].initial == "• 7\n• 9" and marks["q4"].kind == "multiline"
    assert marks["q5"].initial == "(no answers)"
    values = {i.name: i.initial for i in form.inputs} | {"q2": "Training went well"}
    reply = await chat.submit("ann", "lessons.retro", values, form.context)
    assert "Lesson 1 is updated (version 2)" in reply.text
    # a mark that is changed must still be a mark from 0 to 10
    bad = await chat.submit("ann", "lessons.retro", values | {"q5": "eleven"}, form.context)
    assert "0 to 10" in bad.field_errors["q5"]
    assert "Training went well" in await chat.say("ann", "lesson show 1")


def test_the_working_day_before_skips_weekends_and_bank_holidays():
    assert working_day_before(date(2026, 12, 7)) == date(2026, 12, 4)        # Monday
    # Christmas 2026 falls on a Friday: Boxing Day is made up on Monday 28th
    assert working_day_before(date(2026, 12, 29)) == date(2026, 12, 24)
    assert working_day_before(date(2027, 3, 30)) == date(2027, 3, 25)        # Easter 2027
    assert working_day_before(date(2027, 1, 5), "scotland") == date(2026, 12, 31)
    assert working_day_before(date(2027, 1, 5), "england") == date(2027, 1, 4)
    assert working_day_before(date(2027, 1, 5), "none") == date(2027, 1, 4)


async def test_a_reminder_comes_the_working_day_before_a_bank_holiday_weekend(
        chat, runtime, clock):
    await _meet(chat, "bob")
    await chat.say("ann", "lesson Hoist batteries go flat over long weekends", WARD)
    await chat.say("ann", "lesson action 1 @bob 2026-12-29 Charge every hoist")
    ticker = Scheduler(runtime.services, lesson_actions.JOBS, worker="t")
    clock.set(datetime(2026, 12, 24, 8, 0, tzinfo=timezone.utc))    # Thursday, 08:00
    await ticker.tick()
    await chat.deliver()
    assert chat.inbox("bob") == []
    clock.set(datetime(2026, 12, 24, 9, 5, tzinfo=timezone.utc))    # Christmas Eve, 09:05
    await ticker.tick()
    await chat.deliver()
    [reminder] = chat.inbox("bob")
    assert "due 2026-12-29: Charge every hoist" in reminder.text
    assert [b.label for b in reminder.message.card.buttons] == ["Done", "Snooze a week"]


async def test_lessons_on_the_home_card(chat, runtime):
    from core.home import home_card
    from core.features import FEATURES
    await _meet(chat, "bob")
    await chat.say("ann", "lesson Hoist batteries go flat", WARD)
    await chat.say("ann", "lesson action 1 @bob 2026-11-26 Charge every hoist")
    ctx = await runtime.kernel.context_for(chat.actor("bob"), Place(PlaceKind.DIRECT))
    card = await home_card(ctx, FEATURES)
    text = "\n".join(s.text for s in card.sections)
    assert "You have 1 open action." in text
    labels = [b.label for b in card.buttons]
    assert {"Capture a lesson", "Search lessons", "My actions"} <= set(labels)
    assert "Charge every hoist" in await chat.press("bob", "My actions", _sent(card))
    await chat.press("bob", "Search lessons", _sent(card))
    form = chat.last.open_form
    reply = await chat.submit("bob", form.form_id, {"query": "hoist batteries"})
    assert "Hoist batteries go flat" in reply.text
    await chat.press("bob", "Capture a lesson", _sent(card))
    assert chat.last.open_form.form_id == "lessons.choose"


def _sent(card):
    from core.cards import Message
    from tests.fakechat import Sent
    from core.vocabulary import Destination
    return Sent(Destination.user("fake:T1:bob"), Message("home", card=card))


async def test_another_feature_can_capture_a_quick_lesson_in_its_unit_of_work(chat, runtime):
    async with runtime.services.uow() as uow:
        lesson = await add_quick(uow, workspace_key="fake:T1", author_key="fake:T1:ann",
                                 text="Huddles work best at 08:45. Before the ward round.",
                                 now=runtime.services.now(), channel="C1", private=False,
                                 tags=("huddles",), people=("fake:T1:bob",))
    assert lesson.id == 1 and lesson.title == "Huddles work best at 08:45."
    assert lesson.visibility.value == "organisation" and lesson.people == ("fake:T1:bob",)
    assert "Huddles work best" in await chat.say("cat", "lessons huddles ward round")


async def test_captures_at_the_same_moment_in_a_new_channel_are_all_stored(chat, runtime):
    import asyncio
    from core.vocabulary import Command
    replies = await asyncio.gather(*(runtime.kernel.handle(Command(
        chat.actor(f"user{n}"), Place(PlaceKind.CHANNEL, "C77", name="theatres",
                                      private=False), "", f"lesson Theatre list {n} #theatres"))
        for n in range(8)))
    assert all("Saved as lesson" in r.text for r in replies), [r.text for r in replies]
    assert "of 8 for" in await chat.say("ann", "lessons #theatres")


async def test_a_review_in_a_private_channel_says_its_lesson_will_be_team_only(chat, fake_channel):
    fake_channel.members_of["G9"] = ["ann", "bob"]
    await chat.say("ann", 'lesson review aar "Drugs safe audit"', SECRET_WARD)
    await chat.deliver()
    [card] = chat.posts("G9")
    assert "will be team-only" in card.text
    await chat.reply_in_thread("bob", card, "1 Two signatures every time")
    await chat.press("ann", "Close and compile", card)
    assert "No lessons match" in await chat.say("cat", "lessons drugs safe audit")
    assert "Drugs safe audit" in await chat.say("bob", "lessons drugs safe audit")


async def test_an_edit_keeps_each_former_colleague_among_the_people_involved(chat):
    await _meet(chat, "bob", "cat", "dan")
    await chat.say("ann", "lesson aar", WARD)
    form = chat.last.open_form
    await chat.submit("ann", "lessons.aar", AAR | {"people": "@Bob @Cat @Dan"}, form.context)
    for person in ("bob", "cat"):
        await chat.say(person, "kmbot forget-me")
        await chat.press(person, "Yes, forget me")
    await chat.say("ann", "lesson edit 1")
    edit = chat.last.open_form
    people = next(i for i in edit.inputs if i.name == "people").initial
    assert people.count("@a former colleague") == 2 and "@Dan" in people
    values = {i.name: i.initial for i in edit.inputs} | {"title": "Sharps bins audit v2"}
    assert "updated" in (await chat.submit("ann", "lessons.aar", values, edit.context)).text
    shown = await chat.say("ann", "lesson show 1")
    assert shown.count("a former colleague") == 2 and "Dan" in shown
