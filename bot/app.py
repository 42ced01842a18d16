"""The aiohttp application: ``/healthz`` plus the routes of every configured adapter."""
from __future__ import annotations

import asyncio
import importlib
import logging

from aiohttp import web

from adapters.web import run_alongside

from .runtime import Runtime

log = logging.getLogger(__name__)
RUNTIME = web.AppKey("runtime", Runtime)
HEALTH_TIMEOUT = 5.0


async def healthz(request: web.Request) -> web.Response:
    """Up, and the database answers: one ``SELECT 1``, nothing counted and nothing revealed
    (the figures are behind the librarians' ``/kmbot status``)."""
    runtime = request.app[RUNTIME]
    try:
        await asyncio.wait_for(runtime.db.ping(), HEALTH_TIMEOUT)
    except Exception as error:
        log.warning("health check: the database did not answer (%s)", type(error).__name__)
        return web.json_response({"status": "unavailable"}, status=503)
    return web.json_response({"status": "ok"})


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
    # bodies as they arrived: signatures are over the raw bytes, and a bogus Content-Encoding
    # must be a clean refusal, not a decompression error inside aiohttp
    app = web.Application(handler_args={"auto_decompress": False})
    app[RUNTIME] = runtime
    app.router.add_get("/healthz", healthz)
    for name in enabled_adapters(runtime) if adapters is None else adapters:
        importlib.import_module(f"adapters.{name}").mount(app, runtime)
    if start_background:
        run_alongside(app, runtime.start, runtime.stop)
    return app


