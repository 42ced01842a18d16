"""A Teams user's data: ``kmbot my-data`` includes what the adapter's address book keeps about
them (ids and the name Teams sent), and ``kmbot forget-me`` blanks that name everywhere the
adapter stored it, keeping the ids, so the bot still reaches them."""
from __future__ import annotations

import json

from .botframework import TENANT
from .conftest import ANN, ANN_CHAT, BOB, GENERAL


def _file_from(replies) -> dict:
    parts = [r.text.strip().removeprefix("```").removesuffix("```") for r in replies
             if r.text.startswith("```")]
    return json.loads("".join(parts))


async def _forget(teams) -> list:
    [ask] = await teams.say("kmbot forget-me")
    yes = next(b for b in ask.buttons() if b["title"] == "Yes, forget me")
    return await teams.send("card_action.json", value=yes["data"], replyToId=ask.activity_id)


async def test_my_data_includes_the_teams_address_book(teams):
    await teams.say("coffee join")
    replies = await teams.say("kmbot my-data")
    assert "everything kmbot stores about you" in replies[0].text
    data = _file_from(replies[1:])
    [address] = data["people"]["platform_addresses"]
    assert address["user_id"] == ANN and address["tenant"] == TENANT
    assert address["name"] == "Ann Archer" and address["personal_chat"] == ANN_CHAT


async def test_references_keep_ids_but_no_names(teams):
    await teams.say("help")
    await teams.in_channel("help", as_user=BOB, name="Bob Baker")
    for conversation in await teams.store.conversations():
        assert "name" not in conversation.reference.get("user", {})
    assert "Ann Archer" not in json.dumps([c.reference for c in await teams.store.conversations()])


async def test_forget_me_blanks_the_name_the_teams_adapter_kept(teams, runtime):
    await teams.say("coffee join")
    await teams.in_channel("help", as_user=ANN, name="Ann Archer")
    # a reference stored before names were left out of them still names her
    channel = await teams.store.conversation(GENERAL)
    older = {**channel.reference, "user": {"id": ANN, "name": "Ann Archer"}}
    await teams.store.save_conversation(GENERAL, TENANT, "channel", channel.team_id, older,
                                        runtime.services.now())
    assert (await teams.store.user(TENANT, ANN)).name == "Ann Archer"

    [done] = await _forget(teams)
    assert "forgotten you" in done.text
    assert done.conversation_id == ANN_CHAT                  # still reachable, by id
    ann = await teams.store.user(TENANT, ANN)
    assert ann.name == "" and ann.personal_conversation_id == ANN_CHAT
    references = json.dumps([c.reference for c in await teams.store.conversations()])
    assert "Ann Archer" not in references and ANN in references

    [reply] = await teams.say("coffee status")              # and she can come back
    assert "not in Coffee Connect yet" in reply.text


async def test_forget_me_leaves_other_people_s_names_alone(teams, runtime):
    await teams.say("help")
    await teams.say("help", as_user=BOB, name="Bob Baker", chat="a:1bob-personal-chat")
    await _forget(teams)
    assert (await teams.store.user(TENANT, BOB)).name == "Bob Baker"
