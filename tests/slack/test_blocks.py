"""Block Kit rendering and modals: Slack's limits, mentions and action ids."""
from __future__ import annotations

from adapters.slack.blocks import (FORM_ACTION, card_blocks, chunks, decode_action,
                                   encode_action, escape, message_payloads, view_blocks)
from adapters.slack.modals import Origin, form_view, inline_errors, read_submission
from core.cards import Button, Card, Choice, Field, Form, FormInput, Message, Section
from core.mentions import channel, mention


def test_the_bots_mentions_survive_escaping_and_typed_ones_do_not():
    text = (f"Meet {mention('U1', 'Ann')} & {mention('U2')} in {channel('C1')} (a < b > c) "
            "<https://evil.example|NHS> <!channel> <@U3>")
    assert escape(text) == ("Meet <@U1> &amp; <@U2> in <#C1> (a &lt; b &gt; c) "
                            "&lt;https://evil.example|NHS&gt; &lt;!channel&gt; &lt;@U3&gt;")


def test_action_ids_round_trip_and_are_unique_per_block():
    card = Card(buttons=(Button("We met", "coffee.met", "7"), Button("We didn't", "coffee.missed", "7"),
                         Button("Again", "coffee.met", "8")))
    [actions] = card_blocks(card)
    ids = [e["action_id"] for e in actions["elements"]]
    assert len(set(ids)) == 3
    assert [decode_action(i) for i in ids] == ["coffee.met", "coffee.missed", "coffee.met"]
    assert decode_action(encode_action("a:b", 3)) == "a:b" and decode_action("other") is None


def test_long_labels_and_many_buttons_are_cut_to_size():
    card = Card(buttons=tuple(Button("b" * 100, f"x{i}", "v" * 3000, "danger") for i in range(30)))
    blocks = card_blocks(card)
    assert [len(b["elements"]) for b in blocks] == [25, 5]
    element = blocks[0]["elements"][0]
    assert len(element["text"]["text"]) == 75 and element["text"]["text"].endswith("…")
    assert len(element["value"]) == 2000 and element["style"] == "danger"


def test_chunks_break_at_lines_and_lose_nothing():
    text = "\n".join(f"line {i} " + "w" * 90 for i in range(100))
    pieces = chunks(text, 3000)
    assert all(len(p) <= 3000 for p in pieces) and len(pieces) == 4
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")
    assert chunks("x" * 7000, 3000) == ["x" * 3000, "x" * 3000, "x" * 1000]


def test_a_huge_field_becomes_section_text():
    card = Card(sections=(Section(fields=(Field("Bio", "b" * 2500), Field("Site", "Leeds"))),))
    blocks = card_blocks(card)
    assert [b.get("fields") is None for b in blocks] == [True, False]
    assert sum(len(b["text"]["text"]) for b in blocks if "text" in b) > 2500


def test_home_view_keeps_its_buttons_under_100_blocks():
    card = Card(title="Home", sections=tuple(Section(f"s{i}") for i in range(150)),
                buttons=(Button("Join", "coffee.join", "1"),))
    blocks = view_blocks(card)
    assert len(blocks) == 100 and blocks[-1]["type"] == "actions"
    assert blocks[-2]["type"] == "context"


def test_every_payload_has_a_plain_text_fallback():
    card = Card(sections=tuple(Section(f"s{i}") for i in range(120)))
    payloads = message_payloads(Message("Summary for notifications", card))
    assert [len(p["blocks"]) for p in payloads] == [50, 50, 20]
    assert payloads[0]["text"] == "Summary for notifications"
    assert all(p["text"] for p in payloads)


def test_an_inline_form_becomes_a_button_that_opens_it():
    form = Form("coffee.profile", "Your profile", (FormInput("site", "Site"),))
    [actions] = card_blocks(Card(form=form))
    assert actions["elements"][0]["action_id"] == FORM_ACTION


FORM = Form("coffee.programme", "A very long programme settings title", submit_label="Save",
            context="42", inputs=(
                FormInput("name", "Name", required=True, max_length=80, placeholder="Trust-wide"),
                FormInput("cadence", "How often", "select", options=(
                    Choice("weekly", "Weekly"), Choice("fortnightly", "Every two weeks")),
                    initial="fortnightly"),
                FormInput("start", "First round", "date", initial="2026-12-07"),
                FormInput("size", "Group size", "number", initial="2", hint="2 to 4"),
                FormInput("theme", "Theme", "multiline")))


def test_forms_become_modals_within_slacks_limits():
    view = form_view(FORM, Origin("C1", None, "https://hooks.example/1", "channel"))
    assert view["callback_id"] == "kmbot:coffee.programme"
    assert len(view["title"]["text"]) <= 24
    types = {b["block_id"]: b["element"]["type"] for b in view["blocks"]}
    assert types == {"name": "plain_text_input", "cadence": "static_select",
                     "start": "datepicker", "size": "number_input", "theme": "plain_text_input"}
    select = view["blocks"][1]["element"]
    assert select["initial_option"]["value"] == "fortnightly"
    assert view["blocks"][0]["optional"] is False and view["blocks"][3]["hint"]["text"] == "2 to 4"


def test_submitted_modal_values_come_back_as_strings():
    view = form_view(FORM, Origin("C1", "17.1", "", "thread"))
    view["state"] = {"values": {
        "name": {"value": {"type": "plain_text_input", "value": "Pharmacy"}},
        "cadence": {"value": {"type": "static_select", "selected_option": {"value": "weekly"}}},
        "start": {"value": {"type": "datepicker", "selected_date": "2026-12-14"}},
        "size": {"value": {"type": "number_input", "value": "3"}},
        "theme": {"value": {"type": "plain_text_input", "value": None}}}}
    submitted = read_submission(view)
    assert submitted.form_id == "coffee.programme" and submitted.context == "42"
    assert submitted.origin == Origin("C1", "17.1", "", "thread")
    assert submitted.values == {"name": "Pharmacy", "cadence": "weekly", "start": "2026-12-14",
                                "size": "3", "theme": ""}


def test_errors_for_unknown_fields_land_on_the_first_input():
    view = form_view(FORM, Origin())
    assert inline_errors(view, {"size": "Too big", "other": "Odd"}) == {
        "size": "Too big", "name": "Odd"}
