"""What the platform manifests list, generated from the features: Slack's slash commands and
the Teams command menus, as neutral entries (``bot/manifests.py`` writes them into the shipped
files; a test checks the shipped files match).

Every command group becomes a slash command, described by its summary, with its commands as
the usage hint. Groups still being built (``wording.COMING_SOON``) keep a slash command that
answers "isn't switched on yet". The Teams menus list what each feature offers in ``menu``
(personal chats) and ``channel_menu`` (channels and group chats).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from . import wording
from .feature import Feature, assemble

#: Teams' limits for a command list
MAX_MENU_COMMANDS = 10
MAX_TITLE = 32
MAX_DESCRIPTION = 128


class ManifestError(ValueError):
    """A feature's menu names a command that does not exist, or breaks a platform limit."""


@dataclass(frozen=True)
class SlashCommand:
    command: str          # "/coffee"
    description: str
    usage_hint: str


@dataclass(frozen=True)
class MenuCommand:
    title: str            # what the person sends: "coffee join"
    description: str


def slash_commands(features: Sequence[Feature],
                   coming_soon: Mapping[str, str] = wording.COMING_SOON) -> list[SlashCommand]:
    router = assemble(features)
    found = []
    for group, summary in router.groups.items():
        names = [s.name for s in router.specs(group) if s.name and not s.librarian]
        found.append(SlashCommand(f"/{group}", _sentence(summary), " | ".join(names)))
    for group, what in coming_soon.items():
        if group not in router.groups:
            found.append(SlashCommand(f"/{group}",
                                      _sentence(wording.COMING_SOON_DESCRIPTION.format(feature=what)),
                                      "help"))
    return found


def command_menu(features: Sequence[Feature], *, channel: bool) -> list[MenuCommand]:
    router = assemble(features)
    menu = []
    for feature in features:
        for title in (feature.channel_menu if channel else feature.menu):
            words = title.split()
            group, sub = ("kmbot", "help") if words == ["help"] else (words + [""])[:2]
            spec = router.commands.get((group, sub))
            if spec is None:
                raise ManifestError(f"feature {feature.name!r} lists {title!r} in its menu, "
                                    "but no such command is registered")
            summary = spec.summary + (wording.HELP_LIBRARIAN_SUFFIX if spec.librarian else "")
            menu.append(MenuCommand(title, _sentence(summary)))
    problems = [f"{m.title!r} is longer than {MAX_TITLE} characters" for m in menu
                if len(m.title) > MAX_TITLE]
    problems += [f"the description of {m.title!r} is longer than {MAX_DESCRIPTION} characters"
                 for m in menu if len(m.description) > MAX_DESCRIPTION]
    if len(menu) > MAX_MENU_COMMANDS:
        problems.append(f"{len(menu)} commands in one Teams menu; Teams takes at most "
                        f"{MAX_MENU_COMMANDS}")
    if problems:
        raise ManifestError("; ".join(problems))
    return menu


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
