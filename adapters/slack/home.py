"""The App Home tab: the member's home card from the core, published with ``views.publish``."""
from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from core.kernel import Kernel
from core.vocabulary import Actor

from .blocks import view_blocks


async def home_view(kernel: Kernel, actor: Actor) -> dict:
    card = await kernel.home(actor)
    return {"type": "home", "blocks": view_blocks(card)}


async def publish_home(kernel: Kernel, client: AsyncWebClient, actor: Actor) -> None:
    await client.views_publish(user_id=actor.user_id, view=await home_view(kernel, actor))
