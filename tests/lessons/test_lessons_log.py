"""The lessons log keeps what was captured: add, read back, edit with history, delete."""
from __future__ import annotations

from dataclasses import replace

from core.lessons.model import TemplateKind, Visibility
from core.lessons.query import parse_query

from .logbook import ANN, BOB, LIB, NOW, WS, person


async def test_a_captured_lesson_reads_back_as_it_was_stored(log):
    stored = await log.capture("Ward 7 discharge pilot", "Discharge by 11am",
                               "Pharmacy letters were late", kind=TemplateKind.AAR,
                               tags=["#Discharge", "patient flow"], team="Ward 7",
                               project="Discharge pilot", people=["bob"])
    again = await log.run(lambda repo: repo.get(stored.id, ANN))
    assert again == stored
    assert again.id is not None and again.version == 1
    assert again.kind is TemplateKind.AAR
    assert again.answers == (("Question 1", "Discharge by 11am"),
                             ("Question 2", "Pharmacy letters were late"))
    assert again.tags == ("discharge", "patient-flow")
    assert again.people == (person("bob"),)
    assert (again.team, again.project, again.created_at) == ("Ward 7", "Discharge pilot", NOW)


async def test_an_edit_keeps_the_earlier_version_in_the_history(log):
    lesson = await log.capture("Falls sensor trial", "Sensors helped at night", tags=["falls"])
    later = NOW.replace(hour=15)
    edited = await log.run(lambda repo: repo.update(
        replace(lesson, title="Falls sensor trial on Ward 9", tags=("falls", "sensors")),
        person("lib"), later))
    assert (edited.title, edited.version, edited.updated_at) == (
        "Falls sensor trial on Ward 9", 2, later)
    assert edited.tags == ("falls", "sensors") and edited.created_at == NOW
    history = await log.run(lambda repo: repo.history(lesson.id))
    assert [(r.version, r.edited_by, r.before.title) for r in history] == [
        (1, person("lib"), "Falls sensor trial")]
    assert await log.titles("ward 9 sensor") == ["Falls sensor trial on Ward 9"]
    assert await log.titles("tag:sensors") == ["Falls sensor trial on Ward 9"]


async def test_editing_a_lesson_that_was_deleted_stores_nothing(log):
    lesson = await log.capture("Short-lived lesson", "Gone soon")
    assert await log.run(lambda repo: repo.delete(lesson.id)) is True
    assert await log.run(lambda repo: repo.update(lesson, person("ann"), NOW)) is None
    assert await log.run(lambda repo: repo.get(lesson.id, LIB)) is None
    assert await log.titles("short lived") == []
    assert await log.run(lambda repo: repo.delete(lesson.id)) is False


async def test_forget_me_removes_the_person_but_keeps_the_lesson(log):
    mine = await log.capture("Handover checklist", "Use SBAR", by="bob", people=["ann"])
    await log.run(lambda repo: repo.update(replace(mine, title="Handover checklist v2"),
                                           person("bob"), NOW))
    assert await log.run(lambda repo: repo.forget_person(person("bob"))) == 1
    kept = await log.run(lambda repo: repo.get(mine.id, ANN))
    assert kept.title == "Handover checklist v2"
    assert kept.author_key is None and kept.people == (person("ann"),)
    history = await log.run(lambda repo: repo.history(mine.id))
    assert history[0].edited_by is None and history[0].before.author_key is None
    assert await log.titles("handover", authors=["bob"]) == []


async def test_an_export_has_every_lesson_the_filters_select_newest_first(log):
    await log.capture("Old discharge lesson", "Discharge lounge", tags=["discharge"],
                      days_ago=40)
    await log.capture("New discharge lesson", "Discharge lounge", tags=["discharge"])
    await log.capture("Unrelated lesson", "Nothing here", tags=["falls"])
    exported = await log.run(lambda repo: repo.export(parse_query("tag:discharge"), LIB))
    assert [lesson.title for lesson in exported] == ["New discharge lesson",
                                                      "Old discharge lesson"]
    exported = await log.run(lambda repo: repo.export(parse_query("lounge since:2026-11-01"),
                                                      LIB))
    assert [lesson.title for lesson in exported] == ["New discharge lesson"]


async def test_counts_per_month_and_team(log):
    await log.capture("One", "a", team="Ward 7", days_ago=30)
    await log.capture("Two", "b", team="Ward 7")
    await log.capture("Three", "c", team="Pharmacy")
    await log.capture("Hidden", "d", team="Theatres", visibility=Visibility.PRIVATE, by="eve")
    counts = await log.run(lambda repo: repo.counts(BOB))
    assert counts.by_month == {"2026-10": 1, "2026-11": 2}
    assert counts.by_team == {"Pharmacy": 1, "Ward 7": 2}
    assert (await log.run(lambda repo: repo.counts(LIB))).by_team["Theatres"] == 1


async def test_text_that_could_upset_a_renderer_or_the_index_is_stored_cleanly(log):
    lesson = await log.capture("Bell\x07 and \x02marker\x03", "Tab\tand\nnewline kept")
    again = await log.run(lambda repo: repo.get(lesson.id, ANN))
    assert again.title == "Bell and marker"
    assert again.answers[0][1] == "Tab\tand\nnewline kept"
    assert again.workspace_key == WS
