"""Settings from environment variables and an optional ``.env`` file.

A missing or invalid setting stops start-up with a message naming it (:class:`SettingsError`).
Secrets are ``SecretStr``: they never appear in logs or reprs.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import available_timezones

from pydantic import (AliasChoices, Field, SecretStr, ValidationError, field_validator,
                      model_validator)
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB = "sqlite+aiosqlite:///data/kmbot.db"
SERVICE_CONNECTION = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__"
TEAMS_AUTH_TYPES = {"clientsecret": "ClientSecret", "usermanagedidentity": "UserManagedIdentity"}
LEGACY_APP_TYPES = {"singletenant": "SingleTenant", "multitenant": "MultiTenant",
                    "userassignedmsi": "UserAssignedMSI"}
MULTI_TENANT = "botframework.com"   # the authority older multi-tenant bots took tokens from


def _connection(name: str) -> AliasChoices:
    """A Teams setting under the name Microsoft's Agents SDK documents (and a short one)."""
    return AliasChoices(SERVICE_CONNECTION + name.upper(), f"teams_{name}")


class SettingsError(Exception):
    """Start-up cannot go on; the message names the setting and says how to fix it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8",
                                      extra="ignore", case_sensitive=False)

    kmbot_database_url: str = DEFAULT_DB
    kmbot_host: str = "0.0.0.0"
    kmbot_port: int = Field(3978, ge=1, le=65535)
    kmbot_librarians: str = ""
    kmbot_timezone: str = "Europe/London"
    kmbot_catch_up_hours: float = Field(6.0, gt=0, le=168)
    #: whose bank holidays are not working days (reminders "the working day before")
    kmbot_bank_holidays: str = "england"
    kmbot_log_level: str = "INFO"
    #: how long sent (and failed) broadcast rows are kept for their reports, in days
    kmbot_outbox_keep_days: float = Field(90.0, gt=0, le=3650)
    #: the pace kmbot keeps to, shared by all its processes: Teams allows 50 requests a
    #: second per app per tenant (creating a chat counts); Slack publishes no number for its
    #: workspace-wide chat.postMessage ceiling, so kmbot keeps to a modest one
    kmbot_teams_tenant_per_second: float = Field(48.0, gt=0, le=50)
    kmbot_slack_workspace_per_second: float = Field(10.0, gt=0, le=100)
    #: keys the hashes that stand for the authors of anonymous ideas and votes; kept outside
    #: the database (unset with SQLite: made once and kept in a file beside the database)
    kmbot_anonymity_key: SecretStr | None = None
    #: let feeds be fetched from private, loopback and link-local addresses (an intranet
    #: feed, a test server); off, so the bot cannot be used to probe the internal network
    kmbot_feeds_allow_private: bool = False
    kmbot_feeds_timeout_seconds: float = Field(20.0, gt=0, le=120)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_base_url: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None

    # Teams, as the Microsoft 365 Agents SDK names its settings
    # (CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID and so on).
    teams_clientid: str | None = Field(None, validation_alias=_connection("clientid"))
    teams_clientsecret: SecretStr | None = Field(None,
                                                 validation_alias=_connection("clientsecret"))
    teams_tenantid: str | None = Field(None, validation_alias=_connection("tenantid"))
    teams_authtype: str | None = Field(None, validation_alias=_connection("authtype"))
    kmbot_teams_local: bool = False   # the Agents Playground, on this machine, no app id

    # Deprecated botbuilder names, still read (start-up says to rename them).
    microsoft_app_id: str | None = None
    microsoft_app_password: SecretStr | None = None
    microsoft_app_type: str | None = None
    microsoft_app_tenant_id: str | None = None

    @field_validator("kmbot_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in available_timezones():
            raise ValueError(f"{value!r} is not a time zone name such as Europe/London")
        return value

    @field_validator("kmbot_bank_holidays")
    @classmethod
    def _nation(cls, value: str) -> str:
        from core.workdays import NATIONS
        nation = value.strip().lower().replace(" ", "-")
        if nation not in NATIONS:
            raise ValueError("use england, wales, scotland, northern-ireland or none")
        return nation

    @field_validator("kmbot_log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("use DEBUG, INFO, WARNING or ERROR")
        return value.upper()

    @field_validator("kmbot_database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///path.db or "
                             "postgresql+asyncpg://user@host:5432/dbname")
        return value

    @field_validator("microsoft_app_type")
    @classmethod
    def _app_type(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value.lower() not in LEGACY_APP_TYPES:
            raise ValueError("use SingleTenant, MultiTenant or UserAssignedMSI")
        return LEGACY_APP_TYPES[value.lower()]

    @field_validator("teams_authtype")
    @classmethod
    def _auth_type(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value.lower() not in TEAMS_AUTH_TYPES:
            raise ValueError("use ClientSecret (a single-tenant app registration with a "
                             "secret) or UserManagedIdentity (a user-assigned managed identity)")
        return TEAMS_AUTH_TYPES[value.lower()]

    @model_validator(mode="after")
    def _pairs(self) -> "Settings":
        if bool(self.slack_bot_token) != bool(self.slack_signing_secret) and not self.slack_app_token \
                and not (self.slack_client_id and self.slack_signing_secret):
            missing = "SLACK_SIGNING_SECRET" if self.slack_bot_token else "SLACK_BOT_TOKEN"
            raise ValueError(f"{missing} is missing: Slack needs both SLACK_BOT_TOKEN and "
                             "SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)")
        self._adopt_legacy_teams_names()
        if self.teams_clientid:
            self.teams_authtype = self.teams_authtype or "ClientSecret"
            if self.teams_authtype == "ClientSecret" and not self.teams_clientsecret:
                raise ValueError(f"{SERVICE_CONNECTION}CLIENTSECRET is missing: it is needed "
                                 f"with {SERVICE_CONNECTION}CLIENTID (AUTHTYPE ClientSecret)")
            if not self.teams_tenantid:
                raise ValueError(f"{SERVICE_CONNECTION}TENANTID is missing: single-tenant and "
                                 "managed identity bots need their Entra tenant id")
        if self.bare_librarians and self.bare_id_platform is None:
            raise ValueError(
                "KMBOT_LIBRARIANS: " + ", ".join(self.bare_librarians[:3]) + " does not say "
                "which platform it is on, and both Slack and Teams are configured: write "
                "slack:U0123ABC or teams:29:1abc… (console:name for the console)")
        return self

    def _adopt_legacy_teams_names(self) -> None:
        """MICROSOFT_APP_* (botbuilder's names) fill in the Agents SDK settings not given."""
        if not self.microsoft_app_id or self.teams_clientid:
            return
        kind = self.microsoft_app_type or "MultiTenant"
        self.teams_clientid = self.microsoft_app_id
        self.teams_clientsecret = self.teams_clientsecret or self.microsoft_app_password
        self.teams_authtype = self.teams_authtype or (
            "UserManagedIdentity" if kind == "UserAssignedMSI" else "ClientSecret")
        if not self.teams_tenantid:
            self.teams_tenantid = self.microsoft_app_tenant_id or (
                MULTI_TENANT if kind == "MultiTenant" else None)

    @property
    def librarian_entries(self) -> list[str]:
        return [x.strip() for x in self.kmbot_librarians.split(",") if x.strip()]

    @property
    def bare_librarians(self) -> list[str]:
        """Entries that do not name their platform (``U0123`` rather than ``slack:U0123``)."""
        return [x for x in self.librarian_entries if not names_platform(x)]

    @property
    def bare_id_platform(self) -> str | None:
        """Where a bare librarian id belongs: the one chat platform configured (Teams in
        local mode, the Agents Playground's, when neither has credentials); None with both."""
        if self.slack_enabled and self.teams_enabled:
            return None
        return "slack" if self.slack_enabled else "teams"

    @property
    def librarians(self) -> frozenset[str]:
        """Librarian ids, each naming its platform: ``slack:U0123``, ``teams:29:1abc``,
        ``console:sam`` (or a full person key)."""
        platform = self.bare_id_platform
        return frozenset(x if names_platform(x) else f"{platform}:{x}"
                         for x in self.librarian_entries)

    @property
    def catch_up_grace(self) -> timedelta:
        return timedelta(hours=self.kmbot_catch_up_hours)

    @property
    def outbox_keep(self) -> timedelta:
        return timedelta(days=self.kmbot_outbox_keep_days)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token or self.slack_client_id or self.slack_app_token)

    @property
    def teams_enabled(self) -> bool:
        """Teams is configured: its endpoint exists and checks every request's token."""
        return bool(self.teams_clientid)

    @property
    def teams_local(self) -> bool:
        """The Teams endpoint without authentication, for the Agents Playground on this
        machine: asked for with KMBOT_TEAMS_LOCAL=true, and only when no app id is set."""
        return self.kmbot_teams_local and not self.teams_enabled

    @property
    def deprecated_settings(self) -> list[str]:
        """Old setting names in use, to be renamed (start-up says so)."""
        names = {"microsoft_app_id": "CLIENTID", "microsoft_app_password": "CLIENTSECRET",
                 "microsoft_app_type": "AUTHTYPE", "microsoft_app_tenant_id": "TENANTID"}
        return [f"{old.upper()} (now {SERVICE_CONNECTION}{new})"
                for old, new in names.items() if getattr(self, old)]


