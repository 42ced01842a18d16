"""Slack-only tables: OAuth installations, bot tokens and OAuth states.

The tables are slack_sdk's own (``SQLAlchemyInstallationStore`` and
``SQLAlchemyOAuthStateStore`` declare them), registered here on our metadata so that Alembic
migration ``0002_slack`` creates them and the async stores in ``adapters/slack/oauth.py`` read
and write them through our engine.
"""
from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from .models import Base

INSTALLATIONS = "slack_installations"
BOTS = "slack_bots"
OAUTH_STATES = "slack_oauth_states"

installations = SQLAlchemyInstallationStore.build_installations_table(Base.metadata, INSTALLATIONS)
bots = SQLAlchemyInstallationStore.build_bots_table(Base.metadata, BOTS)
oauth_states = SQLAlchemyOAuthStateStore.build_oauth_states_table(Base.metadata, OAUTH_STATES)
