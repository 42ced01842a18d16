"""The aiohttp application: ``/healthz`` plus the routes of every configured adapter."""
from __future__ import annotations

import importlib
import logging

from aiohttp import web

from adapters.web import run_alongside

from .runtime import Runtime

log = logging.getLogger(__name__)
RUNTIME = web.AppKey("runtime", Runtime)


async def healthz(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    try:
        async with runtime.services.uow() as uow:
            outbox = await uow.outbox.counts()
    except Exception:
        log.exception("health check could not reach the database")
        return web.json_response({"status": "error", "database": "unreachable"}, status=503)
    return web.json_response({"status": "ok", "database": "ok", "outbox": outbox,
                              "platforms": runtime.channels.platforms,
                              "scheduler": bool(runtime.scheduler and runtime.scheduler.aps.running)})


def enabled_adapters(runtime: Runtime) -> list[str]:
    """Slack when configured; Teams when configured (an app id) or when its local mode is
    asked for (KMBOT_TEAMS_LOCAL=true: authentication off, loopback only, for the Agents
    Playground; see adapters.teams). Otherwise /api/messages does not exist (404)."""
    settings = runtime.settings
    return [name for name, on in (("slack", settings.slack_enabled),
                                  ("teams", settings.teams_enabled or settings.teams_local))
            if on]


def create_app(runtime: Runtime, *, adapters: list[str] | None = None,
               start_background: bool = True) -> web.Application:
    """``adapters`` defaults to those with credentials; tests may name them explicitly."""
    app = web.Application()
    app[RUNTIME] = runtime
    app.router.add_get("/healthz", healthz)
    for name in enabled_adapters(runtime) if adapters is None else adapters:
        importlib.import_module(f"adapters.{name}").mount(app, runtime)
    if start_background:
        run_alongside(app, runtime.start, runtime.stop)
    return app


