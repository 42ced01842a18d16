"""One command router for every channel.

``/coffee join`` typed in the console, sent as a Slack slash command or as the Teams message
``coffee join`` reaches the same handler. Features declare their commands, button actions and
forms (and replies in the threads of the messages they post) on a :class:`Router`; the kernel
includes them all and dispatches.
"""
from __future__ import annotations

import difflib
import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from . import wording
from .errors import UserError
from .vocabulary import Actor, Command, Place

if TYPE_CHECKING:
    from .cards import Reply
    from .forms import Definition
    from .services import Services

MAX_COMMAND_CHARS = 4000


@dataclass
class Context:
    """What a handler gets: who, where, the arguments and the services."""

    actor: Actor
    place: Place
    services: "Services"
    is_librarian: bool = False
    args: list[str] = field(default_factory=list)
    text: str = ""                 # the raw text after the command and subcommand
    value: str = ""                # a button's value
    values: dict[str, str] = field(default_factory=dict)   # a form's values
    form_context: str = ""
    thread: "InThread | None" = None   # a reply in the thread of a message the bot posted
    deferred: list[Callable[[], None]] = field(default_factory=list)

    def after_commit(self, step: Callable[[], None]) -> None:
        """Run ``step`` once the handler is done and its transactions are closed (e.g. to
        tell the scheduler about a programme: its job store must not wait on our lock)."""
        self.deferred.append(step)


Handler = Callable[[Context], Awaitable["Reply"]]


@dataclass(frozen=True)
class InThread:
    """Which of the bot's messages a thread reply answers (see :mod:`core.messaging`)."""

    root_id: int              # the outbox id of the message the thread hangs from
    tag: str                  # its owner, e.g. "wall:17"
    message_id: str = ""      # the reply's own id on the platform


@dataclass(frozen=True)
class Undeliverable:
    """A message a feature posted (tagged ``"<owner>:<key>"``) that can never be delivered:
    its channel is gone, the bot is not in it, or the thread it answers was deleted."""

    key: str                  # the tag's key, e.g. "17" of "huddles:17"
    outbox_id: int
    kind: str                 # core.channels.CHANNEL_GONE, NOT_IN_CHANNEL or THREAD_GONE
    reason: str               # what the platform said


#: ``async (services, uow, failure) -> None``, in the unit of work that records the failure
UndeliverableHandler = Callable[["Services", Any, Undeliverable], Awaitable[None]]


@dataclass(frozen=True)
class CommandSpec:
    group: str                    # "coffee"
    name: str                     # "join"
    usage: str                    # "/coffee join [programme]"
    summary: str
    handler: Handler
    librarian: bool = False
    hidden: bool = False
    #: the group's default command (name "") also takes text that names no other command
    #: (``/wall "What slows down discharge?"``)
    catch_all: bool = False


@dataclass(frozen=True)
class Routed:
    handler: Handler
    librarian: bool
    usage: str = ""
    definition: "Definition | None" = None    # a form's fields, checked before the handler
    #: the person may be acting anonymously: the kernel neither records them (no people row,
    #: no librarian look-up) nor names them in a log line; the handler decides
    discreet: bool = False


@dataclass(frozen=True)
class ParsedCommand:
    spec: CommandSpec
    args: list[str]
    text: str


class DuplicateRegistration(Exception):
    """Two features (or routers) claimed the same command, button action or form id."""


