"""Form submissions are checked on the server against the form's own definition, whatever
the client sent (a Slack modal, a Teams card or the console enforce nothing we rely on)."""
from __future__ import annotations

import pytest

from core.cards import Choice, Form, FormInput
from core.errors import FormInvalid
from core.forms import validate

FORM = Form("test.form", "Test", (
    FormInput("name", "Name", required=True, max_length=10),
    FormInput("size", "Size", "select", True, (Choice("2", "Pairs"), Choice("3", "Threes"))),
    FormInput("count", "Count", "number"),
    FormInput("when", "When", "date"),
    FormInput("notes", "Notes", "multiline"),
))


def problems(values) -> dict[str, str]:
    with pytest.raises(FormInvalid) as raised:
        validate(FORM, values)
    return raised.value.errors


def test_a_good_submission_is_cleaned_and_extra_fields_dropped():
    cleaned = validate(FORM, {"name": " Ann ", "size": "3", "count": "12", "when": "2026-12-24",
                              "admin": "yes"})
    assert cleaned == {"name": "Ann", "size": "3", "count": "12", "when": "2026-12-24",
                       "notes": ""}


def test_every_wrong_field_is_named_at_once():
    errors = problems({"name": "x" * 11, "size": "99", "count": "1e9", "when": "2026-02-30"})
    assert set(errors) == {"name", "size", "count", "when"}
    assert "most is 10" in errors["name"] and "Pairs, Threes" in errors["size"]
    assert "whole number" in errors["count"] and "date" in errors["when"]


def test_required_fields_must_be_there_and_values_must_be_text():
    assert set(problems({})) == {"name", "size"}
    assert "couldn't be read" in problems({"name": ["Ann"], "size": "2"})["name"]
    assert "NUL" in problems({"name": "A\x00n", "size": "2"})["name"]


async def test_a_programme_form_with_only_a_name_creates_nothing(chat):
    reply = await chat.submit("lib", "coffee.programme", {"name": "Night shift"})
    assert {"every", "day", "time", "tz", "size", "cross"} <= set(reply.field_errors)
    assert "Night shift" not in await chat.say("lib", "coffee programmes")


async def test_a_profile_form_cannot_smuggle_in_other_fields(chat):
    await chat.say("ann", "coffee join")
    reply = await chat.submit("ann", "coffee.profile", {"department": "Pharmacy",
                                                        "display_name": "The Boss"})
    assert not reply.field_errors
    card = await chat.say("ann", "coffee profile")
    assert "Pharmacy" in chat.last.messages[0].card.sections[1].fields[0].value
    assert "The Boss" not in card


async def test_a_librarian_form_is_refused_to_others_before_validation(chat):
    reply = await chat.submit("ann", "coffee.programme", {"name": "Mine"})
    assert "Only librarians" in reply.text and not reply.field_errors
