"""The App Home tab: the member's home card from the core, published with ``views.publish``."""
from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from core.kernel import Kernel
from core.vocabulary import Actor

from .blocks import view_blocks


async def home_view(kernel: Kernel, actor: Actor, event_id: str | None = None) -> dict | None:
    """The Home tab's view; None when ``event_id`` (an ``app_home_opened`` Slack redelivered)
    was handled already."""
    card = await kernel.home(actor, event_id)
    return None if card is None else {"type": "home", "blocks": view_blocks(card)}


async def publish_home(kernel: Kernel, client: AsyncWebClient, actor: Actor,
                       event_id: str | None = None) -> None:
    view = await home_view(kernel, actor, event_id)
    if view is not None:
        await client.views_publish(user_id=actor.user_id, view=view)
