"""The Home tab is published once per ``app_home_opened``, however often Slack redelivers it."""
from __future__ import annotations

from .driver import payload

RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


async def test_a_redelivered_home_opened_publishes_the_home_tab_once(slack):
    body = payload("event_app_home_opened")
    first = await slack.event(body)
    await slack.settle()
    again = await slack.event(body, **RETRY)
    await slack.settle()
    assert (first.status, again.status) == (200, 200)
    assert len(slack.api.calls_to("views.publish")) == 1


async def test_opening_the_home_tab_again_later_publishes_it_again(slack):
    body = payload("event_app_home_opened")
    await slack.event(body)
    await slack.settle()
    body["event_id"] = "Ev0HOME0009"            # a new visit is a new event
    await slack.event(body)
    await slack.settle()
    assert len(slack.api.calls_to("views.publish")) == 2
