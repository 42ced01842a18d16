"""Slack-only tables: OAuth installations, bot tokens and OAuth states.

They are the tables slack_sdk's SQLAlchemy installation and state stores read and write (the
async stores in ``adapters/slack/oauth.py`` use them through our engine, by these names),
declared here in plain SQLAlchemy so that storage imports no platform SDK, and registered on
our metadata so that migration ``0002_slack`` and the model check see them.
``tests/slack/test_oauth_tables.py`` checks they stay identical to slack_sdk's own definitions.
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table, func

from .models import Base

INSTALLATIONS = "slack_installations"
BOTS = "slack_bots"
OAUTH_STATES = "slack_oauth_states"


def _workspace_columns() -> list[Column]:
    return [Column("id", Integer, primary_key=True, autoincrement=True),
            Column("client_id", String(32), nullable=False),
            Column("app_id", String(32), nullable=False),
            Column("enterprise_id", String(32)),
            Column("enterprise_name", String(200))]


def _bot_columns() -> list[Column]:
    return [Column("bot_token", String(200)),
            Column("bot_id", String(32)),
            Column("bot_user_id", String(32)),
            Column("bot_scopes", String(1000)),
            Column("bot_refresh_token", String(200)),
            Column("bot_token_expires_at", DateTime)]


def _installed_at() -> list[Column]:
    return [Column("is_enterprise_install", Boolean, default=False, nullable=False),
            Column("installed_at", DateTime, nullable=False, default=func.now())]


installations = Table(
    INSTALLATIONS, Base.metadata,
    *_workspace_columns(),
    Column("enterprise_url", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    *_bot_columns(),
    Column("user_id", String(32), nullable=False),
    Column("user_token", String(200)),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", String(200)),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index(f"{INSTALLATIONS}_idx", "client_id", "enterprise_id", "team_id", "user_id",
          "installed_at"),
)

bots = Table(
    BOTS, Base.metadata,
    *_workspace_columns(),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    *_bot_columns(),
    *_installed_at(),
    Index(f"{BOTS}_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)

oauth_states = Table(
    OAUTH_STATES, Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)
