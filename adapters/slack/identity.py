"""Who the bot is in its one workspace, without a Web API call on Slack's 3-second path.

Bolt's single-workspace authorization calls ``auth.test`` inside the first request, so a slow
Web API would delay that ack. Instead :meth:`BotIdentity.authorize` answers from memory with
the configured token, and :meth:`load` asks ``auth.test`` once, in the background, for the
bot's user id (used to strip its @mention and to ignore its own messages).
"""
from __future__ import annotations

import logging

from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)


class BotIdentity:
    def __init__(self, token: str) -> None:
        self.token = token
        self.bot_user_id: str | None = None
        self.bot_id: str | None = None

    async def load(self, client: AsyncWebClient) -> None:
        try:
            answer = await client.auth_test(token=self.token)
        except SlackApiError as error:
            log.error("Slack rejected SLACK_BOT_TOKEN (auth.test: %s)",
                      error.response.get("error"))
            return
        except Exception as error:   # unreachable: mentions are still stripped, just loosely
            log.warning("could not reach Slack to learn the bot's user id: %s",
                        type(error).__name__)
            return
        self.bot_user_id, self.bot_id = answer.get("user_id"), answer.get("bot_id")
        log.info("Slack bot user %s in workspace %s", self.bot_user_id, answer.get("team_id"))

    @property
    def authorize(self):
        """Bolt's ``authorize`` function (bolt passes arguments by name, so a plain function)."""
        async def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
            return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id,
                                   bot_token=self.token, bot_user_id=self.bot_user_id,
                                   bot_id=self.bot_id)
        return authorize
