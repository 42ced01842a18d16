"""The Slack adapter: Events API, slash commands, interactivity, App Home and Socket Mode,
translated to and from the core; proactive messages through :class:`SlackChannel`.

``bot.app.create_app`` calls :func:`mount` when Slack settings are present.
"""
from __future__ import annotations

from aiohttp import web

from ..web import Host, run_alongside

from .app import SlackAdapter, SlackConfig
from .channel import SlackChannel
from .http import add_routes
from .socket_mode import add_socket_mode

SLACK = web.AppKey("slack", SlackAdapter)

__all__ = ["SLACK", "SlackAdapter", "SlackChannel", "SlackConfig", "mount"]


def mount(app: web.Application, runtime: Host, **options) -> SlackAdapter:
    """Add Slack's routes and start-up hooks to ``app`` and register the Slack channel."""
    adapter = SlackAdapter(runtime, SlackConfig.from_settings(runtime.settings), **options)
    app[SLACK] = adapter
    runtime.channels.register(adapter.channel)
    add_routes(app, adapter)
    add_socket_mode(app, adapter)
    run_alongside(app, adapter.start, adapter.close)
    return adapter
