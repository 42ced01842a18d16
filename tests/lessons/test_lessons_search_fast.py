"""The search's fast paths (a capped set of candidates, the newest lessons first, a window of
recent lessons on PostgreSQL, common words left out of the FTS5 ranking) keep every rule:
visibility, filters, and pages that follow on from each other.

The fast paths are taken here with a handful of lessons by making "common" and "many" small.
"""
from __future__ import annotations

import pytest
from sqlalchemy import text

from core.lessons.model import Visibility
from core.lessons.query import parse_query
from storage.lesson_fts5 import Fts5Engine
from storage.lesson_pgfts import PostgresEngine, window_tokens
from storage.lesson_search import SearchEngine
from storage.lessons import LessonsSql, filtered

from .logbook import ANN, BOB, EVE, LIB


@pytest.fixture(params=["window", "walk"])
def fast(request, monkeypatch):
    """Four candidates at most; a word in more than two lessons is common (FTS5); on
    PostgreSQL every query is taken to match a great many lessons, so the newest lessons are
    searched first: through a window of recency tokens, or walking them one by one."""
    monkeypatch.setattr(SearchEngine, "CANDIDATES", 4)
    monkeypatch.setattr(Fts5Engine, "COMMON", 2)
    monkeypatch.setattr(PostgresEngine, "FEW", 0)
    monkeypatch.setattr(PostgresEngine, "WALK", float("inf") if request.param == "window" else 0)
    chosen = []

    async def estimate(self, match, where):
        return 10 ** 6
    original = PostgresEngine._how

    async def how(self, match, wanted):
        chosen.append(await original(self, match, wanted))
        return chosen[-1]
    monkeypatch.setattr(PostgresEngine, "_estimate", estimate)
    monkeypatch.setattr(PostgresEngine, "_how", how)
    return request.param, chosen


async def _ward_lessons(log, count=10):
    return [await log.capture(f"Patient handover {i}", "The patient was handed over late",
                              tags=["handover"] if i % 2 else ["falls"],
                              team="Ward 7" if i % 3 else "Ward 9")
            for i in range(count)]


async def test_a_team_only_lesson_is_never_shown_outside_its_team_for_a_common_word(
        log, fast):
    await _ward_lessons(log)
    secret = await log.capture("Patient pharmacy secret", "The patient pharmacy incident",
                               visibility=Visibility.TEAM, audience="C-PHARMACY", by="eve")
    private = await log.capture("Patient private draft", "The patient draft",
                                visibility=Visibility.PRIVATE, by="eve")
    involved = await log.capture("Patient transfer with Bob", "The patient pharmacy transfer",
                                 visibility=Visibility.TEAM, audience="C-PHARMACY", by="eve",
                                 people=["bob"])
    for text in ("patient", "patient handover", "the patient", "patient pharmacy",
                 "pharmacy", "tag:falls", "patient team:\"ward 7\""):
        shown = await _all_pages(log, text, ANN)
        assert {secret.id, private.id, involved.id}.isdisjoint(shown), text
    assert involved.id in await _all_pages(log, "patient transfer", BOB)
    assert secret.id not in await _all_pages(log, "patient pharmacy", BOB)
    assert secret.id in await _all_pages(log, "patient pharmacy", EVE)
    assert secret.id in await _all_pages(log, "pharmacy", LIB)
    assert private.id in await _all_pages(log, "patient draft", EVE)


async def test_filters_with_a_common_word_keep_to_the_filters(log, fast):
    lessons = await _ward_lessons(log, 6)
    with_falls = {l.id for l in lessons if "falls" in l.tags}
    on_ward_9 = {l.id for l in lessons if l.team == "Ward 9"}
    assert set(await _all_pages(log, "patient tag:falls")) == with_falls
    assert set(await _all_pages(log, 'patient team:"ward 9"')) == on_ward_9
    assert set(await _all_pages(log, 'patient tag:falls team:"ward 9"')) == (
        with_falls & on_ward_9)
    assert set(await _all_pages(log, 'tag:falls team:"ward 9"')) == with_falls & on_ward_9
    assert await _all_pages(log, "patient tag:sepsis") == []


