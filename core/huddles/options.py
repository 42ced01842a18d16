"""Reading a huddle's settings from what people type (``days=weekdays time=08:45 ...``) or
from the schedule form, with a message that says how to fix anything wrong."""
from __future__ import annotations

import re
from datetime import date
from typing import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import UserError
from ..wording import huddles as say
from .model import (DAYS, EVERY, MAX_NAME_CHARS, MAX_QUESTION_CHARS, MAX_QUESTIONS,
                    MAX_WINDOW, MIN_WINDOW, NATIONS, TEMPLATES, HuddleSettings)
from .schedule import next_start

OPTIONS = ("days", "every", "time", "tz", "template", "questions", "window", "nation",
           "channel")
TIME = re.compile(r"([01]?[0-9]|2[0-3]):?([0-5][0-9])")
WINDOW = re.compile(r"(?:(\d{1,2})h)?(?:(\d{1,4})m(?:in)?)?")
DAY_ALIASES = {"weekdays": (0, 1, 2, 3, 4), "weekday": (0, 1, 2, 3, 4),
               "daily": tuple(range(7)), "everyday": tuple(range(7)),
               "weekends": (5, 6)}


def parse_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise UserError(say.NEED_NAME)
    if len(name) > MAX_NAME_CHARS:
        raise UserError(say.NAME_TOO_LONG.format(n=len(name), limit=MAX_NAME_CHARS))
    return name


def parse_days(value: str) -> tuple[int, ...]:
    text = value.strip().lower()
    if text in DAY_ALIASES:
        return DAY_ALIASES[text]
    days = set()
    for part in re.split(r"[,\s]+", text):
        if not part:
            continue
        if "-" in part:                              # mon-fri
            first, _, last = part.partition("-")
            a, b = _day(first, value), _day(last, value)
            days.update(range(a, b + 1) if a <= b else list(range(a, 7)) + list(range(b + 1)))
        else:
            days.add(_day(part, value))
    if not days:
        raise UserError(say.BAD_DAYS.format(value=value))
    return tuple(sorted(days))


def _day(word: str, value: str) -> int:
    word = word[:3]
    if word not in DAYS:
        raise UserError(say.BAD_DAYS.format(value=value))
    return DAYS.index(word)


def parse_every(value: str) -> str:
    text = value.strip().lower()
    if text not in EVERY:
        raise UserError(say.BAD_EVERY.format(value=value))
    return text


def parse_time(value: str) -> str:
    match = TIME.fullmatch(value.strip())
    if not match:
        raise UserError(say.BAD_TIME.format(value=value))
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_tz(value: str) -> str:
    text = value.strip()
    if not text or len(text) > 64 or ".." in text or text.startswith("/"):
        raise UserError(say.BAD_TZ.format(value=value))
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UserError(say.BAD_TZ.format(value=value)) from None
    return text


def parse_window(value: str) -> int:
    text = value.strip().lower().replace(" ", "")
    if text.isdigit():
        minutes = int(text)
    else:
        match = WINDOW.fullmatch(text)
        if not text or not match or not (match.group(1) or match.group(2)):
            raise UserError(say.BAD_WINDOW.format(value=value))
        minutes = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    if not MIN_WINDOW <= minutes <= MAX_WINDOW:
        raise UserError(say.BAD_WINDOW.format(value=value))
    return minutes


def parse_nation(value: str) -> str:
    text = value.strip().lower().replace(" ", "-").replace("_", "-")
    text = {"ni": "northern-ireland", "northernireland": "northern-ireland"}.get(text, text)
    if text not in NATIONS:
        raise UserError(say.BAD_NATION.format(value=value))
    return text


def parse_template(value: str) -> str:
    text = value.strip().lower()
    if text not in TEMPLATES:
        raise UserError(say.BAD_TEMPLATE.format(value=value))
    return text


def parse_questions(value: str, separator: str = "|") -> tuple[str, ...]:
    questions = tuple(" ".join(q.split()) for q in value.split(separator) if q.strip())
    if not questions:
        raise UserError(say.NO_QUESTIONS)
    if len(questions) > MAX_QUESTIONS:
        raise UserError(say.TOO_MANY_QUESTIONS.format(n=len(questions)))
    for i, question in enumerate(questions, 1):
        if len(question) > MAX_QUESTION_CHARS:
            raise UserError(say.QUESTION_TOO_LONG.format(i=i, n=len(question),
                                                         limit=MAX_QUESTION_CHARS))
    return questions


def parse_date(value: str, today: date) -> date:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(say.BAD_DATE.format(value=value)) from None
    if day < today:
        raise UserError(say.PAST_DATE.format(day=day.isoformat()))
    return day


def split_options(args: list[str]) -> dict[str, str]:
    """``["days=weekdays", "tz=Europe/London"]`` -> ``{"days": "weekdays", ...}``."""
    options: dict[str, str] = {}
    for word in args:
        name, equals, value = word.partition("=")
        if not equals:
            raise UserError(say.NOT_AN_OPTION.format(word=word))
        name = name.strip().lower()
        if name in ("timezone", "zone"):
            name = "tz"
        if name not in OPTIONS:
            raise UserError(say.UNKNOWN_OPTION.format(option=name))
        options[name] = value
    return options


def apply(settings: HuddleSettings, options: Mapping[str, str],
          separator: str = "|") -> HuddleSettings:
    """``settings`` with ``options`` applied; raises :class:`UserError` on the first bad one
    (nothing is stored until everything reads right)."""
    changes: dict = {}
    if "days" in options:
        changes["days"] = parse_days(options["days"])
    if "every" in options:
        changes["every"] = parse_every(options["every"])
    if "time" in options:
        changes["time"] = parse_time(options["time"])
    if "tz" in options:
        changes["timezone"] = parse_tz(options["tz"])
    if "window" in options:
        changes["window"] = parse_window(options["window"])
    if "nation" in options:
        changes["nation"] = parse_nation(options["nation"])
    if options.get("questions", "").strip():
        changes["questions"] = parse_questions(options["questions"], separator)
        changes["template"] = "custom"
    elif options.get("template", "").strip():
        template = parse_template(options["template"])
        changes["questions"], changes["template"] = TEMPLATES[template], template
    return settings.with_changes(**changes)


def check_has_dates(settings: HuddleSettings, now) -> None:
    if next_start(settings, now) is None:
        raise UserError(say.NO_DATES)


def window_text(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    parts = ([f"{hours} hour" + ("" if hours == 1 else "s")] if hours else []) + (
        [f"{mins} minutes"] if mins else [])
    return " ".join(parts)
