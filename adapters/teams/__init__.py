"""Microsoft Teams adapter, on the Microsoft 365 Agents SDK: ``POST /api/messages`` and sending
from the outbox.

Every ``microsoft_agents`` import lives in this package. ``mount(app, runtime)`` adds the
endpoint and registers :class:`~adapters.teams.channel.TeamsChannel`; the composition root
calls it only when Teams is configured (an app id) or local mode is asked for
(``KMBOT_TEAMS_LOCAL=true``, for the Agents Playground). With an app id every request's token
is validated (see :mod:`adapters.teams.auth`); in local mode authentication is OFF and only
this machine is answered (see :mod:`adapters.teams.local`), and start-up says so.
"""
from __future__ import annotations

import logging

from aiohttp import web
from microsoft_agents.hosting.aiohttp import CloudAdapter

from core.pacing import SharedPace
from storage.send_budget import SendBudgetSql
from storage.teams import TeamsStore

from .auth import RequestAuth, auth_configuration, connections
from .bot import KmbotTeamsBot
from .channel import TeamsChannel
from .clients import SharedClients
from .throttle import Throttle
from .endpoint import messages_handler, quiet_sdk_logs
from .references import References

log = logging.getLogger(__name__)
ROUTE = "/api/messages"
CHANNEL = web.AppKey("kmbot.teams.channel", TeamsChannel)
AUTH_OFF_WARNING = ("Teams authentication is OFF (local mode, KMBOT_TEAMS_LOCAL=true): "
                    "/api/messages accepts unauthenticated activities from this machine only; "
                    "use it with the Agents Playground, never in production.")


def mount(app: web.Application, runtime, *, token_provider_factory=None) -> None:
    """``token_provider_factory`` (a configuration -> token provider) stands in for MSAL in
    tests; tokens are cached either way."""
    settings = runtime.settings
    quiet_sdk_logs()
    manager = connections(settings, token_provider_factory)
    clients = SharedClients(manager)    # one session per service URL and token, kept
    adapter = CloudAdapter(connection_manager=manager, channel_service_client_factory=clients)
    adapter.on_turn_error = on_turn_error
    references = References(TeamsStore(runtime.db.sessions, runtime.db.read_sessions),
                            runtime.services.now)
    pace = SharedPace(SendBudgetSql(runtime.db.sessions),
                      settings.kmbot_teams_tenant_per_second)
    channel = TeamsChannel(adapter, references, settings.teams_clientid or "",
                           clients=clients, throttle=Throttle(shared=pace))
    bot = KmbotTeamsBot(runtime.kernel, references, channel)
    runtime.channels.register(channel)
    auth = RequestAuth(auth_configuration(settings)) if settings.teams_enabled else None
    app.router.add_post(ROUTE, messages_handler(adapter, bot, auth=auth))
    app[CHANNEL] = channel
    app.on_cleanup.append(lambda _app: clients.aclose())
    if auth is None:
        log.warning(AUTH_OFF_WARNING)
    else:
        log.info("Teams endpoint %s mounted for app %s (%s)", ROUTE, settings.teams_clientid,
                 settings.teams_authtype)


async def on_turn_error(turn_context, error: Exception) -> None:
    """Inbound turns: log one line, and let the platform have its 200. Proactive turns:
    re-raise, so the channel can tell the outbox what went wrong."""
    activity = turn_context.activity
    if activity.type == "event" and activity.name in ("ContinueConversation",
                                                       "CreateConversation"):
        raise error
    log.error("Teams turn failed (%s %s): %s", activity.type, activity.id,
              type(error).__name__, exc_info=error)
