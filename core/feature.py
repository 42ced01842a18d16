"""A feature: everything one technique adds, declared in one place.

Each technique (``core/coffee/``, later ``core/lessons/``, ``core/huddles/`` ...) exposes one
:class:`Feature` from its package's ``feature.py``. The kernel, help, the home card, the
scheduler, both platform manifests and a person's data export and erase are assembled from the
list of features that ``core.features.FEATURES`` names: adding one is a line there.

Slash commands (Slack) are the router's command groups, described by the group's summary,
with its commands as the usage hint; see :mod:`core.manifest`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Sequence

if TYPE_CHECKING:
    from .cards import Button, Section
    from .jobs import JobKind
    from .ports import UnitOfWork
    from .reports import Report
    from .router import Context, Router

#: ``async (ctx) -> (sections, buttons)``: the feature's part of a person's home card.
HomeSection = Callable[["Context"], Awaitable[tuple[list["Section"], list["Button"]]]]
#: ``async (uow, person_key) -> {"what": [records]}``: what the feature stores about a person.
DataExport = Callable[["UnitOfWork", str], Awaitable[dict[str, Any]]]
#: ``async (uow, person_key, pseudonym) -> None``: erase the person; keep only what the feature
#: needs to stay correct, under ``pseudonym`` instead of the person's key.
DataErase = Callable[["UnitOfWork", str, str], Awaitable[None]]


@dataclass(frozen=True)
class Feature:
    name: str                                  # "coffee": also its unit-of-work attribute
    summary: str                               # one line, for help and the manifests
    router: "Router"                           # commands, buttons, forms, thread replies
    jobs: tuple["JobKind", ...] = ()           # scheduled job kinds (see core.jobs)
    home: HomeSection | None = None
    export: DataExport | None = None
    erase: DataErase | None = None
    #: tables holding a person's key that ``export``/``erase`` cover (checked by a test)
    personal_tables: tuple[str, ...] = ()
    #: ``export`` and ``erase`` also take ``services=`` (settings they need, such as the
    #: secret behind anonymous authors' hashes)
    data_needs_services: bool = False
    #: commands offered in the Teams command menu (``"coffee join"``, example arguments
    #: allowed: ``"coffee pause 2 weeks"``), in personal chats and in channels / group chats
    menu: tuple[str, ...] = ()
    channel_menu: tuple[str, ...] = ()
    #: files for whoever runs kmbot: ``kmbot export lessons``, ``kmbot report bulletin 7``
    reports: tuple["Report", ...] = ()


def assemble(features: "Sequence[Feature]") -> "Router":
    """One router holding every feature's commands, buttons and forms, plus help for each
    command group. Raises :class:`~core.router.DuplicateRegistration` naming both claimants
    when two features claim the same command, button action or form id."""
    from .help import install_help
    from .router import Router

    router = Router("kmbot")
    for feature in features:
        router.include(feature.router)
    install_help(router)
    return router
