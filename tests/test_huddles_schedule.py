"""When huddles happen: days, fortnightly and monthly rotas, bank holidays of the four nations
(substitute days included), marked dates and the change to and from British Summer Time,
all as pure functions of a time (no waiting)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from core.errors import UserError
from core.huddles import options
from core.huddles.model import HuddleSettings
from core.huddles.schedule import (bank_holiday, local_start, next_start, next_starts,
                                   reminder_at, skipped_between)

UTC = timezone.utc


def at(y, m, d, h=12, mi=0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=UTC)


def days_of(starts) -> list[date]:
    return [s.date() for s in starts]


WEEKDAYS = HuddleSettings(name="Ward 7 safety huddle", time="08:45")


def test_weekdays_skip_the_weekend():
    # Friday 27 November 2026 after the huddle: next is Monday
    assert days_of(next_starts(WEEKDAYS, at(2026, 11, 27), 3)) == [
        date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)]


def test_england_skips_christmas_and_the_substitute_boxing_day():
    # 2026: Christmas is a Friday, Boxing Day a Saturday, so Monday 28th is the substitute
    assert days_of(next_starts(WEEKDAYS, at(2026, 12, 24, 9), 3)) == [
        date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)]
    assert bank_holiday("england", date(2026, 12, 28))


def test_each_nation_has_its_own_bank_holidays():
    # 2 January is a Scottish bank holiday (2027: a Saturday, so Monday 4th substitutes)
    after = at(2026, 12, 31, 9)
    scotland = days_of(next_starts(WEEKDAYS.with_changes(nation="scotland"), after, 2))
    england = days_of(next_starts(WEEKDAYS, after, 2))
    assert date(2027, 1, 4) in england and date(2027, 1, 4) not in scotland
    # St Patrick's Day (Wednesday 17 March 2027) only in Northern Ireland
    before = at(2027, 3, 16, 9)
    assert next_start(WEEKDAYS.with_changes(nation="northern-ireland"), before).date() == (
        date(2027, 3, 18))
    assert next_start(WEEKDAYS.with_changes(nation="wales"), before).date() == date(2027, 3, 17)
    # St Andrew's Day (Monday 30 November 2026) only in Scotland
    friday = at(2026, 11, 27, 9)
    assert next_start(WEEKDAYS.with_changes(nation="scotland"), friday).date() == date(2026, 12, 1)
    assert next_start(WEEKDAYS, friday).date() == date(2026, 11, 30)
    # and "none" means no bank holidays at all
    assert next_start(WEEKDAYS.with_changes(nation="none"), at(2026, 12, 24, 9)).date() == (
        date(2026, 12, 25))


def test_marked_dates_are_skipped():
    settings = WEEKDAYS.with_changes(skip_dates=(date(2026, 12, 2),))
    assert days_of(next_starts(settings, at(2026, 11, 30, 9), 3)) == [
        date(2026, 12, 1), date(2026, 12, 3), date(2026, 12, 4)]
    assert skipped_between(settings, at(2026, 11, 30, 9), at(2026, 12, 4, 9)) == [
        (date(2026, 12, 2), "marked to skip")]


def test_the_local_time_holds_through_both_clock_changes():
    # BST starts Sunday 29 March 2026 and ends Sunday 25 October 2026
    friday, monday = next_starts(WEEKDAYS, at(2026, 3, 26, 9), 2)
    assert friday == at(2026, 3, 27, 8, 45)            # GMT: 08:45 is 08:45 UTC
    assert monday == at(2026, 3, 30, 7, 45)            # BST: 08:45 is 07:45 UTC
    back = next_start(WEEKDAYS, at(2026, 10, 24))
    assert (back.date(), back.hour) == (date(2026, 10, 26), 8)


def test_a_time_the_clocks_skip_moves_forward_with_them():
    night = HuddleSettings(name="n", time="01:30", days=tuple(range(7)))
    start = local_start(night, date(2026, 3, 29))      # 01:30 does not exist that night
    assert start == at(2026, 3, 29, 1, 30)              # = 02:30 BST


def test_fortnightly_counts_weeks_from_its_start():
    settings = HuddleSettings(name="f", days=(2,), every="fortnightly",
                              start=date(2026, 11, 25))
    assert days_of(next_starts(settings, at(2026, 11, 24), 3)) == [
        date(2026, 11, 25), date(2026, 12, 9), date(2026, 12, 23)]


def test_monthly_is_the_first_of_its_days_in_each_month():
    settings = HuddleSettings(name="m", days=(0,), every="monthly", nation="none")
    assert days_of(next_starts(settings, at(2026, 11, 25), 3)) == [
        date(2026, 12, 7), date(2027, 1, 4), date(2027, 2, 1)]


def test_the_reminder_is_fifteen_minutes_before_close_or_halfway_for_short_windows():
    opens = at(2026, 12, 1, 8, 45)
    assert reminder_at(opens, opens + timedelta(minutes=30)) == opens + timedelta(minutes=15)
    assert reminder_at(opens, opens + timedelta(hours=2)) == opens + timedelta(minutes=105)
    assert reminder_at(opens, opens + timedelta(minutes=10)) == opens + timedelta(minutes=5)


@pytest.mark.parametrize("typed, expected", [
    ({"days": "weekdays"}, {"days": (0, 1, 2, 3, 4)}),
    ({"days": "mon,wed,fri"}, {"days": (0, 2, 4)}),
    ({"days": "Monday, Thursday"}, {"days": (0, 3)}),
    ({"days": "daily"}, {"days": tuple(range(7))}),
    ({"time": "8:05"}, {"time": "08:05"}),
    ({"window": "30m"}, {"window": 30}),
    ({"window": "1h30m"}, {"window": 90}),
    ({"window": "24h"}, {"window": 1440}),
    ({"nation": "Northern Ireland"}, {"nation": "northern-ireland"}),
    ({"template": "learning"}, {"template": "learning"}),
    ({"questions": "What went well?|What didn't?"},
     {"questions": ("What went well?", "What didn't?"), "template": "custom"}),
])
def test_options_people_type(typed, expected):
    settings = options.apply(WEEKDAYS, typed)
    assert {k: getattr(settings, k) for k in expected} == expected


@pytest.mark.parametrize("typed, says", [
    ({"days": "someday"}, "isn't a set of days"),
    ({"days": ""}, "isn't a set of days"),
    ({"time": "25:00"}, "isn't a time"),
    ({"time": "quarter to nine"}, "isn't a time"),
    ({"tz": "Mars/Olympus"}, "isn't a time zone"),
    ({"tz": "../../etc/passwd"}, "isn't a time zone"),
    ({"window": "5m"}, "from 10 minutes to 24 hours"),
    ({"window": "25h"}, "from 10 minutes to 24 hours"),
    ({"window": "soon"}, "from 10 minutes to 24 hours"),
    ({"nation": "cornwall"}, "isn't a nation"),
    ({"every": "hourly"}, "weekly, fortnightly or monthly"),
    ({"template": "fun"}, "safety, improvement or learning"),
    ({"questions": "a|b|c|d|e|f"}, "6 questions"),
    ({"questions": " | "}, "at least one question"),
    ({"questions": "x" * 201}, "the limit is 200"),
])
def test_bad_options_say_how_to_fix_them(typed, says):
    with pytest.raises(UserError, match=says):
        options.apply(WEEKDAYS, typed)


def test_a_schedule_that_never_happens_is_refused():
    settings = HuddleSettings(name="x", days=(5,), nation="none",
                              skip_dates=tuple(date(2026, 11, 28) + timedelta(weeks=w)
                                               for w in range(120)))
    with pytest.raises(UserError, match="never happen"):
        options.check_has_dates(settings, at(2026, 11, 25))


def test_a_thread_reply_is_split_by_numbered_lines():
    from core.huddles.answers import split_reply
    assert split_reply("1. Calm\n2) Hoist broken\n   since Monday\n3: no", 3) == [
        (0, "Calm"), (1, "Hoist broken\n   since Monday"), (2, "no")]
    assert split_reply("All fine today", 3) == [(-1, "All fine today")]
    assert split_reply("All fine\n2. but the hoist", 3) == [(-1, "All fine"),
                                                             (1, "but the hoist")]
    assert split_reply("7. not a question we asked", 3) == [(-1, "7. not a question we asked")]
    assert split_reply("1. the only question", 1) == [(0, "1. the only question")]
