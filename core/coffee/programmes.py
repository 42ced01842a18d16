"""Programme settings from what a librarian types (``key=value`` words) or a form.

``read_settings`` checks every value and collects every problem, so one reply can say all
that is wrong; nothing is stored unless everything is right.
"""
from __future__ import annotations

import re
from zoneinfo import ZoneInfo, available_timezones

from slugify import slugify as make_slug

from ..dates import parse_time
from ..errors import UserError
from ..mentions import channel, parse_mention
from ..numbers import small_count
from ..wording import coffee as say
from .model import WEEKDAYS, Cadence, Programme, ProgrammeSettings

ALIASES = {"cadence": "every", "frequency": "every", "timezone": "tz", "group": "size",
           "group_size": "size", "starter": "theme", "topic": "theme", "cross_department": "cross",
           "departments": "cross", "weekday": "day"}
KEYS = ("name", "every", "day", "time", "tz", "size", "theme", "cross", "channel")
YES = {"yes", "y", "true", "on", "1"}
NO = {"no", "n", "false", "off", "0"}
MAX_NAME, MAX_THEME = 60, 300
GROUP_SIZES = (2, 3, 4, 5, 6)   # 3 and up: Knowledge Café tables that rotate


def slugify(name: str) -> str:
    """A programme's short name: its letters transliterated ("☕ Café ☕" -> ``cafe``)."""
    return make_slug(name, max_length=60)


def default_settings(timezone: str) -> ProgrammeSettings:
    return ProgrammeSettings(name=say.DEFAULT_PROGRAMME_NAME, slug=slugify(say.DEFAULT_PROGRAMME_NAME),
                             cadence=Cadence.WEEKLY, weekday=0, time="10:00", timezone=timezone)


def split_pairs(words: list[str]) -> dict[str, str]:
    """``["size=3", "tz=Europe/London"]`` -> ``{"size": "3", "tz": "Europe/London"}``."""
    values: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep:
            raise UserError(say.SETTING_NOT_PAIR.format(word=word), say.CREATE_USAGE)
        key = ALIASES.get(key.strip().lower(), key.strip().lower())
        if key not in KEYS:
            raise UserError(say.SETTING_UNKNOWN.format(key=key, keys=", ".join(KEYS)))
        values[key] = value.strip()
    return values


def read_settings(values: dict[str, str], base: ProgrammeSettings,
                  here_channel: str | None) -> tuple[ProgrammeSettings, dict[str, str]]:
    """Apply ``values`` to ``base``; returns the new settings and ``{key: problem}``."""
    changes: dict = {}
    errors: dict[str, str] = {}
    for key, value in values.items():
        try:
            changes.update(_read(key, value, here_channel))
        except UserError as problem:
            errors[key] = problem.message
    return base.with_changes(**changes), errors


def _read(key: str, value: str, here_channel: str | None) -> dict:
    if key == "name":
        if not value.strip() or len(value) > MAX_NAME or not slugify(value):
            raise UserError(say.BAD_NAME.format(limit=MAX_NAME))
        return {"name": value.strip(), "slug": slugify(value)}
    if key == "every":
        try:
            return {"cadence": Cadence(value.lower())}
        except ValueError:
            raise UserError(say.BAD_CADENCE.format(value=value)) from None
    if key == "day":
        matches = [i for i, d in enumerate(WEEKDAYS) if value and d.startswith(value.lower()[:3])]
        if len(value) < 3 or len(matches) != 1:
            raise UserError(say.BAD_DAY.format(value=value))
        return {"weekday": matches[0]}
    if key == "time":
        return {"time": parse_time(value).strftime("%H:%M")}
    if key == "tz":
        if value not in available_timezones():
            raise UserError(say.BAD_TZ.format(value=value))
        ZoneInfo(value)
        return {"timezone": value}
    if key == "size":
        size = small_count(value, max(GROUP_SIZES))
        if size not in GROUP_SIZES:
            raise UserError(say.BAD_SIZE.format(value=value))
        return {"group_size": size}
    if key == "theme":
        if len(value) > MAX_THEME:
            raise UserError(say.THEME_TOO_LONG.format(n=len(value), limit=MAX_THEME))
        return {"theme": value}
    if key == "cross":
        if value.lower() not in YES | NO:
            raise UserError(say.BAD_YES_NO.format(key=key, value=value))
        return {"cross_department": value.lower() in YES}
    return {"channel_id": _channel(value, here_channel)}


def _channel(value: str, here_channel: str | None) -> str | None:
    lowered = value.lower()
    if lowered in ("none", "workspace", "everyone", ""):
        return None
    if lowered == "here":
        if not here_channel:
            raise UserError(say.CHANNEL_HERE_NOT_CHANNEL)
        return here_channel
    m = re.fullmatch(r"<#([A-Z0-9]+)(?:\|[^>]*)?>", value)
    if m:
        return m.group(1)
    if parse_mention(value):
        raise UserError(say.BAD_CHANNEL.format(value=value))
    return value.lstrip("#")


def find_programme(programmes: list[Programme], name: str) -> Programme:
    wanted = slugify(name)
    for programme in programmes:
        if programme.slug == wanted or programme.name.lower() == name.lower():
            return programme
    starts = [p for p in programmes if wanted and p.slug.startswith(wanted)]
    if len(starts) == 1:
        return starts[0]
    raise UserError(say.NO_SUCH_PROGRAMME.format(
        name=name, names=", ".join(f"`{p.slug}`" for p in programmes) or "none yet"))


def describe(settings: ProgrammeSettings) -> str:
    day = WEEKDAYS[settings.weekday].capitalize()
    when = {Cadence.WEEKLY: f"every {day}", Cadence.FORTNIGHTLY: f"every other {day}",
            Cadence.MONTHLY: f"the first {day} of each month"}[settings.cadence]
    size = {2: "pairs", 3: "groups of three"}.get(settings.group_size,
                                                  f"tables of {settings.group_size}")
    where = "workspace-wide" if not settings.channel_id else f"for {channel(settings.channel_id)}"
    cross = ", mixing departments" if settings.cross_department else ""
    return f"{when} at {settings.time} ({settings.timezone}), in {size}{cross}, {where}"
