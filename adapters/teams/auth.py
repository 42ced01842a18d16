"""Who may post to ``/api/messages``, and the SDK adapter that checks it.

With ``MICROSOFT_APP_ID`` set, botbuilder's ``CloudAdapter`` validates every inbound
activity's JWT (issuer, signature from the Bot Framework OpenID metadata, audience = app id,
expiry, the ``serviceurl`` claim against the activity's ``serviceUrl``, the ``msteams``
endorsement). Any validation failure becomes HTTP 401: the SDK only maps ``PermissionError``,
so :class:`StrictAuthentication` turns every other failure (an expired token, a bad
signature, unreachable metadata) into one too.

Without an app id (local mode, for the Agents Playground) authentication is off: the bot then
accepts activities only from this machine, and only with a loopback ``serviceUrl``.
"""
from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from botbuilder.integration.aiohttp import (CloudAdapter,
                                            ConfigurationBotFrameworkAuthentication)
from botframework.connector.auth import (AuthenticateRequestResult, BotFrameworkAuthentication,
                                         ServiceClientCredentialsFactory)

log = logging.getLogger(__name__)
LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


@dataclass(frozen=True)
class AuthConfig:
    """The configuration object botbuilder reads (attribute names are the SDK's)."""

    APP_ID: str = ""
    APP_PASSWORD: str = ""
    APP_TYPE: str = "MultiTenant"
    APP_TENANTID: str = ""

    def __repr__(self) -> str:   # never show the password
        return f"AuthConfig(APP_ID={self.APP_ID!r}, APP_TYPE={self.APP_TYPE!r})"


def auth_config(settings: Any) -> AuthConfig:
    if not settings.microsoft_app_id:
        return AuthConfig()   # auth disabled: MultiTenant with no id is the SDK's anonymous mode
    password = settings.microsoft_app_password
    return AuthConfig(APP_ID=settings.microsoft_app_id,
                      APP_PASSWORD=password.get_secret_value() if password else "",
                      APP_TYPE=settings.microsoft_app_type,
                      APP_TENANTID=settings.microsoft_app_tenant_id or "")


def is_local_mode(settings: Any) -> bool:
    return not settings.microsoft_app_id


class StrictAuthentication(BotFrameworkAuthentication):
    """Delegates to the SDK's authentication; any failure to authenticate is a 401."""

    def __init__(self, inner: BotFrameworkAuthentication) -> None:
        self._inner = inner

    async def authenticate_request(self, activity, auth_header: str) -> AuthenticateRequestResult:
        try:
            return await self._inner.authenticate_request(activity, auth_header)
        except PermissionError:
            raise
        except Exception as error:   # expired, bad signature, unknown key, metadata down
            log.info("Teams request refused: %s", type(error).__name__)
            raise PermissionError("Unauthorized") from error

    async def authenticate_streaming_request(self, auth_header, channel_id_header):
        return await self._inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity):
        return self._inner.create_connector_factory(claims_identity)

    async def create_user_token_client(self, claims_identity):
        return await self._inner.create_user_token_client(claims_identity)

    def create_bot_framework_client(self):
        return self._inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self._inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str):
        return await self._inner.authenticate_channel_request(auth_header)


def build_adapter(settings: Any, *,
                  credentials_factory: ServiceClientCredentialsFactory | None = None
                  ) -> CloudAdapter:
    """``credentials_factory`` lets tests send without fetching an Entra token."""
    inner = ConfigurationBotFrameworkAuthentication(auth_config(settings),
                                                    credentials_factory=credentials_factory)
    return CloudAdapter(StrictAuthentication(inner))


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


def local_request_allowed(remote: str | None, service_url: str | None) -> bool:
    """Local mode: only this machine may talk to the bot, and replies stay on this machine."""
    return is_loopback_host(remote) and is_loopback_host(urlparse(service_url or "").hostname)
