"""Rules of the codebase that a test can hold us to."""
from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_CORE = ("slack_bolt", "slack_sdk", "botbuilder", "botframework", "microsoft_agents",
                     "sqlalchemy",
                     "aiohttp", "apscheduler", "asyncpg", "aiosqlite", "storage", "adapters",
                     "scheduler", "bot")


PLATFORM_SDKS = ("slack_sdk", "slack_bolt", "botbuilder", "botframework", "microsoft_agents")


def _imports(path: Path) -> set[str]:
    """Top-level packages ``path`` imports (relative imports resolved within the project)."""
    package = path.relative_to(ROOT).parts[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level and node.level <= len(package):
            base = package[:len(package) - node.level + 1]
            names.add(base[0] if base else (node.module or "").split(".")[0])
    return names


def _offenders(layer: str, forbidden) -> dict[str, list[str]]:
    found = {str(p.relative_to(ROOT)): sorted(_imports(p) & set(forbidden))
             for p in (ROOT / layer).rglob("*.py")}
    return {k: v for k, v in found.items() if v}


def test_core_imports_no_platform_storage_or_web_code():
    assert _offenders("core", FORBIDDEN_IN_CORE + PLATFORM_SDKS) == {}


def test_adapters_never_import_the_composition_root():
    """Layers point one way: ``bot/`` builds everything and hands adapters what they need."""
    assert _offenders("adapters", ("bot", "scheduler")) == {}


def test_storage_imports_no_platform_sdk_nor_the_layers_above():
    assert _offenders("storage", PLATFORM_SDKS + ("bot", "adapters", "scheduler")) == {}


def test_the_checks_see_imports_written_every_way(tmp_path):
    probe = ROOT / "adapters" / "console" / "_probe_for_test.py"
    probe.write_text("from ...bot import runtime\nimport bot.settings\n")
    try:
        assert _offenders("adapters", ("bot",)) == {
            "adapters/console/_probe_for_test.py": ["bot"]}
    finally:
        probe.unlink()


def test_botbuilder_is_imported_only_inside_the_teams_adapter():
    """The Microsoft 365 Agents SDK only there; botbuilder (archived) nowhere."""
    outside = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
               if ".venv" not in p.parts and "adapters/teams" not in str(p)
               and "tests" not in p.parts
               and _imports(p) & {"botbuilder", "botframework", "microsoft_agents"}]
    assert outside == []
    anywhere = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
                if ".venv" not in p.parts and _imports(p) & {"botbuilder", "botframework"}]
    assert anywhere == []


def test_every_wording_reference_exists():
    """``say.X`` / ``wording.X`` in the code must name a real phrase (no crash in chat)."""
    general = importlib.import_module("core.wording")
    reference = re.compile(r"\b(say|wording)\.([A-Z][A-Z0-9_]+)\b")
    missing = []
    for path in list((ROOT / "core").rglob("*.py")) + list((ROOT / "adapters").rglob("*.py")):
        source = path.read_text()
        feature = re.search(r"from [.\w]*wording import (\w+) as say", source)
        say = importlib.import_module(f"core.wording.{feature.group(1)}") if feature else None
        for alias, name in reference.findall(source):
            module = say if alias == "say" else general
            if module is not None and not hasattr(module, name):
                missing.append(f"{path.name}: {alias}.{name}")
    assert missing == []
