"""Librarians named in KMBOT_LIBRARIANS: ids name their platform, so one never matches a
person on another platform; a bare id binds to the one platform configured, or start-up stops."""
from __future__ import annotations

import logging

import pytest

from bot.runtime import build_runtime
from bot.settings import Settings, SettingsError, load_settings
from core.services import CoreConfig, Services

SLACK = {"slack_bot_token": "xoxb-1", "slack_signing_secret": "s" * 32}
TEAMS = {"microsoft_app_id": "app", "microsoft_app_password": "pw"}


def services(librarians: frozenset[str]) -> Services:
    return Services(uow=None, channels=None, config=CoreConfig(librarians=librarians))


def test_a_teams_user_with_a_slack_librarians_id_is_not_a_librarian():
    settings = load_settings(_env_file=None, kmbot_librarians="slack:U0123", **SLACK, **TEAMS)
    check = services(settings.librarians).librarian_by_settings
    assert check("slack:T1:U0123")
    assert not check("teams:tenant:U0123") and not check("console:local:U0123")


def test_a_bare_id_binds_to_the_one_platform_configured():
    slack_only = load_settings(_env_file=None, kmbot_librarians="U0123", **SLACK)
    assert slack_only.librarians == {"slack:U0123"}
    assert not services(slack_only.librarians).librarian_by_settings("teams:t:U0123")
    teams_only = load_settings(_env_file=None, kmbot_librarians="29:1lib", **TEAMS)
    assert teams_only.librarians == {"teams:29:1lib"}


def test_a_bare_id_with_two_platforms_stops_start_up():
    with pytest.raises(SettingsError) as raised:
        load_settings(_env_file=None, kmbot_librarians="U0123, console:sam", **SLACK, **TEAMS)
    assert "KMBOT_LIBRARIANS" in str(raised.value) and "U0123" in str(raised.value)
    assert "slack:U0123ABC" in str(raised.value)


async def test_start_up_says_where_bare_ids_were_bound(tmp_path, caplog):
    settings = Settings(_env_file=None, kmbot_librarians="U0123,console:sam",
                        kmbot_database_url=f"sqlite+aiosqlite:///{tmp_path / 'k.db'}", **SLACK)
    with caplog.at_level(logging.INFO):
        runtime = await build_runtime(settings, scheduler=False)
    await runtime.stop()
    assert "1 id(s) without a platform bound to slack" in caplog.text
    assert runtime.services.config.librarians == {"slack:U0123", "console:sam"}
