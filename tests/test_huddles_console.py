"""Huddles at the console: scheduled in a console channel, the prompt numbered in it, answers
with ``thread N <text>``, and the summary in the thread when the window closes."""
from __future__ import annotations

import re

from datetime import datetime, timezone

from core.huddles import jobs as huddle_jobs
from scheduler import Scheduler

from .test_console_channels import Terminal

UTC = timezone.utc


async def test_a_huddle_in_a_console_channel(runtime, clock):
    nia = Terminal(runtime, "nia")
    await nia.open()
    shown = await nia.type('huddle schedule "Desk huddle" days=weekdays time=08:45 '
                           'questions="What went well?|What needs help?" window=20m')
    assert ("Scheduled “Desk huddle”: weekdays at 08:45 (Europe/London), answers open for "
            "20 minutes. Next: Thu 26 Nov 08:45.") in shown
    ticker = Scheduler(runtime.services, huddle_jobs.JOBS, worker="console")
    clock.set(datetime(2026, 11, 26, 8, 45, tzinfo=UTC))
    await ticker.tick()
    ann = Terminal(runtime, "ann")
    screen = await ann.open()
    assert "#1 kmbot: ── Desk huddle: Thursday 26 November ──" in screen
    assert "1. What went well?" in screen and "2. What needs help?" in screen
    shown = await ann.type("thread 1 2. Printer jammed again")
    assert "Thanks Ann, your answer is in." in shown
    [number] = re.findall(r"\[(\d+)\] Save as a lesson", shown)
    saved = await ann.type(number)                   # pressing the button by its number
    assert "Printer jammed again" in saved and "#huddle" in saved
    clock.set(datetime(2026, 11, 26, 8, 55, tzinfo=UTC))        # halfway: the reminder
    await ticker.tick()
    assert "10 minutes left to answer “Desk huddle”" in await ann.type("help")
    clock.set(datetime(2026, 11, 26, 9, 5, tzinfo=UTC))
    await ticker.tick()
    shown = await ann.type("help")
    assert "#1 kmbot (edited): ── Desk huddle: Thursday 26 November ──" in shown
    assert "Closed: 1 answered" in shown
    assert "What needs help?\n" in shown and "• Ann: Printer jammed again" in shown
