"""Team-only lessons never reach anyone outside the team, whichever way they try: search,
Before Action Review suggestions, export, the share buttons, stats, a lesson's number, the
edit and action forms. Membership is what the platform reports for the channel."""
from __future__ import annotations

import json

from core.vocabulary import Place, PlaceKind

WARD = Place(PlaceKind.CHANNEL, "C1", name="ward-7", private=False)
PHARMACY = Place(PlaceKind.CHANNEL, "C2", name="pharmacy", private=False)
SECRET = "zebrafish"
LEAK = "failed twice"          # in the lesson, never in a query


async def _team_only_lesson(chat, fake_channel):
    fake_channel.members_of["C1"] = ["ann", "bob"]
    fake_channel.members_of["C2"] = ["eve"]
    reply = await chat.say("ann", f"lesson The {SECRET} audit failed twice #audit "
                                  "[team-only]", WARD)
    assert "Only members of this channel" in reply
    await chat.say("ann", "lesson Open lesson about audits #audit", WARD)


async def test_team_members_see_it_and_outsiders_never_do(chat, fake_channel):
    await _team_only_lesson(chat, fake_channel)
    assert SECRET in await chat.say("bob", f"lessons {SECRET}")        # a member
    assert SECRET in await chat.say("lib", f"lessons {SECRET}")        # a librarian
    # search, filters, by:
    for query in (SECRET, "audit", "tag:audit", "by:ann", "team:ward-7", '"audit failed"'):
        assert LEAK not in await chat.say("eve", f"lessons {query}"), query
    # its number, directly and through every button and form
    for command in ("lesson show 1", "lesson history 1", "lesson edit 1", "lesson delete 1",
                    "lesson action 1 me 2026-12-20 Peek"):
        reply = await chat.say("eve", command)
        assert "There's no lesson 1 that you can see" in reply, command
    from core.vocabulary import Action, Submission
    from tests.fakechat import DM
    for action_id, value in (("lessons.share_here", "1"), ("lessons.share", "1"),
                             ("lessons.useful", "1:search"), ("lessons.details", "1"),
                             ("lessons.delete.yes", "1"), ("lessons.action.open", "x")):
        reply = await chat.runtime.kernel.handle(Action(chat.actor("eve"), PHARMACY,
                                                        action_id, value))
        assert LEAK not in reply.text and "Saved" not in reply.text, action_id
    reply = await chat.runtime.kernel.handle(Submission(
        chat.actor("eve"), DM, "lessons.quick", {"title": "Mine now", "q1": "x"}, "|1"))
    assert "There's no lesson 1" in reply.text
    reply = await chat.runtime.kernel.handle(Submission(
        chat.actor("eve"), DM, "lessons.action",
        {"text": "x", "owner": "me", "due": "2026-12-20"}, "1"))
    assert "There's no lesson 1" in reply.text
    # Before Action Review suggestions
    reply = await chat.submit("eve", "lessons.bar", {
        "title": f"{SECRET} audit", "q1": f"Pass the {SECRET} audit", "q2": "audit",
        "q3": "audit checklist", "q4": "audit failed", "tags": "#audit"})
    assert LEAK not in reply.text
    assert "Open lesson about audits" in reply.text
    reply = await chat.submit("bob", "lessons.bar", {
        "title": "Next audit", "q1": f"Pass the {SECRET} audit", "q2": "x", "q3": "y",
        "q4": "z"})
    assert f"The {SECRET} audit failed twice" in reply.text          # members do see it
    # a member cannot share it into another channel
    reply = await chat.runtime.kernel.handle(Action(chat.actor("bob"), PHARMACY,
                                                    "lessons.share_here", "1"))
    assert "can only be shared in its own channel" in reply.text
    await chat.deliver()
    assert all(LEAK not in s.text for s in chat.posts("C2"))
    assert all(LEAK not in s.text for s in chat.inbox("eve"))


async def test_exports_and_stats_respect_visibility(chat, fake_channel):
    await _team_only_lesson(chat, fake_channel)
    assert "only for librarians" in (await chat.say("eve", "lesson export json")).lower() \
        or "librarian" in (await chat.say("eve", "lesson export json")).lower()
    assert "librarian" in (await chat.say("eve", "lesson stats")).lower()
    await chat.say("lib", "lesson export json tag:audit")
    records = json.loads(chat.last.messages[0].attachment.content)
    assert {r["id"] for r in records} == {1, 2}                      # librarians see all
    assert records[0]["answers"][0]["question"] == "What did you learn?"
    await chat.say("lib", "lesson export csv since:2026-01-01")
    attachment = chat.last.messages[0].attachment
    assert attachment.filename.endswith(".csv") and "zebrafish" in attachment.content
    assert "Choose csv or json" in await chat.say("lib", "lesson export xml")


async def test_membership_is_cached_briefly(chat, fake_channel, clock):
    await _team_only_lesson(chat, fake_channel)
    assert SECRET in await chat.say("bob", f"lessons {SECRET}")
    fake_channel.members_of["C1"] = ["ann"]                          # bob left the channel
    clock.advance(seconds=61)
    assert LEAK not in await chat.say("bob", f"lessons {SECRET}")


async def test_people_mentioned_in_a_team_only_lesson_may_see_it(chat, fake_channel):
    from core.mentions import mention
    fake_channel.members_of["C1"] = ["ann"]
    await chat.say("ann", f"lesson {mention('dan', 'Dan')} found the hoist fault "
                          "#falls team-only", WARD)
    assert "hoist fault" in await chat.say("dan", "lessons hoist fault")
    assert "No lessons match" in await chat.say("eve", "lessons hoist fault")
