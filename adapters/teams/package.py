"""``kmbot teams-package``: the Teams app package (a zip to upload or sideload in Teams).

It fills ``manifest/teams/manifest.json`` (schema v1.30) in from settings and options (the
bot's app id, also as ``webApplicationInfo.id`` for the resource-specific consent
``ChannelMessage.Read.Group`` that lets the bot read replies in its channel threads; the
version, the domain, names and URLs), checks what Teams checks (required fields, lengths, at
most 10 commands per list, 12 from v1.24, icon sizes, a transparent white outline icon) and
writes a zip of ``manifest.json``, ``color.png`` and ``outline.png``.
"""
from __future__ import annotations

import io
import json
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "manifest" / "teams"
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
SEMVER = re.compile(r"^\d{1,3}\.\d{1,3}\.\d{1,3}$")
DOMAIN = re.compile(r"^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$", re.IGNORECASE)
SCOPES = {"personal", "team", "groupChat"}
MANIFEST_VERSION = "1.30"
THREAD_REPLIES = {"name": "ChannelMessage.Read.Group", "type": "Application"}


class PackageError(Exception):
    """The package would be refused by Teams; the message lists every problem."""


@dataclass(frozen=True)
class PackageOptions:
    app_id: str
    version: str = "1.0.0"
    domain: str | None = None
    name: str | None = None
    developer: str | None = None
    website_url: str | None = None
    privacy_url: str | None = None
    terms_url: str | None = None


def build_manifest(template: dict, options: PackageOptions) -> dict:
    manifest = json.loads(json.dumps(template))
    manifest["id"] = options.app_id
    manifest["version"] = options.version
    for bot in manifest.get("bots", []):
        bot["botId"] = options.app_id
    if "webApplicationInfo" in manifest:
        manifest["webApplicationInfo"]["id"] = options.app_id
    developer = manifest.setdefault("developer", {})
    for key, value in (("name", options.developer), ("websiteUrl", options.website_url),
                       ("privacyUrl", options.privacy_url), ("termsOfUseUrl", options.terms_url)):
        if value:
            developer[key] = value
    if options.name:
        manifest["name"]["short"] = options.name
    if options.domain:
        manifest["validDomains"] = [options.domain]
    return manifest


def manifest_problems(manifest: dict) -> list[str]:
    problems = []

    def need(ok: bool, problem: str) -> None:
        if not ok:
            problems.append(problem)
    version = str(manifest.get("manifestVersion", ""))
    need(version == MANIFEST_VERSION, f"manifestVersion must be {MANIFEST_VERSION}")
    need(manifest.get("$schema", "").endswith(f"/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"),
         f"$schema must be the v{MANIFEST_VERSION} schema")
    need(bool(SEMVER.match(str(manifest.get("version", "")))), "version must look like 1.0.0")
    need(bool(GUID.match(str(manifest.get("id", "")))), "id must be the app's GUID "
         "(CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID or --app-id)")
    need(manifest.get("id") != "00000000-0000-0000-0000-000000000000", "id is still the placeholder")
    developer = manifest.get("developer", {})
    for key in ("name", "websiteUrl", "privacyUrl", "termsOfUseUrl"):
        value = str(developer.get(key, ""))
        need(bool(value), f"developer.{key} is required")
        if key != "name" and value:
            need(value.startswith("https://"), f"developer.{key} must be an https:// URL")
    name, description = manifest.get("name", {}), manifest.get("description", {})
    need(0 < len(name.get("short", "")) <= 30, "name.short must be 1 to 30 characters")
    need(len(name.get("full", "")) <= 100, "name.full must be at most 100 characters")
    need(0 < len(description.get("short", "")) <= 80, "description.short must be 1 to 80 characters")
    need(0 < len(description.get("full", "")) <= 4000, "description.full must be 1 to 4000 characters")
    need(bool(re.fullmatch(r"#[0-9A-Fa-f]{6}", manifest.get("accentColor", ""))),
         "accentColor must be a colour like #005EB8")
    need(manifest.get("icons") == {"color": "color.png", "outline": "outline.png"},
         "icons must be color.png and outline.png")
    bots = manifest.get("bots", [])
    need(len(bots) == 1, "there must be exactly one bot")
    for bot in bots:
        need(bot.get("botId") == manifest.get("id"), "bots[0].botId must be the app id")
        need(set(bot.get("scopes", [])) == SCOPES, "the bot needs personal, team and groupChat")
        most = 12 if tuple(map(int, version.split("."))) >= (1, 24) else 10
        for commands in bot.get("commandLists", []):
            listed = commands.get("commands", [])
            need(len(listed) <= most, f"a commandList may hold at most {most} commands")
            need(all(len(c.get("title", "")) <= 32 and len(c.get("description", "")) <= 128
                     for c in listed), "command titles are at most 32 characters")
    rsc = manifest.get("authorization", {}).get("permissions", {}).get("resourceSpecific", [])
    need(THREAD_REPLIES in rsc, "authorization.permissions.resourceSpecific must ask for "
         "ChannelMessage.Read.Group (replies in the bot's channel threads)")
    need(manifest.get("webApplicationInfo", {}).get("id") == manifest.get("id"),
         "webApplicationInfo.id must be the app id (resource-specific consent needs it)")
    domains = manifest.get("validDomains", [])
    need(all(DOMAIN.match(d) for d in domains), "validDomains take host names, no https://")
    return problems


