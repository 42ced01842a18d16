"""The kernel: the single door adapters knock on.

``await kernel.handle(event)`` takes a :class:`~core.vocabulary.Command`,
:class:`~core.vocabulary.Action`, :class:`~core.vocabulary.Submission` or
:class:`~core.vocabulary.ThreadReply` (routed to the feature owning the thread's root message,
and dropped unstored when there is none), de-duplicates it (the delivery keys of events
arriving together remembered in one transaction, :class:`Inbox`),
checks roles, runs the handler and returns a :class:`~core.cards.Reply`. It never raises for
bad input and never lets a stack trace reach chat.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Sequence

from . import wording
from .cards import Card, Message, Reply
from .errors import FormInvalid, NotAllowed, UserError
from .feature import Feature, assemble
from .home import home_card
from .messaging import split_tag
from .router import Context, InThread
from .forms import definition_of, validate
from .inbound import clean
from .services import Services
from .vocabulary import (Action, Actor, Command, Inbound, Place, PlaceKind, Submission,
                         ThreadReply)

log = logging.getLogger(__name__)

INBOX_BATCH = 500       # delivery keys remembered in one transaction at most


class Inbox:
    """Remembers inbound delivery keys, group-committed: each event waits its turn, and the
    keys that arrived meanwhile are remembered in one transaction (one
    ``INSERT ... ON CONFLICT DO NOTHING RETURNING``). A quiet bot writes one key per
    transaction, as before; a busy one (hundreds of +1s a second on a wall) one transaction
    per batch instead of per event, which had become the largest share of a vote's database
    work. Each event is still handled only once its key is committed, so a redelivery,
    even to another process, is recognised; the database's unique key decides."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.waiting: list[tuple[str, asyncio.Future]] = []
        self.writing: asyncio.Task | None = None

    async def remember(self, key: str) -> bool:
        """True the first time ``key`` is remembered (False for a redelivery)."""
        done = asyncio.get_running_loop().create_future()
        self.waiting.append((key, done))
        if self.writing is None:
            self.writing = asyncio.ensure_future(self._write())
        return await done

    async def _write(self) -> None:
        try:
            while self.waiting:
                batch: list[tuple[str, asyncio.Future]] = []
                try:
                    # taken once the transaction has begun: on SQLite the keys that came
                    # while it waited for the writer go in it too
                    async with self.services.uow() as uow:
                        batch = self._take()
                        keys = list(dict.fromkeys(k for k, _ in batch))
                        new = await uow.inbox.remember_many(keys, self.services.now())
                except BaseException as error:
                    batch = batch or self._take()
                    for _, done in batch:
                        if not done.done():
                            done.set_exception(error if isinstance(error, Exception)
                                               else RuntimeError("inbox write cancelled"))
                    if not isinstance(error, Exception):
                        raise
                    continue
                for key, done in batch:       # the same key twice in a batch: once only
                    first = key in new
                    new.discard(key)
                    if not done.done():
                        done.set_result(first)
        finally:
            self.writing = None
            if self.waiting:                  # cancelled with events still waiting
                for _, done in self._take_all():
                    if not done.done():
                        done.set_exception(RuntimeError("inbox write cancelled"))

    def _take(self) -> list[tuple[str, asyncio.Future]]:
        batch = self.waiting[:INBOX_BATCH]
        del self.waiting[:INBOX_BATCH]
        return batch

    def _take_all(self) -> list[tuple[str, asyncio.Future]]:
        batch, self.waiting = self.waiting, []
        return batch


