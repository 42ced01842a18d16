"""Digests through the Teams adapter: the choice typed in the personal chat, a weekly digest
reaching Ann's chat as a card whose "Useful" button is pressed as a signed card action, a
librarian choosing the General channel's digest time, and the channel's digest arriving."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from core.digests import sending
from core.lessons.model import Lesson
from storage.bulletin_models import TopicRow

from .conftest import ANN, ANN_CHAT, GENERAL, LIB
from .test_bulletins import librarian


async def test_a_weekly_digest_and_a_channel_digest_on_teams(teams, clock):
    runtime = teams.runtime
    await librarian(teams, 'bulletin topics add "Sepsis"')
    await teams.say("subscribe sepsis")
    [bad] = await teams.say("digest daily 25:00")
    assert "“25:00” isn't a time of day" in bad.text
    [ok] = await teams.say("digest weekly friday 09:00")
    assert "every Friday at 09:00 (Europe/London)" in ok.text
    await teams.in_channel("subscribe channel sepsis", as_user=LIB, name="Lee Librarian")
    [chosen] = await teams.in_channel("digest channel daily 09:00", as_user=LIB,
                                      name="Lee Librarian")
    assert "this channel gets a digest of its topics every day at 09:00" in chosen.text

    async with runtime.db.sessions() as session:
        workspace = await session.scalar(select(TopicRow.workspace_key))
    clock.set(datetime(2026, 11, 26, 15, 0, tzinfo=timezone.utc))   # since the day before
    now = runtime.services.now()
    async with runtime.services.uow() as uow:
        await uow.lessons.add(Lesson(workspace_key=workspace, title="Sepsis six <at>All</at>",
                                     tags=("sepsis",), created_at=now, updated_at=now))

    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc))      # Friday
    assert await sending.send_due(runtime.services) == 2
    before = len(teams.connector.sent)
    await runtime.delivery.drain()
    sent = teams.connector.sent[before:]
    [digest] = [r for r in sent if r.conversation_id == ANN_CHAT]
    text = digest.text + digest.card_text()
    assert "Your weekly digest: 1 new" in text and "Sepsis six" in text
    assert "<at>" not in text and not digest.activity.get("entities")
    [post] = [r for r in sent if r.conversation_id.startswith(GENERAL)]
    assert "This channel's digest: 1 new" in post.text + post.card_text()

    useful = next(b for b in digest.buttons() if b["title"] == "Useful 1")["data"]
    [thanks] = await teams.send("card_action.json", value=useful, replyToId=digest.activity_id,
                                **{"from": {"id": ANN, "name": "Ann Archer"},
                                   "conversation": {"conversationType": "personal",
                                                    "tenantId": digest.activity.get(
                                                        "conversation", {}).get("tenantId"),
                                                    "id": ANN_CHAT}})
    assert "noted as useful" in thanks.text
