"""The Slack adapter, assembled: settings, the bolt ``AsyncApp``, listeners and the channel.

One workspace runs on ``SLACK_BOT_TOKEN``; with ``SLACK_CLIENT_ID`` and
``SLACK_CLIENT_SECRET`` bolt's OAuth flow installs kmbot in any number of workspaces and
tokens come from the installation store. Bolt's request verification (signatures, the 5-minute
window) stays on for every HTTP request.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (AsyncConnectionErrorRetryHandler,
                                                         AsyncRateLimitErrorRetryHandler)
from slack_sdk.web.async_client import AsyncWebClient

from core.pacing import SharedPace
from storage.send_budget import SendBudgetSql

from ..web import Host
from . import oauth
from .channel import SlackChannel
from .guard import Guard, bolt_logger
from .identity import BotIdentity
from .listeners import Handlers, register
from .tasks import Background
from .throttle import ChannelThrottle
from .tokens import Tokens, api_base_url


class SlackSettingsError(Exception):
    """Slack is switched on but its settings are incomplete; the message says what is missing."""


def _secret(value) -> str | None:
    return value.get_secret_value() if value is not None else None


@dataclass(frozen=True)
class SlackConfig:
    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    api_base_url: str | None = None
    client_id: str | None = None
    client_secret: str | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> "SlackConfig":
        """From ``bot.settings.Settings`` (or anything with its ``slack_*`` fields)."""
        return cls(_secret(settings.slack_bot_token), _secret(settings.slack_signing_secret),
                   _secret(settings.slack_app_token), settings.slack_api_base_url,
                   settings.slack_client_id, _secret(settings.slack_client_secret))

    @property
    def oauth(self) -> bool:
        return bool(self.client_id and self.client_secret)

    def check(self) -> None:
        if not (self.bot_token or self.oauth):
            raise SlackSettingsError("SLACK_BOT_TOKEN is missing: Slack needs a bot token (xoxb-…), "
                                "or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for OAuth installs")
        if not (self.signing_secret or self.app_token):
            raise SlackSettingsError("SLACK_SIGNING_SECRET is missing: Slack needs it for HTTP "
                                "requests (or SLACK_APP_TOKEN for Socket Mode)")


def response_hosts(api_base: str | None) -> frozenset[str]:
    """Where a modal's ``response_url`` may point: Slack, or the stand-in API in tests."""
    hosts = {"hooks.slack.com"}
    if api_base:
        hosts.add(urlsplit(api_base).hostname or "")
    return frozenset(hosts)


class SlackAdapter:
    def __init__(self, runtime: Host, config: SlackConfig, *, view_timeout: float = 2.0,
                 throttle: ChannelThrottle | None = None) -> None:
        config.check()
        self.config = config
        self.socket_mode = None            # an AsyncSocketModeHandler when SLACK_APP_TOKEN is set
        self.background = Background()
        self.store = (oauth.installation_store(config.client_id, runtime.db.engine)
                      if config.oauth else None)
        self.identity = None if config.oauth else BotIdentity(config.bot_token)
        self.tokens = Tokens(bot_token=config.bot_token, installation_store=self.store,
                             base_url=config.api_base_url)
        pace = SharedPace(SendBudgetSql(runtime.db.sessions),
                          runtime.settings.kmbot_slack_workspace_per_second)
        self.channel = SlackChannel(self.tokens, throttle, shared=pace)
        self.bolt = self._bolt_app(runtime)
        self.response_hosts = response_hosts(config.api_base_url)
        self.guard = Guard(config.signing_secret or "", self.response_hosts)
        self.handlers = Handlers(runtime.kernel, self.background, view_timeout,
                                 concurrency=1 if runtime.db.is_sqlite else 8)
        self.http: aiohttp.ClientSession | None = None
        register(self.bolt, self.handlers)

    def _bolt_app(self, runtime: Host) -> AsyncApp:
        config = self.config
        client = AsyncWebClient(
            token=None if config.oauth else config.bot_token,
            base_url=api_base_url(config.api_base_url),
            logger=bolt_logger("adapters.slack.web"),
            retry_handlers=[AsyncConnectionErrorRetryHandler(),
                            AsyncRateLimitErrorRetryHandler(max_retry_count=1)])
        settings = (oauth.oauth_settings(config.client_id, config.client_secret,
                                         runtime.db.engine, self.store)
                    if config.oauth else None)
        app = AsyncApp(name="kmbot", signing_secret=config.signing_secret or "",
                       client=client, oauth_settings=settings,
                       authorize=self.identity.authorize if self.identity else None,
                       request_verification_enabled=True, logger=bolt_logger())
        if config.oauth:
            app.enable_token_revocation_listeners()
        return app

    @property
    def serves_http(self) -> bool:
        """HTTP requests are accepted only when they can be verified."""
        return bool(self.config.signing_secret)

    async def start(self) -> None:
        """Share one HTTP connection pool for every Web API and response_url call, and learn
        the bot's own user id in the background (never on a request's path)."""
        self.http = aiohttp.ClientSession()
        self.bolt.client.session = self.tokens.session = self.handlers.http = self.http
        if self.identity is not None:
            self.background.spawn(self.identity.load(self.bolt.client), "auth.test")

    async def close(self) -> None:
        await self.background.close()
        if self.http is not None:
            self.bolt.client.session = self.tokens.session = self.handlers.http = None
            await self.http.close()
            self.http = None
