"""Slack fixtures: a fake Slack Web API, Slack settings, and the aiohttp app under test.

Most Slack tests run on SQLite only (they exercise HTTP and Slack, not SQL); the storage
tests of this folder ask for ``both_databases`` to run on PostgreSQL too.
"""
from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.settings import Settings

from ..conftest import fresh_database
from .driver import SECRET, SlackDriver
from .fake_web_api import FakeSlackApi


@pytest.fixture
def database_url(request, tmp_path, postgres_ok):
    with fresh_database(getattr(request, "param", "sqlite"), tmp_path, postgres_ok) as url:
        yield url


both_databases = pytest.mark.parametrize("database_url", ["sqlite", "postgresql"],
                                         indirect=True)


@pytest.fixture
async def slack_api():
    api = await FakeSlackApi().start()
    yield api
    await api.stop()


@pytest.fixture
def slack_overrides() -> dict:
    """Extra settings a test module wants (OAuth, Socket Mode)."""
    return {}


@pytest.fixture
def settings(database_url, slack_api, slack_overrides) -> Settings:
    values = dict(_env_file=None, kmbot_database_url=database_url,
                  kmbot_librarians="slack:ULIB", slack_bot_token="xoxb-test-token",
                  slack_signing_secret=SECRET, slack_api_base_url=slack_api.url)
    values.update(slack_overrides)
    return Settings(**values)


@pytest.fixture
async def slack_client(runtime):
    app = create_app(runtime, adapters=["slack"], start_background=False)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()


@pytest.fixture
def slack(slack_client, slack_api, runtime) -> SlackDriver:
    from adapters.slack import SLACK
    return SlackDriver(slack_client, slack_api, slack_client.app[SLACK], runtime)
