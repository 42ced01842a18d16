"""Who may post to ``/api/messages``, and the credentials the bot sends with.

Inbound: every request's bearer token goes through the Agents SDK's ``JwtTokenValidator``
(signature against the Bot Framework's published keys, expiry with 5 minutes' leeway,
audience = our app id), with the issuer allow-list switched on (``VALIDATE_ISSUER``). Before
any key is fetched, a token whose unverified issuer is not on that list is refused, and after
the body is read the token's ``serviceurl`` claim must match the activity's ``serviceUrl``
(:func:`service_url_matches`). Anything that goes wrong is a refusal (401), never a 500.

Outbound: the SDK's ``MsalAuth`` (client secret or user-assigned managed identity) behind
:class:`~adapters.teams.tokens.CachedTokens`, so a token is fetched once and reused until
shortly before it expires.
"""
from __future__ import annotations

from typing import Callable
from urllib.parse import urlparse

import jwt
from microsoft_agents.hosting.core import (AccessTokenProviderBase, AgentAuthConfiguration,
                                           AnonymousTokenProvider, AuthTypes, ClaimsIdentity,
                                           ConnectionManager, JwtTokenValidator)

from .tokens import CachedTokens

SERVICE_URL_CLAIM = "serviceurl"
AUTH_TYPES = {"ClientSecret": AuthTypes.client_secret,
              "UserManagedIdentity": AuthTypes.user_managed_identity}
ProviderFactory = Callable[[AgentAuthConfiguration], AccessTokenProviderBase]


def auth_configuration(settings) -> AgentAuthConfiguration:
    """The SDK's configuration of our one connection (``SERVICE_CONNECTION``)."""
    if not settings.teams_enabled:
        return AgentAuthConfiguration(anonymous_allowed=True)
    secret = settings.teams_clientsecret
    return AgentAuthConfiguration(
        auth_type=AUTH_TYPES[settings.teams_authtype or "ClientSecret"],
        client_id=settings.teams_clientid, tenant_id=settings.teams_tenantid,
        client_secret=secret.get_secret_value() if secret else None,
        connection_name="SERVICE_CONNECTION", validate_issuer=True, anonymous_allowed=False)


def msal_tokens(configuration: AgentAuthConfiguration) -> AccessTokenProviderBase:
    from microsoft_agents.authentication.msal import MsalAuth
    return MsalAuth(configuration)


def connections(settings, provider_factory: ProviderFactory | None = None) -> ConnectionManager:
    """Outbound tokens: none in local mode, otherwise MSAL's (or the test's), cached."""
    configuration = auth_configuration(settings)
    if not settings.teams_enabled:
        factory: ProviderFactory = lambda _config: AnonymousTokenProvider()  # noqa: E731
    else:
        inner = provider_factory or msal_tokens
        factory = lambda config: CachedTokens(inner(config))  # noqa: E731
    return ConnectionManager(provider_factory=factory,
                             connections_configurations={"SERVICE_CONNECTION": configuration})


class Unauthenticated(Exception):
    """The request's token is missing or not good; the message says why (never the token)."""


class RequestAuth:
    """Checks one request's ``Authorization`` header: its claims, or :class:`Unauthenticated`."""

    def __init__(self, configuration: AgentAuthConfiguration) -> None:
        self.configuration = configuration
        self.issuers = {issuer.lower() for issuer in configuration.ISSUERS}

    async def identity(self, header: str | None) -> ClaimsIdentity:
        token = bearer_token(header)
        if token is None:
            raise Unauthenticated("no bearer token")
        try:
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.PyJWTError:
            raise Unauthenticated("a bearer token that is not a JWT") from None
        if not isinstance(issuer, str) or issuer.lower() not in self.issuers:
            raise Unauthenticated("a token from an issuer we do not trust")
        try:
            return await JwtTokenValidator(self.configuration).validate_token(token)
        except Exception as error:   # expired, bad signature, unknown key, keys unreachable
            raise Unauthenticated(f"a token that failed validation ({type(error).__name__})"
                                  ) from None


def bearer_token(header: str | None) -> str | None:
    parts = (header or "").split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        return None
    return parts[1]


def service_url_matches(identity: ClaimsIdentity, service_url: str | None) -> bool:
    """The token was issued for the service URL the activity names (as botbuilder checked):
    otherwise a token taken from one conversation could point the bot's replies elsewhere."""
    claimed = identity.get_claim_value(SERVICE_URL_CLAIM)
    if not claimed:
        return True   # tokens without the claim (none from Teams) have nothing to compare
    return _normal(claimed) == _normal(service_url or "")


def _normal(url: str) -> tuple[str, str, str]:
    parsed = urlparse(url.strip())
    return parsed.scheme.lower(), parsed.netloc.lower(), parsed.path.rstrip("/")
