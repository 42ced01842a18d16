"""Build and run everything: database, services, kernel, channels, delivery and scheduler."""
from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from dataclasses import dataclass, field

from adapters.console.channel import ConsoleChannel
from adapters.feeds.http import HttpFeedFetcher
from core import housekeeping
from core.channels import Channels
from core.coffee import jobs as coffee_jobs
from core.delivery import DeliveryWorker
from core.features import FEATURES, build_kernel
from core.kernel import Kernel
from core.services import CoreConfig, Services, SystemClock
from scheduler import Scheduler
from storage import Database

from .settings import Settings, anonymity_key

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    db: Database
    services: Services
    kernel: Kernel
    channels: Channels
    delivery: DeliveryWorker
    scheduler: Scheduler | None = None
    _tasks: list[asyncio.Task] = field(default_factory=list)

    async def start(self, *, deliver: bool = True) -> None:
        if self.scheduler:
            await self.scheduler.start()
        if deliver:
            self._tasks.append(asyncio.create_task(self.delivery.run_forever(),
                                                   name="kmbot-delivery"))

    async def stop(self) -> None:
        self.delivery.stop()
        for task in self._tasks:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        if self.scheduler:
            await self.scheduler.stop()
        if self.services.feed_fetcher is not None:
            await self.services.feed_fetcher.close()
        await self.db.close()


async def build_runtime(settings: Settings, *, clock=None, scheduler: bool = True) -> Runtime:
    if settings.bare_librarians:
        log.info("KMBOT_LIBRARIANS: %d id(s) without a platform bound to %s",
                 len(settings.bare_librarians), settings.bare_id_platform)
    db = Database(settings.kmbot_database_url)
    await db.migrate()
    channels = Channels()
    services = Services(uow=db.uow, channels=channels, clock=clock or SystemClock(),
                        config=CoreConfig(librarians=settings.librarians,
                                          default_timezone=settings.kmbot_timezone,
                                          bank_holidays=settings.kmbot_bank_holidays,
                                          catch_up_grace=settings.catch_up_grace,
                                          anonymity_key=anonymity_key(settings),
                                          outbox_keep=settings.outbox_keep))
    services.feed_fetcher = HttpFeedFetcher(
        allow_private=settings.kmbot_feeds_allow_private,
        timeout=settings.kmbot_feeds_timeout_seconds)
    delivery = DeliveryWorker(services)
    services.on_queued = delivery.wake
    channels.register(ConsoleChannel(services))
    runtime = Runtime(settings, db, services, build_kernel(services), channels, delivery)
    if scheduler:
        # the job kinds every feature declares, and the standing housekeeping purge
        kinds = [*housekeeping.JOBS, *(kind for f in FEATURES for kind in f.jobs)]
        runtime.scheduler = Scheduler(services, kinds,
                                      grace={coffee_jobs.ROUND.name: settings.catch_up_grace})
        services.scheduler = runtime.scheduler
    return runtime
