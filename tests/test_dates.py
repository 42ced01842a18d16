"""Reading the dates and periods people type."""
from __future__ import annotations

from datetime import date

import pytest

from core.dates import parse_date, parse_period_end, parse_time
from core.errors import UserError

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize("text, expected", [
    ("24/12/2026", date(2026, 12, 24)), ("2026-12-24", date(2026, 12, 24)),
    ("24.12.26", date(2026, 12, 24)), ("24 December 2026", date(2026, 12, 24)),
    ("3rd Jan", date(2027, 1, 3)), ("tomorrow", date(2026, 11, 26)),
])
def test_dates_people_type(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text, problem", [
    ("31/02/2027", "isn't a real date"), ("2027-13-01", "isn't a real date"),
    ("next week sometime", "isn't a date I understand"), ("30 Febtember", "isn't a date"),
])
def test_impossible_or_unreadable_dates(text, problem):
    with pytest.raises(UserError, match=problem):
        parse_date(text, TODAY)


@pytest.mark.parametrize("words, expected", [
    ("2 weeks", date(2026, 12, 9)), ("10 days", date(2026, 12, 5)),
    ("a month", date(2026, 12, 25)), ("for three weeks", date(2026, 12, 16)),
    ("until 1/1/2027", date(2027, 1, 1)),
])
def test_periods(words, expected):
    assert parse_period_end(words.split(), TODAY) == expected


def test_periods_over_a_year_are_refused():
    with pytest.raises(UserError, match="more than a year away"):
        parse_period_end(["13", "months"], TODAY)


@pytest.mark.parametrize("text", ["24:00", "9", "12:60", "noon"])
def test_bad_times(text):
    with pytest.raises(UserError, match="24-hour clock"):
        parse_time(text)
