"""A bulletin on Slack through the real adapter: topics and a subscription by slash command,
``/bulletin`` opens the modal, its submission shows the private preview (the bulletin as it
will look, with Send), Send posts it to the subscriber in Block Kit with the Markdown's
meaning kept, the title as the notification text and nothing that pings; the report comes
back as a CSV file."""
from __future__ import annotations

import copy
import json

from .driver import payload

BODY = ("## This month\n**NHS net zero** has _new_ guidance.\n- Greener theatres\n"
        "Say hi <!here> @channel <@U0BOB> [looks safe](https://evil.example/) & more")
VALUES = {"title": "Sustainable healthcare: December", "body": BODY,
          "links": "NICE | https://www.nice.org.uk/", "topics": "Sustainable healthcare",
          "subscribers": "yes", "channels": "", "everyone": "no", "when": "now",
          "timezone": "", "notify": "no"}


def blocks_of(call) -> list[dict]:
    blocks = call.params.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def button(call, label: str) -> dict:
    for block in blocks_of(call):
        for element in block.get("elements", []):
            if element.get("type") == "button" and element["text"]["text"] == label:
                return element
    raise AssertionError(f"no {label!r} button")


async def submit(slack, user: str, view: dict, values: dict[str, str]):
    body = payload("view_submission")
    body["user"] = {**body["user"], "id": user}
    body["trigger_id"] = slack.trigger()
    view = copy.deepcopy(view)
    state = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        kind = block["element"]["type"]
        value = values.get(block["block_id"], "")
        state[block["block_id"]] = {"value": (
            {"type": kind, "selected_option": {"value": value}} if kind == "static_select"
            else {"type": kind, "value": value})}
    view["state"] = {"values": state}
    body["view"] = view
    return await slack.interact(body)


async def test_compose_preview_send_and_report_on_slack(slack, runtime):
    await slack.command("ULIB", '/bulletin topics add "Sustainable healthcare"')
    await slack.command("U0ANN", "/subscribe sustainable healthcare")
    await slack.settle()
    assert any("You now follow Sustainable healthcare" in a for a in slack.answers())

    assert (await slack.command("U0ANN", "/bulletin")).status == 200
    await slack.settle()
    assert any("Only librarians" in a for a in slack.answers())
    await slack.command("ULIB", "/bulletin")
    await slack.settle()
    view = slack.api.calls_to("views.open")[-1].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["title"]["text"] == "New bulletin"

    broken = await submit(slack, "ULIB", view, {**VALUES, "body": "**never closed"})
    errors = (await broken.json())["errors"]
    assert "never closes it" in errors["body"]          # the modal stays, with what was typed

    assert (await submit(slack, "ULIB", view, VALUES)).status == 200
    await slack.settle()
    previews = [c for c in slack.api.calls if c.method in (
        "chat.postEphemeral", "chat.postMessage", "response_url")
        and "Preview of bulletin 1" in c.params.get("text", "")]
    assert previews, slack.api.methods()
    controls = previews[-1]
    assert controls.method in ("chat.postEphemeral", "response_url") or (
        controls.params["channel"].startswith("D"))                 # only the librarian sees it
    shown = [c for c in slack.api.calls if c.params.get("text") == VALUES["title"]]
    assert shown and "*This month*" in json.dumps(blocks_of(shown[0]))    # the preview itself
    assert "It goes to 1 person and 0 channels" in controls.params["text"]
    before = len(slack.api.calls_to("chat.postMessage"))

    send = button(controls, "Send")
    await slack.press("ULIB", send["action_id"], send["value"])
    await slack.settle()
    assert any("on its way to 1 recipient" in a for a in slack.answers())
    [sent] = [c for c in slack.api.calls_to("chat.postMessage")[before:]
              if c.params.get("text") == "Sustainable healthcare: December"]
    text = json.dumps(blocks_of(sent))
    assert '"type": "header"' in text and "Sustainable healthcare: December" in text
    assert "*This month*" in text and "*NHS net zero*" in text and "_new_" in text
    assert "\\u2022 Greener theatres" in text or "• Greener theatres" in text
    assert "&lt;!here&gt;" in text and "<!here>" not in text
    assert "&lt;@U0BOB&gt;" in text and "<@U0BOB>" not in text
    assert "looks safe (https://evil.example/)" in text and "|looks safe>" not in text
    assert "&amp; more" in text
    assert "NICE: https://www.nice.org.uk/" in text

    await slack.command("ULIB", "/bulletin report 1")
    await slack.settle()
    [upload] = slack.api.files
    assert upload.filename == "bulletin-1-report.csv"
    lines = upload.content.decode() if isinstance(upload.content, bytes) else upload.content
    assert "slack:T1:U0ANN" in lines and ",sent," in lines


def test_only_a_ticked_notify_the_channel_says_at_channel_on_slack():
    from adapters.slack.blocks import message_payloads
    from core.bulletins import render
    from core.bulletins.model import Draft
    from core.bulletins.sending import channel_message

    draft = Draft(title="<!channel> Title @here", body="Body <!everyone> <@U1>")
    plain = message_payloads(channel_message(render.message(draft, []), notify=False))[0]
    mrkdwn = json.dumps([plain["text"]] + [b for b in plain["blocks"] if b["type"] != "header"])
    assert "<!channel>" not in mrkdwn and "<!everyone>" not in mrkdwn and "<@U1>" not in mrkdwn
    [header] = [b for b in plain["blocks"] if b["type"] == "header"]
    assert header["text"]["type"] == "plain_text"          # shown as typed, never parsed
    assert plain["text"].startswith("&lt;!channel&gt; Title @\u2060here")
    notify = message_payloads(channel_message(render.message(draft, []), notify=True))[0]
    assert notify["text"].startswith("<!channel> &lt;!channel&gt; Title")
    mrkdwn = json.dumps([notify["text"]] + [b for b in notify["blocks"] if b["type"] != "header"])
    assert mrkdwn.count("<!channel>") == 1                      # only the one asked for


def test_nobody_can_type_the_notify_token():
    from core.inbound import clean
    from core.mentions import EVERYONE
    from core.vocabulary import Actor, Command, Place, PlaceKind
    typed = Command(Actor("slack", "T1", "U1"), Place(PlaceKind.DIRECT), "bulletin",
                    f"x {EVERYONE} y")
    assert EVERYONE not in clean(typed).text


def test_a_long_bulletin_splits_cleanly_on_slack_and_teams():
    from adapters.slack.blocks import message_payloads
    from adapters.teams.messages import activities_for
    from core.bulletins import render
    from core.bulletins.model import MAX_BODY, Draft

    lines = [f"- Item {n}: **evidence** summary for the ward team" for n in range(400)]
    body = "\n".join(lines)[:MAX_BODY].rsplit("\n", 1)[0]
    message = render.message(Draft(title="Long bulletin", body=body), ["Topic"])
    payloads = message_payloads(message)
    sections = [b["text"]["text"] for p in payloads for b in p["blocks"]
                if b["type"] == "section"]
    assert all(len(s) <= 3000 for s in sections) and len(sections) >= 3
    assert all(len(p["blocks"]) <= 50 for p in payloads)
    shown = "\n".join(sections)
    last = len(body.splitlines()) - 1
    for n in (0, last // 2, last):                           # every item, none cut in two
        assert f"• Item {n}: *evidence* summary for the ward team" in shown
    assert all(s.startswith("• Item") for s in sections[:-1])
    activities = activities_for(message)
    assert all(len(json.dumps(a.model_dump(mode="json", exclude_none=True))) < 80_000
               for a in activities)
    assert all(a.summary == "Long bulletin" for a in activities if a.summary)
