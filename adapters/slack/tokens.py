"""Which bot token to use for a workspace, and a Web API client for it.

One workspace: the configured ``SLACK_BOT_TOKEN``. Several (OAuth installs): the newest bot
installation for the team, from the installation store in our database.
"""
from __future__ import annotations

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

DEFAULT_BASE_URL = "https://slack.com/api/"


class NotInstalled(LookupError):
    """No bot token for this workspace."""


def api_base_url(configured: str | None) -> str:
    url = configured or DEFAULT_BASE_URL
    return url if url.endswith("/") else url + "/"


class Tokens:
    def __init__(self, *, bot_token: str | None = None,
                 installation_store: AsyncInstallationStore | None = None,
                 base_url: str | None = None) -> None:
        self.bot_token = bot_token
        self.installation_store = installation_store
        self.base_url = api_base_url(base_url)
        self._clients: dict[str, AsyncWebClient] = {}
        self.session = None                 # a shared aiohttp.ClientSession, once started

    async def token_for(self, workspace: str) -> str:
        if self.installation_store is not None:
            bot = await self.installation_store.async_find_bot(enterprise_id=None,
                                                               team_id=workspace)
            if bot is not None and bot.bot_token:
                return bot.bot_token
        if self.bot_token:
            return self.bot_token
        raise NotInstalled(f"kmbot is not installed in Slack workspace {workspace}")

    async def client_for(self, workspace: str) -> AsyncWebClient:
        token = await self.token_for(workspace)
        client = self._clients.get(token)
        if client is None or client.session is not self.session:
            client = self._clients[token] = AsyncWebClient(token=token, base_url=self.base_url,
                                                           session=self.session)
        return client
