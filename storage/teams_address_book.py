"""A person's part of the Teams adapter's address book, for ``/kmbot my-data`` and
``/kmbot forget-me`` (the core's :class:`~core.ports.AddressBook`).

The adapter keeps, per Teams user, the ids that reach them (their ``29:…`` id, Entra object
id, 1:1 chat, a conversation shared with the bot) and the display name Teams sent; conversation
references stored before names were left out of them may carry the last sender's name too.
Forgetting someone blanks their name in both and keeps the ids, so that the bot can still
answer them (the confirmation itself goes to their 1:1 chat) and nothing else breaks.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .teams import TeamsConversationRow, TeamsUserRow

PLATFORM = "teams"


def teams_id(person_key: str) -> tuple[str, str] | None:
    """``teams:<tenant>:<29:…>`` -> (tenant, user id); None for another platform's person."""
    platform, _, rest = person_key.partition(":")
    tenant, _, user_id = rest.partition(":")
    if platform != PLATFORM or not tenant or not user_id:
        return None
    return tenant, user_id


class TeamsAddressBook:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def export(self, person_key: str) -> list[dict[str, Any]]:
        found = teams_id(person_key)
        if found is None:
            return []
        tenant, user_id = found
        row = await self.session.get(TeamsUserRow, (tenant, user_id))
        if row is None:
            return []
        named_in = [r.conversation_id for r in await self._references_naming(tenant, user_id)]
        return [{"platform": PLATFORM, "tenant": tenant, "user_id": user_id,
                 "entra_object_id": row.aad_object_id, "name": row.name,
                 "personal_chat": row.personal_conversation_id,
                 "shared_conversation": row.shared_conversation_id,
                 "name_in_conversation_references": named_in,
                 "updated_at": row.updated_at.isoformat()}]

    async def erase(self, person_key: str) -> None:
        found = teams_id(person_key)
        if found is None:
            return
        tenant, user_id = found
        await self.session.execute(update(TeamsUserRow).where(
            TeamsUserRow.tenant_id == tenant, TeamsUserRow.user_id == user_id).values(name=""))
        for row in await self._references_naming(tenant, user_id):
            reference = json.loads(row.reference)
            reference["user"].pop("name", None)
            row.reference = json.dumps(reference)

    async def _references_naming(self, tenant: str, user_id: str) -> list[TeamsConversationRow]:
        rows = await self.session.scalars(select(TeamsConversationRow).where(
            TeamsConversationRow.tenant_id == tenant,
            TeamsConversationRow.reference.contains(user_id, autoescape=True)))
        return [row for row in rows if _names(json.loads(row.reference), user_id)]


def _names(reference: dict, user_id: str) -> bool:
    user = reference.get("user")
    return isinstance(user, dict) and user.get("id") == user_id and bool(user.get("name"))