class Router:
    """Commands, button actions and forms, each claimed by exactly one owner.

    A module declares its handlers on its own router; a feature's router ``include``s them
    explicitly, and the kernel includes every feature's router. Claiming something twice
    raises :class:`DuplicateRegistration` naming both owners, so a clash fails at start.
    """

    def __init__(self, owner: str = "") -> None:
        self.owner = owner
        self.commands: dict[tuple[str, str], CommandSpec] = {}
        self.groups: dict[str, str] = {}           # group -> summary
        self.actions: dict[str, Routed] = {}
        self.forms: dict[str, Routed] = {}
        self.threads: dict[str, Routed] = {}       # tag owner ("wall") -> thread replies
        self.undeliverables: dict[str, UndeliverableHandler] = {}   # tag owner -> handler
        #: who claimed each command ("command /coffee join"), action and form
        self.owners: dict[str, str] = {}

    # -- declaring -------------------------------------------------------------------------
    def group(self, name: str, summary: str) -> None:
        """Declare a command group; several routers may add commands to one group (the first
        summary stands)."""
        self.groups.setdefault(name, summary)

    def command(self, group: str, name: str, *, usage: str, summary: str,
                librarian: bool = False, hidden: bool = False, catch_all: bool = False):
        def register(handler: Handler) -> Handler:
            self._claim(f"the command /{group} {name}".rstrip(), self.owner)
            self.commands[(group, name)] = CommandSpec(group, name, usage, summary, handler,
                                                       librarian, hidden, catch_all)
            return handler
        return register

    def action(self, action_id: str, *, librarian: bool = False, discreet: bool = False):
        def register(handler: Handler) -> Handler:
            self._claim(f"the button action {action_id!r}", self.owner)
            self.actions[action_id] = Routed(handler, librarian, discreet=discreet)
            return handler
        return register

    def form(self, form_id: str, *, definition: "Definition", librarian: bool = False,
             discreet: bool = False):
        """A form's handler, with the form it handles (or a function that builds it): the
        kernel checks every submission against it (:mod:`core.forms`) first."""
        def register(handler: Handler) -> Handler:
            self._claim(f"the form {form_id!r}", self.owner)
            self.forms[form_id] = Routed(handler, librarian, definition=definition,
                                         discreet=discreet)
            return handler
        return register

    def thread(self, owner: str):
        """Replies in the thread of a message posted with ``tag="<owner>:<key>"``; the
        handler gets ``ctx.text``, ``ctx.value`` (the key) and ``ctx.thread``."""
        def register(handler: Handler) -> Handler:
            self._claim(f"the replies in threads tagged {owner!r}", self.owner)
            self.threads[owner] = Routed(handler, False)
            return handler
        return register

    def undeliverable(self, owner: str):
        """Told when a message posted with ``tag="<owner>:<key>"`` fails for good because
        its channel or thread is gone (see :class:`Undeliverable`); the handler runs in the
        delivery worker's unit of work, so what it stores (a pause) and queues (a note to
        someone) is kept with the failure, once."""
        def register(handler: UndeliverableHandler) -> UndeliverableHandler:
            self._claim(f"the undeliverable messages tagged {owner!r}", self.owner)
            self.undeliverables[owner] = handler
            return handler
        return register

    def include(self, other: "Router") -> None:
        """Take on everything ``other`` declares; a clash raises before anything is taken."""
        for what, owner in other.owners.items():
            if what in self.owners:
                self._claim(what, owner)
        for name, summary in other.groups.items():
            self.group(name, summary)
        self.commands.update(other.commands)
        self.actions.update(other.actions)
        self.forms.update(other.forms)
        self.threads.update(other.threads)
        self.undeliverables.update(other.undeliverables)
        self.owners.update(other.owners)

    def _claim(self, what: str, owner: str) -> None:
        if what in self.owners:
            raise DuplicateRegistration(
                f"{what} is claimed twice: by {self.owners[what] or 'an unnamed router'} and "
                f"by {owner or 'an unnamed router'}. Rename one of them.")
        self.owners[what] = owner

    # -- reading ---------------------------------------------------------------------------
    def specs(self, group: str | None = None) -> list[CommandSpec]:
        return [s for (g, _), s in self.commands.items()
                if (group is None or g == group) and not s.hidden]

    def parse(self, command: Command) -> ParsedCommand:
        """Find the handler for a command, or raise :class:`UserError` saying what to type."""
        text = command.text.strip()
        if len(text) > MAX_COMMAND_CHARS:
            raise UserError(wording.TOO_LONG.format(n=len(text), limit=MAX_COMMAND_CHARS))
        group = command.name.strip().lstrip("/").lower()
        if not group:
            first, text = _first_word(text.lstrip("/"))
            group = first.lower()
        if group in ("help", "?", ""):
            group, text = "kmbot", "help " + text
        if group not in self.groups and group in wording.COMING_SOON:
            raise UserError(wording.NOT_YET.format(command=group,
                                                   feature=wording.COMING_SOON[group]))
        if group not in self.groups:
            raise UserError(wording.UNKNOWN_COMMAND.format(
                command=group, suggestion=self._suggest(group, list(self.groups))))
        sub, rest = _first_word(text)
        sub = sub.lower()
        spec = self.commands.get((group, sub))
        if spec is None and (group, "") in self.commands and not sub:
            spec = self.commands[(group, "")]
        if spec is None and (group, "*") in self.commands:   # free text: ``/lesson <text>``
            text = text.strip()                            # any text, quotes and all
            return ParsedCommand(self.commands[(group, "*")], text.split(), text)
        default = self.commands.get((group, ""))
        if spec is None and default is not None and default.catch_all:   # ``/wall "..."``
            spec, rest = default, text
        if spec is None:
            names = [n for (g, n) in self.commands if g == group and n]
            raise UserError(wording.UNKNOWN_SUBCOMMAND.format(
                group=group, sub=sub, suggestion=self._suggest(sub, names),
                choices=", ".join(sorted(names))))
        rest = rest.strip()
        try:
            args = shlex.split(rest)
        except ValueError:
            raise UserError(wording.UNBALANCED_QUOTES, spec.usage) from None
        return ParsedCommand(spec, args, rest)

    @staticmethod
    def _suggest(word: str, choices: list[str]) -> str:
        close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
        return wording.DID_YOU_MEAN.format(word=close[0]) if close else ""


def _first_word(text: str) -> tuple[str, str]:
    """``"join<TAB>now please"`` -> ``("join", "now please")``: any whitespace separates
    words."""
    parts = text.split(None, 1)
    return (parts[0], parts[1] if len(parts) > 1 else "") if parts else ("", "")
