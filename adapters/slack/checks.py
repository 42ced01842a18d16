"""What a well-formed Slack request looks like, checked before bolt or the core sees it.

:func:`check_request` takes the raw (already signature-checked) body and raises
:class:`Malformed` (answered 400) or :class:`SlashProblem` (a slash command: answered with an
ephemeral message, because Slack shows the person what we answer). It checks only what the
adapter relies on: types, presence, sizes, no NUL characters, the modal's
``private_metadata`` and where its ``response_url`` points. Unknown extra fields are fine.
"""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from core.vocabulary import PlaceKind

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
MAX_DEPTH = 40               # Slack's payloads nest about 10 deep
MAX_VALUE = 2000             # a button's value (Slack's own limit)
INTERACTIONS = ("block_actions", "view_submission")
ORIGIN_KEYS = {"channel_id", "thread_id", "response_url", "kind", "private"}
KINDS = {k.value for k in PlaceKind}


class Malformed(ValueError):
    """A signed request the adapter cannot use."""


class SlashProblem(Malformed):
    """A slash command the adapter cannot use: answered in an ephemeral message."""

    def __init__(self, reason: str, nul: bool = False) -> None:
        super().__init__(reason)
        self.nul = nul


def check_request(body: bytes, content_type: str, response_hosts: frozenset[str]) -> None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("body is not UTF-8") from None
    if content_type == JSON:
        check_event(load_object(text, "event"))
    elif content_type == FORM:
        try:
            fields = dict(parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text),
                                    max_num_fields=200))
        except ValueError:
            raise Malformed("form body does not parse") from None
        if "payload" in fields:
            check_interaction(load_object(fields["payload"], "payload"), response_hosts)
        else:
            check_slash_command(fields)
    else:
        raise Malformed(f"unexpected content type {content_type[:40]!r}")


def check_parsed(body: dict, response_hosts: frozenset[str]) -> None:
    """The same checks for a payload that arrived already parsed (Socket Mode)."""
    if not isinstance(body, dict):
        raise Malformed("payload is not an object")
    if _has_nul(body) and "command" not in body:
        raise Malformed("payload holds a NUL character")
    if "command" in body:
        check_slash_command({k: v for k, v in body.items() if isinstance(v, str)})
    elif body.get("type") in ("event_callback", "url_verification"):
        check_event(body)
    else:
        check_interaction(body, response_hosts)


def load_object(text: str, what: str) -> dict:
    if _too_deep(text):
        raise Malformed(f"{what} nests more than {MAX_DEPTH} deep")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise Malformed(f"{what} is not valid JSON") from None
    if not isinstance(value, dict):
        raise Malformed(f"{what} is not a JSON object")
    # a NUL can only be there raw or as the escape \u0000 (a quick look first, in C)
    if ("\x00" in text or "\\u0000" in text) and _has_nul(value):
        raise Malformed(f"{what} holds a NUL character")
    return value


def _too_deep(text: str) -> bool:
    """Bracket depth, counted without parsing (strings may hold brackets: an overestimate is
    harmless at this limit)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False               # too few brackets to nest that deep (counted in C)
    depth = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _str(container: dict, key: str, *, required: bool = True, empty: bool = False) -> str:
    value = container.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (not value and not empty):
        raise Malformed(f"{key} is missing or not text")
    return value


def _dict(container: dict, key: str, *, required: bool = True) -> dict:
    value = container.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise Malformed(f"{key} is missing or not an object")
    return value


def check_slash_command(fields: dict[str, str]) -> None:
    if not fields.get("command", "").startswith("/"):
        raise Malformed("not a slash command")
    for key in ("user_id", "team_id"):
        if not fields.get(key):
            raise Malformed(f"slash command without {key}")
    if any("\x00" in value for value in fields.values()):
        raise SlashProblem("NUL character", nul=True)
    for key in ("channel_id", "trigger_id", "response_url"):
        if not fields.get(key):
            raise SlashProblem(f"no {key}")
    if "text" not in fields:
        raise SlashProblem("no text")


def check_interaction(payload: dict, response_hosts: frozenset[str]) -> None:
    kind = _str(payload, "type")
    if kind not in INTERACTIONS:
        raise Malformed(f"unsupported interaction {kind[:40]!r}")
    _str(_dict(payload, "user"), "id")
    team = payload.get("team")
    if team is not None and not isinstance(team, dict):
        raise Malformed("team is not an object")
    for key in ("channel", "container", "message"):
        _dict(payload, key, required=False)
    if kind == "block_actions":
        actions = payload.get("actions")
        if not isinstance(actions, list) or not actions:
            raise Malformed("block action without actions")
        for action in actions:
            if not isinstance(action, dict):
                raise Malformed("an action is not an object")
            _str(action, "action_id")
            if len(_str(action, "value", required=False, empty=True)) > MAX_VALUE:
                raise Malformed("an action value is too long")
        view = _dict(payload, "view", required=False)
        if view:
            _str(view, "type")
    elif kind == "view_submission":
        check_view(_dict(payload, "view"), response_hosts)


def check_view(view: dict, response_hosts: frozenset[str]) -> None:
    _str(view, "callback_id")
    metadata = load_object(_str(view, "private_metadata"), "private_metadata")
    if not isinstance(metadata.get("context", ""), str):
        raise Malformed("private_metadata context is not text")
    origin = metadata.get("origin", {})
    if not isinstance(origin, dict) or not set(origin) <= ORIGIN_KEYS:
        raise Malformed("private_metadata origin is not one we made")
    if origin.get("kind", "direct") not in KINDS:
        raise Malformed("private_metadata origin has an unknown kind")
    for key in ("channel_id", "response_url"):
        _str(origin, key, required=False, empty=True)
    thread = origin.get("thread_id")
    if thread is not None and not isinstance(thread, str):
        raise Malformed("private_metadata thread is not text")
    if origin.get("private") not in (None, True, False):
        raise Malformed("private_metadata privacy is not true, false or unknown")
    url = origin.get("response_url") or ""
    if url and not _allowed_url(url, response_hosts):
        raise Malformed("private_metadata response_url points elsewhere")
    values = _dict(_dict(view, "state"), "values")
    for block in values.values():
        if not isinstance(block, dict):
            raise Malformed("a form block is not an object")
        for element in block.values():
            if not isinstance(element, dict):
                raise Malformed("a form element is not an object")
            if not isinstance(element.get("value") or "", str):
                raise Malformed("a form value is not text")
            if not isinstance(element.get("selected_option") or {}, dict):
                raise Malformed("a form choice is not an object")


def _allowed_url(url: str, hosts: frozenset[str]) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("https", "http") and (parts.hostname or "") in hosts


def check_event(envelope: dict) -> None:
    kind = _str(envelope, "type")
    if kind == "url_verification":
        _str(envelope, "challenge")
        return
    if kind != "event_callback":
        raise Malformed(f"unsupported envelope {kind[:40]!r}")
    _str(envelope, "event_id")
    event = _dict(envelope, "event")
    event_type = _str(event, "type")
    if event_type in ("message", "app_mention") and not event.get("subtype"):
        for key in ("user", "channel"):
            _str(event, key)
        _str(event, "text", empty=True)
    elif event_type == "app_home_opened":
        _str(event, "user")
        _str(event, "channel", required=event.get("tab") == "messages")
