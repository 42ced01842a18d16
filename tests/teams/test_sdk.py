"""The Teams adapter stands on the Microsoft 365 Agents SDK, configured as Microsoft's
documentation names its settings; botbuilder's old names still work, with a warning."""
from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest

from adapters.teams.auth import auth_configuration
from bot.cli import DEPRECATED
from bot.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]
APP, TENANT = "0b5e7a3c-0000-4000-8000-00000000b071", "72f988bf-0000-4000-8000-0000000000aa"
PREFIX = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__"


def test_botbuilder_is_not_installed_and_the_sdk_is_pinned_to_a_minor_version():
    assert importlib.util.find_spec("botbuilder") is None
    assert importlib.util.find_spec("botframework") is None
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    agents = [d for d in dependencies if d.startswith("microsoft-agents-")]
    assert {d.split(">")[0] for d in agents} == {
        "microsoft-agents-activity", "microsoft-agents-hosting-core",
        "microsoft-agents-hosting-aiohttp", "microsoft-agents-authentication-msal"}
    assert all(re.fullmatch(r"[\w-]+>=1\.(\d+),<1\.(\d+)", d) for d in agents), agents
    assert not [d for d in dependencies if d.startswith(("botbuilder", "botframework"))]


def test_a_single_tenant_registration_by_the_sdks_names(monkeypatch):
    monkeypatch.setenv(PREFIX + "CLIENTID", APP)
    monkeypatch.setenv(PREFIX + "CLIENTSECRET", "a-secret-value")
    monkeypatch.setenv(PREFIX + "TENANTID", TENANT)
    settings = load_settings(_env_file=None)
    assert settings.teams_enabled and not settings.deprecated_settings
    config = auth_configuration(settings)
    assert (config.CLIENT_ID, config.TENANT_ID, config.CLIENT_SECRET) \
        == (APP, TENANT, "a-secret-value")
    assert config.AUTH_TYPE == "ClientSecret" and config.VALIDATE_ISSUER
    assert "https://api.botframework.com" in config.ISSUERS
    assert "a-secret-value" not in repr(settings)


def test_a_user_assigned_managed_identity_needs_no_secret(monkeypatch):
    monkeypatch.setenv(PREFIX + "CLIENTID", APP)
    monkeypatch.setenv(PREFIX + "AUTHTYPE", "UserManagedIdentity")
    monkeypatch.setenv(PREFIX + "TENANTID", TENANT)
    config = auth_configuration(load_settings(_env_file=None))
    assert config.AUTH_TYPE == "UserManagedIdentity" and config.CLIENT_SECRET is None


@pytest.mark.parametrize("kind, auth_type, tenant", [
    ("SingleTenant", "ClientSecret", TENANT), ("UserAssignedMSI", "UserManagedIdentity", TENANT),
    ("MultiTenant", "ClientSecret", "botframework.com")])
def test_the_old_botbuilder_names_still_work_and_are_named_at_start(monkeypatch, kind,
                                                                    auth_type, tenant):
    monkeypatch.setenv("MICROSOFT_APP_ID", APP)
    monkeypatch.setenv("MICROSOFT_APP_PASSWORD", "old-secret-value")
    monkeypatch.setenv("MICROSOFT_APP_TYPE", kind)
    if kind != "MultiTenant":
        monkeypatch.setenv("MICROSOFT_APP_TENANT_ID", TENANT)
    settings = load_settings(_env_file=None)
    config = auth_configuration(settings)
    assert (config.CLIENT_ID, config.AUTH_TYPE, config.TENANT_ID) == (APP, auth_type, tenant)
    line = DEPRECATED.format(names=", ".join(settings.deprecated_settings))
    assert "MICROSOFT_APP_ID (now CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID)" in line
    assert "old-secret-value" not in line


def test_a_bad_auth_type_is_named(monkeypatch):
    monkeypatch.setenv(PREFIX + "CLIENTID", APP)
    monkeypatch.setenv(PREFIX + "AUTHTYPE", "Password")
    with pytest.raises(SettingsError, match="AUTHTYPE"):
        load_settings(_env_file=None)


def test_local_mode_is_only_asked_for_and_never_with_an_app_id():
    assert not load_settings(_env_file=None).teams_local
    assert load_settings(_env_file=None, kmbot_teams_local="true").teams_local
    with_app = load_settings(_env_file=None, kmbot_teams_local="true", teams_clientid=APP,
                             teams_clientsecret="s", teams_tenantid=TENANT)
    assert with_app.teams_enabled and not with_app.teams_local
