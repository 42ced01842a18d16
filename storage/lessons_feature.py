"""``uow.lessons``: the lessons log (``storage.lessons.LessonsSql``) plus what the chat feature
keeps beside it: facilitated reviews and answers, actions, the tag list and useful marks."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, or_, select, update

from core.lessons.records import Action, ActionCounts, Review, ReviewAnswer

from .lesson_feature_models import (LessonActionRow, LessonCategoryRow, LessonChannelRow,
                                    LessonReviewAnswerRow, LessonReviewRow, LessonUsefulRow)
from .lesson_search import keys_for
from .lessons import LessonsSql
from .models import LessonPersonRow, LessonRow
from .upsert import insert_or_update


def _review(row: LessonReviewRow) -> Review:
    return Review(id=row.id, workspace_key=row.workspace_key, kind=row.kind, title=row.title,
                  team=row.team, project=row.project, channel=row.channel,
                  card_id=row.card_id, facilitator_key=row.facilitator_key, status=row.status,
                  visibility=row.visibility,
                  lesson_id=row.lesson_id, created_at=row.created_at)


def _action(row: LessonActionRow, team: str = "") -> Action:
    return Action(id=row.id, workspace_key=row.workspace_key, lesson_id=row.lesson_id,
                  text=row.text, owner_key=row.owner_key, due=row.due, status=row.status,
                  team=team)


class LessonsFeatureSql(LessonsSql):
    def __init__(self, session) -> None:
        self.session = session
        if session is not None:          # (the unit of work builds it lazily; tests probe)
            super().__init__(session)

    async def workspaces(self) -> list[str]:
        return sorted(await self.session.scalars(select(LessonRow.workspace_key).distinct()))

    async def audiences(self, workspace_key: str) -> list[str]:
        rows = await self.session.scalars(select(LessonRow.audience).distinct().where(
            LessonRow.workspace_key == workspace_key, LessonRow.visibility == "team",
            LessonRow.audience.is_not(None)))
        return sorted(rows)

    # -- channels ---------------------------------------------------------------------------
    async def channel_private(self, workspace_key: str, channel: str) -> bool | None:
        row = await self.session.get(LessonChannelRow, (workspace_key, channel))
        return None if row is None else row.private

    async def remember_channel(self, workspace_key: str, channel: str, private: bool,
                               now: datetime) -> None:
        """One upsert: captures in a channel kmbot has not seen may come at once."""
        await insert_or_update(
            self.session, LessonChannelRow, ["workspace_key", "channel"],
            dict(workspace_key=workspace_key, channel=channel, private=private, seen_at=now),
            dict(private=private, seen_at=now))

    # -- reviews ----------------------------------------------------------------------------
    async def add_review(self, review: Review) -> int:
        row = LessonReviewRow(workspace_key=review.workspace_key, kind=review.kind,
                              title=review.title[:300], team=review.team[:100],
                              project=review.project[:100], channel=review.channel,
                              facilitator_key=review.facilitator_key, status="open",
                              visibility=review.visibility,
                              created_at=review.created_at)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def review(self, review_id: int) -> Review | None:
        row = await self.session.get(LessonReviewRow, review_id)
        return _review(row) if row else None

    async def set_review_card(self, review_id: int, card_id: int) -> None:
        await self.session.execute(update(LessonReviewRow).where(
            LessonReviewRow.id == review_id).values(card_id=card_id))

    async def add_answer(self, review_id: int, answer: ReviewAnswer, now: datetime) -> None:
        self.session.add(LessonReviewAnswerRow(review_id=review_id, question=answer.question,
                                               person_key=answer.person_key,
                                               text=answer.text, created_at=now))
        await self.session.flush()

    async def answers(self, review_id: int) -> list[ReviewAnswer]:
        rows = await self.session.scalars(select(LessonReviewAnswerRow).where(
            LessonReviewAnswerRow.review_id == review_id).order_by(LessonReviewAnswerRow.id))
        return [ReviewAnswer(r.question, r.person_key, r.text) for r in rows]

    async def last_answered(self, review_id: int, person_key: str) -> int | None:
        return await self.session.scalar(select(LessonReviewAnswerRow.question).where(
            LessonReviewAnswerRow.review_id == review_id,
            LessonReviewAnswerRow.person_key == person_key)
            .order_by(LessonReviewAnswerRow.id.desc()).limit(1))

    async def close_review(self, review_id: int, lesson_id: int, now: datetime) -> bool:
        result = await self.session.execute(update(LessonReviewRow).where(
            LessonReviewRow.id == review_id, LessonReviewRow.status == "open")
            .values(status="closed", lesson_id=lesson_id, closed_at=now))
        return result.rowcount == 1

    async def review_count(self, workspace_key: str) -> int:
        return await self.session.scalar(select(func.count()).select_from(LessonReviewRow)
                                         .where(LessonReviewRow.workspace_key == workspace_key))

    # -- actions ----------------------------------------------------------------------------
    async def add_action(self, action: Action, now: datetime) -> int:
        row = LessonActionRow(workspace_key=action.workspace_key, lesson_id=action.lesson_id,
                              text=action.text[:500], owner_key=action.owner_key,
                              due=action.due, status="open", created_at=now)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def action(self, action_id: int) -> Action | None:
        row = (await self.session.execute(
            select(LessonActionRow, LessonRow.team).join(
                LessonRow, LessonRow.id == LessonActionRow.lesson_id)
            .where(LessonActionRow.id == action_id))).first()
        return _action(row[0], row[1]) if row else None

    async def open_actions(self, workspace_key: str, owner_key: str | None = None,
                           team: str | None = None, lesson_ids=None) -> list[Action]:
        query = (select(LessonActionRow, LessonRow.team)
                 .join(LessonRow, LessonRow.id == LessonActionRow.lesson_id)
                 .where(LessonActionRow.workspace_key == workspace_key,
                        LessonActionRow.status == "open"))
        if owner_key is not None:
            query = query.where(LessonActionRow.owner_key == owner_key)
        if team:
            query = query.where(LessonRow.team_key.in_(keys_for(team)))
        if lesson_ids is not None:
            query = query.where(LessonActionRow.lesson_id.in_(list(lesson_ids)))
        rows = await self.session.execute(query.order_by(LessonActionRow.due,
                                                         LessonActionRow.id))
        return [_action(row, team_name) for row, team_name in rows]

    async def finish_action(self, action_id: int, now: datetime) -> bool:
        result = await self.session.execute(update(LessonActionRow).where(
            LessonActionRow.id == action_id, LessonActionRow.status == "open")
            .values(status="done", done_at=now))
        return result.rowcount == 1

    async def move_action(self, action_id: int, due: date) -> None:
        await self.session.execute(update(LessonActionRow).where(
            LessonActionRow.id == action_id).values(due=due))

    async def action_counts(self, workspace_key: str, today: date) -> ActionCounts:
        mine = LessonActionRow.workspace_key == workspace_key
        by_status = dict((await self.session.execute(
            select(LessonActionRow.status, func.count()).where(mine)
            .group_by(LessonActionRow.status))).all())
        overdue = await self.session.scalar(select(func.count()).select_from(LessonActionRow)
                                            .where(mine, LessonActionRow.status == "open",
                                                   LessonActionRow.due < today))
        open_, done = by_status.get("open", 0), by_status.get("done", 0)
        return ActionCounts(open=open_, overdue=overdue, done=done)

    async def lessons_of(self, workspace_key: str, team: str, project: str,
                         before_id: int | None = None) -> list[int]:
        same = []
        if team.strip():
            same.append(LessonRow.team_key.in_(keys_for(team)))
        if project.strip():
            same.append(LessonRow.project_key.in_(keys_for(project)))
        if not same:
            return []
        query = select(LessonRow.id).where(LessonRow.workspace_key == workspace_key,
                                           or_(*same))
        if before_id is not None:
            query = query.where(LessonRow.id < before_id)
        return list(await self.session.scalars(query.order_by(LessonRow.id.desc()).limit(50)))

    # -- tags and usefulness ----------------------------------------------------------------
    async def categories(self, workspace_key: str) -> list[str]:
        return list(await self.session.scalars(select(LessonCategoryRow.tag).where(
            LessonCategoryRow.workspace_key == workspace_key).order_by(LessonCategoryRow.tag)))

    async def add_categories(self, workspace_key: str, tags: list[str],
                             now: datetime) -> list[str]:
        known = set(await self.categories(workspace_key))
        new = [tag for tag in dict.fromkeys(tags) if tag not in known]
        self.session.add_all([LessonCategoryRow(workspace_key=workspace_key, tag=tag,
                                                created_at=now) for tag in new])
        await self.session.flush()
        return new

    async def mark_useful(self, lesson_id: int, person_key: str, source: str,
                          now: datetime) -> bool:
        known = await self.session.scalar(select(LessonUsefulRow.id).where(
            LessonUsefulRow.lesson_id == lesson_id, LessonUsefulRow.person_key == person_key,
            LessonUsefulRow.source == source))
        if known:
            return False
        self.session.add(LessonUsefulRow(lesson_id=lesson_id, person_key=person_key,
                                         source=source, created_at=now))
        await self.session.flush()
        return True

    def _useful_in(self, workspace_key: str):
        return (select(LessonUsefulRow.lesson_id, func.count().label("n"))
                .join(LessonRow, LessonRow.id == LessonUsefulRow.lesson_id)
                .where(LessonRow.workspace_key == workspace_key)
                .group_by(LessonUsefulRow.lesson_id))

    async def most_useful(self, workspace_key: str, limit: int) -> list[tuple[int, int]]:
        useful = self._useful_in(workspace_key).subquery()
        rows = await self.session.execute(select(useful.c.lesson_id, useful.c.n)
                                          .order_by(useful.c.n.desc(), useful.c.lesson_id)
                                          .limit(limit))
        return [(lesson_id, n) for lesson_id, n in rows]

    async def reused(self, workspace_key: str) -> int:
        useful = self._useful_in(workspace_key).subquery()
        return await self.session.scalar(select(func.count()).select_from(useful))

    # -- a person's data --------------------------------------------------------------------
    async def export_person(self, person_key: str) -> dict:
        authored = list(await self.session.scalars(select(LessonRow).where(
            LessonRow.author_key == person_key).order_by(LessonRow.id)))
        actions = list(await self.session.scalars(select(LessonActionRow).where(
            LessonActionRow.owner_key == person_key).order_by(LessonActionRow.id)))
        answers = list(await self.session.scalars(select(LessonReviewAnswerRow).where(
            LessonReviewAnswerRow.person_key == person_key).order_by(LessonReviewAnswerRow.id)))
        useful = list(await self.session.scalars(select(LessonUsefulRow.lesson_id).where(
            LessonUsefulRow.person_key == person_key)))
        facilitated = list(await self.session.scalars(select(LessonReviewRow).where(
            LessonReviewRow.facilitator_key == person_key)))
        involved = list(await self.session.execute(
            select(LessonRow.id, LessonRow.title).join(
                LessonPersonRow, LessonPersonRow.lesson_id == LessonRow.id)
            .where(LessonPersonRow.person_key == person_key).order_by(LessonRow.id)))
        return {
            "lessons": [{"id": r.id, "title": r.title, "kind": r.kind, "team": r.team,
                         "project": r.project, "tags": r.tags.split(),
                         "visibility": r.visibility, "created_at": r.created_at.isoformat()}
                        for r in authored],
            "actions": [{"id": a.id, "lesson": a.lesson_id, "text": a.text,
                         "due": a.due.isoformat(), "status": a.status} for a in actions],
            "review_answers": [{"review": a.review_id, "question": a.question + 1,
                                "text": a.text} for a in answers],
            "involved_in": [{"id": i, "title": t} for i, t in involved],
            "reviews_started": [{"id": r.id, "title": r.title} for r in facilitated],
            "found_useful": useful,
        }

    async def erase_person(self, person_key: str, pseudonym: str | None = None) -> None:
        await self.forget_person(person_key, pseudonym)
        await self.session.execute(update(LessonActionRow).where(
            LessonActionRow.owner_key == person_key).values(owner_key=None))
        await self.session.execute(update(LessonReviewAnswerRow).where(
            LessonReviewAnswerRow.person_key == person_key).values(person_key=None))
        await self.session.execute(update(LessonReviewRow).where(
            LessonReviewRow.facilitator_key == person_key).values(facilitator_key=None))
        await self.session.execute(update(LessonUsefulRow).where(   # the figures stay
            LessonUsefulRow.person_key == person_key).values(person_key=None))
