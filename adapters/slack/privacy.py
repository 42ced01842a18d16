"""Whether a channel is private, when the payload did not say: ``conversations.info``'s
``is_private`` (tier 3), asked after the ack and remembered for a while, so a button press or
an ``@kmbot`` mention in a private channel is known private rather than unknown.

Asked only for channels (never DMs), only when the payload left it open; any failure (no
``channels:read``/``groups:read`` scope, a channel the bot cannot see) leaves it unknown, which
the core treats as private where it matters.
"""
from __future__ import annotations

import logging
import time
from dataclasses import replace

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.vocabulary import Place, PlaceKind

log = logging.getLogger(__name__)
REMEMBER_SECONDS = 600.0
MOST_REMEMBERED = 5000


class ChannelPrivacy:
    def __init__(self, clock=time.monotonic) -> None:
        self.clock = clock
        self._known: dict[str, tuple[float, bool]] = {}

    async def fill(self, client: AsyncWebClient, place: Place) -> Place:
        """``place`` with ``private`` filled in from Slack when the payload left it unknown."""
        if (place.private is not None or not place.id
                or place.kind not in (PlaceKind.CHANNEL, PlaceKind.THREAD)):
            return place
        now = self.clock()
        hit = self._known.get(place.id)
        if hit and hit[0] > now:
            return replace(place, private=hit[1])
        try:
            answer = await client.conversations_info(channel=place.id)
        except SlackApiError as error:
            log.info("conversations.info refused (%s): the channel's privacy stays unknown",
                     error.response.get("error", "?"))
            return place
        except Exception as error:          # a network failure: unknown, as before
            log.info("conversations.info failed: %s", type(error).__name__)
            return place
        private = (answer.get("channel") or {}).get("is_private")
        if not isinstance(private, bool):
            return place
        if len(self._known) >= MOST_REMEMBERED:
            self._known.clear()
        self._known[place.id] = (now + REMEMBER_SECONDS, private)
        return replace(place, private=private)
