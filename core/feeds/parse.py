"""A fetched body as a feed, parsed by ``feedparser`` in a worker process (never on the event
loop), its items made safe (:mod:`core.feeds.clean`) and given the key that de-duplicates them.

An item's key is its id (``guid``/``id``); without one its link; without either a hash of its
title and date. Ids that are not URLs or URNs (``"1234"``) are qualified by the feed's host,
so two sites numbering their items alike do not collide, while one site's item in two of its
feeds (the same topic) stays one item.
"""
from __future__ import annotations

import asyncio
import calendar
import hashlib
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime, timezone
from urllib.parse import urlsplit

import feedparser

from .clean import cut, defuse, html_to_text, safe_link
from .model import (MAX_FEED_TITLE, MAX_SUMMARY, MAX_TITLE, NOT_A_FEED, FetchFailed, Item,
                    ParsedFeed)

log = logging.getLogger(__name__)
MAX_ITEMS = 200          # a feed's newest items kept from one poll


def item_key(entry_id: str, link: str, title: str, date: str, feed_url: str) -> str:
    entry_id = (entry_id or "").strip()
    if entry_id:
        if ":" not in entry_id:
            entry_id = f"{urlsplit(feed_url).hostname or ''}/{entry_id}"
        basis = "id:" + entry_id
    elif link:
        basis = "link:" + link
    else:
        basis = f"hash:{title}\n{date}"
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()


def _when(entry) -> datetime | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), timezone.utc)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _item(entry, base: str) -> Item:
    raw_title = entry.get("title") or ""
    title = cut(html_to_text(raw_title, base), MAX_TITLE)
    link = safe_link(entry.get("link") or "", base)
    summary = entry.get("summary") or ""
    if not summary and entry.get("content"):
        summary = entry["content"][0].get("value") or ""
    date = entry.get("published") or entry.get("updated") or ""
    uid = item_key(entry.get("id") or "", entry.get("link") or "", raw_title, date, base)
    return Item(uid=uid, title=title, link=link,
                summary=cut(html_to_text(summary, base), MAX_SUMMARY), published=_when(entry))


def parse(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """The feed in ``body`` (bytes: feedparser never fetches anything itself), newest items
    first; raises ``FetchFailed(NOT_A_FEED)`` for an HTML page, JSON or garbage."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True,
                              resolve_relative_uris=True)
    if not parsed.get("version"):
        raise FetchFailed(NOT_A_FEED)
    base = url
    items = [_item(entry, base) for entry in parsed.entries[:MAX_ITEMS]]
    items = [i for i in items if i.title or i.link or i.summary]
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    items.sort(key=lambda i: i.published or oldest, reverse=True)
    title = cut(defuse(html_to_text(parsed.feed.get("title") or "", base)), MAX_FEED_TITLE)
    return ParsedFeed(title=title or (urlsplit(url).hostname or url), items=tuple(items))


_pool: ProcessPoolExecutor | None = None
PROCESSES = min(2, os.cpu_count() or 1)      # 0: parse in threads instead


def _executor() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=PROCESSES,
                                    mp_context=multiprocessing.get_context("spawn"))
    return _pool


async def parse_off_loop(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """:func:`parse` off the event loop: in a small pool of worker processes (parsing is
    CPU work, and there it neither holds the bot's GIL nor waits for it), or in a thread
    when processes are not available."""
    global _pool
    if PROCESSES:
        try:
            return await asyncio.get_running_loop().run_in_executor(
                _executor(), parse, body, url, content_type)
        except (BrokenProcessPool, OSError, RuntimeError):   # a worker died, or no processes
            log.warning("feed parsing falls back to a thread (the process pool failed)")
            _pool = None
    return await asyncio.to_thread(parse, body, url, content_type)
