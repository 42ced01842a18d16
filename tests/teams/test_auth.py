"""Inbound JWT validation with an app id set: the SDK's checks, against a local JWKS.

The test serves OpenID metadata and a signing key (endorsed for ``msteams``) on loopback and
mints RS256 tokens. A valid token is handled; a wrong audience, a wrong issuer, a service URL
claim that does not match the activity, an expired token and a missing header are each
refused with 401 before anything is stored, handled or sent.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from botframework.connector.auth import (ChannelValidation, MicrosoftAppCredentials,
                                         ServiceClientCredentialsFactory)
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from adapters.teams import mount
from bot.settings import Settings
from storage.teams import TeamsStore

from .conftest import ANN_CHAT, LIB, payload

APP_ID = "0b5e7a3c-0000-4000-8000-00000000b071"
ISSUER = "https://api.botframework.com"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class _Metadata(BaseHTTPRequestHandler):
    """OpenID metadata and JWKS. A thread, because the SDK fetches them with ``requests``."""

    def do_GET(self) -> None:   # noqa: N802
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/openid":
            body = {"issuer": ISSUER, "jwks_uri": f"{base}/keys",
                    "id_token_signing_alg_values_supported": ["RS256"]}
        else:
            jwk = json.loads(RSAAlgorithm.to_jwk(KEY.public_key()))
            body = {"keys": [{**jwk, "kid": "test-key", "use": "sig",
                              "endorsements": ["msteams"]}]}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def openid_metadata():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Metadata)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/openid"
    previous = ChannelValidation.open_id_metadata_endpoint
    ChannelValidation.open_id_metadata_endpoint = url
    yield url
    ChannelValidation.open_id_metadata_endpoint = previous
    JwtTokenExtractor.metadataCache.pop(url, None)
    server.shutdown()


class NoTokenNeeded(ServiceClientCredentialsFactory):
    """Real inbound checks for ``APP_ID``; outbound calls to the fake connector need no
    Entra token (which would need the internet)."""

    async def is_valid_app_id(self, app_id: str) -> bool:
        return app_id == APP_ID

    async def is_authentication_disabled(self) -> bool:
        return False

    async def create_credentials(self, app_id, oauth_scope, login_endpoint, validate_authority):
        return MicrosoftAppCredentials.empty()


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(_env_file=None, kmbot_database_url=database_url, kmbot_librarians=LIB,
                    microsoft_app_id=APP_ID, microsoft_app_password="not-a-real-secret",
                    microsoft_app_type="SingleTenant",
                    microsoft_app_tenant_id="72f988bf-0000-4000-8000-0000000000aa")


@pytest.fixture
async def bot(runtime, connector, openid_metadata):
    app = web.Application()
    mount(app, runtime, credentials_factory=NoTokenNeeded())
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()


def token(service_url: str, **changes) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": APP_ID, "serviceurl": service_url, "nbf": now - 60,
              "iat": now - 60, "exp": now + 3600, **changes}
    return jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": "test-key"})


async def nothing_happened(runtime, connector) -> None:
    assert connector.attempts == 0 and connector.sent == []
    assert await TeamsStore(runtime.db.sessions).conversations() == []
    async with runtime.services.uow() as uow:
        assert await uow.people.find_by_name("teams:72f988bf-0000-4000-8000-0000000000aa",
                                             "Ann Archer") == []


async def test_a_valid_token_is_accepted_and_the_message_handled(bot, connector, runtime):
    activity = payload("personal_message.json", connector.url, text="coffee join")
    response = await bot.post("/api/messages", json=activity, headers={
        "Authorization": f"Bearer {token(connector.url)}"})
    assert response.status in (200, 201)
    [reply] = connector.to(ANN_CHAT)
    assert "You're in **Coffee Connect**" in reply.text
    assert (await TeamsStore(runtime.db.sessions).conversation(ANN_CHAT)) is not None


@pytest.mark.parametrize("problem", ["wrong audience", "wrong issuer", "other service url",
                                     "expired", "no header", "not bearer", "wrong key"])
async def test_a_bad_token_is_refused_with_401_and_nothing_happens(problem, bot, connector,
                                                                   runtime):
    activity = payload("personal_message.json", connector.url, text="coffee join")
    url = connector.url
    tokens = {
        "wrong audience": token(url, aud="someone-elses-bot"),
        "wrong issuer": token(url, iss="https://sts.windows.net/evil/"),
        "other service url": token("https://smba.trafficmanager.net/evil/"),
        "expired": token(url, exp=int(time.time()) - 3600, nbf=int(time.time()) - 7200),
        "not bearer": None,
        "wrong key": jwt.encode({"iss": ISSUER, "aud": APP_ID, "serviceurl": url,
                                 "exp": int(time.time()) + 600},
                                rsa.generate_private_key(public_exponent=65537, key_size=2048),
                                algorithm="RS256", headers={"kid": "test-key"}),
    }
    headers = {}
    if problem == "not bearer":
        headers["Authorization"] = f"Basic {token(url)}"
    elif problem != "no header":
        headers["Authorization"] = f"Bearer {tokens[problem]}"
    response = await bot.post("/api/messages", json=activity, headers=headers)
    assert response.status == 401
    await nothing_happened(runtime, connector)
