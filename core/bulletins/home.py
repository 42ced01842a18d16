"""Bulletins on a librarian's home card."""
from __future__ import annotations

from ..cards import Button, Section
from ..router import Context
from ..wording import bulletins as say
from .model import Status


async def home(ctx: Context) -> tuple[list[Section], list[Button]]:
    if not ctx.is_librarian:
        return [], []
    async with ctx.services.uow(read_only=True) as uow:
        recent = await uow.bulletins.in_workspace(ctx.actor.workspace_key)
    scheduled = sum(b.status is Status.SCHEDULED for b in recent)
    sending = sum(b.status is Status.SENDING for b in recent)
    return ([Section(say.HOME_LIBRARIAN.format(n=scheduled, m=sending))],
            [Button(say.HOME_BUTTON, "bulletins.new")])
