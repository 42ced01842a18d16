"""What librarians type for feeds, read and checked: addresses and how often."""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

from ..errors import UserError
from ..wording import feeds as say
from .model import MAX_EVERY, MAX_URL, MIN_EVERY

EVERY = re.compile(r"(\d{1,4})\s*(m|mins?|minutes?|h|hrs?|hours?|d|days?)", re.IGNORECASE)
UNITS = {"m": 60, "h": 3600, "d": 86400}
SPOKEN = {"hourly": 3600, "daily": 86400}


def read_url(text: str) -> str:
    """A feed address as typed (Slack wraps links as ``<https://x>`` or ``<https://x|x>``);
    raises UserError unless it is an http(s) address with a host and no credentials."""
    url = text.strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1].split("|", 1)[0]
    if len(url) > MAX_URL:
        raise UserError(say.URL_TOO_LONG.format(n=len(url), limit=MAX_URL))
    shown = url[:100]
    try:
        parts = urlsplit(url)
        parts.port        # noqa: B018  (a port that is not a number raises)
    except ValueError:
        raise UserError(say.BAD_URL.format(url=shown)) from None
    if (parts.scheme.lower() not in ("http", "https") or not parts.hostname
            or parts.username or parts.password or any(c.isspace() or ord(c) < 32 for c in url)):
        raise UserError(say.BAD_URL.format(url=shown))
    return url


def read_every(text: str) -> timedelta:
    """``30m``, ``2 hours``, ``1d``, ``hourly`` -> a timedelta within the allowed range."""
    value = text.strip().lower()
    if value in SPOKEN:
        every = timedelta(seconds=SPOKEN[value])
    else:
        match = EVERY.fullmatch(value)
        if not match:
            raise UserError(say.BAD_EVERY.format(value=text.strip()[:40]))
        every = timedelta(seconds=int(match.group(1)) * UNITS[match.group(2)[0].lower()])
    if not MIN_EVERY <= every <= MAX_EVERY:
        raise UserError(say.EVERY_RANGE.format(low=spoken(MIN_EVERY), high=spoken(MAX_EVERY),
                                               asked=spoken(every)))
    return every


def count(n: int, words: tuple[str, str]) -> str:
    return f"{n} {words[0] if n == 1 else words[1]}"


def spoken(every: timedelta) -> str:
    """``2 hours``, ``30 minutes``, ``1 day``."""
    seconds = int(every.total_seconds())
    if seconds and seconds % 86400 == 0:
        return count(seconds // 86400, say.DAYS)
    if seconds and seconds % 3600 == 0:
        return count(seconds // 3600, say.HOURS)
    return count(max(seconds // 60, 0), say.MINUTES)


def how_often(every: timedelta) -> str:
    """``every hour``, ``every 30 minutes``."""
    if every == timedelta(hours=1):
        return say.EVERY_HOURLY
    return say.EVERY_PHRASE.format(n=spoken(every))


def items_count(n: int) -> str:
    return count(n, say.ITEMS)
