"""What bulletins need from storage, as ``uow.bulletins``."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from .model import Bulletin, Draft, Status


class BulletinsRepo(Protocol):
    async def add(self, workspace_key: str, by: str, draft: Draft, now: datetime) -> Bulletin: ...
    async def get(self, bulletin_id: int, *, for_update: bool = False) -> Bulletin | None: ...
    async def update(self, bulletin_id: int, draft: Draft) -> None: ...
    async def set_status(self, bulletin_id: int, status: Status, now: datetime, *,
                         recipients: int | None = None, digests: int | None = None) -> None: ...
    async def in_workspace(self, workspace_key: str, limit: int = 30) -> list[Bulletin]:
        """Newest first."""
    async def people(self, workspace_key: str) -> list[str]:
        """The key of everyone who has ever used kmbot in the workspace."""
    async def export_person(self, person_key: str) -> dict[str, Any]: ...
    async def erase_person(self, person_key: str, pseudonym: str) -> None: ...
