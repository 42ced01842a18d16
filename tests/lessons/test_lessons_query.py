"""What a person types into /lessons becomes words, phrases and filters; nothing is an error."""
from __future__ import annotations

from datetime import date

from hypothesis import given, strategies as st

from core.lessons.query import MAX_TERMS, Term, normalise_tag, parse_query


def words(text):
    return [term.text for term in parse_query(text).terms]


def test_words_and_filters_are_separated():
    query = parse_query('discharge lounge tag:Falls team:"Ward 7" project:TTO '
                        'since:2026-11-01 by:<@U123|Ann Smith>')
    assert words('discharge lounge tag:x') == ["discharge", "lounge"]
    assert query.tags == ("falls",) and query.teams == ("ward 7",)
    assert query.projects == ("tto",) and query.since == date(2026, 11, 1)
    assert query.by == ("U123",)


def test_by_takes_a_plain_name_too():
    assert parse_query("by:@alice").by == ("alice",)


def test_phrases_come_from_quotes_and_hyphens():
    assert parse_query('"hand hygiene" non-slip don\'t').terms == (
        Term(("hand", "hygiene")), Term(("non", "slip")), Term(("don", "t")))


def test_search_syntax_words_are_just_words():
    assert words("falls AND sensors OR NOT NEAR(x)") == ["falls", "and", "sensors", "or",
                                                         "not", "near", "x"]


def test_a_filter_that_cannot_be_understood_is_reported_not_fatal():
    query = parse_query("since:2026-02-30 tag: falls")
    assert query.since is None and query.ignored == ("since:2026-02-30", "tag:")
    assert words("since:2026-02-30 tag: falls") == ["falls"]


def test_emoji_punctuation_and_unbalanced_quotes_leave_the_words():
    assert words('🙂 "hand hygiene!!! ;-- (gel)') == ["hand hygiene gel"]
    assert words('"unbalanced quote') == ["unbalanced quote"]
    assert words("🙂 (gel)!!!") == ["gel"]
    assert parse_query("🙂 !!! ***").is_empty


def test_tags_are_normalised():
    assert normalise_tag("#Hand Hygiene") == "hand-hygiene"
    assert normalise_tag("###") == ""


def test_very_long_queries_are_cut_down():
    assert len(parse_query("word " * 500 + " ".join(f"w{i}" for i in range(50))).terms) \
        <= MAX_TERMS


@given(st.text())
def test_any_text_parses(text):
    query = parse_query(text)
    assert all(term.words and all(term.words) for term in query.terms)
    assert len(query.terms) <= MAX_TERMS
