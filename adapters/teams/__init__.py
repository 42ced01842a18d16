"""Microsoft Teams adapter: ``POST /api/messages`` and sending from the outbox.

Every botbuilder import lives in this package (botbuilder-python is archived; a move to the
Microsoft 365 Agents SDK stays local to it). ``mount(app, runtime)`` adds the endpoint and
registers :class:`~adapters.teams.channel.TeamsChannel`. With ``MICROSOFT_APP_ID`` set, every
request's JWT is validated; without it (local mode, for the Agents Playground) authentication
is OFF and start-up says so.
"""
from __future__ import annotations

import logging

from aiohttp import web

from storage.teams import TeamsStore

from .auth import build_adapter, is_local_mode
from .bot import KmbotTeamsBot
from .channel import TeamsChannel
from .endpoint import messages_handler
from .references import References

log = logging.getLogger(__name__)
ROUTE = "/api/messages"
CHANNEL = web.AppKey("kmbot.teams.channel", TeamsChannel)
AUTH_OFF_WARNING = ("Teams authentication is OFF (local mode: MICROSOFT_APP_ID is not set). "
                    "/api/messages accepts unauthenticated activities from this machine only; "
                    "use it with the Agents Playground, never in production.")


def mount(app: web.Application, runtime, *, credentials_factory=None) -> None:
    settings = runtime.settings
    local = is_local_mode(settings)
    adapter = build_adapter(settings, credentials_factory=credentials_factory)
    references = References(TeamsStore(runtime.db.sessions), runtime.services.now)
    bot = KmbotTeamsBot(runtime.kernel, references)
    adapter.on_turn_error = on_turn_error
    channel = TeamsChannel(adapter, references, settings.microsoft_app_id or "")
    runtime.channels.register(channel)
    app.router.add_post(ROUTE, messages_handler(adapter, bot, local=local))
    app[CHANNEL] = channel
    if local:
        log.warning(AUTH_OFF_WARNING)
    else:
        log.info("Teams endpoint %s mounted for app %s (%s)", ROUTE,
                 settings.microsoft_app_id, settings.microsoft_app_type)


async def on_turn_error(turn_context, error: Exception) -> None:
    """Inbound turns: log, and let the platform have its 200. Proactive turns: re-raise, so
    the channel can tell the outbox what went wrong."""
    activity = turn_context.activity
    if activity.type == "event" and activity.name in ("ContinueConversation",
                                                       "CreateConversation"):
        raise error
    log.error("Teams turn failed (%s %s): %s", activity.type, activity.id,
              type(error).__name__, exc_info=error)
