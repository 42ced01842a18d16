"""What walls store about a person, for ``/kmbot my-data`` and ``/kmbot forget-me``.

Anonymous ideas, comments and votes are found by the person's keyed hash on each wall
(computed now, from their key: nobody else can), so they get them in their export too.
Forgetting someone moves their named ideas and comments to the pseudonym ("a former
colleague") and their hashes to the pseudonym's, so counts and one-vote-each stay right and
nothing can be traced back to them any more."""
from __future__ import annotations

from typing import Any

from ..ports import UnitOfWork
from ..services import Services
from ..vocabulary import split_key
from .anonymity import author_hash

PERSONAL_TABLES = ("walls", "wall_ideas", "wall_comments", "wall_people")


async def _wall_ids(uow: UnitOfWork, person_key: str) -> list[int]:
    platform, workspace, _ = split_key(person_key)
    return [w.id for w in await uow.walls.in_workspace(f"{platform}:{workspace}")]


async def export(uow: UnitOfWork, person_key: str, *, services: Services) -> dict[str, Any]:
    hashes = [author_hash(services, w, person_key) for w in await _wall_ids(uow, person_key)]
    return await uow.walls.export_person(person_key, hashes)


async def erase(uow: UnitOfWork, person_key: str, pseudonym: str, *,
                services: Services) -> None:
    rehash = {author_hash(services, w, person_key): author_hash(services, w, pseudonym)
              for w in await _wall_ids(uow, person_key)}
    await uow.walls.erase_person(person_key, pseudonym, rehash)
