"""Numbers, dates, whitespace and control characters that people type: bounded, understood or
refused with a clear answer, never an apology."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings, strategies as st

from core import wording
from core.dates import parse_date, parse_period_end
from core.errors import UserError
from core.features import build_kernel
from core.services import Services
from core.vocabulary import Actor, Command, Place, PlaceKind

TODAY = date(2026, 11, 25)
WORDS = st.sampled_from(["coffee", "join", "pause", "3000000", "days", "weeks", "until",
                         "9" * 30, "²", "٣", "\t", " ", "\n", "\x00", '"', "'", "=", "/", "-",
                         "size=²", "time=99:99", "kmbot", "help", "until 31/02/2027"])
LINES = st.lists(st.one_of(WORDS, st.text(max_size=6)), max_size=8).map(" ".join)


async def test_a_huge_pause_is_more_than_a_year_away(chat):
    await chat.say("ann", "coffee join")
    for line in ("coffee pause 3000000 days", "coffee pause 99999999999999999999 weeks",
                 "coffee pause 13 months"):
        assert "more than a year away" in await chat.say("ann", line)
    assert "isn't a period I understand" in await chat.say("ann", "coffee pause ٣ days")


async def test_tabs_and_other_whitespace_separate_words(chat):
    assert "You're in" in await chat.say("ann", "coffee\tjoin")
    assert "Paused" in await chat.say("ann", "coffee\u3000pause\t2\u00a0weeks")


async def test_a_nul_character_is_refused_clearly(chat):
    assert await chat.say("ann", "coffee join\x00") == wording.NUL_REFUSED
    assert "not in Coffee Connect yet" in await chat.say("ann", "coffee status")


async def test_strange_digits_are_not_sizes(chat):
    reply = await chat.say("lib", "coffee create Nights size=²")
    assert "size" in reply.lower() and wording.SOMETHING_WENT_WRONG not in reply


@given(st.text(max_size=30))
def test_dates_and_periods_are_read_or_refused(text):
    for parse in (lambda: parse_date(text, TODAY), lambda: parse_period_end(text.split(), TODAY)):
        try:
            parse()
        except UserError:
            pass


@settings(max_examples=200, deadline=None)
@given(LINES)
def test_the_command_parser_understands_or_explains(line):
    router = build_kernel(Services(uow=None, channels=None)).router
    try:
        parsed = router.parse(Command(Actor("x", "T", "U"), Place(PlaceKind.DIRECT), "", line))
    except UserError as error:
        assert str(error)
    else:
        assert parsed.spec.handler is not None
