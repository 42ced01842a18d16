"""A Teams user's data: ``kmbot my-data`` arrives as a file in the personal chat (Teams' file
consent card, then an upload to the person's OneDrive) and includes what the adapter's address
book keeps about them (ids and the name Teams sent); ``kmbot forget-me`` blanks that name
everywhere the adapter stored it, keeping the ids, so the bot still reaches them."""
from __future__ import annotations

import json

from .botframework import TENANT
from .conftest import ANN, ANN_CHAT, BOB, GENERAL


CONSENT = "application/vnd.microsoft.teams.card.file.consent"


def _file_from(replies) -> dict:
    parts = [r.text.strip().removeprefix("```").removesuffix("```") for r in replies
             if r.text.startswith("```")]
    return json.loads("".join(parts))


def _consent_card(reply) -> dict:
    [attachment] = reply.activity["attachments"]
    assert attachment["contentType"] == CONSENT and attachment["name"] == "kmbot-my-data.json"
    return attachment["content"]


async def _answer_consent(teams, card: dict, action: str) -> tuple[int, list]:
    context = card["acceptContext"] if action == "accept" else card["declineContext"]
    value = {"type": "fileUpload", "action": action, "context": context}
    if action == "accept":
        value["uploadInfo"] = {"name": "kmbot-my-data.json", "fileType": "json",
                               "contentUrl": "https://nhs.sharepoint.com/ann/kmbot-my-data.json",
                               "uploadUrl": f"{teams.connector.url}/onedrive/kmbot-my-data.json",
                               "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C8C"}
    before = len(teams.connector.sent)
    invoke = teams.activity("personal_message.json", type="invoke", value=value, text=None)
    invoke["name"] = "fileConsent/invoke"
    status = await teams.post(invoke)
    return status, teams.connector.sent[before:]


async def test_my_data_is_a_file_sent_with_the_persons_consent(teams):
    await teams.say("coffee join")
    said, consent = await teams.say("kmbot my-data")
    assert "everything kmbot stores about you" in said.text
    card = _consent_card(consent)
    assert consent.text and consent.activity["summary"]           # a preview, not "a card"
    assert card["sizeInBytes"] == len(card["acceptContext"]["content"].encode())

    status, [info] = await _answer_consent(teams, card, "accept")
    assert status == 200
    data, headers = teams.connector.uploads["kmbot-my-data.json"]
    assert json.loads(data)["people"]["profile"] is not None
    assert headers["Content-Range"] == f"bytes 0-{len(data) - 1}/{len(data)}"
    [attachment] = info.activity["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.teams.card.file.info"
    assert attachment["content"]["uniqueId"] == "1150D938-8870-4044-9F2C-5BBDEBA70C8C"
    assert info.conversation_id == ANN_CHAT


async def test_declining_the_file_sends_nothing(teams):
    _, consent = await teams.say("kmbot my-data")
    status, [reply] = await _answer_consent(teams, _consent_card(consent), "decline")
    assert status == 200 and "haven't sent the file" in reply.text
    assert teams.connector.uploads == {}


async def test_when_onedrive_refuses_the_file_comes_as_text(teams):
    _, consent = await teams.say("kmbot my-data")
    teams.connector.upload_status = 403
    status, replies = await _answer_consent(teams, _consent_card(consent), "accept")
    assert status == 200 and "as text instead" in replies[0].text
    assert _file_from(replies[1:])["person"] == f"teams:{TENANT}:{ANN}"


async def test_in_a_channel_the_file_comes_as_text(teams):
    replies = await teams.in_channel("kmbot my-data", as_user=ANN, name="Ann Archer")
    assert not any(a.get("contentType") == CONSENT for r in replies
                   for a in r.activity.get("attachments") or [])
    assert _file_from(replies[1:])["person"] == f"teams:{TENANT}:{ANN}"


async def _forget(teams) -> list:
    [ask] = await teams.say("kmbot forget-me")
    yes = next(b for b in ask.buttons() if b["title"] == "Yes, forget me")
    return await teams.send("card_action.json", value=yes["data"], replyToId=ask.activity_id)


async def test_my_data_includes_the_teams_address_book(teams):
    await teams.say("coffee join")
    _, consent = await teams.say("kmbot my-data")
    data = json.loads(_consent_card(consent)["acceptContext"]["content"])
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
