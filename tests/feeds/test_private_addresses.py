"""Without ``KMBOT_FEEDS_ALLOW_PRIVATE`` no feed is fetched from a private, loopback,
link-local or otherwise non-public address: checked after DNS, on the address actually
connected to (no DNS-rebinding gap), and again after each redirect."""
from __future__ import annotations

import pytest

from adapters.feeds.guard import is_refused
from adapters.feeds.http import HttpFeedFetcher
from core.feeds.model import PRIVATE, FetchFailed

from .conftest import FakeResolver


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254",
    "0.0.0.0", "100.64.0.1", "100.127.255.254", "224.0.0.1", "240.0.0.1", "255.255.255.255",
    "192.0.2.1", "198.18.0.1", "::1", "::", "fe80::1", "fe80::1%eth0", "fc00::1", "fd12::1",
    "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:7f00:1::", "64:ff9b::a00:1",
    "not-an-address"])
def test_non_public_addresses_are_refused(address):
    assert is_refused(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111",
                                     "::ffff:93.184.216.34", "100.128.0.1"])
def test_public_addresses_are_allowed(address):
    assert not is_refused(address)


@pytest.fixture
async def guarded():
    fetchers = []

    def make(**kwargs):
        fetcher = HttpFeedFetcher(allow_private=False, timeout=2.0, **kwargs)
        fetchers.append(fetcher)
        return fetcher
    yield make
    for fetcher in fetchers:
        await fetcher.close()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
async def test_the_local_server_is_refused_without_the_switch(feed_server, guarded, host):
    with pytest.raises(FetchFailed) as failed:
        await guarded().fetch(feed_server.url("/rss", host))
    assert failed.value.reason == PRIVATE
    assert feed_server.hits == {}                      # nothing was even asked


async def test_a_name_that_resolves_to_a_private_address_is_refused(guarded):
    resolver = FakeResolver({"intranet.trust.nhs.uk": ["10.20.30.40"]})
    with pytest.raises(FetchFailed) as failed:
        await guarded(resolver=resolver).fetch("https://intranet.trust.nhs.uk/feed")
    assert (failed.value.reason, failed.value.detail) == (PRIVATE, "intranet.trust.nhs.uk")
    assert resolver.asked == ["intranet.trust.nhs.uk"]


async def test_a_name_with_one_private_address_among_public_ones_is_refused(guarded):
    resolver = FakeResolver({"mixed.example": ["93.184.216.34", "169.254.169.254"]})
    with pytest.raises(FetchFailed) as failed:
        await guarded(resolver=resolver).fetch("http://mixed.example/feed")
    assert failed.value.reason == PRIVATE


def _public_loopback_v6(address: str) -> bool:
    """::1 stands in for a public site (the test server listens there too); all else as
    in production."""
    return address != "::1" and is_refused(address)


@pytest.mark.parametrize("path", ["/to-loopback", "/to-localhost"])
async def test_a_redirect_to_a_private_address_is_refused(feed_server, guarded, path):
    if not feed_server.ipv6:
        pytest.skip("no IPv6 loopback here to stand in for a public site")
    resolver = FakeResolver({"public.example": ["::1"], "localhost": ["127.0.0.1"]})
    fetcher = guarded(resolver=resolver, refuse=_public_loopback_v6)
    ok = await fetcher.fetch(feed_server.url("/rss", "public.example"))
    assert ok.status == 200                            # the stand-in public site is fine
    with pytest.raises(FetchFailed) as failed:
        await fetcher.fetch(feed_server.url(path, "public.example"))
    assert failed.value.reason == PRIVATE
    assert feed_server.hits["/rss"] == 1               # the redirect was not followed


async def test_the_switch_lets_the_local_server_through(feed_server):
    fetcher = HttpFeedFetcher(allow_private=True)
    try:
        assert (await fetcher.fetch(feed_server.url("/to-loopback"))).status == 200
    finally:
        await fetcher.close()
