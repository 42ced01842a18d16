"""A bulletin on Teams through the real adapter: a subscription typed in the personal chat,
``bulletin`` opens the form card, a broken body comes back on the card with what was typed,
the preview (the bulletin's Adaptive Card, then Send/Schedule/Edit/Cancel) reaches only the
librarian, and Send delivers the card to the subscriber with Markdown text blocks, the
title as the notification summary (never "Sent a card"), and nothing that pings."""
from __future__ import annotations

from .conftest import ANN, ANN_CHAT, LIB

LIB_CHAT = "a:1lib-personal-chat"
BODY = ("## This month\n**NHS net zero** has _new_ guidance.\n- Greener theatres\n"
        "<at>Everyone</at> @channel [looks safe](https://evil.example/)")
VALUES = {"title": "Sustainable healthcare: December", "body": BODY,
          "links": "NICE | https://www.nice.org.uk/", "topics": "Sustainable healthcare",
          "subscribers": "yes", "channels": "", "everyone": "no", "when": "now",
          "timezone": "", "notify": "no"}


async def librarian(teams, text: str) -> list:
    return await teams.say(text, as_user=LIB, name="Lee Librarian", chat=LIB_CHAT)


async def press(teams, reply, data: dict, **values) -> list:
    return await teams.send("card_action.json", value={**data, **values},
                            replyToId=reply.activity_id,
                            **{"from": {"id": LIB, "name": "Lee Librarian"},
                               "conversation": {"conversationType": "personal",
                                                "tenantId": reply.activity.get(
                                                    "conversation", {}).get("tenantId"),
                                                "id": LIB_CHAT}})


async def test_compose_preview_and_send_on_teams(teams):
    await librarian(teams, 'bulletin topics add "Sustainable healthcare"')
    [said] = await teams.say("subscribe sustainable healthcare")
    assert "You now follow Sustainable healthcare" in said.text
    [refused] = await teams.say("bulletin")
    assert "Only librarians" in refused.text

    replies = await librarian(teams, "bulletin")
    form = next(r for r in replies if r.card and any(
        b.get("data", {}).get("kmbot_form") == "bulletins.compose" for b in r.buttons()))
    submit = next(b for b in form.buttons() if b["data"].get("kmbot_form"))["data"]

    sent = await press(teams, form, submit, **{**VALUES, "body": "```\nnever closed"})
    shown = [r for r in sent if r.card]
    errors = [e["text"] for r in shown for e in r.card["body"] if e.get("color") == "Attention"]
    assert any("never closed" in e for e in errors)
    kept = next(e for r in shown for e in r.card["body"] if e.get("id") == "title")
    assert kept["value"] == VALUES["title"]                          # what was typed is kept

    sent = await press(teams, form, submit, **VALUES)
    assert all(r.conversation_id == LIB_CHAT for r in sent)          # the preview is private
    bulletin = next(r for r in sent if r.card and r.text == VALUES["title"])
    controls = next(r for r in sent if "Preview of bulletin 1" in r.card_text())
    assert [b["title"] for b in controls.buttons()] == ["Send", "Schedule", "Edit", "Cancel"]

    send = controls.buttons()[0]["data"]
    [ok] = await press(teams, controls, send)
    assert "on its way to 1 recipient" in ok.text
    before = len(teams.connector.sent)
    await teams.runtime.delivery.drain()
    [got] = [r for r in teams.connector.sent[before:] if r.conversation_id == ANN_CHAT]
    assert got.activity["summary"] == VALUES["title"] and got.text       # not "Sent a card"
    text = got.card_text()
    assert got.card["body"] == bulletin.card["body"]                     # as previewed
    assert "**This month**" in text and "**NHS net zero**" in text and "_new_" in text
    assert "• Greener theatres" in text
    assert "<at>" not in text and not got.activity.get("entities")      # pings nobody
    assert "looks safe (https://evil.example/)" in text and "](https://evil" not in text
    assert "NICE: https://www.nice.org.uk/" in text
