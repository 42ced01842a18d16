"""The offline exhaustive search behind ``golfers.PROVEN`` agrees with the SAT solver.

``tools/exhaust_cafe_grid.py`` settles 32 and 33 in fives, where the SAT model gave no answer;
here it must reproduce, on the small rosters, what the SAT solver proved independently: a
schedule at the proven maximum (checked pair by pair) and none with one round more, with and
without its symmetry pruning.
"""
from __future__ import annotations

import os
import shutil
import sys

import pytest

from core.pairing.golfers import PROVEN
from core.pairing.verify import schedule_pairs

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(__file__)), "tools"))

pytestmark = pytest.mark.skipif(shutil.which("cc") is None, reason="the offline tools need cc")

SAT_PROVEN = [(13, 3), (14, 3), (21, 4), (22, 4), (23, 4)]


@pytest.mark.parametrize("n,k", SAT_PROVEN)
@pytest.mark.parametrize("symmetry", [True, False])
def test_exhaustive_search_reproduces_the_sat_proofs(n, k, symmetry):
    from exhaust_cafe_grid import search
    most = PROVEN[(n, k)]
    schedule, _, _ = search(n, k, most, symmetry)
    assert schedule is not None and len(schedule) == most
    assert len(schedule_pairs(n, k, schedule)) == most * sum(
        len(t) * (len(t) - 1) // 2 for t in schedule[0])
    none, nodes, _ = search(n, k, most + 1, symmetry)
    assert none is None and nodes > 0


def test_the_symmetry_pruning_only_prunes():
    from exhaust_cafe_grid import search
    _, pruned, _ = search(22, 4, 6, True)
    _, whole, _ = search(22, 4, 6, False)
    assert 0 < pruned < whole


def test_34_in_fives_has_no_fifth_round():        # the SAT solver took 38 minutes
    from exhaust_cafe_grid import search
    assert search(34, 5, 5)[0] is None
    assert search(34, 5, 4)[0] is not None
