"""Who may post to ``/api/messages``, and the credentials the bot sends with.

Inbound: every request's bearer token goes through the Agents SDK's ``JwtTokenValidator``
(signature against the Bot Framework's published keys, expiry with 5 minutes' leeway,
audience = our app id), with the issuer allow-list switched on (``VALIDATE_ISSUER``). Before
any key is fetched, a token whose unverified issuer is not on that list is refused, and after
the body is read the token's ``serviceurl`` claim must match the activity's ``serviceUrl``
(:func:`service_url_matches`) and the key that signed it must be endorsed for the activity's
channel (:func:`endorsed_for`: a Teams activity needs a key whose ``endorsements`` include
``msteams``; the SDK does not check this, botbuilder did). Anything that goes wrong is a
refusal (401), never a 500.

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


class EndorsedIdentity(ClaimsIdentity):
    """The token's claims, plus the endorsements of the key that signed it (the channels the
    Bot Framework vouches for that key on: ``msteams``, ``webchat``, ...)."""

    def __init__(self, identity: ClaimsIdentity, endorsements: frozenset[str]) -> None:
        super().__init__(identity.claims, identity.authentication_type,
                         identity.security_token)
        self.endorsements = endorsements


class _KeyWitness:
    """Stands in for the SDK validator's key fetcher (sharing its cache) and remembers the key
    that verified this token, so its endorsements can be read from the published key set."""

    def __init__(self, inner) -> None:
        self.inner, self.key = inner, None

    async def get_signing_key(self, jwks_uri: str, header: dict):
        self.key = await self.inner.get_signing_key(jwks_uri, header)
        return self.key


def key_endorsements(key) -> frozenset[str]:
    data = getattr(key, "_jwk_data", None)     # PyJWK keeps the key's JSON as published
    endorsements = data.get("endorsements") if isinstance(data, dict) else None
    if not isinstance(endorsements, list):
        return frozenset()
    return frozenset(e.lower() for e in endorsements if isinstance(e, str))


def endorsed_for(identity: ClaimsIdentity, channel_id: str | None) -> bool:
    """The signing key is endorsed for the activity's channel (botbuilder's
    ``EndorsementsValidator``): a key the Bot Framework publishes without ``msteams`` cannot
    vouch for a Teams activity. Without a channel id there is nothing to compare."""
    if not channel_id:
        return True
    endorsements = getattr(identity, "endorsements", frozenset())
    return channel_id.strip().lower() in endorsements


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
        validator = JwtTokenValidator(self.configuration)
        witness = validator._jwk_client_manager = _KeyWitness(validator._jwk_client_manager)
        try:
            identity = await validator.validate_token(token)
        except Exception as error:   # expired, bad signature, unknown key, keys unreachable
            raise Unauthenticated(f"a token that failed validation ({type(error).__name__})"
                                  ) from None
        return EndorsedIdentity(identity, key_endorsements(witness.key))


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
