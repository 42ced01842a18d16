"""Decide with a SAT solver whether ``n`` people can have ``R`` repeat-free Knowledge Cafe rounds
at the tables ``golfers.table_sizes(n, k)``; print a schedule (encoded as in
``core/pairing/found.py``) or ``UNSAT``.

    .venv/bin/pip install python-sat     # this offline tool only; the bot and tests don't need it
    .venv/bin/python tools/sat_cafe.py 34 5 5

The model has one variable per pair and round ("these two share a table in this round").  Each
pair shares a table in at most one round; in every round each person has between ``s - 1``
tablemates for the smallest and largest table size ``s``, tablemates of tablemates are
tablemates (so a round is a set of cliques), and when the sizes are mixed, exactly as many
people sit at the big tables as ``table_sizes`` says.

Symmetry breaking, valid for any schedule after relabelling people:

* round 0 seats people in order (``0..5`` at the first table, and so on);
* when there are as many tables as a big table has people (``k + 1`` tables, as for 32 to 34 in
  fives), every table of round 0 meets every big table of round 1 exactly once (a big table of
  round 1 has one person from each table of round 0).  Relabelling inside each table of round
  0, person ``i`` of table 0 is at big table ``i`` of round 1 and the ``i``-th person of every
  other table sits with them; for big tables of round 0 this holds for all ``k + 1`` of their
  people.

A result of UNSAT is a proof (up to the solver's correctness) that no schedule has ``R`` rounds.
"""
from __future__ import annotations

import itertools
import os
import sys
import time

from pysat.card import CardEnc, EncType
from pysat.formula import IDPool
from pysat.solvers import Solver

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from core.pairing.found import ALPHABET  # noqa: E402
from core.pairing.golfers import table_sizes  # noqa: E402
from core.pairing.verify import schedule_pairs  # noqa: E402


def model(n: int, k: int, rounds: int):
    sizes = table_sizes(n, k)
    low, high = min(sizes) - 1, max(sizes) - 1
    pool = IDPool()
    clauses: list[list[int]] = []

    def var(p: int, q: int, r: int) -> int:
        return pool.id((min(p, q), max(p, q), r))

    def cardinality(lits, bound: int, how, guard: int = 0):
        enc = CardEnc.atmost if how == "most" else CardEnc.atleast if how == "least" \
            else CardEnc.equals
        for clause in enc(lits=lits, bound=bound, vpool=pool,
                          encoding=EncType.seqcounter).clauses:
            clauses.append(clause + [guard] if guard else clause)

    for p, q in itertools.combinations(range(n), 2):
        lits = [var(p, q, r) for r in range(rounds)]
        clauses += [[-a, -b] for a, b in itertools.combinations(lits, 2)]
    for r in range(rounds):
        big = []
        for p in range(n):
            mates = [var(p, q, r) for q in range(n) if q != p]
            cardinality(mates, low, "least")
            cardinality(mates, high, "most")
            if low != high:                       # big(p, r) <-> p has `high` tablemates
                flag = pool.id(("big", p, r))
                big.append(flag)
                cardinality(mates, high, "least", -flag)
                cardinality(mates, low, "most", flag)
            for q, s in itertools.combinations([x for x in range(n) if x != p], 2):
                clauses.append([-var(p, q, r), -var(p, s, r), var(q, s, r)])
        if big:
            cardinality(big, (high + 1) * sizes.count(high + 1), "equals")
    starts = [0]
    for size in sizes:
        starts.append(starts[-1] + size)
    for t in range(len(sizes)):
        clauses += [[var(p, q, 0)] for p, q in itertools.combinations(range(starts[t], starts[t + 1]), 2)]
    bigs = sizes.count(high + 1) if low != high else 0
    if rounds > 1 and bigs and len(sizes) == high + 1:
        clauses += [[pool.id(("big", i, 1))] for i in range(bigs)]
        for t in range(1, len(sizes)):
            for i in range(bigs if sizes[t] < high + 1 else high + 1):
                clauses.append([var(i, starts[t] + i, 1)])
    return var, clauses


def main() -> None:
    n, k, rounds = map(int, sys.argv[1:4])
    var, clauses = model(n, k, rounds)
    began = time.monotonic()
    with Solver(name="cd19", bootstrap_with=clauses) as solver:
        found = solver.solve()
        true = {x for x in solver.get_model() if x > 0} if found else set()
    seconds = time.monotonic() - began
    if not found:
        print(f"UNSAT: no {rounds} repeat-free rounds for {n} in tables of {k} ({seconds:.0f} s)")
        return
    schedule = []
    for r in range(rounds):
        tables = {tuple(sorted([p] + [q for q in range(n) if q != p and var(p, q, r) in true]))
                  for p in range(n)}
        schedule.append(sorted(tables, key=lambda t: (-len(t), t)))
    schedule_pairs(n, k, schedule)
    print(" ".join("".join(ALPHABET[p] for t in rnd for p in t) for rnd in schedule))
    print(f"({seconds:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
