"""The Teams bot: each turn is remembered, translated, handed to the kernel, and answered.

Messages (typed commands, card buttons, form submissions, replies in the bot's channel
threads) go to ``kernel.handle``; the reply's messages, form and field errors are sent back as
Teams activities. Channel chatter that neither mentions the bot nor answers one of its threads
is ignored before anything is stored. Installing the bot (in a personal chat, a group chat or a
team) brings a short welcome, once per conversation. A file attached to a reply goes to a
personal chat through Teams' file consent card (:mod:`adapters.teams.files`), and elsewhere as
text.
"""
from __future__ import annotations

import logging
from dataclasses import replace

from microsoft_agents.activity import ChannelAccount, InvokeResponse
from microsoft_agents.hosting.core import ActivityHandler, TurnContext

from core.cards import Form, Message, Reply
from core.kernel import Kernel
from core.serialize import form_from_dict
from core.vocabulary import Action, Submission, ThreadReply
from core.wording import teams as say

from .cards import ACTION_KEY, FORM_KEY, FORM_SPEC_KEY
from .files import consent_activity, is_file_consent, on_file_consent
from .messages import activities_for, card_activity, form_activity
from .references import PERSONAL, References, kind_of, stored_id
from .translate import (actor_of, channel_thread, inbound_of, is_channel, mentions_bot,
                        tenant_of)

log = logging.getLogger(__name__)


class KmbotTeamsBot(ActivityHandler):
    def __init__(self, kernel: Kernel, references: References, channel=None) -> None:
        self.kernel, self.references, self.channel = kernel, references, channel

    async def on_turn(self, turn_context: TurnContext) -> None:
        if await self.is_chatter(turn_context):
            return
        if not self.is_discreet(turn_context):   # maybe anonymous: not even when, or where
            await self.references.remember_turn(turn_context)
        await super().on_turn(turn_context)

    def is_discreet(self, turn_context: TurnContext) -> bool:
        """A button or form that people may use anonymously (a wall's "Add an idea", a +1)."""
        activity = turn_context.activity
        value = activity.value
        if activity.type != "message" or not isinstance(value, dict) or not (
                value.get(ACTION_KEY) or value.get(FORM_KEY)):
            return False
        event = inbound_of(activity, thread_reply=False)
        return event is not None and self.kernel.discreet(event)

    async def is_chatter(self, turn_context: TurnContext) -> bool:
        """A channel message for other people: not for the bot, so not even remembered."""
        activity = turn_context.activity
        if activity.type != "message" or not is_channel(activity) or mentions_bot(activity):
            return False
        value = activity.value
        if isinstance(value, dict) and (value.get(ACTION_KEY) or value.get(FORM_KEY)):
            return False   # a button or form on one of the bot's cards
        root = channel_thread(activity)
        return root is None or not await self.references.is_bot_thread(activity, root)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        thread_reply = (is_channel(activity) and not mentions_bot(activity)
                        and channel_thread(activity) is not None)
        event = inbound_of(activity, thread_reply=thread_reply)
        if event is None:
            return
        reply = await self.kernel.handle(event)
        await self.answer(turn_context, reply, event)

    async def answer(self, turn_context: TurnContext, reply: Reply, event=None) -> None:
        """Private messages and forms answering a button, a form or a thread reply in a
        channel or group chat go to the person's 1:1 chat (Teams shows a channel's messages
        to everyone); typed commands are answered where they were typed."""
        aside = (isinstance(event, (Action, Submission, ThreadReply))
                 and kind_of(turn_context.activity) != PERSONAL and self.channel is not None)
        for message in reply.messages:
            if aside and message.private and await self.privately(
                    turn_context, activities_for(message), event):
                continue
            consent = (consent_activity(message.attachment) if message.attachment
                       and kind_of(turn_context.activity) == PERSONAL else None)
            if consent is not None:
                message = replace(message, attachment=None)
            for activity in activities_for(message) + ([consent] if consent else []):
                await turn_context.send_activity(activity)
        if reply.open_form:
            form = form_activity(reply.open_form)
            if not (aside and await self.privately(turn_context, [form], event)):
                await turn_context.send_activity(form)
        if reply.field_errors and isinstance(event, Submission):
            await self.show_errors(turn_context, event, reply)

    async def privately(self, turn_context: TurnContext, activities: list, event) -> bool:
        """Send to the person's 1:1 chat; False when that cannot be done (then the answer
        goes where they acted, as before)."""
        activity = turn_context.activity
        try:
            await self.channel.privately(tenant_of(activity), activity.from_property.id,
                                         activities, shared_id=stored_id(activity),
                                         remember=not self.kernel.discreet(event))
            return True
        except Exception as error:      # no 1:1 chat and none can be made: answer in place
            log.info("could not answer in a 1:1 chat: %s", type(error).__name__)
            return False

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        if not is_file_consent(turn_context.activity):
            return await super().on_invoke_activity(turn_context)
        unsent = await on_file_consent(turn_context)
        if unsent is not None:   # the upload failed: the file as text, as elsewhere
            for activity in activities_for(Message(say.FILE_FAILED, attachment=unsent)):
                await turn_context.send_activity(activity)
        return InvokeResponse(status=200)

    async def show_errors(self, turn_context: TurnContext, event: Submission,
                          reply: Reply) -> None:
        """The same form again, with the values given and each error under its field."""
        form = self.submitted_form(turn_context)
        if form is None:
            return   # the errors were already said in the reply's text
        card = form_activity(form, text=reply.text, values=event.values,
                             errors=reply.field_errors)
        replied_to = turn_context.activity.reply_to_id
        if replied_to:
            card.id = replied_to
            try:
                await turn_context.update_activity(card)
                return
            except Exception as error:   # the card may be gone; send a fresh one instead
                log.info("could not update the form card: %s", type(error).__name__)
                card.id = None
        await turn_context.send_activity(card)

    @staticmethod
    def submitted_form(turn_context: TurnContext) -> Form | None:
        value = turn_context.activity.value
        spec = value.get(FORM_SPEC_KEY) if isinstance(value, dict) else None
        try:
            return form_from_dict(spec) if isinstance(spec, dict) else None
        except (KeyError, TypeError, ValueError):
            return None

    async def on_members_added_activity(self, members_added: list[ChannelAccount],
                                        turn_context: TurnContext) -> None:
        activity = turn_context.activity
        await self.references.remember_members(activity, members_added)
        if any(m.id == activity.recipient.id for m in members_added):
            await self.welcome(turn_context)

    async def on_members_removed_activity(self, members_removed: list[ChannelAccount],
                                          turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if any(m.id == activity.recipient.id for m in members_removed):
            await self.references.forget(activity)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self.welcome(turn_context)

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        await self.references.forget(turn_context.activity)

    async def welcome(self, turn_context: TurnContext) -> None:
        """Hello, once per conversation; in a personal chat with the person's home card."""
        activity = turn_context.activity
        if not await self.references.welcome_due(activity):
            return
        for message_activity in activities_for(self.kernel.welcome()):
            await turn_context.send_activity(message_activity)
        if kind_of(activity) == PERSONAL and activity.from_property:
            home = await self.kernel.home(actor_of(activity))
            await turn_context.send_activity(card_activity(home, home.title or "kmbot"))
