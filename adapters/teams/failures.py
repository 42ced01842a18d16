"""What a failed Bot Connector call means for the outbox: retry, when, or give up.

The SDK's connector client raises ``aiohttp.ClientResponseError`` (status, headers, and the
response body as its message). 429 waits for ``Retry-After`` when Teams gives it; 412, 500,
502, 503 and 504 and network faults are retried with the delivery worker's jittered backoff; a
bot removed from the conversation, a blocked or unknown user and a missing conversation are
permanent (recorded, never retried), as are other 4xx answers, which no retry would change.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from core.channels import DeliveryError

TRANSIENT = {408, 412, 500, 502, 503, 504}
PERMANENT_CODES = {"botnotinconversationroster", "conversationblockedbyuser",
                   "botdisabledbyadmin", "conversationnotfound", "usernotfound", "notfound",
                   "forbidden", "botremoved"}


def status_of(error: BaseException) -> int | None:
    status = getattr(error, "status", None)
    if isinstance(status, int) and status >= 100:
        return status
    response = getattr(error, "response", None)
    for name in ("status_code", "status"):
        value = getattr(response, name, None)
        if isinstance(value, int):
            return value
    return None


def code_of(error: BaseException) -> str:
    """Teams' error code (``BotNotInConversationRoster`` …) from the response body."""
    try:
        body = json.loads(str(getattr(error, "message", "") or ""))
    except ValueError:
        return ""
    inner = body.get("error") if isinstance(body, dict) else None
    return str(inner.get("code") or "") if isinstance(inner, dict) else ""


def headers_of(error: BaseException):
    headers = getattr(error, "headers", None)
    if headers is None:
        headers = getattr(getattr(error, "response", None), "headers", None)
    return headers or {}


def retry_after(error: BaseException) -> float | None:
    headers = headers_of(error)
    value = headers.get("Retry-After") if hasattr(headers, "get") else None
    if not value:
        return None
    try:
        return min(max(0.0, float(value)), 86_400.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return min(max(0.0, (when - datetime.now(timezone.utc)).total_seconds()), 86_400.0)


def delivery_error(error: BaseException) -> DeliveryError:
    status, code = status_of(error), code_of(error)
    where = f"Teams answered {status}" + (f" {code}" if code else "")
    if status is None:
        return DeliveryError(f"could not reach Teams: {type(error).__name__}")
    if status == 429:
        return DeliveryError(where + " (throttled)", retry_after=retry_after(error))
    if status in TRANSIENT:
        return DeliveryError(where)
    if status in (403, 404) or code.lower() in PERMANENT_CODES:
        return DeliveryError(where + " (the bot cannot reach this conversation)",
                             unreachable=True)
    if status == 401:
        return DeliveryError(where + " (check the Teams app id and its secret or identity)")
    return DeliveryError(where, permanent=400 <= status < 500)
