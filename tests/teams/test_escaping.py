"""Nothing people type can ping, link or format its way through Teams: property tests of the
one escaping function (:func:`adapters.teams.text.escape`) and of everything built with it."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from microsoft_agents.activity import Activity

from adapters.teams.messages import activities_for, wire
from adapters.teams.text import card_text, escape, summary, typed, with_mentions
from adapters.teams.translate import command_text
from core.cards import Button, Card, Field, Form, FormInput, Message, Section
from core.mentions import MENTION, TYPED_MENTION, mention

# Text built from the pieces an attacker would use, and anything else.
PIECES = st.sampled_from(["<at>", "</at>", "<", ">", "&", "&lt;", "&#60;", "[", "]", "(", ")",
                          "](", "<@29:boss|Everyone>", "<#19:x|general>", "<a href='x'>",
                          "\ue000<@29:boss|Everyone>\ue001", "\ue000", "\ue001",
                          "https://evil.example", "@", "*", "`", "\n", " ", "Ann", "|", ":"])
HOSTILE = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=25).map("".join)

TAG = re.compile(r"<[A-Za-z/!?@#%]")
ENTITY = re.compile(r"&[A-Za-z#]")
LINK = re.compile(r"\]\s*[(\[:]")


def shows_nothing_live(text: str) -> bool:
    return not (TAG.search(text) or ENTITY.search(text) or LINK.search(text))


@given(HOSTILE)
def test_escaped_text_has_no_tag_entity_or_link(text):
    assert shows_nothing_live(escape(text))


@given(HOSTILE)
def test_escaping_keeps_what_was_typed_visible(text):
    assert escape(text).replace("\u2060", "") == text


@given(HOSTILE)
def test_typed_text_never_poses_as_a_mention(text):
    assert MENTION.search(typed(text)) is None
    assert TYPED_MENTION.search(typed(text)) is None


@settings(max_examples=200)
@given(HOSTILE, HOSTILE)
def test_only_the_cores_own_mentions_become_real_ones(bio, name):
    """An introduction naming Ann, with someone's typed bio and name in it."""
    core_text = f"Meet {mention('29:1ann', typed(name))}: {typed(bio)}"
    body, entities = with_mentions(core_text)
    assert [e.mentioned.id for e in entities] == ["29:1ann"]
    assert body.count("<at>") == 1
    rest = body.replace(entities[0].text, "")
    assert shows_nothing_live(rest)


@settings(max_examples=100)
@given(HOSTILE)
def test_cards_summaries_and_fallbacks_carry_nothing_live(text):
    card = Card(title=text, sections=(Section(text, (Field(text, text),)),),
                buttons=(Button(text or "x", "coffee.met", "1"),),
                form=Form("coffee.profile", text or "t",
                          (FormInput("bio", text or "Bio", placeholder=text),)))
    for activity in activities_for(Message(text or "x", card)):
        data = wire(activity)
        assert data["summary"] and data["text"]
        strings = [data["summary"], data["text"]]
        content = data["attachments"][0]["content"]
        strings += [content.get("fallbackText", "")]
        strings += [b.get("text", "") for b in content["body"]]
        strings += [f[k] for b in content["body"] for f in b.get("facts", []) for k in ("title", "value")]
        strings += [a["title"] for a in content.get("actions", [])]
        strings += [b.get(k, "") for b in content["body"] for k in ("label", "placeholder")]
        assert all(shows_nothing_live(s) for s in strings), strings


@given(HOSTILE)
def test_plain_messages_from_typed_text_mention_nobody(text):
    [first, *_] = activities_for(Message(typed(text) or "x"))
    assert not first.entities and shows_nothing_live(first.text)
    assert shows_nothing_live(summary(typed(text)))
    assert shows_nothing_live(card_text(typed(text)))


@given(HOSTILE)
def test_a_teams_message_becomes_a_command_with_only_real_mentions(text):
    activity = Activity.model_validate({
        "type": "message", "text": f"<at>kmbot</at> {text} <at>Cat</at>",
        "recipient": {"id": "28:bot"},
        "entities": [{"type": "mention", "text": "<at>kmbot</at>", "mentioned": {"id": "28:bot"}},
                     {"type": "mention", "text": "<at>Cat</at>",
                      "mentioned": {"id": "29:cat", "name": "Cat Carter"}}]})
    mentions = [m.group(1) for m in MENTION.finditer(command_text(activity))]
    assert set(mentions) <= {"29:cat"} and "29:boss" not in mentions
