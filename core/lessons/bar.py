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
    found: dict[int, tuple[float, Lesson]] = {}

    def consider(lessons, base: float) -> None:
        for rank, lesson in enumerate(lessons):
            if lesson.id == review.id or lesson.kind is TemplateKind.BAR:
                continue
            score = base - rank
            if review.team and lesson.team.casefold() == review.team.casefold():
                score += 6
            score += 3 * len(set(lesson.tags) & set(review.tags))
            if lesson.id not in found or found[lesson.id][0] < score:
                found[lesson.id] = (score, lesson)

    words = distinctive_words(review)
    if words:
        page = await uow.lessons.search(LessonQuery(terms=tuple(Term((w,)) for w in words)),
                                        viewer, page_size=20)
        consider([hit.lesson for hit in page.hits], 30)
    if review.tags:
        page = await uow.lessons.search(LessonQuery(tags=review.tags[:3]), viewer,
                                        page_size=10)
        consider([hit.lesson for hit in page.hits], 10)
    if review.team:
        page = await uow.lessons.search(LessonQuery(teams=(review.team.casefold(),)), viewer,
                                        page_size=10)
        consider([hit.lesson for hit in page.hits], 5)
    ranked = sorted(found.values(), key=lambda pair: (-pair[0], -(pair[1].id or 0)))
    return [lesson for _score, lesson in ranked[:SHOWN]]
