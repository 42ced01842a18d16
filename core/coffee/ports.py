"""What Coffee Connect needs from storage (``storage/coffee.py`` implements it), reached as
``uow.coffee`` in a unit of work."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, Sequence

from .model import Membership, Programme, ProgrammeSettings, Round, RoundGroup


class CoffeeRepo(Protocol):
    async def programmes(self, workspace_key: str) -> list[Programme]: ...
    async def all_programmes(self) -> list[Programme]: ...
    async def programme(self, programme_id: int) -> Programme | None: ...
    async def add_programme(self, workspace_key: str, settings: ProgrammeSettings,
                            now: datetime) -> Programme | None:
        """None when the workspace already has a programme with that slug."""
    async def update_programme(self, programme_id: int, changes: dict[str, Any]) -> None:
        """Change only the settings named in ``changes`` (ProgrammeSettings field names), in
        one statement, so two librarians editing different settings both keep theirs."""
    async def membership(self, programme_id: int, person_key: str) -> Membership | None: ...
    async def memberships_of(self, person_key: str) -> list[Membership]: ...
    async def save_membership(self, membership: Membership) -> None: ...
    async def members(self, programme_id: int) -> list[Membership]: ...
    async def claim_round(self, programme_id: int, slot: datetime, seed: int,
                          reminder_at: datetime, now: datetime) -> Round | None:
        """Create the round for ``slot``; None when another process already claimed it."""
    async def save_groups(self, round_id: int, groups: Sequence[Sequence[str]],
                          cross_department: Sequence[bool]) -> list[RoundGroup]: ...
    async def rounds(self, programme_id: int) -> list[Round]: ...
    async def round(self, round_id: int) -> Round | None: ...
    async def groups(self, round_id: int) -> list[RoundGroup]: ...
    async def groups_of_rounds(self, round_ids: Sequence[int]) -> dict[int, list[RoundGroup]]: ...
    async def history(self, programme_id: int, limit: int) -> list[list[tuple[str, ...]]]:
        """Past groups of the programme, oldest round first, as tuples of person keys."""
    async def group_of(self, group_id: int) -> RoundGroup | None: ...
    async def latest_group_for(self, programme_id: int, person_key: str) -> RoundGroup | None: ...
    async def record_outcome(self, group_id: int, person_key: str, outcome: str,
                             now: datetime) -> bool: ...
    async def claim_due_reminders(self, now: datetime,
                                  round_id: int | None = None) -> list[Round]:
        """Mark due rounds (or round ``round_id``, if due) as reminded, atomically, and
        return them."""
    async def met_count(self, programme_id: int | None, person_key: str) -> int:
        """How many different colleagues the person has been grouped with (None: anywhere)."""
    async def export_person(self, person_key: str) -> dict[str, Any]:
        """The person's memberships and the introductions they were part of."""
    async def erase_person(self, person_key: str, pseudonym: str) -> None:
        """Delete the person's memberships; their place in past groups (which repeat-avoidance
        and the figures need) is kept under ``pseudonym``."""
