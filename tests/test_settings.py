"""Settings: a missing or invalid setting stops start-up with a message naming it."""
from __future__ import annotations

import logging

import pytest

from bot.logs import RedactSecrets
from bot.settings import SettingsError, load_settings


def _load(**env):
    return load_settings(_env_file=None, **env)


def test_defaults_start_in_local_mode_on_sqlite():
    settings = _load()
    assert settings.kmbot_database_url.startswith("sqlite+aiosqlite:///")
    assert settings.kmbot_port == 3978
    assert not settings.slack_enabled and not settings.teams_enabled


@pytest.mark.parametrize("overrides, named", [
    ({"kmbot_port": "99999"}, "KMBOT_PORT"),
    ({"kmbot_timezone": "Mars/Base"}, "KMBOT_TIMEZONE"),
    ({"kmbot_database_url": "mysql://x"}, "KMBOT_DATABASE_URL"),
    ({"kmbot_catch_up_hours": "0"}, "KMBOT_CATCH_UP_HOURS"),
    ({"microsoft_app_type": "Everyone"}, "MICROSOFT_APP_TYPE"),
    ({"slack_bot_token": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
    ({"teams_authtype": "Everyone"}, "AUTHTYPE"),
    ({"teams_clientid": "abc"}, "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET"),
    ({"teams_clientid": "abc", "teams_clientsecret": "pw"},
     "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID"),
    ({"microsoft_app_id": "abc"}, "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET"),
    ({"microsoft_app_id": "abc", "microsoft_app_password": "pw",
      "microsoft_app_type": "SingleTenant"}, "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID"),
])
def test_bad_settings_are_named(overrides, named):
    with pytest.raises(SettingsError) as raised:
        _load(**overrides)
    assert named in str(raised.value)
    assert str(raised.value).startswith("kmbot cannot start")


def test_secrets_do_not_appear_in_reprs():
    settings = _load(slack_bot_token="xoxb-very-secret", slack_signing_secret="shh-signing")
    assert "xoxb-very-secret" not in repr(settings)
    assert "shh-signing" not in repr(settings)


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_log_lines_have_tokens_redacted():
    logger = logging.getLogger("kmbot.test.redaction")
    lines = _Lines()
    lines.addFilter(RedactSecrets(["shh-signing-secret"]))
    logger.addHandler(lines)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.info("calling with xoxb-123-456-abc and %s, Bearer eyJhbGciOi.x.y",
                "shh-signing-secret")
    [line] = lines.lines
    assert "xoxb-123" not in line and "shh-signing-secret" not in line
    assert "eyJhbGciOi" not in line and line.count("[redacted]") == 3
