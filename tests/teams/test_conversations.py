"""Teams users talk to kmbot: personal chat, channels and group chats, cards and welcomes."""
from __future__ import annotations

from .conftest import ANN, ANN_CHAT, BOB, CAT, GENERAL, LIB, TENANT


async def test_help_in_a_personal_chat_is_a_card_listing_the_commands(teams):
    [reply] = await teams.say("help")
    assert reply.card["version"] == "1.5"
    assert "What kmbot can do" in reply.card_text()
    assert "/coffee join" in reply.card_text()
    assert reply.activity["summary"].startswith("I help you share what you know")


async def test_coffee_join_in_a_personal_chat(teams):
    [reply] = await teams.say("coffee join")
    assert "You're in **Coffee Connect**" in reply.text
    assert reply.conversation_id == ANN_CHAT
    [reply] = await teams.say("coffee join")
    assert "already in" in reply.text


async def test_channel_command_with_the_bot_mentioned_replies_in_the_thread(teams):
    [reply] = await teams.in_channel("coffee join")
    assert "You're in **Coffee Connect**" in reply.text
    assert reply.conversation_id == f"{GENERAL};messageid=1795400000101"
    async with teams.runtime.services.uow() as uow:
        assert await uow.people.get(f"teams:{TENANT}:{BOB}") is not None


async def test_group_chat_mentions_become_core_mentions_and_back(teams):
    [reply] = await teams.send("group_message.json")
    assert reply.text == "<at>Cat Carter</at> is now a librarian."
    [entity] = reply.activity["entities"]
    assert entity["mentioned"] == {"id": CAT, "name": "Cat Carter"}
    async with teams.runtime.services.uow() as uow:
        assert await uow.roles.has_role(f"teams:{TENANT}:{CAT}", "librarian")


async def test_a_redelivered_activity_is_handled_once(teams):
    activity = teams.activity("personal_message.json", id="same-id-twice")
    assert await teams.post(activity) in (200, 201)
    assert await teams.post(activity) in (200, 201)
    assert len(teams.replies(ANN_CHAT)) == 1


async def test_pressing_join_on_the_home_card_joins(teams):
    _, home = await teams.send("install_personal.json")
    join = next(b for b in home.buttons() if b["title"] == "Join Coffee Connect")
    [reply] = await teams.send("card_action.json", value=join["data"],
                               replyToId=home.activity_id)
    assert "You're in **Coffee Connect**" in reply.text


async def test_install_in_a_personal_chat_welcomes_once_with_the_home_card(teams):
    welcome, home = await teams.send("install_personal.json")
    assert welcome.text.startswith("Hello! I'm kmbot")
    assert "Join Coffee Connect" in [b["title"] for b in home.buttons()]
    assert home.buttons()[0]["data"] == {"kmbot_action": "coffee.join", "value": "1"}
    assert home.activity["summary"]
    assert await teams.send("installation_update_personal.json") == []


async def test_install_in_a_team_stores_the_channel_and_says_hello_there(teams):
    [hello] = await teams.send("install_team.json")
    assert hello.conversation_id == GENERAL
    stored = await teams.store.conversation(GENERAL)
    assert stored.kind == "channel" and stored.reference["serviceUrl"] == teams.connector.url


async def test_every_turn_refreshes_the_reference_and_who_is_who(teams):
    await teams.say("help")
    first = await teams.store.conversation(ANN_CHAT)
    moved = teams.activity("personal_message.json", text="help", serviceUrl="https://smba.example/uk/")
    moved["serviceUrl"] = teams.connector.url + "/"   # Teams moved the chat to another URL
    await teams.post(moved)
    assert (await teams.store.conversation(ANN_CHAT)).reference["serviceUrl"] \
        == teams.connector.url + "/" != first.reference["serviceUrl"]
    ann = await teams.store.user(TENANT, ANN)
    assert ann.aad_object_id == "6b1a2d4e-0000-4000-8000-00000000a001"
    assert ann.personal_conversation_id == ANN_CHAT


async def test_new_team_members_are_remembered_with_the_team(teams):
    await teams.send("team_member_added.json")
    dan = await teams.store.user(TENANT, "29:1dan-DdDd")
    assert dan.shared_conversation_id == GENERAL and dan.personal_conversation_id is None


async def test_removing_the_bot_from_a_team_marks_the_channel_removed(teams):
    await teams.send("install_team.json")
    await teams.send("bot_removed_team.json")
    assert (await teams.store.conversation(GENERAL)).removed


async def test_profile_form_errors_are_shown_back_on_the_card(teams):
    shown, form = await teams.say("coffee profile")
    assert "Department" in shown.card_text()
    submit = form.buttons()[-1]
    assert submit["data"]["kmbot_form"] == "coffee.profile"
    assert [e["id"] for e in form.card["body"] if e["type"].startswith("Input.")] \
        == ["department", "site", "interests", "bio"]
    value = {**submit["data"], "department": "x" * 101, "site": "Leeds"}
    sent = await teams.send("card_action.json", value=value, replyToId=form.activity_id)
    updated = [r for r in sent if r.method == "PUT"]
    assert updated and updated[0].activity_id == form.activity_id
    card = updated[0].card
    errors = [e["text"] for e in card["body"] if e.get("color") == "Attention"]
    assert len(errors) == 1 and "101" in errors[0]
    site = next(e for e in card["body"] if e.get("id") == "site")
    assert site["value"] == "Leeds"


async def test_a_librarian_only_command_is_refused_politely(teams):
    [reply] = await teams.say("coffee run-now")
    assert "Only librarians" in reply.text
    [reply] = await teams.say("coffee run-now", as_user=LIB, name="Lee Librarian",
                              chat="a:1lib-personal-chat")
    assert "Only librarians" not in reply.text
