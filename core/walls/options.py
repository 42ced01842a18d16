"""Reading a wall's or poll's settings, typed inline or from the form, with clear refusals."""
from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from ..errors import FormInvalid
from ..wording import walls as say
from .model import MAX_LIMIT, MAX_QUESTION, Anonymity, WallSettings

YES = ("yes", "y", "true", "on")
NO = ("no", "n", "false", "off")
DEFAULT_CLOSING = time(17, 0)


def split_options(words: list[str]) -> tuple[list[str], dict[str, str]]:
    """``['Why?', 'hidden=yes']`` -> ``(['Why?'], {'hidden': 'yes'})``."""
    plain, named = [], {}
    for word in words:
        name, eq, value = word.partition("=")
        if eq and name and name.isidentifier():
            named[name.lower()] = value
        else:
            plain.append(word)
    return plain, named


def parse_closes(value: str, tz: str, now: datetime) -> datetime:
    """``2026-12-20T17:00`` (or ``2026-12-20 17:00``, or a date: 5pm) in ``tz``, in UTC;
    raises ValueError with the message to show."""
    text = value.strip().replace(" ", "T")
    try:
        if "T" in text:
            local = datetime.fromisoformat(text)
        else:
            local = datetime.combine(datetime.fromisoformat(text).date(), DEFAULT_CLOSING)
    except ValueError:
        raise ValueError(say.BAD_CLOSES.format(tz=tz, value=value)) from None
    if local.tzinfo is None:
        local = local.replace(tzinfo=ZoneInfo(tz))
    when = local.astimezone(ZoneInfo("UTC"))
    if when <= now:
        raise ValueError(say.CLOSES_IN_PAST.format(when=local.strftime("%d %b %Y %H:%M")))
    return when


def yes_no(value: str, what: str) -> bool:
    lowered = value.strip().lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise ValueError(say.BAD_YES_NO.format(what=what, value=value))


def read_wall(question: str, named: dict[str, str], tz: str, now: datetime) -> WallSettings:
    """The settings, or FormInvalid naming every problem (field names as in the form)."""
    errors: dict[str, str] = {}
    question = " ".join(question.split())
    if not question:
        errors["question"] = say.QUESTION_NEEDED.format(usage=say.NEW_USAGE)
    elif len(question) > MAX_QUESTION:
        errors["question"] = say.QUESTION_TOO_LONG.format(n=len(question), limit=MAX_QUESTION)
    anonymity, hidden, limit, closes = Anonymity.ALLOWED, False, None, None
    for name, value in named.items():
        try:
            if name in ("anonymous", "anonymity"):
                try:
                    anonymity = Anonymity(value.strip().lower() or "allowed")
                except ValueError:
                    raise ValueError(say.BAD_ANONYMITY.format(value=value)) from None
            elif name == "hidden":
                hidden = yes_no(value, say.LABEL_HIDDEN) if value.strip() else False
            elif name == "limit":
                if value.strip():
                    if not value.strip().isdigit() or not 1 <= int(value) <= MAX_LIMIT:
                        raise ValueError(say.BAD_LIMIT.format(max=MAX_LIMIT, value=value))
                    limit = int(value)
            elif name == "closes":
                closes = parse_closes(value, tz, now) if value.strip() else None
            else:
                raise ValueError(say.UNKNOWN_OPTION.format(name=name))
        except ValueError as problem:
            errors[name] = str(problem)
    if errors:
        raise FormInvalid(errors)
    return WallSettings(question=question, anonymity=anonymity, hidden=hidden,
                        per_person=limit, closes_at=closes)
