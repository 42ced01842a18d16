"""What every adapter shares: what it is given by the composition root, and running something
alongside the web server.

Adapters never import ``bot/``: ``bot.app.create_app`` calls each adapter's ``mount(app,
runtime)`` with a runtime that has the attributes of :class:`Host`.
"""
from __future__ import annotations

from typing import Any, Protocol

from aiohttp import web

from core.channels import Channels
from core.kernel import Kernel
from core.services import Services


class Host(Protocol):
    """What an adapter gets from the composition root (``bot.runtime.Runtime`` is one)."""

    settings: Any          # the settings, with each platform's fields (``bot.settings``)
    db: Any                # the database: ``engine``, ``sessions``, ``is_sqlite``
    services: Services
    kernel: Kernel
    channels: Channels


def run_alongside(app: web.Application, start, stop) -> None:
    """Start something when the server starts and stop it when the server stops."""
    async def lifecycle(_app: web.Application):
        await start()
        yield
        await stop()
    app.cleanup_ctx.append(lifecycle)
