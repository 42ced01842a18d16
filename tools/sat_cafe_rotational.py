"""Look with a SAT solver for a rotational Knowledge Cafe schedule: base rounds whose ``m``
shifts under ``Z_m`` are the rounds, as ``rotational.develop_uneven`` develops them (people
``0 .. n//m*m - 1`` in orbits of ``m`` consecutive numbers, the rest fixed).  Prints the base
rounds in the ``found_uneven.ROTATIONAL`` encoding, or UNSAT (no schedule of that shape).

    .venv/bin/pip install python-sat     # this offline tool only; the bot and tests don't need it
    .venv/bin/python tools/sat_cafe_rotational.py 37 4 5 2 [--ship]    # n, k, m, base rounds

``--ship`` writes a schedule it finds into ``core/pairing/found_uneven.py`` (through
``find_cafe_schedules.write_module``, which keeps whichever entry is longer).  The solver is
deterministic, so the same arguments find the same base rounds again.

Shifting a base round by ``g`` seats the pair ``{a, c}`` together exactly when the base round
seats ``{a - g, c - g}``; so the developed schedule repeats no pair exactly when no orbit of
pairs is used twice across the base rounds, and no orbit smaller than ``m`` (such as two fixed
people) is used at all.  One variable per person, base round and table; the table sizes are
``golfers.table_sizes``.  Rotational schedules are a small corner of all schedules, so UNSAT
here says nothing about ``n`` in general, but the corner is small enough for the solver to
settle, where a whole-schedule search for 33 to 39 in fours does not finish.

Some shapes fail by counting before any search.  With one base round and ``f`` fixed people
(33 in fours under ``Z_9``, f = 6; 37 under ``Z_10``, f = 7) each fixed person must sit with one
person of each of the three orbits, which uses ``f`` of the ``m`` differences between any two
orbits; the 9 people left (three of each orbit) then fill a table of 4 and one of 5, and every
split of them puts more than the ``m - f = 3`` remaining pairs of some two orbits together.
"""
from __future__ import annotations

import itertools
import os
import sys

from find_cafe_schedules import write_module
from satkit import Cnf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from core.pairing.golfers import table_sizes  # noqa: E402
from core.pairing.rotational import develop_uneven  # noqa: E402
from core.pairing.verify import schedule_pairs  # noqa: E402


def pair_orbits(n: int, m: int) -> list[list[tuple[int, int]]]:
    moved = n // m * m

    def shift(p: int) -> int:
        return p if p >= moved else p - p % m + (p + 1) % m

    orbits, done = [], set()
    for pair in itertools.combinations(range(n), 2):
        if pair in done:
            continue
        orbit, (a, c) = [], pair
        for _ in range(m):
            if (a, c) not in orbit:
                orbit.append((a, c))
            a, c = sorted((shift(a), shift(c)))
        done.update(orbit)
        orbits.append(orbit)
    return orbits


def model(n: int, k: int, m: int, bases: int):
    sizes, cnf = table_sizes(n, k), Cnf()
    pool, clauses, card = cnf.pool, cnf.clauses, cnf.card
    tables = range(len(sizes))

    def x(b: int, p: int, t: int) -> int:
        return pool.id(("x", b, p, t))

    for b in range(bases):
        for p in range(n):
            card([x(b, p, t) for t in tables], 1, exact=True)
        for t in tables:
            card([x(b, p, t) for p in range(n)], sizes[t], exact=True)
    clauses += symmetry_breaking(n, m, sizes, x)
    for orbit in pair_orbits(n, m):
        uses = []
        for b in range(bases):
            for a, c in orbit:
                if len(orbit) < m:                        # developed, it would meet twice
                    clauses += [[-x(b, a, t), -x(b, c, t)] for t in tables]
                    continue
                u = pool.id(("u", b, a, c))
                uses.append(u)
                clauses += [[-x(b, a, t), -x(b, c, t), u] for t in tables]
        clauses += [[-p, -q] for p, q in itertools.combinations(uses, 2)]
    return sizes, x, cnf


def symmetry_breaking(n: int, m: int, sizes: list[int], x) -> list[list[int]]:
    """In base round 0: each orbit's first person sits at its lowest-numbered table (shifting
    one orbit); fixed people sit in increasing table order (renaming them), and the tables of
    one size holding a fixed person come before those that hold none (renaming tables)."""
    moved, tables, clauses = n // m * m, range(len(sizes)), []
    for first in range(0, moved, m):
        for p in range(first + 1, first + m):
            clauses += [[-x(0, p, t)] + [x(0, first, u) for u in range(t + 1)] for t in tables]
    fixed = range(moved, n)
    for f, g in zip(fixed, fixed[1:]):
        clauses += [[-x(0, f, t)] + [x(0, g, u) for u in range(t + 1, len(sizes))] for t in tables]
    for t in tables[:-1]:
        if sizes[t] == sizes[t + 1]:
            clauses += [[x(0, f, t) for f in fixed] + [-x(0, g, t + 1)] for g in fixed]
    return clauses


def main() -> None:
    n, k, m, bases = map(int, sys.argv[1:5])
    ship = "--ship" in sys.argv[5:]
    sizes, x, cnf = model(n, k, m, bases)
    true, seconds = cnf.solve()
    if true is None:
        print(f"UNSAT: no {m * bases}-round Z_{m} schedule for {n} in tables of {k} ({seconds:.0f} s)")
        return
    text = " | ".join(" ".join(",".join(str(p) for p in range(n) if x(b, p, t) in true)
                               for t in range(len(sizes))) for b in range(bases))
    schedule_pairs(n, k, develop_uneven(n, m, text))
    print(text)
    print(f"SAT: {m * bases} rounds ({seconds:.0f} s)")
    if ship:
        write_module({(n, k): (m, f"sat_cafe_rotational {n} {k} {m} {bases}", text)}, {})


if __name__ == "__main__":
    main()
