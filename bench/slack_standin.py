"""The stand-in Slack Web API of bench/bench_walls.py, in a process of its own.

``python bench/slack_standin.py`` starts :class:`~tests.slack.fake_web_api.FakeSlackApi`,
prints its root URL on one line, and serves until its standard input closes. Besides the
Web API and response URLs it answers two questions for the bench:

- ``GET /bench/calls?method=chat.update&ts=<card ts>`` (``ts`` optional): every call to the
  method, oldest first, as ``[when, text, thread_ts]``, ``when`` being
  the stand-in's ``time.monotonic()`` when it arrived (CLOCK_MONOTONIC on Linux, like
  ``time.perf_counter()``: the same clock in every process, so it compares with the
  people's acks);
- ``GET /bench/cpu``: this process's CPU so far, and how many calls it has had.

So the stand-in's HTTP server, JSON and bookkeeping no longer share kmbot's process: the
bench's CPU figure is kmbot's own, and kmbot's event loop is not slowed by the stand-in.
"""
from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.walls_people import CHANNEL  # noqa: E402
from tests.slack.fake_web_api import FakeSlackApi  # noqa: E402


class BenchSlackApi(FakeSlackApi):
    """The stand-in, answering the bench's questions too."""

    async def _api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["method"] == "_bench_calls":
            return self._calls(request)
        if request.match_info["method"] == "_bench_cpu":
            return web.json_response({"cpu": time.process_time(), "calls": len(self.calls)})
        return await super()._api(request)

    def _calls(self, request: web.Request) -> web.Response:
        method, ts = request.query.get("method", ""), request.query.get("ts")
        return web.json_response([
            [c.at, c.params.get("text", ""), c.params.get("thread_ts")]
            for c in self.calls if c.method == method
            and (ts is None or c.params.get("ts") == ts)])


async def serve() -> None:
    api = await BenchSlackApi().start()
    # Slack's conversations.info says whether a channel is private (kmbot asks once, after
    # a button press, and remembers it); without this the stand-in left it unsaid, and
    # kmbot asked again on every +1
    api.private[CHANNEL] = False
    print(api.root, flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)     # until the bench closes our stdin
    await api.stop()


if __name__ == "__main__":
    asyncio.run(serve())
