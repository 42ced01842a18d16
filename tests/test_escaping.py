"""Text people type is shown, never obeyed: no ping, no disguised link, no terminal control.

Property tests (hypothesis) of each escaping function, and Coffee Connect introductions whose
profiles hold ``<!channel>``, rendered for Slack and the console.
"""
from __future__ import annotations

import json
import re

from hypothesis import given, settings, strategies as st

from adapters.console.escape import terminal
from adapters.console.render import Choices, render
from adapters.slack.blocks import message_payloads
from adapters.slack.escape import escape, mrkdwn
from core.coffee.model import Person, Programme, ProgrammeSettings, RoundGroup, GroupMember
from core.coffee.rounds import introduction
from core.inbound import clean
from core.mentions import CLOSE, OPEN, mention
from core.vocabulary import Actor, Command, Place, PlaceKind

NASTY = st.sampled_from(["<!channel>", "<!here>", "<!everyone>", "<@U999>", "<#C1>",
                         "<!subteam^S1>", "<https://evil.example|nhs.uk>", "&lt;!here&gt;",
                         OPEN, CLOSE, "\x1b[2J", "\x9b31m", "\r", "\x07", "<", ">", "&", "|"])
TEXT = st.lists(st.one_of(NASTY, st.text(max_size=20)), max_size=8).map("".join)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SLACK_CONTROL = re.compile(r"<[^>]*>")


def slack_controls(text: str) -> list[str]:
    return SLACK_CONTROL.findall(text)


@given(TEXT)
def test_slack_escape_leaves_no_control(text):
    assert "<" not in escape(text) and ">" not in escape(text)


@given(TEXT)
def test_typed_text_never_becomes_a_slack_control(text):
    """Whatever was typed (markers included: the kernel strips them, but even unstripped
    they cannot make anything but the bot's exact tokens)."""
    shown = mrkdwn(clean(Command(Actor("slack", "T", "U"), Place(PlaceKind.DIRECT), "",
                                 text.replace("\x00", ""))).text)
    assert slack_controls(shown) == []


@given(TEXT, TEXT)
def test_a_display_name_cannot_break_out_of_a_mention(name, rest):
    shown = mrkdwn(mention("U1", name) + rest.replace(OPEN, "").replace(CLOSE, ""))
    assert slack_controls(shown) == ["<@U1>"]


@given(TEXT)
def test_console_output_holds_no_control_sequence(text):
    assert CONTROL.search(terminal(text)) is None


def _introduction(bio: str, department: str, name: str):
    programme = Programme(1, "slack:T1", ProgrammeSettings(name="Coffee", slug="coffee",
                                                           theme=bio), None)
    people = {"slack:T1:U1": Person("slack:T1:U1", name, department, department, department, bio),
              "slack:T1:U2": Person("slack:T1:U2", "Bob", "", "", "", "")}
    group = RoundGroup(7, 1, (GroupMember("slack:T1:U1"), GroupMember("slack:T1:U2")))
    return introduction(programme, group, people)


@settings(max_examples=60)
@given(TEXT, TEXT, TEXT)
def test_an_introduction_pings_only_the_people_introduced(bio, department, name):
    message = _introduction(bio, department, name)
    for payload in message_payloads(message):
        controls = slack_controls(payload["text"] + json.dumps(payload.get("blocks", [])))
        assert set(controls) <= {"<@U1>", "<@U2>"}
    assert CONTROL.search(render(message, Choices()).replace("\n", "")) is None


def test_a_bio_with_at_channel_is_shown_not_obeyed():
    message = _introduction("Ask me anything <!channel> <!here>", "<!channel> Pharmacy", "Ann")
    [payload] = message_payloads(message)
    everything = payload["text"] + json.dumps(payload["blocks"])
    assert "<!channel>" not in everything and "<!here>" not in everything
    assert "&lt;!channel&gt; Pharmacy" in everything and "<@U1>" in everything
    assert "<!channel> Pharmacy" in render(message, Choices())   # the console shows it as is


async def test_a_profile_typed_with_a_ping_reaches_the_introduction_escaped(chat, runtime):
    await chat.say("ann", "coffee join")
    await chat.say("bob", "coffee join")
    await chat.say("ann", 'coffee profile department="<!channel> Pharmacy" bio="<!here> hi"')
    await chat.say("lib", "coffee run-now")
    await chat.deliver()
    [intro] = [s for s in chat.channel.sent if s.message.card][:1]
    rendered = json.dumps(message_payloads(intro.message))
    assert "<!channel>" not in rendered and "<!here>" not in rendered
    assert "&lt;!channel&gt; Pharmacy" in rendered
