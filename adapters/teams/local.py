"""Local mode (``KMBOT_TEAMS_LOCAL=true``, no app id): the Agents Playground on this machine.

Authentication is off, so the endpoint answers only this machine: a request must come from a
loopback address and must not have passed through a proxy (a reverse proxy on the same host
connects from loopback too, and says so in ``Forwarded`` / ``X-Forwarded-*`` / ``X-Real-IP``
headers), and the activity's ``serviceUrl`` (where the replies go) must be on loopback too.
Start-up also binds the server to loopback in this mode (see ``bot.cli``).
"""
from __future__ import annotations

import ipaddress
from urllib.parse import urlparse

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}
PROXY_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
                 "X-Real-IP", "Via")


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def from_this_machine(remote: str | None, headers) -> bool:
    """Sent from this machine, directly (not relayed by a proxy on it)."""
    return is_loopback_host(remote) and not any(name in headers for name in PROXY_HEADERS)


def replies_stay_here(service_url: str | None) -> bool:
    return is_loopback_host(urlparse(service_url or "").hostname)


def local_request_allowed(remote: str | None, service_url: str | None,
                          headers=None) -> bool:
    return from_this_machine(remote, headers or {}) and replies_stay_here(service_url)
