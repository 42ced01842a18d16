"""What a failed Bot Connector call means for the outbox: retry, when, or give up.

429 waits for ``Retry-After`` when Teams gives it; 412, 500, 502, 503 and 504 and network
faults are retried with the delivery worker's jittered backoff; a bot removed from the
conversation, a blocked or unknown user and a missing conversation are permanent (recorded,
never retried), as are other 4xx answers, which no retry would change.
"""
from __future__ import annotations

from email.utils import parsedate_to_datetime
from datetime import datetime, timezone

from core.channels import DeliveryError

TRANSIENT = {408, 412, 500, 502, 503, 504}
PERMANENT_CODES = {"botnotinconversationroster", "conversationblockedbyuser",
                   "botdisabledbyadmin", "conversationnotfound", "usernotfound", "notfound",
                   "forbidden", "botremoved"}


def status_of(error: BaseException) -> int | None:
    response = getattr(error, "response", None)
    for name in ("status_code", "status"):
        value = getattr(response, name, None)
        if isinstance(value, int):
            return value
    return None


def code_of(error: BaseException) -> str:
    body = getattr(getattr(error, "error", None), "error", None)
    return str(getattr(body, "code", "") or "")


def retry_after(error: BaseException) -> float | None:
    headers = getattr(getattr(error, "response", None), "headers", None) or {}
    value = headers.get("Retry-After") if hasattr(headers, "get") else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def delivery_error(error: BaseException) -> DeliveryError:
    status, code = status_of(error), code_of(error)
    where = f"Teams answered {status}" + (f" {code}" if code else "")
    if status is None:
        return DeliveryError(f"could not reach Teams: {type(error).__name__}: {error}"[:300])
    if status == 429:
        return DeliveryError(where + " (throttled)", retry_after=retry_after(error))
    if status in TRANSIENT:
        return DeliveryError(where)
    if status in (403, 404) or code.lower() in PERMANENT_CODES:
        return DeliveryError(where + " (the bot cannot reach this conversation)",
                             permanent=True)
    if status == 401:
        return DeliveryError(where + " (check MICROSOFT_APP_ID and its secret)")
    return DeliveryError(where, permanent=400 <= status < 500)