class Kernel:
    def __init__(self, services: Services, features: Sequence[Feature]) -> None:
        names = [f.name for f in features]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"two features are called {duplicates[0]!r}: names must differ")
        self.services = services
        self.features = tuple(features)
        services.features = self.features
        self.router = assemble(self.features)
        self.inbox = Inbox(services)

    async def handle(self, event: Inbound) -> Reply:
        thread = None
        if isinstance(event, ThreadReply):
            thread = await self._thread_of(event)
            if thread is None:     # not a thread the bot started, or nobody listens: not stored
                return Reply()
        key = self._dedup_key(event)
        if key and not await self._first_time(key):
            log.info("duplicate delivery ignored: %s", key)
            return Reply()
        try:
            return await self._dispatch(clean(event), thread)
        except UserError as error:
            return Reply.say(str(error))
        except FormInvalid as invalid:
            lines = "\n".join(f"• {msg}" for msg in invalid.errors.values())
            return Reply(messages=(Message(f"{wording.FORM_HAS_ERRORS}\n{lines}", private=True),),
                         field_errors=invalid.errors)
        except Exception:
            log.exception("handler failed for %s from %s", type(event).__name__,
                          "someone acting anonymously" if self._discreet(event)
                          else event.actor.key)
            if key:
                await self._forget(key)   # let the platform's retry try again
            return Reply.say(wording.SOMETHING_WENT_WRONG)

    async def home(self, actor: Actor, event_id: str | None = None) -> Card | None:
        """The person's home view (Slack App Home, a Teams card), assembled from every
        feature's part; None when ``event_id`` was handled already (a redelivery)."""
        key = f"{actor.platform}:{actor.workspace}:{event_id}" if event_id else None
        if key and not await self._first_time(key):
            log.info("duplicate delivery ignored: %s", key)
            return None
        try:
            ctx = await self.context_for(actor, Place(PlaceKind.DIRECT))
            try:
                return await home_card(ctx, self.features)
            finally:
                self._run_deferred(ctx)
        except Exception:
            if key:
                await self._forget(key)   # let the platform's retry try again
            raise

    def welcome(self) -> Message:
        """What the bot says when it is installed or added to a conversation."""
        return Message(wording.WELCOME)

    async def context_for(self, actor: Actor, place: Place, *,
                          discreet: bool = False) -> Context:
        services = self.services
        if discreet:      # maybe anonymous: not recorded (the handler records a named act)
            return Context(actor=actor, place=place, services=services)
        async with services.uow() as uow:
            await uow.people.touch(actor.key, actor.display_name, services.now())
            librarian = await services.is_librarian(uow, actor)
        return Context(actor=actor, place=place, services=services, is_librarian=librarian)

    async def _thread_of(self, reply: ThreadReply) -> InThread | None:
        """The bot's message the reply's thread hangs from, when a feature listens to it."""
        if not reply.place.thread_id:
            return None
        async with self.services.uow(read_only=True) as uow:
            root = await uow.outbox.posted(reply.actor.platform, reply.actor.workspace,
                                           reply.place.id, reply.place.thread_id)
        owner, _ = split_tag(root.tag if root else None)
        if root is None or owner not in self.router.threads:
            return None
        return InThread(root.id, root.tag or "", reply.message_id)

    async def _dispatch(self, event: Inbound, thread: InThread | None = None) -> Reply:
        ctx = await self.context_for(event.actor, event.place, discreet=self._discreet(event))
        ctx.thread = thread
        try:
            return await self._route(ctx, event)
        finally:
            self._run_deferred(ctx)

    @staticmethod
    def _run_deferred(ctx: Context) -> None:
        for step in ctx.deferred:
            try:
                step()
            except Exception:
                log.exception("after-commit step failed")

    async def _route(self, ctx: Context, event: Inbound) -> Reply:
        if isinstance(event, Command):
            parsed = self.router.parse(event)
            self._check_role(ctx, parsed.spec.librarian, parsed.spec.usage)
            ctx.args, ctx.text = parsed.args, parsed.text
            return await parsed.spec.handler(ctx)
        if isinstance(event, Action):
            routed = self.router.actions.get(event.action_id)
            if routed is None:
                return Reply.say(wording.EXPIRED_BUTTON)
            self._check_role(ctx, routed.librarian, event.action_id)
            ctx.value = event.value
            return await routed.handler(ctx)
        if isinstance(event, Submission):
            routed = self.router.forms.get(event.form_id)
            if routed is None:
                return Reply.say(wording.UNKNOWN_FORM)
            self._check_role(ctx, routed.librarian, event.form_id)
            form = definition_of(routed.definition)
            ctx.values, ctx.form_context = validate(form, event.values), event.context
            return await routed.handler(ctx)
        if isinstance(event, ThreadReply) and ctx.thread is not None:
            owner, key = split_tag(ctx.thread.tag)
            ctx.text, ctx.value = event.text, key
            return await self.router.threads[owner].handler(ctx)
        raise TypeError(f"not an inbound event: {event!r}")

    def discreet(self, event: Inbound) -> bool:
        """A button or form whose owner declared that people may use it anonymously: an
        adapter then keeps nothing of the person either (no address book entry, no time)."""
        return self._discreet(event)

    def _discreet(self, event: Inbound) -> bool:
        """A button or form whose owner declared that people may use it anonymously."""
        routed = (self.router.actions.get(event.action_id) if isinstance(event, Action)
                  else self.router.forms.get(event.form_id) if isinstance(event, Submission)
                  else None)
        return bool(routed and routed.discreet)

    @staticmethod
    def _check_role(ctx: Context, librarian_only: bool, usage: str) -> None:
        if librarian_only and not ctx.is_librarian:
            raise NotAllowed(wording.LIBRARIANS_ONLY.format(usage=usage))

    @staticmethod
    def _dedup_key(event: Inbound) -> str | None:
        if not event.event_id:
            return None
        return f"{event.actor.platform}:{event.actor.workspace}:{event.event_id}"

    async def _first_time(self, key: str) -> bool:
        return await self.inbox.remember(key)

    async def _forget(self, key: str) -> None:
        try:
            async with self.services.uow() as uow:
                await uow.inbox.forget(key)
        except Exception:   # the apology still goes out
            log.exception("could not forget delivery key %s", key)
