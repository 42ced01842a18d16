"""Proof that unit tests cannot reach the network: connections go only to the allow-listed
loopback hosts (pyproject: ``--allow-hosts=127.0.0.1,::1,localhost``).

The probes aim at 127.0.0.2: loopback, so nothing could leave the machine even if the guard
failed, yet outside the allow-list, so the guard must refuse it exactly as it would refuse
slack.com or the Bot Connector.
"""
from __future__ import annotations

import socket

import aiohttp
import pytest
from pytest_socket import SocketConnectBlockedError

NOT_ALLOWED = "127.0.0.2"


def test_a_raw_socket_to_a_host_not_on_the_allow_list_is_blocked():
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection((NOT_ALLOWED, 443), timeout=1)


async def test_an_http_client_to_a_host_not_on_the_allow_list_is_blocked():
    with pytest.raises(SocketConnectBlockedError):
        async with aiohttp.ClientSession() as session:
            await session.get(f"http://{NOT_ALLOWED}:9/api/chat.postMessage",
                              timeout=aiohttp.ClientTimeout(total=2))


def test_the_allow_list_is_loopback_only(pytestconfig):
    allowed = pytestconfig.getoption("allow_hosts")
    assert allowed and set(allowed.split(",")) <= {"127.0.0.1", "::1", "localhost"}


def test_loopback_itself_is_allowed():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=1):
            pass
