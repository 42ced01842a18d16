"""Installing kmbot in several workspaces: Slack's OAuth flow, with its state in our database.

When ``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET`` are set, ``/slack/install`` starts
Slack's "Add to Slack" flow and ``/slack/oauth_redirect`` finishes it; bolt's
:class:`AsyncOAuthSettings` does the work, with slack_sdk's SQLAlchemy installation and state
stores pointed at our engine (their tables come from migration ``0002_slack``). Bot tokens are
then looked up per workspace, for answering and for proactive messages alike.
"""
from __future__ import annotations

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.async_cacheable_installation_store import (
    AsyncCacheableInstallationStore)
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import slack as tables

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600
BOT_SCOPES = ("commands", "chat:write", "im:write", "mpim:write", "im:history", "users:read",
              "channels:read", "groups:read", "app_mentions:read", "channels:history",
              "groups:history", "files:write")


def installation_store(client_id: str, engine: AsyncEngine) -> AsyncCacheableInstallationStore:
    store = AsyncSQLAlchemyInstallationStore(client_id=client_id, engine=engine,
                                             bots_table_name=tables.BOTS,
                                             installations_table_name=tables.INSTALLATIONS)
    return AsyncCacheableInstallationStore(store)


def state_store(engine: AsyncEngine) -> AsyncSQLAlchemyOAuthStateStore:
    return AsyncSQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine,
                                          table_name=tables.OAUTH_STATES)


def oauth_settings(client_id: str, client_secret: str, engine: AsyncEngine,
                   store: AsyncCacheableInstallationStore) -> AsyncOAuthSettings:
    return AsyncOAuthSettings(client_id=client_id, client_secret=client_secret,
                              scopes=list(BOT_SCOPES), install_path=INSTALL_PATH,
                              redirect_uri_path=REDIRECT_PATH, installation_store=store,
                              installation_store_bot_only=True, state_store=state_store(engine),
                              state_expiration_seconds=STATE_SECONDS)