async def test_pages_of_a_common_word_follow_on_without_repeats(log, fast):
    lessons = await _ward_lessons(log, 9)
    pages = [await log.search("patient", page=n) for n in (1, 2)]
    assert [len(p.hits) for p in pages] == [4, 0]
    assert not pages[0].total_exact and pages[0].total == 4      # "more than 4"
    # the candidates are the newest lessons, and every page is cut from the same ranking
    newest = [l.id for l in lessons][-4:]
    assert sorted(h.lesson.id for h in pages[0].hits) == sorted(newest)
    again = await log.search("patient", page=1)
    assert [h.lesson.id for h in again.hits] == [h.lesson.id for h in pages[0].hits]


async def test_a_filtered_search_ranks_an_older_better_match_first(log, monkeypatch):
    monkeypatch.setattr(SearchEngine, "CANDIDATES", 30)
    best = await log.capture("Sepsis screening at triage", "Screen for sepsis at triage",
                             tags=["sepsis"], days_ago=60)
    for i in range(8):
        await log.capture(f"Ward round {i}", "A long note on the ward round that mentions "
                          "sepsis once among many other words about the ward",
                          tags=["sepsis"] if i % 2 else ["rotas"])
    assert (await log.titles("sepsis tag:sepsis"))[0] == best.title
    assert (await log.titles("sepsis"))[0] == best.title


async def test_with_few_candidates_every_page_is_the_same_ranking(log, monkeypatch):
    monkeypatch.setattr(SearchEngine, "CANDIDATES", 30)
    await _ward_lessons(log, 12)
    pages = [await log.search("patient handover", page=n) for n in (1, 2, 3)]
    ids = [h.lesson.id for p in pages for h in p.hits]
    assert len(ids) == len(set(ids)) == 12 and pages[0].total_exact
    assert [p.has_more for p in pages] == [True, True, False]


async def test_the_newest_lessons_are_searched_first_on_postgresql(log, fast):
    mode, chosen = fast
    await _ward_lessons(log)
    await log.search("patient")
    if log.db.is_sqlite:
        assert chosen == []
    elif mode == "walk":
        assert chosen == ["walk"]
    else:
        assert len(chosen) == 1 and chosen[0][0].startswith("#i")


# -- PostgreSQL's recency tokens ----------------------------------------------------------------
def _covered(tokens, lesson_id):
    return (f"#id {lesson_id >> 10}" in tokens) or (f"#ik {lesson_id >> 15}" in tokens)


@pytest.mark.parametrize("floor,top", [(1, 1), (1, 5000), (1000, 70000), (32768, 32768),
                                       (40000, 1_000_000), (999_000, 1_000_000)])
def test_the_recency_tokens_cover_the_window_and_little_more(floor, top):
    tokens = window_tokens(floor, top)
    assert all(_covered(tokens, i) for i in range(floor, top + 1, 97))
    assert _covered(tokens, top) and _covered(tokens, floor)
    assert not _covered(tokens, (floor >> 10 << 10) - 1)      # nothing before floor's block
    assert len(tokens) <= 31 + (top >> 15) - (floor >> 15) + 1


async def test_on_postgresql_a_window_keeps_to_the_newest_lessons_or_falls_back(log):
    if log.db.is_sqlite:
        pytest.skip("the recency tokens are PostgreSQL's")
    lessons = [await log.capture(f"Handover lesson {i}", "Handover at shift change")
               for i in range(8)]
    async with log.db.uow() as uow:          # spread the ids over several blocks
        await uow.session.execute(text("UPDATE lessons SET id = id * 3000"))
    ids = [lesson.id * 3000 for lesson in lessons]
    async with log.db.uow() as uow:
        repo = LessonsSql(uow.session)
        engine, query = repo.engine, parse_query("handover")
        where, match = filtered(query, ANN), engine.match(query.terms, "AND", query)

        async def window(self, match, wanted):
            return window_tokens(ids[4], ids[-1])              # the newest four
        engine._how = window.__get__(engine)
        assert [i for i, _ in await engine.candidates(match, where, limit=3)] == ids[:4:-1]
        found = await engine.candidates(match, where, limit=6)   # too few there: all
        assert [i for i, _ in found] == ids[:1:-1]


async def _all_pages(log, text, viewer=ANN) -> list[int]:
    ids, page = [], 1
    while True:
        found = await log.search(text, viewer, page=page)
        ids += [hit.lesson.id for hit in found.hits]
        if not found.has_more:
            return ids
        page += 1
