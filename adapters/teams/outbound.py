"""Bot Connector calls from the outbox without building a turn.

A proactive send through the SDK (``continue_conversation``, ``create_conversation``) builds a
whole turn for every message: a claims identity, a ``TurnContext``, the middleware pipeline,
telemetry spans, a user-token client, and a deep copy of the activity. A broadcast sends tens
of thousands of messages, so that turn was most of a sender's work. :class:`Outbound` makes
the same requests directly on the kept connector client (:class:`~.clients.SharedClients`,
so tokens still come from the SDK's connection manager and token provider, and local mode
stays anonymous), addressing each activity exactly as the turn would have: the reference a
continuation turn has (:meth:`Outbound.reference`), applied with the SDK's own
``apply_conversation_reference``, then the turn's defaults (type, input hint, no id). A new
1:1 chat's first messages answer the ``CreateConversation`` event, as the SDK's do.
"""
from __future__ import annotations

from uuid import uuid4

from microsoft_agents.activity import (Activity, ActivityEventNames, ActivityTypes, ChannelId,
                                       ConversationAccount, ConversationParameters,
                                       ConversationReference)
from microsoft_agents.hosting.core import AuthenticationConstants, ClaimsIdentity

from .clients import SharedClients


class Outbound:
    def __init__(self, clients: SharedClients, app_id: str) -> None:
        self.clients, self.app_id = clients, app_id
        # what continue_conversation (with an app id) or local mode (anonymous) would claim
        self.identity = (ClaimsIdentity({AuthenticationConstants.AUDIENCE_CLAIM: app_id,
                                         AuthenticationConstants.APP_ID_CLAIM: app_id})
                         if app_id else ClaimsIdentity())
        self._creating: dict[str, ClaimsIdentity] = {}   # service URL -> identity

    async def client(self, service_url: str, *, creating: bool = False):
        """The kept connector client for ``service_url`` (its token refreshed as needed)."""
        identity = self._identity_creating(service_url) if creating else self.identity
        return await self.clients.create_connector_client(
            None, identity, service_url, identity.get_token_audience(),
            use_anonymous=identity.allow_anonymous)

    def _identity_creating(self, service_url: str) -> ClaimsIdentity:
        found = self._creating.get(service_url)
        if found is None:
            if len(self._creating) > 100:
                self._creating.clear()
            found = self._creating[service_url] = ClaimsIdentity({
                AuthenticationConstants.AUDIENCE_CLAIM: self.app_id,
                AuthenticationConstants.APP_ID_CLAIM: self.app_id,
                AuthenticationConstants.SERVICE_URL_CLAIM: service_url})
        return found

    @staticmethod
    def reference(stored: ConversationReference) -> ConversationReference:
        """The reference of the continuation turn on a stored conversation (no activity id:
        a new message, not a reply to the continuation event)."""
        continuation = stored.get_continuation_activity()
        continuation.id = None
        return continuation.get_conversation_reference()

    @staticmethod
    def addressed(activity: Activity, reference: ConversationReference) -> Activity:
        """``TurnContext.send_activities`` on one activity, without changing the original
        (a prepared activity may be shared by many sends)."""
        out = activity.model_copy()    # only top-level fields are set below
        out.apply_conversation_reference(reference)
        if not out.type:
            out.type = ActivityTypes.message
        if not out.input_hint:
            out.input_hint = "acceptingInput"      # as TurnContext sets it
        out.id = None
        return out

    @staticmethod
    async def send(client, activity: Activity) -> str:
        """Post an addressed activity (a reply when it answers one, as the adapter does);
        the id Teams gave it."""
        if activity.reply_to_id:
            response = await client.conversations.reply_to_activity(
                activity.conversation.id, activity.reply_to_id, activity)
        else:
            response = await client.conversations.send_to_conversation(
                activity.conversation.id, activity)
        return (response.id if response else "") or ""

    async def create(self, client, channel_id: str, service_url: str,
                     parameters: ConversationParameters) -> Activity:
        """Create a conversation; the ``CreateConversation`` event the SDK would start its
        turn with (its reference addresses the first messages)."""
        result = await client.conversations.create_conversation(parameters)
        activity = Activity.create_event_activity()
        activity.name = ActivityEventNames.create_conversation
        activity.channel_id = ChannelId(channel_id)
        activity.service_url = service_url
        activity.id = result.activity_id or str(uuid4())
        activity.conversation = ConversationAccount(id=result.id,
                                                    tenant_id=parameters.tenant_id)
        activity.channel_data = parameters.channel_data
        activity.recipient = parameters.agent
        return activity

    @staticmethod
    async def update(client, activity: Activity, reference: ConversationReference) -> None:
        """``TurnContext.update_activity``: the activity (with its id) addressed, replaced."""
        activity.apply_conversation_reference(reference)
        await client.conversations.update_activity(activity.conversation.id, activity.id,
                                                   activity)
