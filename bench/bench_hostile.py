"""Hostile-input counts: every malformed Slack request of ``tests/slack/hostile.py``, signed
and unsigned, against the real app (SQLite, a stand-in Slack Web API).

Prints requests tried, answers by status, 5xx, apologies and tracebacks logged; the last
three must be zero (the script exits 1 otherwise).

    python bench/bench_hostile.py          (from the repository root; ``make bench``)
"""
from __future__ import annotations

import asyncio
import collections
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp.test_utils import TestClient, TestServer  # noqa: E402

from adapters.slack import SLACK  # noqa: E402
from bot.app import create_app  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from core import wording  # noqa: E402
from tests.slack.driver import SECRET  # noqa: E402
from tests.slack.fake_web_api import FakeSlackApi  # noqa: E402
from tests.slack.hostile import corpus, send  # noqa: E402


class Tracebacks(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += bool(record.exc_info) or "Traceback" in record.getMessage()


async def main() -> int:
    tracebacks = Tracebacks()
    logging.getLogger().addHandler(tracebacks)
    logging.getLogger().setLevel(logging.INFO)
    api = await FakeSlackApi().start()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, kmbot_database_url=f"sqlite+aiosqlite:///{tmp}/h.db",
                            slack_bot_token="xoxb-bench", slack_signing_secret=SECRET,
                            slack_api_base_url=api.url)
        runtime = await build_runtime(settings, scheduler=False)
        client = TestClient(TestServer(create_app(runtime, adapters=["slack"],
                                                  start_background=False), host="127.0.0.1"))
        await client.start_server()
        statuses: collections.Counter = collections.Counter()
        try:
            for case in corpus():
                for signed in (False, True):
                    statuses[(await send(client, case, signed)).status] += 1
            adapter = client.app[SLACK]
            await adapter.background.drain(timeout=10)
            await runtime.delivery.drain()
            await adapter.background.drain(timeout=10)
        finally:
            await client.close()
            await runtime.stop()
            await api.stop()
    apologies = sum(wording.SOMETHING_WENT_WRONG[:30] in str(call.params)
                    for call in api.calls)
    tried = sum(statuses.values())
    errors = sum(n for status, n in statuses.items() if status >= 500)
    by_status = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items()))
    print(f"hostile Slack requests: {tried} tried ({by_status}); {errors} answered 5xx, "
          f"{apologies} apologies, {tracebacks.count} tracebacks logged")
    return 0 if errors == apologies == tracebacks.count == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
