"""Feeds and their items as the core sees them, and the limits polling keeps."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_EVERY = timedelta(hours=1)
MIN_EVERY = timedelta(minutes=15)
MAX_EVERY = timedelta(days=7)
MAX_BACKOFF = timedelta(days=1)      # a failing feed is still tried at least daily
FAILURES_BEFORE_WARNING = 5
MAX_URL = 2000
MAX_TITLE = 200                      # characters, cut at a word with an ellipsis
MAX_SUMMARY = 500
MAX_FEED_TITLE = 120
LATEST = 5                           # items ``/feed test`` shows


@dataclass(frozen=True)
class Feed:
    id: int
    workspace_key: str
    topic_id: int
    url: str
    title: str
    every: timedelta
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0                # in a row; success resets
    last_error: str | None = None
    warned: bool = False             # librarians told about the current run of failures
    last_ok_at: datetime | None = None
    created_at: datetime | None = None

    def next_poll(self, after: datetime) -> datetime:
        """When to poll next: ``every``, doubled for each failure past the first (capped)."""
        if self.failures <= 1:
            return after + self.every
        factor = 2 ** min(self.failures - 1, 16)
        return after + max(self.every, min(self.every * factor, MAX_BACKOFF))


@dataclass(frozen=True)
class Item:
    """One entry of a feed, already made safe to show (see :mod:`core.feeds.clean`)."""
    uid: str                         # what de-duplicates it within a topic (a hash)
    title: str
    link: str                        # "" when it had no safe http(s) link
    summary: str
    published: datetime | None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Fetched:
    """What the fetcher brought back: a body (``status`` 200) or not modified (304)."""
    status: int
    body: bytes = b""
    url: str = ""                    # where it came from after redirects
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchFailed(Exception):
    """The feed could not be fetched; ``reason`` is one of the codes below (the wording says
    each in plain English), ``detail`` what is worth showing (an HTTP status, a limit)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail

    def __reduce__(self):          # raised in a parsing process, re-raised here intact
        return (FetchFailed, (self.reason, self.detail))


# reasons a fetch fails (FetchFailed.reason) or a body is refused
BAD_URL = "bad_url"                  # not http(s), no host, credentials in it
PRIVATE = "private"                  # resolves to a private, loopback... address
UNREACHABLE = "unreachable"          # DNS or connection failed
TIMEOUT = "timeout"
TOO_BIG = "too_big"
REDIRECTS = "redirects"              # too many, or a loop
HTTP_STATUS = "http_status"          # 4xx/5xx (detail: the status)
NOT_A_FEED = "not_a_feed"            # the body is not RSS, Atom or RDF
