"""Members' Coffee Connect commands, as conversations."""
from __future__ import annotations

from core.vocabulary import Place, PlaceKind


async def test_join_creates_default_programme_and_confirms(chat):
    reply = await chat.say("ann", "/coffee join")
    assert "You're in *Coffee Connect*" in reply
    assert "Monday 30 November 2026 at 10:00" in reply
    assert "/coffee profile" in reply          # the tip for people without a profile


async def test_join_twice_says_already(chat):
    await chat.say("ann", "coffee join")
    assert "already in" in await chat.say("ann", "coffee join")


async def test_with_two_programmes_plain_join_asks_which(chat):
    await chat.say("lib", 'coffee create "New starters" every=monthly day=thu')
    reply = await chat.say("ann", "coffee join")
    assert "more than one programme" in reply
    assert [b.label for b in chat.last.messages[0].card.buttons] == ["Coffee Connect",
                                                                     "New starters"]
    assert "You're in *New starters*" in await chat.say("ann", "coffee join new starters")


async def test_join_in_a_bound_channel_picks_its_programme(chat):
    channel = Place(PlaceKind.CHANNEL, "C9", name="pharmacy")
    await chat.say("lib", 'coffee create Pharmacy channel=here', place=channel)
    assert "You're in *Pharmacy*" in await chat.say("ann", "coffee join", place=channel)


async def test_leave_then_status(chat):
    await chat.say("ann", "coffee join")
    assert "You've left *Coffee Connect*" in await chat.say("ann", "coffee leave")
    assert "not in Coffee Connect yet" in await chat.say("ann", "coffee status")
    assert "not in any" in await chat.say("ann", "coffee leave")


async def test_pause_for_a_period_and_resume(chat):
    await chat.say("ann", "coffee join")
    reply = await chat.say("ann", "coffee pause 2 weeks")
    assert "Paused *Coffee Connect* until Wednesday 9 December 2026" in reply
    assert "paused until Wednesday 9 December 2026" in await chat.say("ann", "coffee status")
    assert "Welcome back" in await chat.say("ann", "coffee resume")
    assert "not paused" in await chat.say("ann", "coffee resume")


async def test_pause_until_a_date(chat):
    await chat.say("ann", "coffee join")
    assert "until Thursday 24 December 2026" in await chat.say("ann", "coffee pause until 24/12/2026")


async def test_pause_refuses_impossible_past_and_vague_dates(chat):
    await chat.say("ann", "coffee join")
    assert "isn't a real date" in await chat.say("ann", "coffee pause until 31/02/2027")
    assert "in the past" in await chat.say("ann", "coffee pause until 01/01/2026")
    assert "more than a year away" in await chat.say("ann", "coffee pause until 2028-01-01")
    assert "isn't a period I understand" in await chat.say("ann", "coffee pause a while")
    assert "How long" in await chat.say("ann", "coffee pause")
    assert "next round" in await chat.say("ann", "coffee status")   # still active


async def test_profile_set_and_shown_to_matches(chat):
    reply = await chat.say("ann", '/coffee profile department=Pharmacy site="City Hospital" '
                                  'interests="QI, sepsis"')
    assert "profile is saved" in reply
    fields = {f.label: f.value for f in chat.last.messages[0].card.sections[1].fields}
    assert fields["Department"] == "Pharmacy" and fields["Site"] == "City Hospital"


async def test_profile_too_long_stores_nothing(chat):
    await chat.say("ann", "coffee profile department=Pharmacy")
    reply = await chat.say("ann", f"coffee profile department=Radiology bio={'x' * 600}")
    assert "About me is 600 characters long; please keep it to 500" in reply
    await chat.say("ann", "coffee profile")
    fields = {f.label: f.value for f in chat.last.messages[0].card.sections[1].fields}
    assert fields["Department"] == "Pharmacy"


async def test_profile_without_arguments_opens_a_form_and_validates_it(chat):
    await chat.say("ann", "coffee profile")
    form = chat.last.open_form
    assert form is not None and [i.name for i in form.inputs] == ["department", "site",
                                                                  "interests", "bio"]
    reply = await chat.submit("ann", form.form_id, {"department": "x" * 101})
    assert "department" in reply.field_errors
    reply = await chat.submit("ann", form.form_id, {"department": "Library", "bio": "Hi"})
    assert not reply.field_errors and "saved" in reply.text


async def test_home_card_offers_join_then_pause(chat, runtime):
    def coffee(card):                     # (other features add their own buttons)
        return [b for b in card.buttons if b.action_id.startswith("coffee.")]
    card = await runtime.kernel.home(chat.actor("ann"))
    assert [b.label for b in coffee(card)] == ["Join Coffee Connect"]
    await chat.say("ann", "coffee join")
    card = await runtime.kernel.home(chat.actor("ann"))
    assert "you're in" in card.sections[1].text
    assert [b.action_id for b in coffee(card)] == ["coffee.pause"]


async def test_programmes_lists_each_with_its_cadence(chat):
    reply = await chat.say("ann", "coffee programmes")
    assert "*Coffee Connect* (`coffee-connect`): every Monday at 10:00 (Europe/London)" in reply
