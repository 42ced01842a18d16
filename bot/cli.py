"""``kmbot``: run the bot, or chat with it in the terminal."""
from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from aiohttp import web

from core.reports import VERBS

from . import logs
from .app import create_app, enabled_adapters
from .runtime import build_runtime
from .settings import Settings, SettingsError, load_settings

LOCAL_MODE = """\
kmbot is running in local mode: no Slack or Teams credentials are set.
  • Try it now in a terminal:   .venv/bin/kmbot console --user yourname --librarian
  • Connect Slack:  set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for
    Socket Mode); see docs/slack.md.
  • Connect Teams:  set CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID, __CLIENTSECRET
    and __TENANTID; see docs/teams.md. For the Agents Playground, set KMBOT_TEAMS_LOCAL=true.
"""


TEAMS_AUTH_OFF = """\
!! Teams local mode (KMBOT_TEAMS_LOCAL=true): authentication is OFF, so /api/messages accepts
!! unauthenticated activities, from this machine only (kmbot listens on {host} only).
!! Fine for the Agents Playground:
!!   agentsplayground -e http://127.0.0.1:{port}/api/messages -c msteams
!! Never run like this in production; see docs/teams.md.
"""
DEPRECATED = ("Deprecated setting names (botbuilder's), still read for now; please rename: "
              "{names}. See docs/teams.md.")
LOOPBACK = "127.0.0.1"
CANNOT_LISTEN = ("kmbot can't listen on {host}:{port}: {why}. Is kmbot already running? Stop it, "
                 "or set KMBOT_PORT to another port.")


def _secrets(settings: Settings) -> list[str]:
    values = [settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token,
              settings.slack_client_secret, settings.teams_clientsecret,
              settings.microsoft_app_password]
    return [v.get_secret_value() for v in values if v]


async def serve(settings: Settings) -> int:
    runtime = await build_runtime(settings)
    app = create_app(runtime)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    local_only = settings.teams_local and not settings.slack_enabled
    host = LOOPBACK if local_only else settings.kmbot_host   # Teams local mode: loopback only
    site = web.TCPSite(runner, host, settings.kmbot_port)
    try:
        await site.start()
    except OSError as problem:      # the port is taken (kmbot running already?) or not allowed
        print(CANNOT_LISTEN.format(host=host, port=settings.kmbot_port,
                                   why=problem.strerror or problem), file=sys.stderr, flush=True)
        await runner.cleanup()
        return 1
    adapters = [a for a in enabled_adapters(runtime) if a != "teams" or settings.teams_enabled]
    print(f"kmbot is listening on http://{host}:{settings.kmbot_port} "
          f"(health: /healthz; database: {runtime.db.url.render_as_string()})", flush=True)
    if settings.deprecated_settings:
        print(DEPRECATED.format(names=", ".join(settings.deprecated_settings)), flush=True)
    print(f"Connected platforms: {', '.join(adapters)}" if adapters else LOCAL_MODE, flush=True)
    if settings.teams_local:
        print(TEAMS_AUTH_OFF.format(host=host, port=settings.kmbot_port), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    print("kmbot is stopping…", flush=True)
    await runner.cleanup()
    return 0


async def new_revision(settings: Settings, args) -> int:
    """``kmbot db revision -m "..."``: a new migration after the one head, written against the
    configured database (migrated first), so it holds what the models changed."""
    from storage import Database
    db = Database(settings.kmbot_database_url)
    try:
        paths = await db.revision(args.message, autogenerate=not args.empty,
                                  directory=args.directory)
    finally:
        await db.close()
    for path in paths:
        print(f"New migration: {path}\nRead it through, then keep storage/models.py and it "
              "in step (tests/test_migrations.py checks they agree).")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kmbot", description="Knowledge mobilisation bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the bot server, scheduler and delivery worker")
    console = commands.add_parser("console", help="chat with kmbot in this terminal")
    console.add_argument("--user", required=True, help="who you are in the chat")
    console.add_argument("--librarian", action="store_true", help="act as a librarian")
    console.add_argument("--channel", help="be in this channel: see what is posted there, "
                                           "reply in threads with `thread N <text>`")
    console.add_argument("--private", action="store_true",
                         help="the channel is private (only its members see what is said; "
                              "lessons captured there are team-only)")
    db = commands.add_parser("db", help="database migrations")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    revision = db_commands.add_parser(
        "revision", help="start a new Alembic migration (filled in from the models' changes)")
    revision.add_argument("-m", "--message", required=True, help="what the migration does")
    revision.add_argument("--empty", action="store_true",
                          help="an empty migration, not compared with the models")
    revision.add_argument("--directory", help=argparse.SUPPRESS)   # (tests)
    from adapters.teams import package as teams_package
    teams_package.add_arguments(commands.add_parser(
        "teams-package", help="build the Teams app package (manifest and icons, zipped)"))
    manifest = commands.add_parser(
        "manifest", help="write the features' commands into the Slack and Teams manifests")
    manifest.add_argument("--check", action="store_true",
                          help="only say whether the shipped manifests match (exit 1 if not)")
    from . import reports
    reports.add_commands(commands)     # each feature's ``export``/``report`` files
    args = parser.parse_args(argv)
    if args.command == "manifest":
        from . import manifests
        return manifests.run(check=args.check)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    if args.command == "teams-package":
        return teams_package.run(args, settings)
    if args.command == "db":
        return asyncio.run(new_revision(settings, args))
    if args.command in VERBS:
        return asyncio.run(reports.run(settings, args))
    if args.command == "run":
        logs.configure(settings.kmbot_log_level, _secrets(settings))
        return asyncio.run(serve(settings))
    from .console import run_console
    from adapters.console.posts import channel_name
    from core.wording import console as say
    channel = channel_name(args.channel) if args.channel is not None else None
    if args.channel is not None and channel is None:
        print(say.BAD_CHANNEL_NAME.format(name=args.channel), file=sys.stderr)
        return 2
    logs.configure("WARNING", _secrets(settings))
    try:
        return asyncio.run(run_console(settings, args.user, args.librarian, channel,
                                       args.private and channel is not None))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
