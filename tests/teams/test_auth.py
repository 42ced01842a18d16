"""Inbound authentication with an app id set: the Agents SDK's JWT validation, against a local
Bot Framework key set (see :mod:`tests.teams.botframework`).

A valid token is handled; a missing, garbage, expired, wrong-audience or wrong-issuer token, a
token issued for another service URL and a token signed by a key the test made itself, and a token signed by a genuine Bot
Framework key that is not endorsed for ``msteams`` are each refused with 401 before anything is stored, handled or sent.
"""
from __future__ import annotations

import logging
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from storage.teams import TeamsStore

from .botframework import APP_ID, ISSUER, KID, TENANT, UNENDORSED, token
from .conftest import ANN_CHAT, payload

OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


async def nothing_happened(runtime, connector) -> None:
    assert connector.attempts == 0 and connector.sent == []
    assert connector.token_requests == 0
    assert await TeamsStore(runtime.db.sessions).conversations() == []
    async with runtime.services.uow() as uow:
        assert await uow.people.find_by_name(f"teams:{TENANT}", "Ann Archer") == []


async def test_a_valid_token_is_accepted_and_the_message_handled(teams, connector, runtime):
    [reply] = await teams.say("coffee join")
    assert "You're in **Coffee Connect**" in reply.text
    assert reply.conversation_id == ANN_CHAT
    assert reply.authorization.startswith("Bearer ")       # the bot's own token, outbound
    assert (await teams.store.conversation(ANN_CHAT)) is not None


def bad_headers(problem: str, url: str) -> dict:
    now = int(time.time())
    tokens = {
        "wrong audience": lambda: token(url, aud="someone-elses-bot"),
        "wrong issuer": lambda: token(url, iss="https://sts.windows.net/evil/"),
        "other service url": lambda: token("https://smba.trafficmanager.net/evil/"),
        "expired": lambda: token(url, exp=now - 3600, nbf=now - 7200, iat=now - 7200),
        "not yet valid": lambda: token(url, nbf=now + 3600, iat=now + 3600),
        "self-signed key": lambda: token(url, key=OTHER_KEY),
        "unsigned": lambda: jwt.encode({"iss": ISSUER, "aud": APP_ID, "serviceurl": url,
                                        "exp": now + 600}, None, algorithm="none"),
        "symmetric": lambda: jwt.encode({"iss": ISSUER, "aud": APP_ID, "serviceurl": url,
                                         "exp": now + 600}, "a guessed shared secret, 32+ bytes",
                                        algorithm="HS256",
                                        headers={"kid": KID}),
        "garbage": lambda: "not.a.token",
    }
    if problem == "no header":
        return {}
    if problem == "not bearer":
        return {"Authorization": f"Basic {token(url)}"}
    if problem == "bearer with nothing":
        return {"Authorization": "Bearer "}
    return {"Authorization": f"Bearer {tokens[problem]()}"}


@pytest.mark.parametrize("problem", [
    "wrong audience", "wrong issuer", "other service url", "expired", "not yet valid",
    "self-signed key", "unsigned", "symmetric", "garbage", "no header", "not bearer",
    "bearer with nothing"])
async def test_a_bad_token_is_refused_with_401_and_nothing_happens(problem, teams, connector,
                                                                   runtime, caplog):
    caplog.set_level(logging.DEBUG)
    activity = payload("personal_message.json", connector.url, text="coffee join")
    headers = bad_headers(problem, connector.url)
    assert await teams.post(activity, headers) == 401
    await nothing_happened(runtime, connector)
    [warning] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "refused (401)" in warning.getMessage() and not warning.exc_info
    token = headers.get("Authorization", "").partition(" ")[2]
    assert len(token) < 8 or token not in caplog.text


@pytest.mark.parametrize("kid", sorted(UNENDORSED))
async def test_a_key_not_endorsed_for_teams_cannot_vouch_for_a_teams_activity(kid, teams, connector,
                                                                               runtime, caplog):
    # the key is in the Bot Framework's published set and the signature is good, but the set
    # does not endorse it for msteams (one endorsed for webchat only; one with no endorsements)
    key, _endorsements = UNENDORSED[kid]
    activity = payload("personal_message.json", connector.url, text="coffee join")
    assert activity["channelId"] == "msteams"
    headers = {"Authorization": f"Bearer {token(connector.url, key=key, kid=kid)}"}
    assert await teams.post(activity, headers) == 401
    await nothing_happened(runtime, connector)
    assert "not endorsed for this channel" in caplog.text


async def test_the_endorsement_is_checked_against_the_activitys_own_channel(teams, connector,
                                                                           runtime):
    # a Teams activity relabelled as another channel does not slip past the check either way
    key, _ = UNENDORSED["webchat-key"]
    activity = payload("personal_message.json", connector.url, text="coffee join",
                       channelId="MsTeams")
    headers = {"Authorization": f"Bearer {token(connector.url, key=key, kid='webchat-key')}"}
    assert await teams.post(activity, headers) == 401
    await nothing_happened(runtime, connector)
    # and the endorsed key is still accepted for the same activity
    assert await teams.post(activity, {"Authorization": f"Bearer {token(connector.url)}"}) == 200
    assert (await teams.store.conversation(ANN_CHAT)) is not None
