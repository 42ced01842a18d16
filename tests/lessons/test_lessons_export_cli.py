"""``kmbot export lessons``: every lesson (team-only too: it is run by whoever runs kmbot),
with the filters applied, as CSV or JSON."""
from __future__ import annotations

import csv
import io
import json

from bot import reports
from core.vocabulary import Place, PlaceKind

WARD = Place(PlaceKind.CHANNEL, "C1", name="ward-7", private=False)


def _args(*argv):
    """``kmbot export lessons ...``: the arguments after the kind."""
    return reports.parse(["export", "lessons", *argv])


async def test_export_lessons_from_the_command_line(chat, settings, capsys):
    await chat.say("ann", "lesson Charge hoists nightly #falls", WARD)
    await chat.say("ann", "lesson =SUM(A1) spreadsheets are not formulas #it [team-only]", WARD)
    await chat.say("ann", "lesson action 1 me 2026-12-20 Buy chargers")
    assert await reports.run(settings, _args("--format", "json",
                                             "--tag", "#Falls")) == 0
    [record] = json.loads(capsys.readouterr().out)
    assert record["title"] == "Charge hoists nightly" and record["tags"] == ["falls"]
    assert record["author"] == "Ann" and record["actions"][0]["text"] == "Buy chargers"
    assert await reports.run(settings, _args("--since", "2026-11-01")) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 2 and rows[0]["visibility"] == "team"
    assert rows[0]["title"].startswith("'=SUM")                 # no formula in a spreadsheet
