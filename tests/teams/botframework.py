"""A local stand-in for the Bot Framework's signing keys, and tokens minted with them.

The Agents SDK fetches the keys that sign Teams' tokens from the Bot Framework's JWKS URL
(with ``requests``-style blocking I/O, in a thread). :func:`local_key_set` serves a JWKS on
loopback of one RSA key endorsed for ``msteams`` (:data:`KEY`), one endorsed for ``webchat``
only and one with no endorsements (:data:`UNENDORSED`, as Teams' keys must not be) and points the SDK at it; :func:`token` mints an
RS256 token as Teams would (issuer ``https://api.botframework.com``, audience the app id, the
``serviceurl`` claim).
"""
from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from microsoft_agents.hosting.core import JwtTokenValidator
from microsoft_agents.hosting.core.authorization import _entra_issuers

APP_ID = "0b5e7a3c-0000-4000-8000-00000000b071"
TENANT = "72f988bf-0000-4000-8000-0000000000aa"
ISSUER = "https://api.botframework.com"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "test-key"
UNENDORSED = {"webchat-key": (rsa.generate_private_key(public_exponent=65537, key_size=2048),
                              ["webchat"]),
              "bare-key": (rsa.generate_private_key(public_exponent=65537, key_size=2048),
                           None)}


class _Keys(BaseHTTPRequestHandler):
    def do_GET(self) -> None:   # noqa: N802
        keys = [_jwk(KEY, KID, ["msteams"])]
        keys += [_jwk(key, kid, endorsed) for kid, (key, endorsed) in UNENDORSED.items()]
        data = json.dumps({"keys": keys}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


def _jwk(key, kid: str, endorsements: list[str] | None) -> dict:
    jwk = {**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": kid, "use": "sig"}
    return jwk if endorsements is None else {**jwk, "endorsements": endorsements}


@contextmanager
def local_key_set():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Keys)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    uris = _entra_issuers.BOTFRAMEWORK_JWKS_URIS
    previous = uris[ISSUER]
    uris[ISSUER] = f"http://127.0.0.1:{server.server_port}/keys"
    JwtTokenValidator._jwk_client_manager._cache.clear()
    try:
        yield uris[ISSUER]
    finally:
        uris[ISSUER] = previous
        JwtTokenValidator._jwk_client_manager._cache.clear()
        server.shutdown()


def token(service_url: str, *, key=KEY, kid: str = KID, **changes) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": APP_ID, "serviceurl": service_url, "nbf": now - 60,
              "iat": now - 60, "exp": now + 3600, **changes}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def headers(service_url: str, **changes) -> dict:
    return {"Authorization": f"Bearer {token(service_url, **changes)}"}
