from __future__ import annotations

import pytest

from .logbook import SyncLogbook, open_logbook


@pytest.fixture
async def log(database_url):
    logbook = await open_logbook(database_url)
    yield logbook
    await logbook.db.close()


@pytest.fixture
def sync_log(database_url):
    logbook = SyncLogbook(database_url)
    yield logbook
    logbook.close()
