"""``/kmbot my-data`` on Slack: the export arrives as a JSON file in the person's DM with the
bot (uploaded with files_upload_v2 through the fake Web API), with a short message; when the
upload fails, the content comes as text messages instead."""
from __future__ import annotations

import json

from .driver import payload


async def test_my_data_uploads_the_export_as_a_file_to_the_dm(slack):
    await slack.command("U0ANN", "/coffee join")
    await slack.command("U0ANN", "/kmbot my-data", channel="C0COFFEE")   # typed in a channel
    await slack.settle()
    [answer] = [a for a in slack.answers() if "everything kmbot stores" in a]
    assert "kmbot-my-data.json" in answer and "```" not in " ".join(slack.answers())
    assert slack.api.calls_to("response_url")[-1].params["response_type"] == "ephemeral"
    [file] = slack.api.files
    assert file.channel == "DU0ANN"                       # the DM, never the channel
    assert file.filename == file.title == "kmbot-my-data.json"
    data = json.loads(file.content.decode("utf-8"))
    assert data["person"] == "slack:T1:U0ANN"
    assert data["coffee"]["memberships"][0]["status"] == "active"
    assert slack.api.methods()[-3:] == ["files.getUploadURLExternal", "upload",
                                        "files.completeUploadExternal"]


async def test_my_data_typed_in_the_dm_lands_in_that_dm(slack):
    await slack.event(payload("event_message_im") | {
        "event": {**payload("event_message_im")["event"], "text": "kmbot my-data"}})
    await slack.settle()
    [file] = slack.api.files
    assert file.channel == "D0ANN" and json.loads(file.content)["person"] == "slack:T1:U0ANN"
    assert "everything kmbot stores" in slack.api.calls_to("chat.postMessage")[0].params["text"]


async def test_when_the_upload_is_refused_the_export_comes_as_text(slack, caplog):
    slack.api.fail("files.completeUploadExternal", "missing_scope")   # files:write not granted
    await slack.command("U0ANN", "/kmbot my-data")
    await slack.settle()
    assert slack.api.files == []
    answers = slack.answers()
    assert "everything kmbot stores" in answers[0]
    parts = [a.strip("`") for a in answers[1:]]
    assert parts and json.loads("".join(parts))["person"] == "slack:T1:U0ANN"
    assert "file upload refused (missing_scope)" in caplog.text
