"""The core's text for a terminal: the one place console escaping happens.

Mentions become ``@Name``, and every control character except newline and tab is dropped
(ESC, so no colour, cursor or title sequences; carriage return and backspace, so nothing
overwrites what was shown; the C1 controls, including the one-byte CSI), whoever wrote it.
"""
from __future__ import annotations

import re

from core.mentions import plain

CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape(text: str) -> str:
    """Any text, safe to print."""
    return CONTROLS.sub("", text)


def terminal(text: str) -> str:
    """Core text as a terminal shows it."""
    return escape(plain(text))
