"""The HTTP feed fetcher against a local feed server: conditional requests, limits on time,
size and redirects, and every kind of broken answer turned into a reason, never a crash."""
from __future__ import annotations

import pytest

from adapters.feeds.http import HttpFeedFetcher
from core.feeds.model import (HTTP_STATUS, NOT_A_FEED, REDIRECTS, TIMEOUT, TOO_BIG,
                              UNREACHABLE, FetchFailed)
from core.feeds.parse import parse


async def test_a_well_formed_rss_feed_is_fetched_with_its_validators(feed_server, fetcher):
    fetched = await fetcher.fetch(feed_server.url("/rss"))
    assert fetched.status == 200 and fetched.etag and fetched.last_modified
    feed = parse(fetched.body, fetched.url)
    assert feed.title == "NICE guidance updates"
    assert len(feed.items) == 7
    assert feed.items[0].title == "item 6: Falls in older people"      # newest first


async def test_the_second_poll_is_answered_304_by_etag(feed_server, fetcher):
    first = await fetcher.fetch(feed_server.url("/rss"))
    again = await fetcher.fetch(feed_server.url("/rss"), etag=first.etag)
    assert again.not_modified and again.body == b""
    assert feed_server.not_modified["/rss"] == 1


async def test_last_modified_alone_makes_a_conditional_request(feed_server, fetcher):
    first = await fetcher.fetch(feed_server.url("/lastmod"))
    assert first.etag is None and first.last_modified
    again = await fetcher.fetch(feed_server.url("/lastmod"),
                                last_modified=first.last_modified)
    assert again.not_modified and feed_server.not_modified["/lastmod"] == 1


async def test_a_few_redirects_are_followed(feed_server, fetcher):
    fetched = await fetcher.fetch(feed_server.url("/redirects/3"))
    assert fetched.status == 200 and fetched.url.endswith("/rss")


async def test_too_many_redirects_stop(feed_server, fetcher):
    with pytest.raises(FetchFailed) as failed:
        await fetcher.fetch(feed_server.url("/redirects/9"))
    assert failed.value.reason == REDIRECTS
    assert feed_server.hits.get("/rss") is None          # never reached the end


async def test_a_redirect_loop_stops(feed_server, fetcher):
    with pytest.raises(FetchFailed) as failed:
        await fetcher.fetch(feed_server.url("/loop"))
    assert failed.value.reason == REDIRECTS
    assert feed_server.hits["/loop"] == 1


@pytest.mark.parametrize("path", ["/huge", "/huge-chunked"])
async def test_a_body_over_the_size_limit_is_abandoned(feed_server, path):
    fetcher = HttpFeedFetcher(allow_private=True, timeout=10, max_bytes=1024 * 1024)
    try:
        with pytest.raises(FetchFailed) as failed:
            await fetcher.fetch(feed_server.url(path))
    finally:
        await fetcher.close()
    assert failed.value.reason == TOO_BIG


async def test_the_default_size_limit_is_five_megabytes(feed_server, fetcher):
    assert fetcher.max_bytes == 5 * 1024 * 1024
    with pytest.raises(FetchFailed) as failed:
        await fetcher.fetch(feed_server.url("/huge"))        # 6 MB
    assert failed.value.reason == TOO_BIG


async def test_a_slow_body_times_out(feed_server):
    fetcher = HttpFeedFetcher(allow_private=True, timeout=0.5)
    try:
        with pytest.raises(FetchFailed) as failed:
            await fetcher.fetch(feed_server.url("/slow"))
    finally:
        await fetcher.close()
    assert failed.value.reason == TIMEOUT


@pytest.mark.parametrize("path, status", [("/error", "500"), ("/gone", "404")])
async def test_an_error_status_is_a_reason(feed_server, fetcher, path, status):
    with pytest.raises(FetchFailed) as failed:
        await fetcher.fetch(feed_server.url(path))
    assert (failed.value.reason, failed.value.detail) == (HTTP_STATUS, status)


async def test_nobody_listening_is_unreachable(fetcher):
    with pytest.raises(FetchFailed) as failed:
        await fetcher.fetch("http://127.0.0.1:9/feed")
    assert failed.value.reason == UNREACHABLE


@pytest.mark.parametrize("path", ["/garbage", "/page"])
async def test_garbage_and_web_pages_are_not_feeds(feed_server, fetcher, path):
    fetched = await fetcher.fetch(feed_server.url(path))
    with pytest.raises(FetchFailed) as failed:
        parse(fetched.body, fetched.url)
    assert failed.value.reason == NOT_A_FEED


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "file:///etc/passwd",
                                 "gopher://example.org/", "http://user:pw@example.org/feed"])
async def test_only_plain_http_and_https_addresses_are_fetched(fetcher, url):
    with pytest.raises(FetchFailed) as failed:
        await fetcher.fetch(url)
    assert failed.value.reason == "bad_url"
