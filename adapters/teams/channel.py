"""Sending from the outbox to Teams: proactive messages on a stored conversation reference.

A ``user`` destination goes to the person's 1:1 chat with the bot, created with
``create_conversation`` (from a team or group chat they share with the bot) when there is none
yet; a ``channel`` destination goes to the stored channel, as a new post, or into the thread of
``destination.thread_id``. A group becomes one 1:1 per member (a bot cannot start a group chat).
``send`` returns a :class:`~core.channels.MessageRef` naming the posted activity; ``edit``
replaces one in place. A post the bot starts in a channel is remembered as one of its threads.
Every call waits its turn in the :class:`Throttle`; a 429 holds the whole tenant for
``Retry-After``, and a short wait is retried here once before the outbox's own backoff.
The requests are made on the kept connector client, without a turn (see
:mod:`~adapters.teams.outbound`), and a message's activities are prepared once however many
recipients it has.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable

from microsoft_agents.activity import Activity, ChannelAccount, ConversationParameters

from core.cards import Message
from core.channels import NOT_IN_CHANNEL, DeliveryError, MessageRef, one_per_member
from core.vocabulary import Destination

from .failures import delivery_error
from .messages import activities_for, prepared
from .outbound import Outbound
from .references import References, reference_from_dict, thread_id
from .throttle import Throttle

log = logging.getLogger(__name__)
PLATFORM = "teams"


class TeamsChannel:
    platform = PLATFORM

    def __init__(self, adapter, references: References, app_id: str, *, clients,
                 throttle: Throttle | None = None, max_inline_wait: float = 2.0) -> None:
        self.adapter, self.references, self.app_id = adapter, references, app_id or ""
        self.throttle = throttle or Throttle()
        self.max_inline_wait = max_inline_wait
        self.clients = clients      # the adapter's SharedClients (closed at shutdown)
        self.outbound = Outbound(clients, self.app_id)

    async def aclose(self) -> None:
        if self.clients is not None:
            await self.clients.aclose()

    def fan_out(self, destination: Destination) -> list[Destination]:
        return one_per_member(destination)

    async def send(self, destination: Destination, message: Message) -> MessageRef | None:
        activities = list(prepared(message))    # shared: addressed copies are sent
        if destination.kind == "channel":
            return await self._to_channel(destination, activities)
        if destination.kind == "user":
            return await self._to_person(destination.workspace, destination.ids[0], activities)
        raise DeliveryError(f"Teams cannot send to a {destination.kind!r} destination",
                            permanent=True)

    async def can_post(self, destination: Destination) -> bool:
        """Whether kmbot is in the channel: it has met it (every turn there stores its
        reference) and was not removed from it since."""
        stored = await self.references.conversation(destination.ids[0])
        return stored is not None and not stored.removed

    async def edit(self, ref: MessageRef, message: Message, *,
                   latest: Callable[[], Awaitable[Message]] | None = None) -> None:
        """Replace a posted message (its first activity, when the new text needs several);
        the newest content (``latest()``) is read once the conversation's pace lets it go."""
        stored = await self.references.conversation(ref.conversation)
        if stored is None or stored.removed:
            raise DeliveryError("kmbot is no longer in that Teams conversation",
                                kind=NOT_IN_CHANNEL, unreachable=True)
        reference = reference_from_dict(stored.reference)
        if ref.thread:
            reference.conversation.id = thread_id(stored.conversation_id, ref.thread)

        async def update() -> None:
            turn = self._turn(reference)
            client = await self.outbound.client(turn.service_url)
            async with self.throttle.slot(stored.tenant_id, turn.conversation.id):
                # the newest content, read once the conversation's pace lets it go
                [first, *rest] = (activities_for(await latest()) if latest
                                  else prepared(message))
                if rest:
                    log.info("an edited Teams message keeps only its first part (%d more)",
                             len(rest))
                activity = first.model_copy()
                activity.id = ref.id
                await self.outbound.update(client, activity, turn)
        await self._attempt(stored.tenant_id, update, threaded=True)

    async def members(self, destination: Destination) -> list[str]:
        """Teams user ids of who is in a channel (the Bot Connector's conversation members:
        for a standard channel the team's roster, for a private or shared one its own), or
        [] when kmbot is not there or Teams cannot say (nobody is taken to be a member)."""
        if destination.kind != "channel":
            return list(destination.ids)
        stored = await self.references.conversation(destination.ids[0])
        if stored is None or stored.removed or not self.app_id:
            return []
        found: list[str] = []

        async def read() -> None:
            turn = self._turn(reference_from_dict(stored.reference))
            client = await self.outbound.client(turn.service_url)
            conversation = turn.conversation.id
            async with self.throttle.slot(stored.tenant_id, conversation):
                members = await client.conversations.get_conversation_members(conversation)
            found.extend(m.id for m in members if m.id)
        try:
            await self._attempt(stored.tenant_id, read)
        except DeliveryError as problem:
            log.warning("could not read the members of a Teams channel: %s", problem)
            return []
        return found

    async def _to_channel(self, destination: Destination,
                          activities: list[Activity]) -> MessageRef:
        stored = await self.references.conversation(destination.ids[0])
        if stored is None or stored.removed:
            raise DeliveryError("kmbot is not in that Teams channel (or was removed from it)",
                                kind=NOT_IN_CHANNEL, unreachable=True)
        reference = reference_from_dict(stored.reference)
        if destination.thread_id:
            reference.conversation.id = thread_id(stored.conversation_id, destination.thread_id)
        posted = await self._send_on(stored.tenant_id, reference, activities,
                                     threaded=bool(destination.thread_id))
        if not destination.thread_id:
            await self.references.remember_thread(stored, posted)
        return MessageRef(PLATFORM, stored.tenant_id, stored.conversation_id, posted,
                          destination.thread_id)

    async def privately(self, tenant: str, user_id: str, activities: list[Activity], *,
                        shared_id: str, remember: bool) -> MessageRef:
        """To the person's 1:1 chat during a turn in ``shared_id`` (a channel or group chat,
        where Teams has no message only one person sees); the chat is created from there
        when there is none. ``remember=False`` (someone maybe acting anonymously): the
        address book is neither read nor written, so nothing records who acted when."""
        return await self._to_person(tenant, user_id, activities, shared_id=shared_id,
                                     remember=remember)

    async def _to_person(self, tenant: str, user_id: str, activities: list[Activity], *,
                         shared_id: str | None = None, remember: bool = True) -> MessageRef:
        # someone maybe acting anonymously is not looked up either (a statement with their
        # id, at that moment, in a debug log would say who): Teams gives the same 1:1 chat
        person = await self.references.person(tenant, user_id) if remember else None
        if person is None and shared_id is None:
            raise DeliveryError("kmbot has never met this person in Teams", unreachable=True)
        if person is not None and person.personal_conversation_id:
            stored = await self.references.conversation(person.personal_conversation_id)
            if stored is not None and not stored.removed:
                posted = await self._send_on(tenant, reference_from_dict(stored.reference),
                                             activities)
                return MessageRef(PLATFORM, tenant, stored.conversation_id, posted)
        shared = shared_id or (person.shared_conversation_id if person else None)
        return await self._create_and_send(tenant, user_id, shared, activities, remember)

    async def _create_and_send(self, tenant: str, user_id: str, shared_id: str | None,
                               activities: list[Activity], remember: bool = True) -> MessageRef:
        shared = await self.references.shared(shared_id) if shared_id else None
        if shared is None or shared.removed:
            raise DeliveryError("no 1:1 chat with this person, and no team shared with them "
                                "to start one from", unreachable=True)
        if not self.app_id:
            raise DeliveryError("a new 1:1 chat needs Teams credentials (not in local mode)",
                                permanent=True)
        reference = reference_from_dict(shared.reference)
        parameters = ConversationParameters(
            is_group=False, agent=reference.agent, members=[ChannelAccount(id=user_id)],
            tenant_id=tenant, channel_data={"tenant": {"id": tenant}})
        posted: list[str] = []
        chat: list[Activity] = []   # the CreateConversation event, once the chat exists

        async def create_and_send() -> None:
            if not reference.service_url:
                raise TypeError("CloudAdapter.create_conversation(): service_url is required.")
            client = await self.outbound.client(reference.service_url, creating=True)
            if not chat:    # (a retry after a short 429 sends on the chat already made)
                async with self.throttle.slot(tenant):  # creating counts for the tenant
                    chat.append(await self.outbound.create(
                        client, reference.channel_id, reference.service_url, parameters))
                if remember:
                    await self.references.remember_created(tenant, user_id, chat[0])
            await self._send_all(client, tenant, chat[0].get_conversation_reference(),
                                 activities, posted)
        await self._attempt(tenant, create_and_send)
        return MessageRef(PLATFORM, tenant, chat[0].conversation.id,
                          posted[0] if posted else "")

    async def _send_on(self, tenant: str, reference, activities: list[Activity], *,
                       threaded: bool = False) -> str:
        """Send on a stored conversation; the id of the first activity posted."""
        posted: list[str] = []

        async def send() -> None:
            turn = self._turn(reference)
            client = await self.outbound.client(turn.service_url)
            await self._send_all(client, tenant, turn, activities, posted)
        await self._attempt(tenant, send, threaded=threaded)
        return posted[0] if posted else ""

    @staticmethod
    def _turn(reference):
        """What a proactive turn on ``reference`` addresses its messages with."""
        if not reference.conversation:
            raise TypeError("CloudAdapter: continuation_activity.conversation is required.")
        if not reference.service_url:
            raise TypeError("CloudAdapter: continuation_activity.service_url is required.")
        return Outbound.reference(reference)

    async def _send_all(self, client, tenant: str, turn, activities: list[Activity],
                        posted: list[str]) -> None:
        """Send in order; what was sent is taken off the list (so a retry sends the rest) and
        its activity id added to ``posted``."""
        conversation = turn.conversation.id
        while activities:
            activity = self.outbound.addressed(activities[0], turn)
            async with self.throttle.slot(tenant, conversation):
                posted.append(await self.outbound.send(client, activity))
            activities.pop(0)

    async def _attempt(self, tenant: str, call, *, threaded: bool = False) -> None:
        """Run ``call``; a 429 with a short ``Retry-After`` is waited out and tried once more."""
        for attempt in (1, 2):
            try:
                await call()
                return
            except DeliveryError:
                raise
            except Exception as error:
                failure = delivery_error(error, threaded=threaded)
            if failure.retry_after is not None:
                await self.throttle.pause_everywhere(tenant, failure.retry_after)
            if (attempt == 1 and failure.retry_after is not None
                    and failure.retry_after <= self.max_inline_wait):
                log.info("Teams throttled a send; waiting %.1fs", failure.retry_after)
                continue   # the throttle holds the tenant for Retry-After
            raise failure
