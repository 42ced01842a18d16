"""Lessons learned through the real Slack adapter: a one-line lesson in a channel is acked at
once and confirmed privately, found with /lessons; the Retrospect modal shows a bad mark
inline and keeps what was typed; a review runs in a channel thread."""
from __future__ import annotations

from sqlalchemy import func, select

from storage.models import LessonRow

from .conftest import both_databases
from .test_threads import channel_message, rows

WARD = "C0WARD"


async def _lessons(runtime) -> int:
    async with runtime.db.sessions() as session:
        return await session.scalar(select(func.count()).select_from(LessonRow))


@both_databases
async def test_a_lesson_captured_in_a_channel_is_stored_then_found(slack, runtime):
    response = await slack.command("U0ANN", "/lesson Charge the hoists before the night "
                                   "shift #falls <!channel>", channel=WARD,
                                   channel_name="ward-7")
    assert response.status == 200 and await response.text() == ""
    await slack.settle()
    answer = slack.api.calls_to("response_url")[-1].params
    assert answer["response_type"] == "ephemeral"
    assert "Saved as lesson 1" in answer["text"]
    assert "<!channel>" not in answer["text"]                  # typed text never pings
    actions = [e["action_id"].split(":")[1] for b in answer["blocks"]
               if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["lessons.details", "lessons.share", "lessons.action.open"]
    assert await _lessons(runtime) == 1

    await slack.command("U0BOB", "/lessons hoists night", channel=WARD, channel_name="ward-7")
    await slack.settle()
    found = " ".join(c.params["text"] for c in slack.api.calls_to("response_url")[1:])
    assert "Charge the hoists" in found and "Lessons 1–1 of 1" in found


@both_databases
async def test_a_retrospect_modal_keeps_what_was_typed_when_a_mark_is_wrong(slack, runtime):
    await slack.command("U0ANN", "/lesson retro", channel=WARD, channel_name="ward-7")
    await slack.settle()
    view = slack.api.calls_to("views.open")[0].params["view"]
    assert view["callback_id"] == "kmbot:lessons.retro"
    values = {"title": "E-prescribing", "q1": "All wards live", "q2": "On time",
              "q3": "Training gaps", "q4": "12", "q5": "7", "q6": "Train super-users"}
    response = await slack.submit("U0ANN", view, values)
    errors = await response.json()
    assert errors["response_action"] == "errors"
    assert list(errors["errors"]) == ["q4"] and "0 to 10" in errors["errors"]["q4"]
    assert await _lessons(runtime) == 0
    response = await slack.submit("U0ANN", view, values | {"q4": "8"})
    assert response.status == 200
    await slack.settle()
    assert await _lessons(runtime) == 1


@both_databases
async def test_a_review_runs_in_the_channel_thread(slack, runtime):
    await slack.command("U0ANN", '/lesson review aar "Ward 7 discharge pilot"', channel=WARD,
                        channel_name="ward-7")
    await slack.settle()
    [card] = [c for c in slack.api.calls_to("chat.postMessage") if c.params["channel"] == WARD]
    assert "1. What was supposed to happen?" in card.params["text"]
    root_ts = next(r.ref_id for r in await rows(runtime))
    await slack.event(channel_message("2 Most went home after 4pm", ts="1700000100.000100",
                                      thread_ts=root_ts, user="U0BOB"))
    await slack.settle()
    [close] = [e for b in card.params["blocks"] if b["type"] == "actions"
               for e in b["elements"] if "lessons.review.close" in e["action_id"]]
    await slack.press("U0ANN", close["action_id"], close["value"], channel=WARD)
    await slack.settle()
    summary = [c for c in slack.api.calls_to("chat.postMessage")
               if c.params.get("thread_ts") == root_ts]
    assert summary and "Most went home after 4pm" in summary[-1].params["text"]
    assert await _lessons(runtime) == 1


TEMPLATES = {
    "quick": {"q1": "Check the hoist battery before nights"},
    "aar": {"q1": "Patients home by noon", "q2": "Most went home after 4pm",
            "q3": "Pharmacy waited for the letter", "q4": "Write the letter the day before"},
    "retro": {"q1": "All wards live", "q2": "On time", "q3": "Training gaps", "q4": "8",
              "q5": "7", "q6": "Train super-users first"},
    "grid": {"q1": "Daily huddles", "q2": "Paper rotas", "q3": "Weekly sign-off"},
    "bar": {"q1": "Fewer falls at night", "q2": "Hoist batteries", "q3": "Spare chargers",
            "q4": "Alarm fatigue"},
}


@both_databases
async def test_each_template_opens_as_a_modal_and_is_confirmed_in_the_channel(slack, runtime):
    for number, (kind, answers) in enumerate(TEMPLATES.items(), start=1):
        await slack.command("U0ANN", f"/lesson {kind}", channel=WARD, channel_name="ward-7")
        await slack.settle()
        view = slack.api.calls_to("views.open")[-1].params["view"]
        assert view["callback_id"] == f"kmbot:lessons.{kind}"
        assert "people" in [b["block_id"] for b in view["blocks"]]
        before = len(slack.api.calls)
        values = {"title": f"Ward 7 {kind} review", "tags": "#ward7", **answers}
        response = await slack.submit("U0ANN", view, values)
        assert response.status == 200
        await slack.settle()
        said = "\n".join(c.params.get("text", "") for c in slack.api.calls[before:])
        if kind == "bar":
            assert "Before Action Review is saved as lesson 5" in said
            assert "Check the hoist battery" in said
        else:
            assert f"Saved as lesson {number}" in said
            assert "Anyone in the organisation" in said
    assert await _lessons(runtime) == 5


@both_databases
async def test_a_lesson_in_a_private_channel_is_team_only(slack, runtime):
    slack.api.members["G0SAFE"] = ["U0ANN", "U0BOB"]
    await slack.command("U0ANN", "/lesson Two people open the drugs safe #safety",
                        channel="G0SAFE", channel_name="privategroup")
    await slack.settle()
    answer = slack.api.calls_to("response_url")[-1].params["text"]
    assert "team-only because this channel is private" in answer
    found = {}
    for user in ("U0BOB", "U0CAT"):
        before = len(slack.api.calls_to("response_url"))
        await slack.command(user, "/lessons drugs safe", channel="D" + user[1:],
                            channel_name="directmessage")
        await slack.settle()
        found[user] = " ".join(c.params["text"]
                               for c in slack.api.calls_to("response_url")[before:])
    assert "Lessons 1–1 of 1" in found["U0BOB"] and "drugs safe" in found["U0BOB"]
    assert "No lessons match" in found["U0CAT"]


@both_databases
async def test_add_your_answer_opens_a_modal_from_the_review_card(slack, runtime):
    await slack.command("U0ANN", '/lesson review retro "E-prescribing"', channel=WARD,
                        channel_name="ward-7")
    await slack.settle()
    [card] = [c for c in slack.api.calls_to("chat.postMessage") if c.params["channel"] == WARD]
    buttons = {e["value"] + e["action_id"].split(":")[1]: e for b in card.params["blocks"]
               if b["type"] == "actions" for e in b["elements"]}
    answer = next(e for e in buttons.values() if "lessons.review.answer" in e["action_id"])
    await slack.press("U0BOB", answer["action_id"], answer["value"], channel=WARD)
    await slack.settle()
    view = slack.api.calls_to("views.open")[-1].params["view"]
    assert view["callback_id"] == "kmbot:lessons.review.answer"
    response = await slack.submit("U0BOB", view, {"question": "4", "answer": "eleven"})
    assert (await response.json())["response_action"] == "errors"        # not a mark


@both_databases
async def test_a_librarian_exports_the_log_as_a_file_in_their_dm(slack, runtime):
    await slack.command("U0ANN", "/lesson Charge the hoists before nights #falls",
                        channel=WARD, channel_name="ward-7")
    await slack.settle()                       # (each command is handled after its ack)
    await slack.command("ULIB", "/lesson export csv tag:falls", channel=WARD,
                        channel_name="ward-7")
    await slack.settle()
    [file] = slack.api.files
    assert file.channel == "DULIB" and file.filename.endswith(".csv")   # never the channel
    content = file.content.decode("utf-8")
    assert content.startswith("id,title,template") and "Charge the hoists" in content


@both_databases
async def test_a_mention_in_a_channel_slack_did_not_describe_asks_slack(slack, runtime):
    from .driver import payload
    slack.api.private["C0SAFE"] = True           # a private channel with a C id
    slack.api.members["C0SAFE"] = ["U0ANN"]
    body = payload("event_app_mention")
    body["event"] = {**body["event"], "channel": "C0SAFE",
                     "text": "<@UBOT> lesson Two people open the drugs safe"}
    await slack.event(body)
    await slack.settle()
    [info] = slack.api.calls_to("conversations.info")
    assert info.params["channel"] == "C0SAFE"
    said = " ".join(slack.answers())
    assert "team-only because this channel is private" in said
