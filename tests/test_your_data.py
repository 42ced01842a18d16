"""A person's data: ``/kmbot my-data`` hands over everything stored about them, and
``/kmbot forget-me`` (after a confirmation) erases it, keeping past introductions only under
a pseudonym so that nobody's name is left behind and repeat-avoidance still works."""
from __future__ import annotations

import json
from itertools import combinations

from core.features import FEATURES
from storage.models import Base

USERS = ("ann", "bob", "cat", "dan")


async def _first_round(chat):
    await chat.say("ann", 'kmbot profile department=Pharmacy bio="Loves sepsis QI"')
    for user in USERS:
        await chat.say(user, "coffee join")
    await chat.say("lib", "coffee run-now")
    await chat.deliver()


async def _rounds(runtime):
    async with runtime.services.uow() as uow:
        programme = (await uow.coffee.all_programmes())[0]
        rounds = await uow.coffee.rounds(programme.id)
        return [[g.keys for g in await uow.coffee.groups(r.id)] for r in rounds]


def _partner_of(groups, user):
    group = next(g for g in groups if f"fake:T1:{user}" in g)
    return next(k for k in group if k != f"fake:T1:{user}").rsplit(":", 1)[1]


async def test_my_data_sends_everything_stored_as_a_file(chat):
    await _first_round(chat)
    reply = await chat.say("ann", "kmbot my-data")
    assert "everything kmbot stores about you" in reply
    [message] = chat.last.messages
    assert message.private and message.attachment.filename == "kmbot-my-data.json"
    assert message.attachment.mime == "application/json"
    data = json.loads(message.attachment.content)
    assert data["people"]["profile"]["department"] == "Pharmacy"
    assert data["people"]["profile"]["bio"] == "Loves sepsis QI"
    assert data["coffee"]["memberships"][0]["status"] == "active"
    [intro] = data["coffee"]["introductions"]
    assert len(intro["with"]) == 1 and "fake:T1:ann" not in intro["with"]


async def test_my_data_for_a_librarian_lists_their_role(chat):
    await chat.say("bob", "help")
    assert "now a librarian" in await chat.say("lib", "kmbot librarian add @bob")
    await chat.say("bob", "kmbot my-data")
    data = json.loads(chat.last.messages[0].attachment.content)
    assert [r["role"] for r in data["people"]["roles"]] == ["librarian"]


async def test_forget_me_asks_first_and_changes_nothing_when_declined(chat):
    await _first_round(chat)
    reply = await chat.say("ann", "kmbot forget-me")
    assert "can't be undone" in reply
    assert "Nothing has been changed" in await chat.press("ann", "No, keep my data")
    await chat.say("ann", "kmbot profile")
    assert "Pharmacy" in str(chat.last.messages[0].card)


async def test_forget_me_removes_the_name_from_what_others_see(chat, runtime):
    await _first_round(chat)
    [groups] = await _rounds(runtime)
    partner = _partner_of(groups, "ann")
    assert "Ann" in await chat.say(partner, "coffee status")

    await chat.say("ann", "kmbot forget-me")
    assert "forgotten you" in await chat.press("ann", "Yes, forget me")

    status = await chat.say(partner, "coffee status")
    assert "Ann" not in status and "ann" not in status
    assert "a former colleague" in status and "Colleagues met so far: 1" in status
    stats = await chat.say("lib", "coffee stats")
    assert "4 participants" in stats and "2 groups" in stats     # the figures stay right
    async with runtime.services.uow() as uow:
        assert await uow.people.find_by_name("fake:T1", "Ann") == []
        assert await uow.coffee.memberships_of("fake:T1:ann") == []
        assert await uow.coffee.latest_group_for(1, "fake:T1:ann") is None


async def test_after_forget_me_pairing_still_avoids_repeats(chat, runtime, clock):
    await _first_round(chat)
    await chat.say("ann", "kmbot forget-me")
    await chat.press("ann", "Yes, forget me")
    await chat.say("eve", "coffee join")
    for _ in range(2):
        clock.advance(days=7)
        await chat.say("lib", "coffee run-now")
    first, second, third = await _rounds(runtime)
    assert all("fake:T1:ann" not in g for r in (first, second, third) for g in r)
    pairs = [{frozenset(p) for g in r for p in combinations(g, 2)} for r in (first, second)]
    assert not pairs[0] & pairs[1]          # history, pseudonymised, still counts


async def test_a_forgotten_person_starts_afresh(chat):
    await _first_round(chat)
    await chat.say("ann", "kmbot forget-me")
    await chat.press("ann", "Yes, forget me")
    await chat.say("ann", "kmbot my-data")
    data = json.loads(chat.last.messages[0].attachment.content)
    assert data["people"]["profile"]["department"] == ""
    assert data["coffee"] == {"memberships": [], "introductions": []}
    assert "not in Coffee Connect yet" in await chat.say("ann", "coffee status")


# Tables that hold a person's key but that no feature's export/erase covers, and why.
EXEMPT = {
    "outbox": "messages waiting to be sent (or sent): addresses only, kept for delivery; "
              "the text was written for the recipient",
    "inbox": "de-duplication keys of inbound events: no person's key",
    "teams_conversations": "the Teams adapter's conversation references, for delivery (ids "
                           "only; forget-me blanks a name left in an older one)",
    "slack_installations": "Slack's OAuth record of who installed kmbot in a workspace, "
                           "which keeps kmbot installed there",
    "slack_bots": "Slack's OAuth record of the bot user, per installation",
}
PERSON_COLUMN_WORDS = ("person", "user", "member", "author", "owner", "granted_by",
                       "created_by", "actor")


def _holds_a_person(table) -> bool:
    return table.name == "people" or any(
        word in column.name for column in table.columns for word in PERSON_COLUMN_WORDS)


def test_every_table_holding_a_person_is_covered_by_a_feature():
    covered = {t for f in FEATURES for t in f.personal_tables}
    personal = {t.name for t in Base.metadata.sorted_tables if _holds_a_person(t)}
    assert personal - covered - set(EXEMPT) == set(), (
        "a table holds a person's key but no Feature.personal_tables covers it (add it to the "
        "feature's export/erase, or to EXEMPT with the reason)")
    assert covered <= set(Base.metadata.tables)              # no stale names
    assert all(f.export and f.erase for f in FEATURES if f.personal_tables)


def test_a_new_table_with_a_person_key_would_be_caught():
    from sqlalchemy import Column, MetaData, String, Table
    table = Table("lesson_authors", MetaData(), Column("author_key", String(255)))
    assert _holds_a_person(table)


def test_each_channel_shows_the_file():
    from adapters.console.render import Choices, render
    from adapters.slack.blocks import message_payloads
    from adapters.teams.messages import activities_for
    from core.cards import Attachment, Message

    content = json.dumps({"people": {"profile": {"bio": "x" * 5000}}}, indent=2)
    message = Message("Here is your data", attachment=Attachment("my.json", content,
                                                               "application/json"))
    shown = render(message, Choices())
    assert shown.startswith("Here is your data") and "my.json" in shown and content in shown
    slack = message_payloads(message)
    assert slack[0]["text"] == "Here is your data" and len(slack) >= 3   # 5,000+ chars
    assert all(len(p["text"]) < 3100 for p in slack[1:])
    assert "".join(p["text"].strip("`") for p in slack[1:]) == content
    teams = activities_for(message)
    assert len(teams) == 2 and content in teams[1].text
