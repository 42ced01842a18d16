"""A person only ever sees the lessons they may see: by search, by id, in exports, in counts."""
from __future__ import annotations

import pytest

from core.lessons.model import Visibility, may_see
from core.lessons.query import parse_query

from .logbook import ANN, BOB, ELSEWHERE, EVE, LIB, Viewer, WS, person

CAROL = Viewer(person("carol"), WS)          # involved in the team lesson, not in the channel


async def _lessons(log):
    return {
        "org": await log.capture("Organisation lesson on discharge", "Discharge"),
        "team": await log.capture("Team-only lesson on discharge", "Discharge",
                                  visibility=Visibility.TEAM, audience="C-WARD7",
                                  people=["carol"]),
        "private": await log.capture("Private lesson on discharge", "Discharge",
                                     visibility=Visibility.PRIVATE),
        "other": await log.capture("Other trust's lesson on discharge", "Discharge",
                                   workspace="slack:T2", by="zed"),
    }


EXPECTED = {  # who sees what
    "ann (author, on the team)": (ANN, {"org", "team", "private"}),
    "bob (on the team)": (BOB, {"org", "team"}),
    "carol (involved)": (CAROL, {"org", "team"}),
    "eve (another team)": (EVE, {"org"}),
    "librarian": (LIB, {"org", "team", "private"}),
    "librarian of another organisation": (ELSEWHERE, {"other"}),
}


@pytest.mark.parametrize("who", list(EXPECTED))
async def test_each_person_sees_exactly_the_lessons_they_may(log, who):
    viewer, expected = EXPECTED[who]
    lessons = await _lessons(log)
    titles = {name: lesson.title for name, lesson in lessons.items()}
    wanted = {titles[name] for name in expected}

    assert {name for name, lesson in lessons.items() if may_see(lesson, viewer)} == expected
    assert set(await log.titles("discharge", viewer)) == wanted
    assert set(await log.titles("", viewer) + await log.titles("team:", viewer)) <= wanted
    by_id = {name for name, lesson in lessons.items()
             if await log.run(lambda repo, i=lesson.id: repo.get(i, viewer))}
    assert by_id == expected
    exported = await log.run(lambda repo: repo.export(parse_query("discharge"), viewer))
    assert {lesson.title for lesson in exported} == wanted
    counts = await log.run(lambda repo: repo.counts(viewer))
    assert sum(counts.by_month.values()) == len(expected)


async def test_team_only_lessons_stay_hidden_however_the_outsider_searches(log):
    secret = await log.capture("Never event near miss", "Wrong site surgery almost happened",
                               visibility=Visibility.TEAM, audience="C-WARD7",
                               tags=["never-event"], team="Theatres", project="WHO checklist")
    for text in ["never event", "wrong site surgery", "tag:never-event", "team:theatres",
                 "project:\"WHO checklist\"", "since:2020-01-01", "by:@ann", "surgery OR x"]:
        page = await log.search(text, EVE, authors=["ann"])
        assert page.hits == () and page.total == 0, text
    assert await log.run(lambda repo: repo.get(secret.id, EVE)) is None
    assert (await log.titles("wrong site surgery", BOB)) == ["Never event near miss"]


async def test_a_person_involved_loses_sight_of_a_team_lesson_when_removed_from_it(log):
    lesson = await log.capture("Team lesson", "Details", visibility=Visibility.TEAM,
                               audience="C-WARD7", people=["carol"])
    assert await log.titles("details", CAROL) == ["Team lesson"]
    from dataclasses import replace
    await log.run(lambda repo: repo.update(replace(lesson, people=()), person("ann"),
                                           lesson.created_at))
    assert await log.titles("details", CAROL) == []
