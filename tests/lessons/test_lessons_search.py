"""Finding lessons: ranking, stemming, filters, pages, snippets, and any text as a query."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from storage.lesson_fts5 import Fts5Engine
from storage.lesson_pgfts import PostgresEngine

from .logbook import ANN

FILLER = ["Patient discharge planning meeting notes", "Staff handover on the ward",
          "Team meeting about patient flow", "Ward round timing and staff breaks",
          "Notes from the patient safety huddle"]


async def _filler(log, count=20):
    for i in range(count):
        await log.capture(f"{FILLER[i % len(FILLER)]} {i}",
                          "The team met and the patient ward staff discussed the plan.",
                          "We learned that the ward team needs time for the patient.",
                          tags=["ward", "team"])


async def test_the_lesson_a_distinctive_query_describes_comes_first(log):
    await _filler(log)
    await log.capture("Pharmacy to-take-out medicines delayed discharge",
                      "TTO prescriptions reached pharmacy after 3pm, so patients waited.",
                      "Write TTOs the day before planned discharge.", tags=["pharmacy"])
    assert (await log.titles("TTO prescriptions pharmacy"))[0] == (
        "Pharmacy to-take-out medicines delayed discharge")


async def test_a_very_common_word_does_not_drown_a_distinctive_one(log, monkeypatch):
    monkeypatch.setattr(Fts5Engine, "COMMON", 3)     # SQLite: "patient" is now very common
    await _filler(log)
    await log.capture("Patient transport booking", "Transport was booked too late",
                      "Book transport the day before discharge")
    assert (await log.titles("patient transport"))[0] == "Patient transport booking"
    assert (await log.titles("transport patient team"))[0] == "Patient transport booking"


async def test_a_window_of_newest_lessons_with_too_few_matches_falls_back_to_all(
        log, monkeypatch):
    lessons = [await log.capture(f"Handover lesson {i}", "Handover at shift change")
               for i in range(8)]

    async def an_empty_window(self, match, wanted):
        return ["#id 999999"]                          # no lesson is there
    monkeypatch.setattr(PostgresEngine, "_how", an_empty_window)
    page = await log.search("handover")
    assert page.total == 8                             # too few there: looked at everything
    assert {hit.lesson.title for hit in page.hits} <= {l.title for l in lessons}


async def test_a_word_in_the_title_outranks_the_same_word_only_in_a_tag(log):
    await log.capture("Lesson about rotas", "Weekend cover was thin", tags=["sepsis"])
    await log.capture("Sepsis screening at triage", "Screen every adult at triage")
    assert await log.titles("sepsis") == ["Sepsis screening at triage", "Lesson about rotas"]


async def test_stemming_finds_other_forms_of_a_word(log):
    await log.capture("Discharge lounge use", "We discharged earlier in the day")
    await log.capture("Something else", "Nothing relevant")
    assert await log.titles("discharges") == ["Discharge lounge use"]
    assert await log.titles("discharging") == ["Discharge lounge use"]


async def test_all_words_must_match_when_some_lesson_has_them_all(log):
    await log.capture("Falls at night", "Night staff missed falls risk")
    await log.capture("Falls sensors", "Sensors cut falls")
    assert await log.titles("falls sensors") == ["Falls sensors"]


async def test_with_no_lesson_holding_every_word_the_rarer_words_still_find_something(log):
    await _filler(log, 10)
    await log.capture("Bed rails audit", "Bed rails were fitted wrongly")
    assert (await log.titles("bed rails zzyzx patient"))[0] == "Bed rails audit"


async def test_a_quoted_phrase_or_hyphenated_word_must_appear_together(log):
    await log.capture("Non-slip socks", "Non-slip socks for every patient at risk")
    await log.capture("Slip hazards", "Wet floors: non compliant signage, slip risk")
    assert await log.titles('non-slip') == ["Non-slip socks"]
    assert await log.titles('"slip risk"') == ["Slip hazards"]


async def test_filters_narrow_the_results(log):
    await log.capture("Discharge on Ward 7", "Discharge lounge", tags=["discharge"],
                      team="Ward 7", project="Flow", by="ann")
    await log.capture("Discharge in pharmacy", "Discharge medicines", tags=["pharmacy"],
                      team="Pharmacy", project="TTO", by="bob", days_ago=60)
    assert await log.titles("discharge tag:pharmacy") == ["Discharge in pharmacy"]
    assert await log.titles('discharge team:"ward 7"') == ["Discharge on Ward 7"]
    assert await log.titles('discharge team:ward-7') == ["Discharge on Ward 7"]  # one team
    assert await log.titles('team:ward_7 tag:discharge') == ["Discharge on Ward 7"]
    assert await log.titles('team:ward-77') == []
    assert await log.titles("project:tto") == ["Discharge in pharmacy"]
    assert await log.titles("discharge since:2026-11-01") == ["Discharge on Ward 7"]
    assert await log.titles("discharge by:@bob", authors=["bob"]) == ["Discharge in pharmacy"]
    assert await log.titles("discharge by:@nobody") == []
    assert await log.titles("tag:nonexistent") == []


async def test_filters_without_words_list_the_newest_first(log):
    for day in (3, 2, 1):
        await log.capture(f"Falls lesson {day} days ago", "Falls", tags=["falls"], days_ago=day)
    await log.capture("Sepsis lesson", "Sepsis", tags=["sepsis"])
    assert await log.titles("tag:falls") == ["Falls lesson 1 days ago", "Falls lesson 2 days ago",
                                             "Falls lesson 3 days ago"]


async def test_results_come_five_a_page_with_more_to_follow(log):
    for i in range(12):
        await log.capture(f"Handover lesson {i}", "Handover at shift change")
    pages = [await log.search("handover", page=n) for n in (1, 2, 3)]
    assert [len(p.hits) for p in pages] == [5, 5, 2]
    assert [p.has_more for p in pages] == [True, True, False]
    assert {p.total for p in pages} == {12} and pages[0].total_exact
    ids = [hit.lesson.id for p in pages for hit in p.hits]
    assert len(set(ids)) == 12


async def test_each_result_has_a_snippet_with_the_matching_words_highlighted(log):
    await log.capture("Hand hygiene audit",
                      "Compliance was low on night shifts. Gel dispensers at every bed "
                      "doubled hand hygiene compliance within a month.")
    hit = (await log.search("dispensers")).hits[0]
    assert [h.lower() for h in hit.snippet.highlights] == ["dispensers"]
    assert "Gel dispensers at every bed" in hit.snippet.text
    assert "*dispensers*" in hit.snippet.render("*", "*")


async def test_nothing_found_is_an_empty_page(log):
    await log.capture("Hand hygiene audit", "Gel dispensers")
    page = await log.search("zebra")
    assert (page.hits, page.total, page.has_more) == ((), 0, False)
    assert await log.titles("🙂") == ["Hand hygiene audit"]    # no words: the newest lessons


HOSTILE = ['"', '""', "AND", "OR NOT", "NEAR(hand hygiene, 2)", "hand AND NOT hygiene",
           "title:hand", "{title body}: gel", "^gel", "gel*", "-gel", "+gel", "gel OR",
           "'; DROP TABLE lessons; --", "non-slip", "hand-", "-", "🙂 hand 🧼", '"hand',
           "hand\"hygiene", "tag:", "since:2026-02-30", "by:", "\\", "%_", "(((", ")",
           "a" * 5000, "hand " * 200, "\x00\x02\x03", "ǅ Ω ß İ", "!!!", "::", "tag:\"",
           "NOT", "*", "'", "hand:hygiene", "&&", "||", "!hand", "<->", "hand <-> gel"]


@pytest.mark.parametrize("text", HOSTILE)
async def test_any_text_is_a_valid_query(log, text):
    await log.capture("Hand hygiene audit", "Gel dispensers at every bed")
    page = await log.search(text)
    assert page.total >= len(page.hits) >= 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=80))
def test_no_text_ever_makes_search_fail(sync_log, text):
    page = sync_log.search(text, ANN)
    assert page.total >= len(page.hits)
