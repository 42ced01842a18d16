"""Whether kmbot can post in a channel, before anyone subscribes it or sends to it."""
from __future__ import annotations

from ..channels import DeliveryError
from ..services import Services
from ..vocabulary import Destination


async def can_post(services: Services, destination: Destination) -> bool:
    """``channels.can_post`` where the platform offers it (on main, from the delivery work);
    otherwise whether the platform will say who is in the channel (it refuses, for Slack,
    a private channel kmbot is not in)."""
    check = getattr(services.channels, "can_post", None)
    if check is not None:
        return await check(destination)
    try:
        await services.channels.members(destination)
    except DeliveryError:
        return False
    return True
