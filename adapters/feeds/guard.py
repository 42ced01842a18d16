"""Which addresses a feed may be fetched from: public ones only.

A feed URL is typed by a librarian and its redirects are chosen by whoever runs the site, so
without this the bot could be made to probe the trust's internal network. Every address a
host name resolves to is checked, and the connection goes to the address that was checked
(:class:`GuardedResolver` is the connector's resolver, so there is no gap for DNS rebinding);
literal addresses in a URL are checked before connecting; both again after each redirect.
``KMBOT_FEEDS_ALLOW_PRIVATE=true`` turns the check off (a test server on 127.0.0.1, an
intranet feed the trust trusts).
"""
from __future__ import annotations

import ipaddress
import socket
from typing import Callable

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

CGNAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedAddress(OSError):
    """The host is (or resolves to) an address feeds may not be fetched from."""

    def __init__(self, host: str) -> None:
        super().__init__(f"{host} is on a private or otherwise non-public network")
        self.host = host


def _embedded(ip: Address) -> list[Address]:
    """The address itself and any IPv4 address it carries (mapped, 6to4, Teredo, NAT64)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return [ip.ipv4_mapped]        # ::ffff:a.b.c.d is a.b.c.d, judged as such
    found: list[Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.sixtofour:
            found.append(ip.sixtofour)
        if ip.teredo:
            found.extend(ip.teredo)
        if ip in NAT64:
            found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def _refused_one(ip: Address) -> bool:
    return (not ip.is_global or ip.is_private or ip.is_loopback or ip.is_link_local
            or ip.is_multicast or ip.is_reserved or ip.is_unspecified
            or (isinstance(ip, ipaddress.IPv4Address) and ip in CGNAT))


def is_refused(address: str) -> bool:
    """True for private, loopback, link-local, unspecified, multicast, reserved, CGNAT
    (100.64/10) and IPv6 unique-local addresses, also when wrapped in an IPv6 address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0].strip("[]"))
    except ValueError:
        return True
    return any(_refused_one(one) for one in _embedded(ip))


def literal_address(host: str) -> str | None:
    """``host`` when it is an IP address (``[::1]`` too), else None."""
    try:
        return str(ipaddress.ip_address(host.strip("[]").split("%", 1)[0]))
    except ValueError:
        return None


class GuardedResolver(AbstractResolver):
    """The default resolver, refusing a host when any address it resolves to is refused."""

    def __init__(self, inner: AbstractResolver | None = None,
                 refuse: Callable[[str], bool] = is_refused) -> None:
        self.inner = inner or DefaultResolver()
        self.refuse = refuse

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        results = await self.inner.resolve(host, port, family)
        if not results or any(self.refuse(r["host"]) for r in results):
            raise RefusedAddress(host)
        return results

    async def close(self) -> None:
        await self.inner.close()
