"""Sending from the outbox to Teams: ``continue_conversation`` on a stored reference.

A ``user`` destination goes to the person's 1:1 chat with the bot, created with
``create_conversation`` (from a team or group chat they share with the bot) when there is none
yet; a ``channel`` destination goes to the stored channel. A group becomes one 1:1 per member
(a bot cannot start a group chat). Every send waits its turn in the :class:`Throttle`; a 429
holds the whole tenant for ``Retry-After``, and a short wait is retried here once before the
outbox's own backoff takes over.
"""
from __future__ import annotations

import asyncio
import logging

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ChannelAccount, ConversationParameters

from core.cards import Message
from core.channels import DeliveryError, one_per_member
from core.vocabulary import Destination

from .failures import delivery_error
from .messages import activities_for
from .references import References, reference_from_dict
from .throttle import Throttle

log = logging.getLogger(__name__)
PLATFORM = "teams"


class TeamsChannel:
    platform = PLATFORM

    def __init__(self, adapter, references: References, app_id: str, *,
                 throttle: Throttle | None = None, max_inline_wait: float = 2.0,
                 sleep=asyncio.sleep) -> None:
        self.adapter, self.references, self.app_id = adapter, references, app_id or ""
        self.throttle = throttle or Throttle()
        self.max_inline_wait, self.sleep = max_inline_wait, sleep

    def fan_out(self, destination: Destination) -> list[Destination]:
        return one_per_member(destination)

    async def send(self, destination: Destination, message: Message) -> None:
        activities = activities_for(message)
        if destination.kind == "channel":
            await self._to_channel(destination, activities)
        elif destination.kind == "user":
            await self._to_person(destination.workspace, destination.ids[0], activities)
        else:
            raise DeliveryError(f"Teams cannot send to a {destination.kind!r} destination",
                                permanent=True)

    async def _to_channel(self, destination: Destination, activities: list[Activity]) -> None:
        stored = await self.references.conversation(destination.ids[0])
        if stored is None or stored.removed:
            raise DeliveryError("kmbot is not in that Teams channel (or was removed from it)",
                                permanent=True)
        reference = reference_from_dict(stored.reference)
        if destination.thread_id:
            reference.conversation.id = f"{stored.conversation_id};messageid={destination.thread_id}"
        await self._continue(stored.tenant_id, reference, activities)

    async def _to_person(self, tenant: str, user_id: str, activities: list[Activity]) -> None:
        person = await self.references.store.user(tenant, user_id)
        if person is None:
            raise DeliveryError("kmbot has never met this person in Teams", permanent=True)
        if person.personal_conversation_id:
            stored = await self.references.conversation(person.personal_conversation_id)
            if stored is not None and not stored.removed:
                await self._continue(tenant, reference_from_dict(stored.reference), activities)
                return
        await self._create_and_send(tenant, user_id, person.shared_conversation_id, activities)

    async def _create_and_send(self, tenant: str, user_id: str, shared_id: str | None,
                               activities: list[Activity]) -> None:
        shared = await self.references.conversation(shared_id) if shared_id else None
        if shared is None or shared.removed:
            raise DeliveryError("no 1:1 chat with this person, and no team shared with them "
                                "to start one from", permanent=True)
        reference = reference_from_dict(shared.reference)
        parameters = ConversationParameters(
            is_group=False, bot=reference.bot, members=[ChannelAccount(id=user_id)],
            tenant_id=tenant, channel_data={"tenant": {"id": tenant}})

        async def created(turn_context: TurnContext) -> None:
            await self.references.remember_created(tenant, user_id, turn_context.activity)
            await self._send_all(turn_context, tenant, activities)
        await self._attempt(tenant, lambda: self.adapter.create_conversation(
            self.app_id, created, parameters, reference.channel_id, reference.service_url))

    async def _continue(self, tenant: str, reference, activities: list[Activity]) -> None:
        async def callback(turn_context: TurnContext) -> None:
            await self._send_all(turn_context, tenant, activities)
        await self._attempt(tenant, lambda: self.adapter.continue_conversation(
            reference, callback, self.app_id))

    async def _send_all(self, turn_context: TurnContext, tenant: str,
                        activities: list[Activity]) -> None:
        """Send in order; what was sent is taken off the list, so a retry sends the rest."""
        conversation = turn_context.activity.conversation.id
        while activities:
            async with self.throttle.slot(tenant, conversation):
                await turn_context.send_activity(activities[0])
            activities.pop(0)

    async def _attempt(self, tenant: str, call) -> None:
        """Run ``call``; a 429 with a short ``Retry-After`` is waited out and tried once more."""
        for attempt in (1, 2):
            try:
                await call()
                return
            except DeliveryError:
                raise
            except Exception as error:
                failure = delivery_error(error)
            if failure.retry_after is not None:
                self.throttle.pause(tenant, failure.retry_after)
            if (attempt == 1 and failure.retry_after is not None
                    and failure.retry_after <= self.max_inline_wait):
                log.info("Teams throttled a send; waiting %.1fs", failure.retry_after)
                continue   # the throttle holds the tenant for Retry-After
            raise failure
