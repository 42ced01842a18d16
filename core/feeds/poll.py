"""Polling: each feed is its own scheduled item (``feeds.poll``, key: the feed's id), claimed
in the database like every job, so no feed is polled twice at once across processes, and one
feed's failure (an error page, garbage, a hung server) never holds up another.

A poll sends the validators from the last one (ETag, Last-Modified); a 304 costs nothing. The
body is parsed in a worker thread. After each poll the feed is scheduled again: at its own
interval when it worked, later and later while it keeps failing (doubling, at most daily).
The fifth failure in a row is reported, once, to the workspace's librarians, with the reason;
a success resets the count. The feeds of a retired topic are not fetched until it is back.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..cards import Message
from ..jobs import JobKind, JobRun
from ..ports import UnitOfWork
from ..services import Services
from ..vocabulary import Destination
from ..wording import feeds as say
from .model import FAILURES_BEFORE_WARNING, Feed, Fetched, FetchFailed, ParsedFeed
from .parse import parse_off_loop
from .topics import librarians, topic_names

log = logging.getLogger(__name__)
POLL_JOB = "feeds.poll"


def reason_text(failure: FetchFailed) -> str:
    template = say.REASONS.get(failure.reason)
    return template.format(detail=failure.detail) if template else say.REASON_UNKNOWN


async def fetch_feed(services: Services, url: str, *, etag: str | None = None,
                     last_modified: str | None = None) -> tuple[ParsedFeed | None, Fetched]:
    """Fetch and parse once: ``(parsed, fetched)``, ``parsed`` None when not modified;
    raises FetchFailed (also for a body that is not a feed)."""
    fetcher = services.feed_fetcher
    if fetcher is None:
        raise FetchFailed("not_set_up")
    fetched = await fetcher.fetch(url, etag=etag, last_modified=last_modified)
    if fetched.not_modified:
        return None, fetched
    return await parse_off_loop(fetched.body, fetched.url or url, fetched.content_type), fetched


@dataclass(frozen=True)
class Outcome:
    feed_id: int
    ok: bool
    not_modified: bool = False
    added: int = 0
    reason: str = ""


async def schedule_poll(uow: UnitOfWork, feed: Feed, now: datetime) -> datetime:
    when = feed.next_poll(now)
    await uow.jobs.schedule(POLL_JOB, str(feed.id), when, now)
    return when


async def poll(services: Services, feed_id: int) -> Outcome | None:
    """Poll one feed now; None when it no longer exists."""
    async with services.uow(read_only=True) as uow:
        feed = await uow.feeds.get(feed_id)
        topic = await uow.topics.get(feed.topic_id) if feed else None
    if feed is None:
        return None
    if topic is None or not topic.active:    # a retired topic's feeds rest (the scheduler
        return Outcome(feed_id, True, True)  # keeps their turn, so they resume with it)
    parsed, failure, fetched = None, None, None
    try:
        parsed, fetched = await fetch_feed(services, feed.url, etag=feed.etag,
                                           last_modified=feed.last_modified)
    except FetchFailed as error:
        failure = error
    except Exception as error:        # a parser or fetcher bug must not stop the others
        log.exception("feed %s: unexpected failure while polling", feed_id)
        failure = FetchFailed("unexpected", type(error).__name__)
    now = services.now()
    async with services.uow() as uow:
        feed = await uow.feeds.get(feed_id)
        if feed is None:               # removed while we fetched
            return None
        if failure is not None:
            outcome = await _failed(services, uow, feed, failure, now)
        else:
            added = await uow.feeds.add_items(feed, parsed.items, now) if parsed else 0
            await uow.feeds.polled(feed.id, now, etag=fetched.etag,
                                   last_modified=fetched.last_modified)
            outcome = Outcome(feed.id, True, parsed is None, added)
        feed = await uow.feeds.get(feed.id)
        await schedule_poll(uow, feed, now)
    if failure is not None:
        log.info("feed %s failed (%s), %d in a row", feed_id, failure.reason, feed.failures)
    return outcome


async def _failed(services: Services, uow: UnitOfWork, feed: Feed, failure: FetchFailed,
                  now: datetime) -> Outcome:
    reason = reason_text(failure)
    failures = await uow.feeds.failed(feed.id, now, reason)
    if failures >= FAILURES_BEFORE_WARNING and await uow.feeds.set_warned(feed.id):
        await _warn(services, uow, feed, failures, reason)
    return Outcome(feed.id, False, reason=reason)


async def _warn(services: Services, uow: UnitOfWork, feed: Feed, failures: int,
                reason: str) -> None:
    topic = (await topic_names(uow, [feed.topic_id])).get(feed.topic_id,
                                                          say.UNKNOWN_TOPIC_NAME)
    text = say.WARNING.format(title=feed.title, topic=topic, id=feed.id, n=failures,
                              reason=reason, url=feed.url)
    streak = (feed.last_ok_at or feed.created_at or services.now()).isoformat()
    for key in await librarians(services, uow, feed.workspace_key):
        await services.queue(uow, Destination.user(key), Message(text),
                             dedup_key=f"feeds:warn:{feed.id}:{streak}:{key}")


async def run_poll(services: Services, run: JobRun) -> None:
    await poll(services, int(run.key))


async def next_poll(uow: UnitOfWork, key: str, after: datetime) -> datetime | None:
    feed = await uow.feeds.get(int(key))
    return None if feed is None else feed.next_poll(after)


POLL = JobKind(POLL_JOB, run_poll, grace=timedelta(days=1), next_due=next_poll)
JOBS = (POLL,)
