"""Many small writes as one: callers ``await batch.add(x)`` and get their own answer, while
one flush writes everything added meanwhile in a single transaction.

The delivery worker records "this send begins" and "this was sent" for every message; at
hundreds of sends a second, one transaction each would be most of the work (and on SQLite
every one of them takes the write lock). Whatever arrives while a flush is running goes in
the next one, so the batch grows with the load and a quiet worker waits for nobody.

``linger``: while items arrive fast (at least ``busy`` a second), a flush first waits this long
for more, so a broadcast's fifty sends a second make a few transactions a second rather than
one each; a single command's reply (below ``busy``) is not held up.
"""
from __future__ import annotations

import asyncio
from typing import Awaitable, Callable, Generic, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class GroupCommit(Generic[T, R]):
    def __init__(self, flush: Callable[[Sequence[T]], Awaitable[Sequence[R]]], *,
                 max_batch: int = 500, linger: float = 0.0, busy: int = 20) -> None:
        self._flush = flush
        self.max_batch = max_batch
        self.linger, self.busy = linger, busy
        self._pending: list[tuple[T, asyncio.Future]] = []
        self._flusher: asyncio.Task | None = None
        self._second = 0            # this loop-time second, and items added in it and the last
        self._counts = [0, 0]

    async def add(self, item: T) -> R:
        loop = asyncio.get_running_loop()
        if self.linger:
            second = int(loop.time())
            if second != self._second:
                self._counts = [self._counts[0] if second == self._second + 1 else 0, 0]
                self._second = second
            self._counts[1] += 1
        future = loop.create_future()
        self._pending.append((item, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._run())
        return await future

    async def _run(self) -> None:
        await asyncio.sleep(0)          # let the others that are ready now join this batch
        if self.linger and max(self._counts) >= self.busy:
            await asyncio.sleep(self.linger)     # busy: let the next few join it too
        while self._pending:
            batch = self._pending[:self.max_batch]
            del self._pending[:self.max_batch]
            try:
                results = await self._flush([item for item, _ in batch])
            except BaseException as error:     # noqa: BLE001  (each caller gets it)
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error if isinstance(error, Exception)
                                             else RuntimeError("flush cancelled"))
                if not isinstance(error, Exception):
                    raise
                continue
            for (_, future), result in zip(batch, results):
                if not future.done():
                    future.set_result(result)