def png_info(data: bytes) -> tuple[int, int, int]:
    """(width, height, colour type) from a PNG's header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise PackageError("not a PNG file")
    width, height, _, colour_type = struct.unpack(">IIBB", data[16:26])
    return width, height, colour_type


def outline_is_white_on_clear(data: bytes) -> bool:
    """Every pixel of an 8-bit RGBA, unfiltered PNG is white or fully transparent."""
    width, height, colour_type = png_info(data)
    if colour_type != 6:
        return False
    chunks, at = b"", 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            chunks += data[at + 8:at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(chunks)
    stride = 1 + width * 4
    pixels = [raw[y * stride + 1 + x * 4: y * stride + 5 + x * 4]
              for y in range(height) for x in range(width) if raw[y * stride] == 0]
    return (len(pixels) == width * height and any(p[3] == 0 for p in pixels)
            and all(p[3] == 0 or p[:3] == b"\xff\xff\xff" for p in pixels))


def icon_problems(colour: bytes, outline: bytes) -> list[str]:
    problems = []
    if png_info(colour)[:2] != (192, 192):
        problems.append("color.png must be 192x192")
    if png_info(outline)[:2] != (32, 32):
        problems.append("outline.png must be 32x32")
    elif not outline_is_white_on_clear(outline):
        problems.append("outline.png must be white on a transparent background")
    return problems


def build_package(options: PackageOptions, output: Path, template_dir: Path = TEMPLATE_DIR) -> Path:
    template = json.loads((template_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest = build_manifest(template, options)
    colour = (template_dir / "color.png").read_bytes()
    outline = (template_dir / "outline.png").read_bytes()
    problems = manifest_problems(manifest) + icon_problems(colour, outline)
    if problems:
        raise PackageError("the Teams app package would be refused:\n  " + "\n  ".join(problems))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        archive.writestr("color.png", colour)
        archive.writestr("outline.png", outline)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(buffer.getvalue())
    return output


def add_arguments(parser) -> None:
    parser.add_argument("--output", "-o", type=Path, default=Path("dist/kmbot-teams.zip"),
                        help="where to write the zip (default: dist/kmbot-teams.zip)")
    parser.add_argument("--version", default="1.0.0", help="the app's version, e.g. 1.0.1")
    parser.add_argument("--domain", help="the bot's public host name, e.g. kmbot.trust.nhs.uk")
    parser.add_argument("--app-id", help="the bot's app id (default: MICROSOFT_APP_ID)")
    parser.add_argument("--name", help="short name shown in Teams (at most 30 characters)")
    parser.add_argument("--developer", help="your organisation's name")
    parser.add_argument("--website-url", help="https:// page about the service")
    parser.add_argument("--privacy-url", help="https:// privacy notice")
    parser.add_argument("--terms-url", help="https:// terms of use")
    parser.add_argument("--template", type=Path, default=TEMPLATE_DIR,
                        help="folder holding manifest.json, color.png and outline.png")


def run(args, settings) -> int:
    app_id = args.app_id or settings.teams_clientid
    if not app_id:
        print("Set CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID (or pass --app-id): "
              "the package names the bot by it.")
        return 2
    options = PackageOptions(app_id=app_id, version=args.version, domain=args.domain,
                             name=args.name, developer=args.developer,
                             website_url=args.website_url, privacy_url=args.privacy_url,
                             terms_url=args.terms_url)
    try:
        path = build_package(options, args.output, args.template)
    except (PackageError, OSError, ValueError) as error:
        print(error)
        return 2
    print(f"Wrote {path} ({path.stat().st_size:,} bytes). Upload it in Teams: Apps > Manage "
          "your apps > Upload an app (see docs/teams.md).")
    return 0
