"""Before Action Review answers: the lessons already in the log that may help, ranked by the
review's own words, then its team and tags, among those the person may see."""
from __future__ import annotations

import re
from collections import Counter

from ..ports import UnitOfWork
from .model import Lesson, TemplateKind, Viewer
from .query import LessonQuery, Term

SHOWN = 5
WORDS = 10
_WORD = re.compile(r"[^\W\d_]{4,}")
STOP = frozenset("""
about after again also because been before being could does doing done during each even
every from have having here into just know like make many more most much must need only
other over same should some such than that their them then there these they this those
through time very want well were what when where which while will with would your yours
ours achieve trying previous experience help succeed wrong going things thing
""".split())


def distinctive_words(lesson: Lesson) -> tuple[str, ...]:
    text = " ".join([lesson.title, lesson.title, *(a for _q, a in lesson.answers)]).lower()
    counts = Counter(w for w in _WORD.findall(text) if w not in STOP)
    return tuple(w for w, _n in counts.most_common(WORDS))


async def suggestions(uow: UnitOfWork, review: Lesson, viewer: Viewer) -> list[Lesson]:
    """At most ``SHOWN`` lessons, best first; never the review itself or other plans."""
    found: dict[int, list] = {}

    def consider(lessons, weight: float) -> None:
        for rank, lesson in enumerate(lessons):
            if lesson.id == review.id or lesson.kind is TemplateKind.BAR:
                continue
            entry = found.setdefault(lesson.id, [_boost(review, lesson), lesson])
            entry[0] += weight / (rank + 2)

    # each distinctive word on its own (a lesson sharing several of them gathers more), so
    # one lesson (or the review itself) holding every word cannot hide the others
    for word in distinctive_words(review):
        page = await uow.lessons.search(LessonQuery(terms=(Term((word,)),)), viewer,
                                        page_size=10)
        consider([hit.lesson for hit in page.hits], 2.0)
    if review.tags:
        page = await uow.lessons.search(LessonQuery(tags=review.tags[:3]), viewer,
                                        page_size=10)
        consider([hit.lesson for hit in page.hits], 1.0)
    if review.team:
        page = await uow.lessons.search(LessonQuery(teams=(review.team.casefold(),)), viewer,
                                        page_size=10)
        consider([hit.lesson for hit in page.hits], 0.5)
    ranked = sorted(found.values(), key=lambda pair: (-pair[0], -(pair[1].id or 0)))
    return [lesson for _score, lesson in ranked[:SHOWN]]


def _boost(review: Lesson, lesson: Lesson) -> float:
    """Same team, shared tags: a little ahead of lessons that only share words."""
    same_team = bool(review.team) and lesson.team.casefold() == review.team.casefold()
    return 0.3 * same_team + 0.2 * len(set(lesson.tags) & set(review.tags))