def names_platform(entry: str) -> bool:
    """``slack:U0123`` and ``console:sam`` name their platform; ``U0123`` and a bare Teams id
    ``29:1abc`` do not (a platform name is lower-case letters)."""
    head, sep, rest = entry.partition(":")
    return bool(sep and rest and head.isascii() and head.isalpha() and head.islower())


def load_settings(**overrides) -> Settings:
    try:
        return Settings(**overrides)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            name = ".".join(str(p) for p in item["loc"]).upper() or "settings"
            message = item["msg"].removeprefix("Value error, ")
            problems.append(f"{name}: {message}" if name != "SETTINGS" else message)
        raise SettingsError("kmbot cannot start; please fix these settings:\n  "
                            + "\n  ".join(problems)) from None


def sqlite_path(url: str) -> Path | None:
    prefix = "sqlite+aiosqlite:///"
    return Path(url[len(prefix):]) if url.startswith(prefix) else None


def anonymity_key(settings: "Settings") -> str:
    """The secret behind anonymous authors' hashes: the setting; else, with SQLite on disk, a
    key made once and kept in ``<database>.anonymity-key`` beside it (readable by its owner
    only); else "" (anonymous walls and polls are then refused, saying what to set)."""
    if settings.kmbot_anonymity_key is not None:
        return settings.kmbot_anonymity_key.get_secret_value()
    path = sqlite_path(settings.kmbot_database_url)
    if path is None or str(path) in ("", ":memory:"):
        return ""
    keyfile = path.with_name(path.name + ".anonymity-key")
    if not keyfile.exists():
        import os
        import secrets
        keyfile.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(keyfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    return keyfile.read_text().strip()
