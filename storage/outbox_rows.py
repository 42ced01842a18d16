"""The outbox's rows as the core sees them, and the statements several parts share: a row
to an :class:`~core.outbox.OutboxItem` (a broadcast's body parsed once per process), how a
recipient is named in keys and reports, and the one ``UPDATE`` that gives a row new content."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import bindparam, case, func, null, or_, update
from sqlalchemy.orm import aliased

from core.cards import Message
from core.channels import MessageRef
from core.outbox import DONE_STATUSES, OutboxItem, OutboxStatus
from core.serialize import message_from_dict, message_to_dict
from core.vocabulary import Destination

from .models import OutboxRow
from .types import UTCDateTime

OPEN = (OutboxStatus.PENDING.value, OutboxStatus.RETRYING.value)
GONE = (OutboxStatus.FAILED.value, OutboxStatus.UNREACHABLE.value, OutboxStatus.STOPPED.value)
DONE = tuple(s.value for s in DONE_STATUSES)
THREAD = aliased(OutboxRow)        # a post in the thread of another row
_BODIES: dict[str, Message] = {}   # parsed broadcast bodies, by their JSON (immutable)


def message_of(text: str) -> Message:
    """A stored message's JSON as a :class:`Message`; a broadcast's body is parsed once per
    process, not once per recipient."""
    if len(text) < 200:
        return message_from_dict(json.loads(text))
    found = _BODIES.get(text)
    if found is None:
        if len(_BODIES) >= 32:
            _BODIES.pop(next(iter(_BODIES)))
        found = _BODIES[text] = message_from_dict(json.loads(text))
    return found


def recipient(destination: Destination) -> str:
    """How a destination is named in de-duplication keys and reports: a person's key
    (``teams:<tenant>:<user id>``) or ``platform:workspace:channel``."""
    d = destination
    name = f"{d.platform}:{d.workspace}:{','.join(d.ids)}"
    return f"{name}#{d.thread_id}" if d.thread_id else name


def ref_of(platform: str, workspace: str, conversation: str | None, ref_id: str | None,
         thread: str | None) -> MessageRef | None:
    if conversation is None or ref_id is None:
        return None
    return MessageRef(platform, workspace, conversation, ref_id, thread)


def item_of(row: OutboxRow, root_ref: MessageRef | None = None,
          body: str | None = None) -> OutboxItem:
    destination = Destination(row.platform, row.workspace, row.dest_kind,
                              tuple(json.loads(row.dest_ids)), row.thread_id)
    return OutboxItem(id=row.id, destination=destination,
                      message=message_of(row.message if row.message is not None else body),
                      status=OutboxStatus(row.status), attempts=row.attempts,
                      dedup_key=row.dedup_key, last_error=row.last_error,
                      created_at=row.created_at, tag=row.tag, root_id=row.root_id,
                      ref=ref_of(row.platform, row.workspace, row.ref_conversation, row.ref_id,
                               row.ref_thread),
                      root_ref=root_ref, version=row.version or 1)


def _edit_statement():
    """``UPDATE`` a row's content; a posted row goes out again (pending, as an edit)."""
    t = OutboxRow.__table__
    again = (or_(t.c.status == OutboxStatus.SENT.value, t.c.status == OutboxStatus.FAILED.value)
             & t.c.ref_id.is_not(None))
    return update(t).where(t.c.id == bindparam("e_id")).values(
        message=bindparam("e_message"), version=func.coalesce(t.c.version, 1) + 1,
        status=case((again, OutboxStatus.PENDING.value), else_=t.c.status),
        attempts=case((again, 0), else_=t.c.attempts),
        last_error=case((again, null()), else_=t.c.last_error),
        next_attempt_at=case((again, bindparam("e_now", type_=UTCDateTime())),
                             else_=t.c.next_attempt_at),
        lease_until=case((again, null()), else_=t.c.lease_until))


EDIT = _edit_statement()
EDIT_RETURNING = EDIT.returning(OutboxRow.__table__.c.id)


def edit_params(item_id: int, message: Message, now: datetime) -> dict:
    return {"e_id": item_id, "e_message": json.dumps(message_to_dict(message)), "e_now": now}


def as_json(message, serialised: dict[int, str]) -> str:
    """A message as JSON, once per message however many recipients share it."""
    key = id(message)
    if key not in serialised:
        serialised[key] = json.dumps(message_to_dict(message))
    return serialised[key]
