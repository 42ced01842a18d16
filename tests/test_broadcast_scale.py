"""The broadcast benchmark, shortened: a few hundred Teams recipients through the real Agents
SDK client to a stand-in Bot Connector that enforces the (scaled) limits, answers 429 and fails
some sends; a sender SIGKILLed mid-broadcast and restarted, and two senders at once. Nobody is
missed, and nobody gets it twice except for sends in flight at the kill, which the report
counts. (The rate is measured by ``bench/bench_broadcast.py``, not asserted here.)"""
from __future__ import annotations

import pytest

from bench import bench_broadcast as bench


@pytest.mark.parametrize("mode", ["kill", "two"])
async def test_a_broadcast_survives_a_kill_and_two_senders(database_url, mode):
    result = await bench.one_run(database_url, mode, recipients=300, scale=4, flaky=0.02,
                                 lease=3, concurrency=16)
    assert result["counts"]["sent"] == 300
    assert result["lost"] == 0
    assert result["duplicated"] <= result["in_doubt"]
    assert result["creates"] >= 300 and result["transient"] > 0
