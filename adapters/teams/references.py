"""Remembering conversations: a reference for every chat and channel, refreshed on every turn.

Each inbound turn stores the conversation's ``ConversationReference`` (its ``serviceUrl`` can
change) and what the bot learns about the sender: their Entra object id, their 1:1 chat with
the bot, or a team or group chat they share with it (from which a 1:1 chat can be created).

The threads the bot starts in channels are remembered too, as conversations of kind
``thread`` (``19:…@thread.tacv2;messageid=<root id>``, the id Teams itself gives a thread):
a reply in one of them, even without a mention, reaches the core as a thread reply.
"""
from __future__ import annotations

import time
from datetime import datetime

from microsoft_agents.activity import Activity, ChannelAccount, ConversationReference
from microsoft_agents.hosting.core import TurnContext

from core.group_commit import GroupCommit
from storage.teams import TeamsConversation, TeamsStore, TeamsUser

from .translate import channel_data, split_conversation_id, tenant_of

PERSONAL, GROUP_CHAT, CHANNEL, THREAD = "personal", "groupChat", "channel", "thread"
SHARED_FRESH_SECONDS = 10.0
LINGER = 0.05       # seconds saving new 1:1 chats waits for more, while many are made


def kind_of(activity: Activity) -> str:
    return activity.conversation.conversation_type or PERSONAL


def stored_id(activity: Activity) -> str:
    """Channels are stored by channel (a reply thread's ``;messageid=`` removed)."""
    conversation_id = activity.conversation.id
    if kind_of(activity) == CHANNEL:
        return split_conversation_id(conversation_id)[0]
    return conversation_id


def team_of(activity: Activity) -> str | None:
    team = channel_data(activity).get("team") or {}
    return team.get("id") if isinstance(team, dict) else None


def thread_id(channel_id: str, root_id: str) -> str:
    return f"{channel_id};messageid={root_id}"


def reference_to_dict(reference: ConversationReference) -> dict:
    return reference.model_dump(by_alias=True, exclude_none=True, mode="json")


def reference_from_dict(data: dict) -> ConversationReference:
    return ConversationReference.model_validate(data)


class References:
    def __init__(self, store: TeamsStore, now) -> None:
        self.store, self.now = store, now   # now: () -> aware datetime (the core's clock)
        # new 1:1 chats, saved many at a time while a broadcast creates hundreds a second
        self._created: GroupCommit[tuple, None] = GroupCommit(self._save_created,
                                                               linger=LINGER)
        self._teams: dict[str, tuple[float, TeamsConversation | None]] = {}
        # the lookups of a broadcast's concurrent sends, read many in one query
        self._people: GroupCommit[tuple[str, str], TeamsUser | None] = GroupCommit(
            self.store.users_many, linger=LINGER)
        self._conversations: GroupCommit[str, TeamsConversation | None] = GroupCommit(
            self.store.conversations_many)

    async def remember_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if activity.conversation is None or activity.from_property is None:
            return
        tenant, kind, now = tenant_of(activity), kind_of(activity), self.now()
        conversation_id = stored_id(activity)
        reference = activity.get_conversation_reference()
        reference.conversation.id = conversation_id
        reference.activity_id = None
        if reference.user is not None:
            reference.user.name = None    # delivery needs ids only; names stay in one place
        await self.store.save_conversation(conversation_id, tenant, kind, team_of(activity),
                                           reference_to_dict(reference), now)
        sender = activity.from_property
        if sender.id and sender.id != (activity.recipient.id if activity.recipient else None):
            await self.remember_person(tenant, sender, kind, conversation_id, now)

    async def remember_members(self, activity: Activity, members: list[ChannelAccount]) -> None:
        tenant, kind, now = tenant_of(activity), kind_of(activity), self.now()
        bot_id = activity.recipient.id if activity.recipient else None
        for member in members:
            if member.id and member.id != bot_id:
                await self.remember_person(tenant, member, kind, stored_id(activity), now)

    async def remember_person(self, tenant: str, person: ChannelAccount, kind: str,
                              conversation_id: str, now: datetime) -> None:
        personal = conversation_id if kind == PERSONAL else None
        shared = None if kind == PERSONAL else conversation_id
        await self.store.save_user(tenant, person.id, now, name=person.name or "",
                                   aad_object_id=person.aad_object_id, personal=personal,
                                   shared=shared)

    async def remember_created(self, tenant: str, user_id: str, activity: Activity) -> None:
        """A 1:1 chat the bot has just created with someone."""
        reference = activity.get_conversation_reference()
        reference.user = ChannelAccount(id=user_id)
        reference.conversation.conversation_type = PERSONAL
        await self._created.add((tenant, user_id, activity.conversation.id,
                                 reference_to_dict(reference)))

    async def _save_created(self, chats) -> list[None]:
        await self.store.save_personal_chats(list(chats), self.now())
        return [None] * len(chats)

    async def remember_thread(self, channel, root_id: str) -> None:
        """A post the bot made at the top of a channel: replies to it are thread replies."""
        reference = reference_from_dict(channel.reference)
        reference.conversation.id = thread_id(channel.conversation_id, root_id)
        await self.store.save_conversation(reference.conversation.id, channel.tenant_id, THREAD,
                                           channel.team_id, reference_to_dict(reference),
                                           self.now())

    async def is_bot_thread(self, activity: Activity, root_id: str) -> bool:
        base, _ = split_conversation_id(activity.conversation.id)
        stored = await self.store.conversation(thread_id(base, root_id))
        return stored is not None and stored.kind == THREAD

    async def welcome_due(self, activity: Activity) -> bool:
        return await self.store.mark_welcomed(stored_id(activity), self.now())

    async def forget(self, activity: Activity) -> None:
        await self.store.mark_removed(stored_id(activity), self.now())

    async def conversation(self, conversation_id: str) -> TeamsConversation | None:
        return await self._conversations.add(conversation_id)

    async def person(self, tenant: str, user_id: str) -> TeamsUser | None:
        """Who kmbot knows in a tenant (their 1:1 chat, a team shared with them), or None."""
        return await self._people.add((tenant, user_id))

    async def shared(self, conversation_id: str) -> TeamsConversation | None:
        """A team or group chat to create 1:1 chats from: read again after a few seconds,
        not for every one of the thousands of chats a broadcast creates from it."""
        now = time.monotonic()
        known = self._teams.get(conversation_id)
        if known is None or known[0] < now - SHARED_FRESH_SECONDS:
            if len(self._teams) > 1000:
                self._teams.clear()
            known = self._teams[conversation_id] = (
                now, await self.store.conversation(conversation_id))
        return known[1]
