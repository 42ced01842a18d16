"""The app manifest an admin pastes into Slack matches what the adapter serves."""
from __future__ import annotations

from pathlib import Path

import yaml

from adapters.slack.oauth import BOT_SCOPES, REDIRECT_PATH
from core.features import build_kernel
from core.services import Services

MANIFEST = Path(__file__).parents[2] / "manifest" / "slack.yaml"


def manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text())


def test_every_command_group_has_a_slash_command_with_a_usage_hint():
    commands = {c["command"]: c for c in manifest()["features"]["slash_commands"]}
    groups = set(build_kernel(Services(uow=None, channels=None)).router.groups)
    assert {f"/{g}" for g in groups} <= set(commands)
    assert {"/coffee", "/lesson", "/lessons", "/huddle", "/wall", "/poll", "/bulletin",
            "/subscribe", "/unsubscribe", "/subscriptions", "/feed", "/digest", "/kmbot"} == set(commands)
    for command in commands.values():
        assert command["url"].endswith("/slack/events")
        assert command["description"] and command["usage_hint"]
        assert command["should_escape"] is True


def test_scopes_events_interactivity_and_home():
    data = manifest()
    assert data["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)
    assert data["oauth_config"]["redirect_urls"][0].endswith(REDIRECT_PATH)
    settings = data["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_home_opened", "app_mention", "message.im", "message.channels", "message.groups"}
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert settings["interactivity"]["request_url"].endswith("/slack/events")
    assert "socket_mode_enabled" in settings
    home = data["features"]["app_home"]
    assert home["home_tab_enabled"] and home["messages_tab_enabled"]
    assert data["features"]["bot_user"]["display_name"] == "kmbot"
