"""Prove with a SAT solver that ``n = k(k+1) + b`` people (``0 < b < k``) at ``k + 1`` tables
(``b`` of ``k + 1`` and the rest of ``k``, as ``golfers.table_sizes`` seats 32 to 34 in fives)
cannot have ``R`` repeat-free Knowledge Cafe rounds, or print such a schedule (encoded as in
``core/pairing/found.py``).

    .venv/bin/pip install python-sat     # this offline tool only; the bot and tests don't need it
    .venv/bin/python tools/sat_cafe_grid.py 34 5 5

Why a grid: call round 0's tables rows and round 1's tables columns.  Two people share at most
one table, so each person is a different cell of a ``(k+1) x (k+1)`` grid.  A big table has one
person at every table of any other round (its ``k + 1`` people must sit apart and there are
``k + 1`` tables), so a big row meets every column, and a small row misses one cell, in a
small column; the ``d = k + 1 - b`` empty cells are a permutation of the small rows and
columns, the diagonal after renaming the columns.  Every later round writes its table numbers
in the cells: a partial Latin square (no table twice in a row or column, as those people have
met), with ``b`` symbols used ``k + 1`` times and the others ``k`` times.  Two later rounds
must never seat two people together twice: two cells share a symbol in at most one of them.
So ``R`` rounds exist exactly when ``R - 2`` such mutually orthogonal partial Latin squares do.
``tools/exhaust_cafe_grid.py`` searches the same model exhaustively, far faster on these sizes
(34 in fives, 5 rounds: 2 s against 2,282 s here; 32 and 33 in fives, which this model left
open after hours); the two agree wherever both answered.

Symmetry breaking: in row 0 (a big row, full) each round's big symbols appear in increasing
column order, and so do its small symbols (renaming the tables of one round); then the other
big rows are ordered by their symbol in column 0 of the first later round (renaming the big
tables of round 0); and the later rounds are ordered by the column in which row 0 repeats their
symbol at (b, 0), the first small row's cell in column 0 (renaming the later rounds).
"""
from __future__ import annotations

import itertools
import os
import sys

from satkit import Cnf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from core.pairing.found import encode  # noqa: E402
from core.pairing.verify import schedule_pairs  # noqa: E402


def model(k: int, b: int, squares: int):
    size, cnf = k + 1, Cnf()
    pool, clauses, card = cnf.pool, cnf.clauses, cnf.card
    cells = [(i, j) for i in range(size) for j in range(size) if not (i == j and i >= b)]

    def x(cell, r: int, s: int) -> int:
        return pool.id((cell, r, s))

    def same(i: int, r: int, j: int) -> int:
        """True when round r seats cell (i, 0) with cell (0, j) (forced by the clauses below)."""
        new = ("same", i, r, j) not in pool.obj2id
        y = pool.id(("same", i, r, j))
        if new:
            clauses.extend([-x((i, 0), r, s), -x((0, j), r, s), y] for s in range(size))
        return y

    lines = [[c for c in cells if c[0] == i] for i in range(size)] + \
            [[c for c in cells if c[1] == j] for j in range(size)]
    for r in range(squares):
        for c in cells:
            card([x(c, r, s) for s in range(size)], 1, exact=True)
        for s in range(size):
            for line in lines:
                card([x(c, r, s) for c in line], 1)
            card([x(c, r, s) for c in cells], size if s < b else k, exact=True)
        for group in (range(b), range(b, size)):
            for s, t in zip(group, list(group)[1:]):       # s left of t in row 0
                for j in range(size):
                    clauses += [[-x((0, j), r, t), -x((0, jj), r, s)] for jj in range(j, size)]
    for i in range(1, b - 1):                       # big rows 1..b-1: column 0 increasing
        for s in range(size):                           # in the first later round
            clauses += [[-x((i + 1, 0), 0, s), -x((i, 0), 0, t)] for t in range(s, size)]
    for r in range(squares - 1):                # later rounds in the order of where row 0
        for j in range(1, size):                    # repeats their symbol at (b, 0)
            for jj in range(1, j):
                clauses.append([-same(b, r, j), -same(b, r + 1, jj)])
    for c, e in itertools.combinations(cells, 2):
        if c[0] == e[0] or c[1] == e[1]:
            continue
        agree = []
        for r in range(squares):
            a = pool.id(("agree", c, e, r))
            agree.append(a)
            clauses += [[-x(c, r, s), -x(e, r, s), a] for s in range(size)]
        clauses += [[-p, -q] for p, q in itertools.combinations(agree, 2)]
    return cells, x, cnf


def main() -> None:
    n, k, rounds = map(int, sys.argv[1:4])
    b = n - k * (k + 1)
    if not 0 < b < k or rounds < 3:
        sys.exit("needs n = k(k+1) + b with 0 < b < k, and at least 3 rounds")
    cells, x, cnf = model(k, b, rounds - 2)
    true, seconds = cnf.solve()
    if true is None:
        print(f"UNSAT: no {rounds} repeat-free rounds for {n} in tables of {k} ({seconds:.0f} s)")
        return
    person = {c: i for i, c in enumerate(cells)}           # cells row by row
    schedule = [[[person[c] for c in cells if c[axis] == t] for t in range(k + 1)]
                for axis in (0, 1)]
    for r in range(rounds - 2):
        schedule.append([[person[c] for c in cells if x(c, r, s) in true] for s in range(k + 1)])
    schedule_pairs(n, k, schedule)                          # big tables come first in each round
    print(encode(schedule))
    print(f"SAT: {rounds} rounds exist ({seconds:.0f} s)")


if __name__ == "__main__":
    main()
