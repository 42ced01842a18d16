"""Reading dates, periods and times that people type, with answers that say what is wrong."""
from __future__ import annotations

import re
from datetime import date, time, timedelta

from dateutil.relativedelta import relativedelta

from . import wording
from .errors import UserError
from .numbers import small_count

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                "twelve": 12}
UNITS = {"day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "wk": "weeks",
         "wks": "weeks", "month": "months", "months": "months"}
MAX_AHEAD = timedelta(days=366)
LONGEST = {"days": 366, "weeks": 53, "months": 12}   # checked before any date arithmetic
PATTERNS = (("ymd", r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"),
            ("dmy", r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{2}|[0-9]{4})"),
            ("dMy", r"([0-9]{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:\s+([0-9]{4}))?"))


def parse_date(text: str, today: date) -> date:
    """``24/12/2026``, ``2026-12-24``, ``24 December 2026`` or ``24 Dec`` (the next one)."""
    raw = text.strip().rstrip(".")
    lowered = raw.lower()
    if lowered == "tomorrow":
        return today + timedelta(days=1)
    for kind, pattern in PATTERNS:
        m = re.fullmatch(pattern, lowered)
        if m:
            break
    else:
        raise UserError(wording.BAD_DATE.format(text=raw))
    if kind == "ymd":
        year, month, day = (int(g) for g in m.groups())
    elif kind == "dmy":
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year += 2000 if year < 100 else 0
    else:
        day, name, year_text = int(m.group(1)), m.group(2), m.group(3)
        month = next((i + 1 for i, full in enumerate(MONTHS)
                      if len(name) >= 3 and full.startswith(name)), None)
        if month is None:
            raise UserError(wording.BAD_DATE.format(text=raw))
        year = int(year_text) if year_text else today.year
    try:
        result = date(year, month, day)
    except ValueError:
        raise UserError(wording.IMPOSSIBLE_DATE.format(text=raw)) from None
    if kind == "dMy" and not m.group(3) and result < today:
        result = result.replace(year=today.year + 1)
    return result


def future_date(text: str, today: date) -> date:
    """A date from tomorrow to a year ahead."""
    result = parse_date(text, today)
    if result <= today:
        raise UserError(wording.DATE_IN_PAST.format(date=show_date(result)))
    if result - today > MAX_AHEAD:
        raise UserError(wording.DATE_TOO_FAR.format(date=show_date(result)))
    return result


def parse_period_end(words: list[str], today: date) -> date:
    """``["2", "weeks"]`` or ``["until", "24/12/2026"]`` -> the first day back."""
    text = " ".join(words).strip().lower()
    if text.startswith("until "):
        return future_date(text[6:], today)
    if text.startswith("for "):
        text = text[4:]
    m = re.fullmatch(r"([0-9]+|[a-z]+)\s*([a-z]+)", text)
    if not m or m.group(2) not in UNITS:
        raise UserError(wording.BAD_PERIOD.format(text=" ".join(words)))
    count_text, unit = m.group(1), UNITS[m.group(2)]
    if count_text.isascii() and count_text.isdigit():
        count = small_count(count_text, LONGEST[unit])
        if count is None and count_text.strip("0"):       # a number, but far too many
            raise UserError(wording.PERIOD_TOO_FAR.format(text=" ".join(words)))
    else:
        count = NUMBER_WORDS.get(count_text)
    if not count:
        raise UserError(wording.BAD_PERIOD.format(text=" ".join(words)))
    end = today + relativedelta(**{unit: count})
    if end - today > MAX_AHEAD:
        raise UserError(wording.DATE_TOO_FAR.format(date=show_date(end)))
    return end


def parse_time(text: str) -> time:
    m = re.fullmatch(r"([0-9]{1,2})[:.]([0-9]{2})", text.strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise UserError(wording.BAD_TIME.format(text=text))
    return time(int(m.group(1)), int(m.group(2)))


def show_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"
