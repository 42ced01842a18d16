"""Work that runs after Slack has had its ack.

Slack wants an answer within 3 seconds, so listeners ack first and hand the real work to
:class:`Background`, which keeps a reference to every task (so none is garbage-collected
half-way), logs failures instead of losing them, and lets shutdown and tests wait for it all.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable

log = logging.getLogger(__name__)


class Background:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()

    def spawn(self, work: Awaitable[Any], name: str = "kmbot-slack") -> asyncio.Task:
        task = asyncio.ensure_future(self._guard(work, name))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @staticmethod
    async def _guard(work: Awaitable[Any], name: str) -> Any:
        try:
            return await work
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("Slack background work failed: %s", name)
            return None

    async def drain(self, timeout: float | None = None) -> None:
        """Wait until no work is left (work may start more work)."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while self._tasks:
            left = None if deadline is None else deadline - loop.time()
            if left is not None and left <= 0:
                return
            await asyncio.wait(set(self._tasks), timeout=left)

    async def close(self, timeout: float = 10.0) -> None:
        await self.drain(timeout)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
