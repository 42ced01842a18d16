"""Look with a SAT solver for a difference matrix, and turn it into a Knowledge Cafe schedule of
whole tables: ``k v`` people in ``v`` rounds of ``v`` tables of ``k``.

    .venv/bin/pip install python-sat     # this offline tool only; the bot and tests don't need it
    .venv/bin/python tools/sat_difference_matrix.py 5 2x6 [--ship]      # 60 in fives: 12 rounds

A ``(v, k + 1, 1)`` difference matrix over a group ``G`` of order ``v`` is ``k + 1`` rows of
``v`` entries where, for any two rows, the differences of their entries column by column are
every element of ``G`` once.  Its developments ``{(r, D[r][c] + g)}`` are the blocks of a
transversal design TD(k + 1, v): people ``(r, x)`` in ``k + 1`` groups of ``v``, any two in
different groups together in exactly one block.  Dropping the last group leaves blocks of ``k``,
and the blocks through each of its people are a round (they share no one and seat everyone), so
``v`` repeat-free rounds.  That is the algebra ``core.pairing.designs`` builds for prime powers;
this is for the others: 12 needs ``Z_2 x Z_6``, since no such matrix with three rows exists over
a group whose Sylow 2-subgroup is cyclic and non-trivial (Hall and Paige), such as ``Z_12``.

``G`` is ``a`` or ``axb``... as in ``tools/sat_cafe_group.py``.  The first row and column are 0.
"""
from __future__ import annotations

import itertools
import sys

from find_cafe_schedules import publish
from sat_cafe_group import adder, group
from satkit import Cnf


def addition_table(elements) -> list[list[int]]:
    """``table[a][b]``: the index of ``elements[a] + elements[b]``."""
    add = adder(elements)
    return [[elements.index(add(e, f)) for f in elements] for e in elements]


def difference_matrix(elements, rows: int):
    """The rows (lists of indices into ``elements``), or None when there is none."""
    v, plus = len(elements), addition_table(elements)
    cnf = Cnf()
    x = lambda r, c, g: cnf.var("x", r, c, g)          # noqa: E731
    for r, c in itertools.product(range(rows), range(v)):
        if r == 0 or c == 0:
            cnf.clauses.append([x(r, c, 0)])
        cnf.card([x(r, c, g) for g in range(v)], 1, exact=True)
    for i, j in itertools.combinations(range(rows), 2):
        for d in range(v):                                 # D[j][c] - D[i][c] = d once
            uses = []
            for c in range(v):
                u = cnf.var("u", i, j, c, d)
                uses.append(u)
                for a in range(v):
                    cnf.clauses.append([-x(i, c, a), -x(j, c, plus[a][d]), u])
                    cnf.clauses.append([-u, -x(i, c, a), x(j, c, plus[a][d])])
            cnf.card(uses, 1, exact=True)
    true, seconds = cnf.solve()
    if true is None:
        return None, seconds
    return [[next(g for g in range(v) if x(r, c, g) in true) for c in range(v)]
            for r in range(rows)], seconds


def rounds_from(matrix, elements):
    """The ``v`` rounds: people ``r v + x`` for row ``r < k`` and element ``x``."""
    v, k, plus = len(elements), len(matrix) - 1, addition_table(elements)
    rounds = []
    for x in range(v):                                    # the blocks through (k, x)
        tables = []
        for c in range(v):
            g = next(h for h in range(v) if plus[matrix[k][c]][h] == x)
            tables.append(sorted(r * v + plus[matrix[r][c]][g] for r in range(k)))
        rounds.append(sorted(tables))
    return rounds


def main() -> None:
    k, spec = int(sys.argv[1]), sys.argv[2]
    elements = group(spec)
    matrix, seconds = difference_matrix(elements, k + 1)
    if matrix is None:
        print(f"UNSAT: no ({len(elements)}, {k + 1}, 1) difference matrix over {spec}"
              f" ({seconds:.0f} s)")
        return
    n = k * len(elements)
    rounds = rounds_from(matrix, elements)
    publish("sat_difference_matrix", n, k, rounds,
            f"SAT: {len(rounds)} rounds for {n} in {k}s from a ({len(elements)}, {k + 1}, 1)"
            f" difference matrix over {spec} ({seconds:.0f} s)")


if __name__ == "__main__":
    main()
