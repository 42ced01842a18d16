"""Find a ten-round Knowledge Cafe schedule for 32 people in fours with a SAT solver, and print it
in the encoding of ``core/pairing/found.py``.

    .venv/bin/pip install python-sat     # this offline tool only; the bot and tests don't need it
    .venv/bin/python tools/find_cafe_32_in_fours.py

Ten rounds of eight tables of four in which no pair meets twice is the Social Golfer instance
8-4-10 (best known; first constructed by A. Aguado, 2004).  Its 480 pairs leave 16 unmet, one
per person: a perfect matching, treated here as an eleventh "round" of tables of two, so that
every pair is in exactly one round.

A plain SAT model of that is too big to solve, so the schedule is also required to have a
symmetry group: the automorphism group of the published solution is an elementary abelian
group of order 8 acting without fixed points on the people, and the model asks for that.
People are ``8*o + g`` (``o`` in 0..3, ``g`` in 0..7) and ``h`` in 0..7 maps ``8*o + g`` to
``8*o + (g XOR h)``.  Bit 0 of ``h`` fixes every round; bit 1 swaps rounds 1 and 6, and 2 and 9;
bit 2 swaps rounds 5 and 7.  One variable stands for each orbit of (pair, round) under the
group: 788 of them (the cardinality encodings add more).

Clauses: each pair is in exactly one round; in each round everyone has exactly three
tablemates (one in the matching), and tablemates of tablemates are tablemates, so each round is
eight tables of four.  CaDiCaL 1.9.5 (``python-sat`` 1.9) finds it in about four minutes on one
core; the solver is deterministic, so the output is the shipped data.
"""
from __future__ import annotations

import itertools
import os
import sys

from pysat.card import CardEnc, EncType
from pysat.formula import IDPool
from pysat.solvers import Solver

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from core.pairing.found import encode  # noqa: E402
from core.pairing.verify import schedule_pairs  # noqa: E402

N, ROUNDS, MATCHING = 32, 10, 10             # rounds 0..9 of fours, round 10 the leftover pairs
SWAPS = {2: {1: 6, 6: 1, 2: 9, 9: 2}, 4: {5: 7, 7: 5}}


def move(h: int, p: int) -> int:
    return p ^ h                              # XOR on the low three bits keeps o = p // 8


def move_round(h: int, r: int) -> int:
    for bit, swap in SWAPS.items():
        if h & bit:
            r = swap.get(r, r)
    return r


def model():
    pool = IDPool()

    def var(p: int, q: int, r: int) -> int:
        return pool.id(min((min(move(h, p), move(h, q)), max(move(h, p), move(h, q)),
                            move_round(h, r)) for h in range(8)))
    clauses = []
    for p, q in itertools.combinations(range(N), 2):
        lits = sorted({var(p, q, r) for r in range(ROUNDS + 1)})
        clauses += CardEnc.equals(lits=lits, bound=1, vpool=pool,
                                  encoding=EncType.pairwise).clauses
    for p in range(N):
        for r in range(ROUNDS + 1):
            lits = [var(p, q, r) for q in range(N) if q != p]
            clauses += CardEnc.equals(lits=lits, bound=1 if r == MATCHING else 3, vpool=pool,
                                      encoding=EncType.seqcounter).clauses
    for r in range(ROUNDS):
        for p in range(N):
            for q, s in itertools.combinations([x for x in range(N) if x != p], 2):
                clauses.append([-var(p, q, r), -var(p, s, r), var(q, s, r)])
    return var, clauses


def main() -> None:
    var, clauses = model()
    with Solver(name="cd19", bootstrap_with=clauses) as solver:
        if not solver.solve():
            sys.exit("no schedule with this symmetry")
        true = {x for x in solver.get_model() if x > 0}
    rounds = []
    for r in range(ROUNDS):
        tables = {tuple(sorted([p] + [q for q in range(N) if q != p and var(p, q, r) in true]))
                  for p in range(N)}
        rounds.append(sorted(tables))
    schedule_pairs(N, 4, rounds)
    print(encode(rounds))


if __name__ == "__main__":
    main()
