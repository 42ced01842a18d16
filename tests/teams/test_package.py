"""``kmbot teams-package`` writes an app package Teams would accept, and refuses bad ones."""
from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from adapters.teams.package import (TEMPLATE_DIR, PackageError, PackageOptions, build_package,
                                    outline_is_white_on_clear, png_info)
from bot.cli import main

APP_ID = "0b5e7a3c-0000-4000-8000-00000000b071"


def test_the_cli_builds_a_package_from_settings(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", APP_ID)
    monkeypatch.setenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET", "not-real")
    monkeypatch.setenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID",
                       "72f988bf-0000-4000-8000-0000000000aa")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "kmbot.zip"
    assert main(["teams-package", "-o", str(out), "--version", "1.2.3",
                 "--domain", "kmbot.trust.nhs.uk"]) == 0
    assert "Wrote" in capsys.readouterr().out
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        assert png_info(archive.read("color.png"))[:2] == (192, 192)
        assert png_info(archive.read("outline.png"))[:2] == (32, 32)
        assert outline_is_white_on_clear(archive.read("outline.png"))
    assert manifest["id"] == manifest["bots"][0]["botId"] == APP_ID
    assert manifest["version"] == "1.2.3" and manifest["validDomains"] == ["kmbot.trust.nhs.uk"]
    assert manifest["manifestVersion"] == "1.30" and "/v1.30/" in manifest["$schema"]
    assert {"name": "ChannelMessage.Read.Group", "type": "Application"} \
        in manifest["authorization"]["permissions"]["resourceSpecific"]
    assert manifest["webApplicationInfo"]["id"] == APP_ID
    assert set(manifest["bots"][0]["scopes"]) == {"personal", "team", "groupChat"}
    assert all(len(c["commands"]) <= 12 for c in manifest["bots"][0]["commandLists"])
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80


def test_without_an_app_id_the_cli_says_what_to_set(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("MICROSOFT_APP_ID", raising=False)
    monkeypatch.delenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["teams-package"]) == 2
    assert "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID" in capsys.readouterr().out


@pytest.mark.parametrize("change, problem", [
    ({"name": "A name far too long for the Teams app bar"}, "name.short"),
    ({"privacy_url": "http://example.nhs.uk/privacy"}, "privacyUrl must be an https"),
    ({"domain": "https://kmbot.example.nhs.uk"}, "validDomains"),
    ({"version": "1.0"}, "version"),
    ({"app_id": "not-a-guid"}, "id must be"),
])
def test_bad_packages_are_refused_with_the_reason(tmp_path, change, problem):
    options = PackageOptions(**{"app_id": APP_ID, **change})
    with pytest.raises(PackageError, match=problem):
        build_package(options, tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()


def test_too_many_commands_or_a_wrong_icon_are_refused(tmp_path):
    template = tmp_path / "template"
    shutil.copytree(TEMPLATE_DIR, template)
    manifest = json.loads((template / "manifest.json").read_text())
    manifest["bots"][0]["commandLists"][0]["commands"] *= 4
    (template / "manifest.json").write_text(json.dumps(manifest))
    shutil.copy(template / "color.png", template / "outline.png")
    with pytest.raises(PackageError) as refused:
        build_package(PackageOptions(APP_ID), tmp_path / "x.zip", template)
    assert "at most 12 commands" in str(refused.value)
    assert "outline.png must be 32x32" in str(refused.value)


def test_a_package_without_the_thread_permission_is_refused(tmp_path):
    template = tmp_path / "template"
    shutil.copytree(TEMPLATE_DIR, template)
    manifest = json.loads((template / "manifest.json").read_text())
    del manifest["authorization"]
    manifest["manifestVersion"] = "1.19"
    (template / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(PackageError) as refused:
        build_package(PackageOptions(APP_ID), tmp_path / "x.zip", template)
    assert "ChannelMessage.Read.Group" in str(refused.value)
    assert "manifestVersion must be 1.30" in str(refused.value)
