"""Numbers that arrive as text (button values, form context, typed counts), bounded before use.

A button's value or a form's context comes back from the platform and is untrusted: it is only
ever read as a record id through :func:`record_id`, never as code or a path, and a number too
large for the database is simply "no such record".
"""
from __future__ import annotations

import re

MAX_ID = 2**31 - 1              # the largest id a 32-bit integer column holds
DIGITS = re.compile(r"[0-9]{1,10}")


def record_id(value: str | None) -> int | None:
    """``"42"`` -> 42; anything else (empty, signs, other scripts' digits, huge) -> None."""
    text = (value or "").strip()
    if not DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def small_count(text: str, limit: int) -> int | None:
    """A count typed by a person, in ASCII digits, from 1 to ``limit``; None when it is not
    one (the caller says what is wrong). Bounded before any arithmetic."""
    text = text.strip()
    if not re.fullmatch(r"[0-9]{1,7}", text):
        return None
    number = int(text)
    return number if 0 < number <= limit else None
