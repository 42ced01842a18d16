"""The bits of python-sat the offline SAT tools share: cardinality clauses and a timed solve.

    .venv/bin/pip install python-sat     # the offline tools only; the bot and tests don't need it
"""
from __future__ import annotations

import os
import time

from pysat.card import CardEnc, EncType
from pysat.formula import IDPool
from pysat.solvers import Solver


class Cnf:
    """A variable pool and the clauses built over it."""

    def __init__(self) -> None:
        self.pool, self.clauses = IDPool(), []

    def var(self, *key) -> int:
        return self.pool.id(key)

    def card(self, lits, bound: int, exact: bool = False) -> None:
        """At most (or exactly) ``bound`` of ``lits`` are true (sequential counter)."""
        enc = CardEnc.equals if exact else CardEnc.atmost
        self.clauses.extend(enc(lits=lits, bound=bound, vpool=self.pool,
                                encoding=EncType.seqcounter).clauses)

    def solve(self) -> tuple[set[int] | None, float]:
        """(the true variables, or None when unsatisfiable; seconds) with CaDiCaL 1.9, or the
        python-sat solver named by ``SAT_SOLVER`` (e.g. ``g4``, ``mcb``, ``lgl``): another
        solver's luck on a hard satisfiable instance can differ by hours."""
        began = time.monotonic()
        name = os.environ.get("SAT_SOLVER", "cd19")
        with Solver(name=name, bootstrap_with=self.clauses) as solver:
            true = {v for v in solver.get_model() if v > 0} if solver.solve() else None
        return true, time.monotonic() - began
