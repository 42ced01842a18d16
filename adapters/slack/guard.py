"""The door of ``POST /slack/events``: nothing malformed gets past it, and nothing is done first.

In this order, before bolt or the core see anything:

1. a body larger than :data:`MAX_BODY` is refused with 413 (by its ``Content-Length``, or
   while reading);
2. the signature is checked over the raw bytes (``v0:<timestamp>:<body>``, HMAC-SHA256 with
   the signing secret, a 5-minute window): anything unsigned or badly signed gets 401,
   whatever its body, its encoding or its headers;
3. a signed request must be well formed (:mod:`.checks`): otherwise 400, or for a slash
   command (where Slack shows what we answer) an ephemeral "I couldn't read that".

Every refusal is one warning line naming the reason and the source address: never the body,
a ``response_url``, a token or the secret. Bolt's own verification stays on behind this.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import re
from dataclasses import dataclass

from aiohttp import web
from slack_sdk.signature import Clock

from core.wording import slack as say

from .checks import Malformed, SlashProblem, check_request

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024          # Slack's largest payloads (a full modal's state) are far less
WINDOW = 300                    # seconds either side of now
TIMESTAMP = re.compile(r"[0-9]{1,12}")
SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str
    ephemeral: str = ""          # a slash command's answer (status 200)

    def response(self) -> web.Response:
        if self.ephemeral:
            return web.json_response({"response_type": "ephemeral", "text": self.ephemeral})
        return web.json_response({"error": self.reason}, status=self.status)


class Guard:
    def __init__(self, signing_secret: str, response_hosts: frozenset[str]) -> None:
        self.secret = signing_secret.encode()
        self.response_hosts = response_hosts

    async def admit(self, request: web.Request) -> Refusal | None:
        """None when the request may go on to bolt; otherwise how to refuse it."""
        refusal = await self._admit(request)
        if refusal is not None:
            log.warning("Slack request refused with %s: %s (from %s)", refusal.status,
                        refusal.reason, request.remote or "unknown")
        return refusal

    async def _admit(self, request: web.Request) -> Refusal | None:
        if (request.content_length or 0) > MAX_BODY:
            return Refusal(413, "body too large")
        signed = self._headers(request)
        if signed is None:              # refused without reading the body
            return Refusal(401, "missing or malformed signature headers")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return Refusal(413, "body too large")
        except Exception as error:      # the client went away, or the body is unreadable
            return Refusal(400, f"unreadable body ({type(error).__name__})")
        if len(body) > MAX_BODY:
            return Refusal(413, "body too large")
        timestamp, signature = signed
        if abs(Clock().now() - int(timestamp)) > WINDOW:
            return Refusal(401, "timestamp outside the 5-minute window")
        if not hmac.compare_digest(self._sign(timestamp, body), signature):
            return Refusal(401, "invalid signature")
        if request.headers.get("Content-Encoding", "identity").lower() != "identity":
            return Refusal(400, "Content-Encoding on a Slack request")
        try:
            check_request(body, request.content_type, self.response_hosts)
        except SlashProblem as problem:
            return Refusal(200, f"slash command: {problem}",
                           say.NUL_REFUSED if problem.nul else say.COULD_NOT_READ)
        except Malformed as problem:
            return Refusal(400, str(problem))
        return None

    @staticmethod
    def _headers(request: web.Request) -> tuple[str, str] | None:
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if TIMESTAMP.fullmatch(timestamp) and SIGNATURE.fullmatch(signature):
            return timestamp, signature
        return None

    def _sign(self, timestamp: str, body: bytes) -> str:
        digest = hmac.new(self.secret, b"v0:" + timestamp.encode() + b":" + body,
                          hashlib.sha256).hexdigest()
        return f"v0={digest}"


class QuietBolt(logging.Filter):
    """Bolt logs request bodies (with their ``response_url``) when a signature check fails
    and when a request has no listener, and slack_sdk logs the URLs and bodies it sends:
    keep the fact, drop the details."""

    REPLACE = (("Invalid request signature", "Slack request refused by bolt: invalid signature"),
               ("without providing a response", "Slack request left unanswered by bolt"),
               ("Unhandled request", "Slack request with no listener"))
    LEAKS = ("body", "response_url", "hooks.slack", "token", "{", "payload=", "http://",
             "https://", "xox")

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        for marker, replacement in self.REPLACE:
            if marker in message:
                record.msg, record.args = replacement, None
                return True
        cut = min((i for i in (message.find(x) for x in self.LEAKS) if i >= 0), default=-1)
        if cut >= 0:
            record.msg, record.args = message[:cut].rstrip(" (:") + " [details withheld]", None
        return True


def bolt_logger(name: str = "adapters.slack.bolt") -> logging.Logger:
    """The base logger handed to bolt and slack_sdk clients: every logger bolt makes copies
    its filters."""
    logger = logging.getLogger(name)
    if not any(isinstance(f, QuietBolt) for f in logger.filters):
        logger.addFilter(QuietBolt())
    return logger
