"""Features are modules: each declares everything it adds; clashes fail at start; both
manifests are generated from the features and the shipped files match."""
from __future__ import annotations

import json

import pytest
import yaml

from bot import manifests
from core.cards import Reply
from core.feature import Feature
from core.features import FEATURES, build_kernel
from core.manifest import ManifestError, command_menu, slash_commands
from core.router import DuplicateRegistration, Router
from core.services import Services


def _feature(name: str, *, command=None, action=None, form=None, **more) -> Feature:
    router = Router(name)
    router.group(name, f"{name} things")

    async def handler(ctx) -> Reply:
        return Reply.say("ok")
    if command:
        router.command(*command, usage=f"/{' '.join(command)}", summary="does things")(handler)
    if action:
        router.action(action)(handler)
    if form:
        router.form(form, definition=None)(handler)
    return Feature(name=name, summary=f"{name} things", router=router, **more)


def _kernel(*features: Feature):
    return build_kernel(Services(uow=None, channels=None), (*FEATURES, *features))


def test_two_features_claiming_one_command_fail_at_start_naming_both():
    with pytest.raises(DuplicateRegistration) as clash:
        _kernel(_feature("newsletters", command=("coffee", "join")))
    assert "/coffee join" in str(clash.value)
    assert "coffee.members" in str(clash.value) and "newsletters" in str(clash.value)


def test_two_features_claiming_one_button_or_form_fail_naming_both():
    with pytest.raises(DuplicateRegistration, match="'coffee.met'.*coffee.outcomes.*sketches"):
        _kernel(_feature("sketches", action="coffee.met"))
    with pytest.raises(DuplicateRegistration, match="'coffee.profile'.*people.profile.*sketches2"):
        _kernel(_feature("sketches2", form="coffee.profile"))


def test_one_router_cannot_claim_a_command_twice():
    router = Router("lessons.capture")
    router.command("lesson", "add", usage="/lesson add", summary="x")(lambda ctx: None)
    with pytest.raises(DuplicateRegistration, match="/lesson add.*lessons.capture"):
        router.command("lesson", "add", usage="/lesson add", summary="y")(lambda ctx: None)


def test_a_new_feature_is_one_entry_in_the_list_and_its_commands_reach_help():
    kernel = _kernel(_feature("wall", command=("wall", "post")))
    assert ("wall", "post") in kernel.router.commands
    assert ("wall", "help") in kernel.router.commands        # help comes with every group
    assert {"/wall", "/coffee", "/kmbot"} <= {c.command for c in slash_commands(kernel.features)}


async def test_help_lists_every_feature_and_the_people_commands(chat):
    reply = await chat.say("ann", "help")
    assert "/kmbot profile" in reply and "/kmbot my-data" in reply
    assert "/kmbot forget-me" in reply and "/coffee join" in reply


async def test_profiles_belong_to_people_and_coffee_keeps_an_alias(chat):
    assert "profile is saved" in await chat.say("ann", "kmbot profile department=Pharmacy")
    await chat.say("ann", "coffee profile")
    assert chat.last.open_form.form_id == "coffee.profile"
    assert "Pharmacy" in str(chat.last.messages[0].card)


async def test_groups_still_being_built_answer_politely(chat, monkeypatch):
    from core import wording
    monkeypatch.setitem(wording.COMING_SOON, "sketch", "sketches")
    reply = await chat.say("ann", "/sketch start")
    assert "isn't switched on yet" in reply


def test_the_shipped_manifests_match_the_features():
    for path, text in manifests.generated().items():
        assert path.read_text() == text, f"{path.name} is stale: run `kmbot manifest`"
    slack = yaml.safe_load(manifests.SLACK.read_text())
    commands = {c["command"]: c for c in slack["features"]["slash_commands"]}
    assert "join" in commands["/coffee"]["usage_hint"]
    assert "my-data" in commands["/kmbot"]["usage_hint"]
    assert "/lesson" in commands and "/lessons" in commands
    teams = json.loads(manifests.TEAMS.read_text())
    personal, shared = teams["bots"][0]["commandLists"]
    assert personal["scopes"] == ["personal"] and shared["scopes"] == ["team", "groupChat"]
    assert {"title": "coffee join", "description": "Join Coffee Connect"} in personal["commands"]
    assert any(c["title"] == "coffee stats" for c in shared["commands"])


def test_a_stale_manifest_is_rewritten_only_in_its_generated_parts():
    text = manifests.TEAMS.read_text()
    stale = text.replace('"coffee join"', '"coffee hop"', 1)
    rewritten = manifests.teams_json(stale, command_menu(FEATURES, channel=False),
                                     command_menu(FEATURES, channel=True))
    assert rewritten == text
    slack = manifests.SLACK.read_text()
    assert manifests.slack_yaml(slack.replace("- command: /coffee", "- command: /tea"),
                                slash_commands(FEATURES)) == slack


def test_a_menu_naming_a_missing_command_or_too_many_fails_clearly():
    with pytest.raises(ManifestError, match="'lesson find'.*no such command"):
        command_menu((*FEATURES, _feature("lesson", menu=("lesson find",))), channel=False)
    crowded = _feature("poll", command=("poll", "ask"), menu=("poll ask",) * 5)
    with pytest.raises(ManifestError, match="at most 10"):
        command_menu((*FEATURES, crowded), channel=False)


def test_each_feature_repository_belongs_to_a_feature_and_reaches_the_unit_of_work():
    from storage.database import SqlUnitOfWork
    from storage.features import REPOSITORIES

    assert set(REPOSITORIES) <= {f.name for f in FEATURES}
    uow = SqlUnitOfWork(session=None)
    assert all(isinstance(getattr(uow, name), repo) for name, repo in REPOSITORIES.items())
