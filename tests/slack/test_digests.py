"""A digest on Slack through the real adapter: the choice typed as a slash command, the
digest reaching the subscriber as a DM in Block Kit with a lesson's typed text escaped (it
pings nobody), and its "Useful" and "Unsubscribe" buttons pressed as signed block actions."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from core.digests import sending
from core.lessons.model import Lesson

from .test_bulletins import blocks_of, button

WS = "slack:T1"


async def test_a_daily_digest_on_slack(slack, runtime, clock):
    await slack.command("ULIB", '/bulletin topics add "Sepsis"')
    await slack.command("U0ANN", "/subscribe sepsis")
    await slack.command("U0ANN", "/digest weekly on funday")
    await slack.command("U0ANN", "/digest daily 08:00")
    await slack.settle()
    answers = slack.answers()
    assert any("“funday” isn't a day of the week" in a for a in answers)
    assert any("Saved: your digest comes every day at 08:00 (Europe/London)" in a for a in answers)
    now = runtime.services.now()
    async with runtime.services.uow() as uow:
        await uow.lessons.add(Lesson(workspace_key=WS, title="Call <!here> early for sepsis",
                                     tags=("sepsis",), author_key=f"{WS}:ULIB",
                                     created_at=now, updated_at=now))

    clock.set(datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc))
    assert await sending.send_due(runtime.services) == 1
    await slack.settle()
    [digest] = [c for c in slack.api.calls_to("chat.postMessage")
                if c.params.get("text", "").startswith("Your daily digest")]
    text = json.dumps(blocks_of(digest))
    assert "Call &lt;!here&gt; early for sepsis" in text and "<!here>" not in text
    assert "*Sepsis* (1)" in text

    useful = button(digest, "Useful 1")
    await slack.press("U0ANN", useful["action_id"], useful["value"])
    await slack.settle()
    assert "noted as useful" in slack.answers()[-1]
    drop = button(digest, "Unsubscribe from Sepsis")
    await slack.press("U0ANN", drop["action_id"], drop["value"])
    await slack.settle()
    assert "no longer follow Sepsis" in slack.answers()[-1]

    clock.set(clock.now() + timedelta(days=1))
    assert await sending.send_due(runtime.services) == 0
