"""Reports: the files a feature writes for whoever runs kmbot, from the command line
(``kmbot export lessons --since 2026-11-01``, ``kmbot report bulletin 7``).

A feature declares its reports beside its commands (``Feature.reports``): the verb and name
that run it, its options, and ``produce``, which reads the store and returns the file's text.
``bot/reports.py`` builds the command line from these declarations, opens the database, runs
``produce`` in a read-only unit of work and writes the text to standard output or to
``--output``. Whoever runs kmbot sees every record, as a librarian does; a ``UserError``
raised by ``produce`` ("there is no bulletin 9") is printed, and the command exits 1.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Mapping

if TYPE_CHECKING:
    from .ports import UnitOfWork

VERBS = {"export": "write what a feature stores, for reports",
         "report": "how a broadcast went, one row per recipient"}


@dataclass(frozen=True)
class Option:
    name: str                       # "since": ``--since``, or the argument's name if positional
    help: str
    kind: str = "text"              # text, date (YYYY-MM-DD), int, choice
    choices: tuple[str, ...] = ()
    default: Any = None
    many: bool = False              # may be given several times: a list
    positional: bool = False


#: ``async (uow, options) -> text``: the report, from the options as given (by name)
Produce = Callable[["UnitOfWork", Mapping[str, Any]], Awaitable[str]]


@dataclass(frozen=True)
class Report:
    verb: str                       # one of VERBS
    name: str                       # ``kmbot <verb> <name>``
    help: str
    produce: Produce
    options: tuple[Option, ...] = ()

    def __post_init__(self) -> None:
        if self.verb not in VERBS:
            raise ValueError(f"a report's verb is one of {sorted(VERBS)}, not {self.verb!r}")
