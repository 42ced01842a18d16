"""``kmbot manifest``: write the features' slash commands into ``manifest/slack.yaml``, their
command menus into ``manifest/teams/manifest.json`` and the commands table into ``README.md``
(``--check`` only compares).

Only those parts of the shipped files are rewritten; comments, scopes and everything else in
them are left exactly as they are.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Sequence

from core import wording
from core.feature import Feature, assemble
from core.features import FEATURES
from core.manifest import MenuCommand, SlashCommand, command_menu, slash_commands

ROOT = Path(__file__).resolve().parent.parent
SLACK = ROOT / "manifest" / "slack.yaml"
TEAMS = ROOT / "manifest" / "teams" / "manifest.json"
README = ROOT / "README.md"
TABLE_START = "<!-- commands: generated from the features by `kmbot manifest` -->"
TABLE_END = "<!-- /commands -->"
DEFAULT_URL = "https://kmbot.example.nhs.uk/slack/events"
SLASH_BLOCK = re.compile(r"^(?P<indent> *)slash_commands:\n(?P<body>(?:(?P=indent) +.*\n|\n)*)",
                         re.MULTILINE)


def slack_yaml(text: str, commands: Sequence[SlashCommand]) -> str:
    """``text`` (the Slack manifest) with its ``slash_commands`` replaced by ``commands``."""
    found = SLASH_BLOCK.search(text)
    if found is None:
        raise ValueError("the Slack manifest has no features.slash_commands list")
    url = re.search(r"url: *(\S+)", found["body"])
    indent = found["indent"] + "  "
    lines = [f"{found['indent']}slash_commands:"]
    for c in commands:
        lines += [f"{indent}- command: {c.command}",
                  f"{indent}  url: {url[1] if url else DEFAULT_URL}",
                  f"{indent}  description: {json.dumps(c.description, ensure_ascii=False)}",
                  f"{indent}  usage_hint: {json.dumps(c.usage_hint, ensure_ascii=False)}",
                  f"{indent}  should_escape: true"]
    return text[:found.start()] + "\n".join(lines) + "\n" + text[found.end():]


def teams_json(text: str, personal: Sequence[MenuCommand],
               shared: Sequence[MenuCommand]) -> str:
    """``text`` (the Teams manifest) with the bot's ``commandLists`` replaced, keeping the
    file's own layout everywhere else."""
    start = text.find('"commandLists"')
    if start < 0:
        raise ValueError("the Teams manifest has no bots[].commandLists")
    open_at = text.index("[", start)
    end = _closing(text, open_at)
    indent = " " * (start - text.rindex("\n", 0, start) - 1)

    def entries(menu: Sequence[MenuCommand]) -> str:
        return ",\n".join(
            f"{indent}      " + json.dumps({"title": m.title, "description": m.description},
                                           ensure_ascii=False) for m in menu)

    lists = [(["personal"], personal), (["team", "groupChat"], shared)]
    body = ",\n".join(f"{indent}  {{\n{indent}    \"scopes\": {json.dumps(scopes)},\n"
                      f"{indent}    \"commands\": [\n{entries(menu)}\n{indent}    ]\n{indent}  }}"
                      for scopes, menu in lists)
    return text[:open_at] + "[\n" + body + "\n" + indent + "]" + text[end + 1:]


def _closing(text: str, open_at: int) -> int:
    depth, in_string, escaped = 0, False, False
    for i in range(open_at, len(text)):
        ch = text[i]
        if in_string:
            escaped = not escaped and ch == "\\"
            if ch == '"' and not escaped:
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("the Teams manifest's commandLists is not closed")


def commands_table(features: Sequence[Feature]) -> str:
    """Every command people can type, as a Markdown table: who, what to type, what it does."""
    router = assemble(features)
    rows = ["| Who | Type | What happens |", "| --- | --- | --- |"]
    help_first = sorted(router.specs(), key=lambda s: (s.group, s.name) != ("kmbot", "help"))
    for spec in help_first:
        if spec.name == "help" and spec.group != "kmbot":
            continue
        usage = spec.usage.replace("|", "\\|")
        rows.append(f"| {'librarian' if spec.librarian else 'anyone'} | `{usage}` | "
                    f"{spec.summary} |")
    soon = ", ".join(f"`/{g}`" for g in wording.COMING_SOON if g not in router.groups)
    if soon:
        rows.append(f"| anyone | {soon} | still being built: they say so |")
    return "\n".join(rows)


def readme(text: str, table: str) -> str:
    start, end = text.find(TABLE_START), text.find(TABLE_END)
    if start < 0 or end < start:
        raise ValueError(f"README.md has no {TABLE_START} ... {TABLE_END} markers")
    return text[:start] + TABLE_START + "\n" + table + "\n" + text[end:]


def generated(features: Sequence[Feature] = FEATURES) -> dict[Path, str]:
    """Each shipped file as it should read for ``features``."""
    return {SLACK: slack_yaml(SLACK.read_text(), slash_commands(features)),
            TEAMS: teams_json(TEAMS.read_text(), command_menu(features, channel=False),
                              command_menu(features, channel=True)),
            README: readme(README.read_text(), commands_table(features))}


def run(check: bool = False) -> int:
    stale = [path for path, text in generated().items() if path.read_text() != text]
    for path in stale:
        where = path.relative_to(ROOT)
        if check:
            print(f"{where} does not match the features; run `kmbot manifest` to update it")
        else:
            path.write_text(generated()[path])
            print(f"updated {where}")
    if not stale:
        print("the manifests match the features")
    return 1 if check and stale else 0
