"""Graffiti walls and quick polls: walls, ideas, comments and votes (see core/walls)."""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import and_, delete, func, or_, select, union, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.walls.model import Anonymity, Comment, Idea, Kind, Wall, WallSettings

from .models import WallCommentRow, WallIdeaRow, WallPersonRow, WallRow, WallVoteRow
from .upsert import insert, insert_or_ignore

CARD_LOCK = 7_150_021       # advisory lock namespace: one wall's card being re-rendered


def _wall(row: WallRow) -> Wall:
    settings = WallSettings(question=row.question, anonymity=Anonymity(row.anonymity),
                            hidden=row.hidden, per_person=row.per_person,
                            closes_at=row.closes_at, options=tuple(json.loads(row.options)),
                            multiple=row.multiple)
    return Wall(id=row.id, workspace_key=row.workspace_key, kind=Kind(row.kind),
                channel=row.channel, created_by=row.created_by, settings=settings,
                created_at=row.created_at, closed_at=row.closed_at, card_id=row.card_id)


def _comment(row: WallCommentRow) -> Comment:
    return Comment(row.id, row.idea_id, row.author_key, row.text, row.created_at)


def _idea(row: WallIdeaRow, comments: Sequence[Comment] = ()) -> Idea:
    return Idea(id=row.id, wall_id=row.wall_id, author_key=row.author_key,
                author_hash=row.author_hash, text=row.text, created_at=row.created_at,
                edited_at=row.edited_at, hidden_by=row.hidden_by,
                hidden_reason=row.hidden_reason, post_id=row.post_id, votes=row.votes or 0,
                comments=tuple(comments))


class WallsSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- walls --------------------------------------------------------------------------------
    async def add(self, workspace_key: str, kind: Kind, channel: str, created_by: str,
                  settings: WallSettings, now: datetime) -> Wall:
        row = WallRow(workspace_key=workspace_key, kind=kind.value, question=settings.question,
                      channel=channel, created_by=created_by,
                      anonymity=settings.anonymity.value, hidden=settings.hidden,
                      per_person=settings.per_person, multiple=settings.multiple,
                      options=json.dumps(list(settings.options)),
                      closes_at=settings.closes_at, created_at=now)
        self.session.add(row)
        await self.session.flush()
        return _wall(row)

    async def get(self, wall_id: int, *, for_update: bool = False,
                  for_share: bool = False) -> Wall | None:
        """``for_update``: changes to the wall wait for each other (PostgreSQL; SQLite has
        one writer anyway); ``for_share``: many votes at once, none while it closes."""
        statement = select(WallRow).where(WallRow.id == wall_id)
        if (for_update or for_share) and self.session.bind.dialect.name == "postgresql":
            statement = statement.with_for_update(read=not for_update)
        row = (await self.session.scalars(statement)).first()
        return _wall(row) if row else None

    async def in_workspace(self, workspace_key: str) -> list[Wall]:
        rows = await self.session.scalars(select(WallRow).where(
            WallRow.workspace_key == workspace_key).order_by(WallRow.id))
        return [_wall(r) for r in rows]

    async def all(self) -> list[Wall]:
        return [_wall(r) for r in await self.session.scalars(select(WallRow).order_by(WallRow.id))]

    async def lock_card(self, wall_id: int) -> None:
        """Until the transaction ends, this wall's card is re-rendered by nobody else, and
        what it then reads includes every vote committed before (PostgreSQL: votes on one
        wall run side by side; SQLite has one writer anyway)."""
        if self.session.bind.dialect.name == "postgresql":
            await self.session.execute(select(func.pg_advisory_xact_lock(CARD_LOCK, wall_id)))

    async def set_card(self, wall_id: int, card_id: int) -> None:
        await self.session.execute(update(WallRow).where(WallRow.id == wall_id)
                                   .values(card_id=card_id))

    async def set_question(self, wall_id: int, question: str) -> None:
        await self.session.execute(update(WallRow).where(WallRow.id == wall_id)
                                   .values(question=question))

    async def set_closed(self, wall_id: int, when: datetime | None) -> None:
        values: dict[str, Any] = {"closed_at": when}
        if when is None:
            values["closes_at"] = None
        await self.session.execute(update(WallRow).where(WallRow.id == wall_id).values(**values))

    # -- ideas --------------------------------------------------------------------------------
    async def add_idea(self, wall_id: int, author_key: str | None, author_hash: str,
                       text: str, now: datetime) -> Idea:
        row = WallIdeaRow(wall_id=wall_id, author_key=author_key, author_hash=author_hash,
                          text=text, created_at=now, votes=0)
        self.session.add(row)
        await self.session.flush()
        await self._took_part(wall_id, author_hash)
        return _idea(row)

    async def idea(self, idea_id: int, *, comments: bool = True) -> Idea | None:
        row = (await self.session.scalars(select(WallIdeaRow).where(
            WallIdeaRow.id == idea_id).execution_options(populate_existing=True))).first()
        if row is None:
            return None
        if not comments:
            return _idea(row)
        found = await self.session.scalars(select(WallCommentRow).where(
            WallCommentRow.idea_id == idea_id).order_by(WallCommentRow.id))
        return _idea(row, [_comment(c) for c in found])

    async def ideas(self, wall_id: int) -> list[Idea]:
        rows = list(await self.session.scalars(select(WallIdeaRow).where(
            WallIdeaRow.wall_id == wall_id).order_by(WallIdeaRow.id)
            .execution_options(populate_existing=True)))
        comments: dict[int, list[Comment]] = defaultdict(list)
        for c in await self.session.scalars(select(WallCommentRow).where(
                WallCommentRow.wall_id == wall_id).order_by(WallCommentRow.id)):
            comments[c.idea_id].append(_comment(c))
        return [_idea(r, comments[r.id]) for r in rows]

    async def some(self, idea_ids: Sequence[int]) -> list[Idea]:
        """These ideas with their comments, in two queries however many."""
        ids = sorted(set(idea_ids))
        rows = list(await self.session.scalars(select(WallIdeaRow).where(
            WallIdeaRow.id.in_(ids)).order_by(WallIdeaRow.id)
            .execution_options(populate_existing=True)))
        comments: dict[int, list[Comment]] = defaultdict(list)
        for c in await self.session.scalars(select(WallCommentRow).where(
                WallCommentRow.idea_id.in_(ids)).order_by(WallCommentRow.id)):
            comments[c.idea_id].append(_comment(c))
        return [_idea(r, comments[r.id]) for r in rows]

    async def top(self, wall_id: int, n: int) -> list[Idea]:
        """The ``n`` shown ideas with the most +1s (the oldest first among equals)."""
        rows = await self.session.scalars(select(WallIdeaRow).where(
            WallIdeaRow.wall_id == wall_id, WallIdeaRow.hidden_by.is_(None))
            .order_by(WallIdeaRow.votes.desc(), WallIdeaRow.id).limit(n)
            .execution_options(populate_existing=True))
        return [_idea(r) for r in rows]

    async def ideas_by(self, wall_id: int, author_hash: str) -> list[Idea]:
        rows = await self.session.scalars(select(WallIdeaRow).where(
            WallIdeaRow.wall_id == wall_id, WallIdeaRow.author_hash == author_hash)
            .order_by(WallIdeaRow.id))
        return [_idea(r) for r in rows]

    async def set_post(self, idea_id: int, post_id: int) -> None:
        await self.session.execute(update(WallIdeaRow).where(WallIdeaRow.id == idea_id)
                                   .values(post_id=post_id))

    async def edit_idea(self, idea_id: int, text: str, now: datetime) -> None:
        await self.session.execute(update(WallIdeaRow).where(WallIdeaRow.id == idea_id)
                                   .values(text=text, edited_at=now))

    async def delete_idea(self, idea_id: int) -> None:
        row = await self.session.get(WallIdeaRow, idea_id)
        if row is None:
            return
        await self.session.execute(delete(WallVoteRow).where(
            WallVoteRow.wall_id == row.wall_id, WallVoteRow.target == idea_id))
        await self.session.execute(delete(WallCommentRow).where(WallCommentRow.idea_id == idea_id))
        await self.session.execute(delete(WallIdeaRow).where(WallIdeaRow.id == idea_id))
        await self._prune(row.wall_id)

    async def hide_idea(self, idea_id: int, by: str, reason: str) -> None:
        await self.session.execute(update(WallIdeaRow).where(WallIdeaRow.id == idea_id)
                                   .values(hidden_by=by, hidden_reason=reason))

    # -- comments and votes -------------------------------------------------------------------
    async def add_comment(self, wall_id: int, idea_id: int, author_key: str | None,
                          author_hash: str, text: str, now: datetime) -> Comment:
        row = WallCommentRow(wall_id=wall_id, idea_id=idea_id, author_key=author_key,
                             author_hash=author_hash, text=text, created_at=now)
        self.session.add(row)
        await self.session.flush()
        await self._took_part(wall_id, author_hash)
        return _comment(row)

    async def toggle_vote(self, wall_id: int, target: int, voter_hash: str,
                          now: datetime) -> bool:
        """Insert-or-ignore decides atomically: two presses at once count once. The idea's
        count moves with the vote, in the same transaction (a poll's targets are no idea)."""
        statement = insert(self.session, WallVoteRow).values(
            wall_id=wall_id, target=target, voter_hash=voter_hash, created_at=now
        ).on_conflict_do_nothing(index_elements=["wall_id", "target", "voter_hash"])
        if (await self.session.execute(statement)).rowcount:
            await self._count(wall_id, [target], +1)
            await self._took_part(wall_id, voter_hash)
            return True
        taken = await self.session.execute(delete(WallVoteRow).where(
            WallVoteRow.wall_id == wall_id, WallVoteRow.target == target,
            WallVoteRow.voter_hash == voter_hash))
        if taken.rowcount:
            await self._count(wall_id, [target], -1)
            await self._prune(wall_id, voter_hash)
        return False

    async def shown_ideas(self, wall_id: int, idea_ids: Sequence[int], *,
                          posted: bool = False) -> set[int]:
        """Which of ``idea_ids`` are on the wall and not hidden (``posted``: and have their
        message in the thread, as on a wall keeping ideas hidden until it closes)."""
        statement = select(WallIdeaRow.id).where(
            WallIdeaRow.wall_id == wall_id, WallIdeaRow.id.in_(list(idea_ids)),
            WallIdeaRow.hidden_by.is_(None))
        if posted:
            statement = statement.where(WallIdeaRow.post_id.is_not(None))
        return set(await self.session.scalars(statement))

    async def votes_of(self, wall_id: int,
                       pairs: Sequence[tuple[int, str]]) -> set[tuple[int, str]]:
        """Which of the (idea, voter hash) ``pairs`` are votes now."""
        wanted = set(pairs)
        rows = await self.session.execute(select(WallVoteRow.target, WallVoteRow.voter_hash)
                                          .where(WallVoteRow.wall_id == wall_id,
                                                 WallVoteRow.voter_hash.in_(
                                                     sorted({v for _, v in wanted})),
                                                 WallVoteRow.target.in_(
                                                     sorted({t for t, _ in wanted}))))
        return {(t, v) for t, v in rows if (t, v) in wanted}

    async def apply_votes(self, wall_id: int, add: Sequence[tuple[int, str]],
                          remove: Sequence[tuple[int, str]], now: datetime) -> set[int]:
        """Votes in and out, set-based; each idea's count moves by the rows really inserted
        or deleted (another process may have counted the same press). Returns the ideas
        whose count moved."""
        delta: dict[int, int] = defaultdict(int)
        voters: set[str] = set()
        if add:
            inserted = await self.session.execute(
                insert(self.session, WallVoteRow).values([
                    dict(wall_id=wall_id, target=t, voter_hash=v, created_at=now)
                    for t, v in add]).on_conflict_do_nothing(
                    index_elements=["wall_id", "target", "voter_hash"])
                .returning(WallVoteRow.target, WallVoteRow.voter_hash))
            for target, voter in inserted:
                delta[target] += 1
                voters.add(voter)
            if voters:
                await self.session.execute(insert(self.session, WallPersonRow).values([
                    dict(wall_id=wall_id, person_hash=v) for v in sorted(voters)])
                    .on_conflict_do_nothing(index_elements=["wall_id", "person_hash"]))
        if remove:
            deleted = await self.session.execute(delete(WallVoteRow).where(
                WallVoteRow.wall_id == wall_id,
                or_(*(and_(WallVoteRow.target == t, WallVoteRow.voter_hash == v)
                      for t, v in remove))).returning(WallVoteRow.target,
                                                      WallVoteRow.voter_hash))
            gone = set()
            for target, voter in deleted:
                delta[target] -= 1
                gone.add(voter)
            for voter in sorted(gone):
                await self._prune(wall_id, voter)
        by_step: dict[int, list[int]] = defaultdict(list)
        for target, step in delta.items():
            if step:
                by_step[step].append(target)
        for step, targets in sorted(by_step.items()):
            await self._count(wall_id, sorted(targets), step)
        return {t for t, step in delta.items() if step}

    async def _count(self, wall_id: int, targets: list[int], step: int) -> None:
        await self.session.execute(update(WallIdeaRow).where(
            WallIdeaRow.wall_id == wall_id, WallIdeaRow.id.in_(targets))
            .values(votes=WallIdeaRow.votes + step).execution_options(synchronize_session=False))

    async def _took_part(self, wall_id: int, person_hash: str) -> None:
        await insert_or_ignore(self.session, WallPersonRow, ["wall_id", "person_hash"],
                               wall_id=wall_id, person_hash=person_hash)

    async def _prune(self, wall_id: int, person_hash: str | None = None) -> None:
        """Forget who no longer has an idea, a comment or a vote on the wall (``person_hash``
        alone, or anyone's, after a deletion)."""
        parts = []
        for column, wall in ((WallIdeaRow.author_hash, WallIdeaRow.wall_id),
                             (WallCommentRow.author_hash, WallCommentRow.wall_id),
                             (WallVoteRow.voter_hash, WallVoteRow.wall_id)):
            part = select(column).where(wall == wall_id)
            parts.append(part if person_hash is None else part.where(column == person_hash))
        statement = delete(WallPersonRow).where(WallPersonRow.wall_id == wall_id,
                                                WallPersonRow.person_hash.not_in(union(*parts)))
        if person_hash is not None:
            statement = statement.where(WallPersonRow.person_hash == person_hash)
        await self.session.execute(statement)

    async def clear_votes(self, wall_id: int, voter_hash: str,
                          keep: int | None = None) -> None:
        statement = delete(WallVoteRow).where(WallVoteRow.wall_id == wall_id,
                                              WallVoteRow.voter_hash == voter_hash)
        if keep is not None:
            statement = statement.where(WallVoteRow.target != keep)
        taken = list(await self.session.scalars(statement.returning(WallVoteRow.target)))
        if taken:
            await self._count(wall_id, taken, -1)
            await self._prune(wall_id, voter_hash)

    async def votes(self, wall_id: int) -> dict[int, int]:
        rows = await self.session.execute(select(WallVoteRow.target, func.count()).where(
            WallVoteRow.wall_id == wall_id).group_by(WallVoteRow.target))
        return {target: n for target, n in rows}

    async def voters(self, wall_id: int) -> int:
        return await self.session.scalar(select(func.count(func.distinct(
            WallVoteRow.voter_hash))).where(WallVoteRow.wall_id == wall_id)) or 0

    async def voted(self, wall_id: int, voter_hash: str) -> list[int]:
        rows = await self.session.scalars(select(WallVoteRow.target).where(
            WallVoteRow.wall_id == wall_id, WallVoteRow.voter_hash == voter_hash))
        return sorted(rows)

    async def tally(self, wall_id: int) -> tuple[int, int, int]:
        """Ideas shown (not hidden), their votes, and the people taking part: from the
        counts kept as people act, in one query, whatever the wall's size."""
        people = (select(func.count()).select_from(WallPersonRow)
                  .where(WallPersonRow.wall_id == wall_id).scalar_subquery())
        shown = select(func.count(), func.coalesce(func.sum(WallIdeaRow.votes), 0), people).where(
            WallIdeaRow.wall_id == wall_id, WallIdeaRow.hidden_by.is_(None))
        ideas, votes, taking_part = (await self.session.execute(shown)).one()
        return ideas or 0, votes or 0, taking_part or 0

    async def participants(self, wall_id: int) -> int:
        """Different people who added an idea, a comment or a vote."""
        return await self.session.scalar(select(func.count()).select_from(WallPersonRow)
                                         .where(WallPersonRow.wall_id == wall_id)) or 0

    # -- a person's data ----------------------------------------------------------------------
    async def export_person(self, person_key: str, hashes: Sequence[str]) -> dict[str, Any]:
        hashes = list(hashes)
        walls = await self.session.scalars(select(WallRow).where(WallRow.created_by == person_key))
        ideas = await self.session.scalars(select(WallIdeaRow).where(
            (WallIdeaRow.author_key == person_key) | WallIdeaRow.author_hash.in_(hashes))
            .order_by(WallIdeaRow.id))
        comments = await self.session.scalars(select(WallCommentRow).where(
            (WallCommentRow.author_key == person_key) | WallCommentRow.author_hash.in_(hashes))
            .order_by(WallCommentRow.id))
        votes = await self.session.execute(select(WallVoteRow.wall_id, WallVoteRow.target).where(
            WallVoteRow.voter_hash.in_(hashes)).order_by(WallVoteRow.id))
        return {
            "walls_created": [{"id": w.id, "kind": w.kind, "question": w.question}
                              for w in walls],
            "ideas": [{"wall": i.wall_id, "idea": i.id, "text": i.text,
                       "anonymous": i.author_key is None, "added": i.created_at.isoformat()}
                      for i in ideas],
            "comments": [{"wall": c.wall_id, "idea": c.idea_id, "text": c.text,
                          "anonymous": c.author_key is None} for c in comments],
            "votes": [{"wall": wall, "on": target} for wall, target in votes],
        }

    async def erase_person(self, person_key: str, pseudonym: str,
                           rehash: dict[str, str]) -> None:
        """Named ideas and comments move to ``pseudonym``; every hash of the person (old ->
        new in ``rehash``) becomes the pseudonym's, so counts stay right and nothing of theirs
        can be found from their key any more."""
        await self.session.execute(update(WallRow).where(WallRow.created_by == person_key)
                                   .values(created_by=pseudonym))
        for model in (WallIdeaRow, WallCommentRow):
            await self.session.execute(update(model).where(model.author_key == person_key)
                                       .values(author_key=pseudonym))
        await self.session.execute(update(WallIdeaRow).where(WallIdeaRow.hidden_by == person_key)
                                   .values(hidden_by=pseudonym))
        for old, new in rehash.items():
            await self.session.execute(update(WallIdeaRow).where(
                WallIdeaRow.author_hash == old).values(author_hash=new))
            await self.session.execute(update(WallCommentRow).where(
                WallCommentRow.author_hash == old).values(author_hash=new))
            await self.session.execute(update(WallVoteRow).where(
                WallVoteRow.voter_hash == old).values(voter_hash=new))
            await self.session.execute(update(WallPersonRow).where(
                WallPersonRow.person_hash == old).values(person_hash=new))
