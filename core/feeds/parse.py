"""A fetched body as a feed, parsed by ``feedparser`` in a worker thread (never on the event
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
from datetime import datetime, timezone
from urllib.parse import urlsplit

import feedparser

from .clean import cut, defuse, html_to_text, safe_link
from .model import (MAX_FEED_TITLE, MAX_SUMMARY, MAX_TITLE, NOT_A_FEED, FetchFailed, Item,
                    ParsedFeed)

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


async def parse_off_loop(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """:func:`parse` in a worker thread, so a big feed never holds up the bot. (A process
    pool was tried: on two cores its workers' start-up and memory, each importing the bot
    again, cost more than parsing in threads; ``bench/bench_feeds.py`` measures both CPU and
    memory.)"""
    return await asyncio.to_thread(parse, body, url, content_type)
