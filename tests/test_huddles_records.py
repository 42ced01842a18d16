"""What huddles leave behind: answers stored with the huddle, the date and the question,
``/huddle summary`` for any day, the CSV export in chat and from ``kmbot export huddles``,
and ``/huddle stats`` (response rate, answers per week, the most common concerns)."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import pytest

from bot import cli

from .test_huddles import SCHEDULE, WARD, at

UTC = timezone.utc


async def two_days(chat, runtime, clock):
    await chat.say("nia", SCHEDULE, WARD)
    await at(chat, runtime, clock, datetime(2026, 11, 26, 8, 45, tzinfo=UTC))
    [thursday] = chat.posts("C7")
    await chat.reply_in_thread("ann", thursday, "2. Bay 3 hoist broken")
    await chat.reply_in_thread("bob", thursday, "2. Hoist in bay 3 and low staffing")
    await chat.reply_in_thread("cat", thursday, "1. =SUM(A1) calm night")
    await at(chat, runtime, clock, datetime(2026, 11, 27, 8, 45, tzinfo=UTC))
    friday = chat.posts("C7")[-1]
    await chat.reply_in_thread("ann", friday, "2. Staffing on lates")
    await at(chat, runtime, clock, datetime(2026, 11, 27, 9, 15, tzinfo=UTC))


async def test_summary_for_a_given_day_and_the_latest(chat, runtime, clock):
    await two_days(chat, runtime, clock)
    latest = await chat.say("ann", 'huddle summary "Ward 7 safety huddle"', WARD)
    assert latest.startswith("Ward 7 safety huddle, Friday 27 November: 1 answered.")
    thursday = await chat.say("ann", 'huddle summary "Ward 7 safety huddle" 2026-11-26', WARD)
    assert thursday.startswith("Ward 7 safety huddle, Thursday 26 November: 3 answered.")
    assert "didn't run on 2026-11-28" in await chat.say(
        "ann", 'huddle summary "Ward 7 safety huddle" 2026-11-28', WARD)
    assert "isn't a date" in await chat.say(
        "ann", 'huddle summary "Ward 7 safety huddle" yesterday', WARD)


async def test_export_in_chat_is_a_csv_with_one_row_per_answer(chat, runtime, clock):
    await two_days(chat, runtime, clock)
    assert "only the person who scheduled" in (await chat.say(
        "ann", 'huddle export "Ward 7 safety huddle"', WARD)).lower()
    assert await chat.say("nia", 'huddle export "Ward 7 safety huddle" --since 2026-11-27',
                          WARD) == "The answers to “Ward 7 safety huddle”: 1 rows."
    reply = await chat.say("lib", 'huddle export "Ward 7 safety huddle"', WARD)
    assert reply == "The answers to “Ward 7 safety huddle”: 4 rows."
    attachment = chat.last.messages[0].attachment
    rows = list(csv.reader(io.StringIO(attachment.content)))
    assert attachment.filename == "ward-7-safety-huddle.csv"
    assert rows[0] == ["huddle", "date", "question", "person", "answer", "late", "via",
                       "answered_at"]
    assert rows[1][:6] == ["Ward 7 safety huddle", "2026-11-26", "Any safety concerns today?",
                           "Ann", "Bay 3 hoist broken", "no"]
    assert rows[3][4] == "'=SUM(A1) calm night"           # never a spreadsheet formula


async def test_stats_show_response_rate_weeks_and_concerns(chat, runtime, clock):
    await two_days(chat, runtime, clock)
    assert await chat.say("ann", 'huddle stats "Ward 7 safety huddle"', WARD) == (
        "“Ward 7 safety huddle” over the last 30 days:\n"
        "• Response rate: 33% (1 of 3 regulars answered the last huddle)\n"
        "• Answers per week: 2026-W48: 4\n"
        "• Most common words in concerns: bay (2), hoist (2), staffing (2), broken (1), "
        "lates (1)")


async def test_kmbot_export_huddles_writes_the_csv(chat, runtime, clock, database_url,
                                                   monkeypatch, tmp_path):
    await two_days(chat, runtime, clock)
    monkeypatch.setenv("KMBOT_DATABASE_URL", database_url)
    out = tmp_path / "huddles.csv"
    assert await _in_thread(["export", "huddles", "--since", "2026-11-26", "--output",
                             str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert len(rows) == 5 and rows[-1][4] == "Staffing on lates"
    with pytest.raises(SystemExit) as refused:               # argparse: not a date
        cli.main(["export", "huddles", "--since", "last week"])
    assert refused.value.code == 2


async def _in_thread(argv):
    import asyncio
    return await asyncio.to_thread(cli.main, argv)
