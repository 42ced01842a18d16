"""Seat newcomers in a Knowledge Cafe schedule: ``n + m`` people from the engine's schedule for
``n`` (all tables of ``k``), each newcomer joining a different table each round.  A newcomer
meets nobody twice exactly when the tables they join are disjoint, and two newcomers never meet
when they sit at different tables; so the rounds kept are those where every newcomer has such a
table.  A SAT solver finds the most rounds (at most ``n / k``: each newcomer meets ``k`` new
people a round).  Prints the schedule in the ``found_uneven.UNEVEN`` encoding.

    .venv/bin/pip install python-sat     # this offline tool only; the bot and tests don't need it
    .venv/bin/python tools/cafe_newcomers.py 56 4 1 [--ship]     # 57 in fours: 14 rounds
    .venv/bin/python tools/cafe_newcomers.py 48 4 2 --matrix 2x6   # 50 in fours: 12 rounds

It applies where ``n + m`` is ``m`` tables of ``k + 1`` and the rest of ``k`` (57 = 13 x 4 + 5),
and pays when the schedule for ``n`` is much longer than the one for ``n + m``: 56 in fours has
17 rounds and 57 had 13; with the newcomer at 14 disjoint tables 57 has 14.  ``--matrix G``
starts instead from the transversal design that ``tools/sat_difference_matrix.py`` builds over
``G`` (``n = k |G|``): 48 in fours as a resolvable TD(4, 12) seats two newcomers in all 12 of
its rounds, where the engine's 14 rounds for 48 allow only 10 (50 in fours had 11).
"""
from __future__ import annotations

import os
import sys

from find_cafe_schedules import publish
from sat_cafe_group import group
from sat_difference_matrix import difference_matrix, rounds_from
from satkit import Cnf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from core.pairing.designs import design_rounds  # noqa: E402
from core.pairing.golfers import table_sizes  # noqa: E402


def seatings(rounds, n: int, m: int, want: int):
    """{(newcomer, round): table} over ``want`` rounds, or None."""
    cnf = Cnf()
    x = lambda i, r, t: cnf.var("x", i, r, t)      # noqa: E731
    kept = [cnf.var("kept", r) for r in range(len(rounds))]
    for r, rnd in enumerate(rounds):
        for i in range(m):                          # one table a kept round, none otherwise
            seats = [x(i, r, t) for t in range(len(rnd))]
            cnf.card(seats, 1)
            cnf.clauses.append([-kept[r]] + seats)
            cnf.clauses += [[kept[r], -s] for s in seats]
        for t in range(len(rnd)):
            cnf.card([x(i, r, t) for i in range(m)], 1)
    for i in range(m):
        for p in range(n):
            cnf.card([x(i, r, t) for r, rnd in enumerate(rounds) for t, table in enumerate(rnd)
                      if p in table], 1)
    cnf.card(kept, want, exact=True)
    true, _ = cnf.solve()
    if true is None:
        return None
    return {(i, r): t for i in range(m) for r, rnd in enumerate(rounds)
            for t in range(len(rnd)) if x(i, r, t) in true}


def main() -> None:
    n, k, m = map(int, sys.argv[1:4])
    if "--matrix" in sys.argv:
        elements = group(sys.argv[sys.argv.index("--matrix") + 1])
        matrix, _ = difference_matrix(elements, k + 1)
        if matrix is None or k * len(elements) != n:
            sys.exit(f"no difference matrix for {n} in {k}s over that group")
        rounds = rounds_from(matrix, elements)
    else:
        rounds = design_rounds(n, k)
    if rounds is None or table_sizes(n, k) != [k] * (n // k):
        sys.exit(f"no schedule of whole tables of {k} for {n}")
    if sorted(table_sizes(n + m, k)) != sorted([k] * (n // k - m) + [k + 1] * m):
        sys.exit(f"{n + m} in {k}s is not {m} tables of {k + 1} and the rest of {k}")
    for want in range(min(len(rounds), n // k), 0, -1):
        seated = seatings(rounds, n, m, want)
        if seated:
            break
    schedule = []
    for r in sorted({r for _, r in seated}):
        rnd = [list(table) for table in rounds[r]]
        for i in range(m):
            rnd[seated[(i, r)]].append(n + i)
        schedule.append(sorted((sorted(t) for t in rnd), key=lambda t: (-len(t), t)))
    publish("cafe_newcomers", n + m, k, schedule,
            f"{len(schedule)} rounds for {n + m} in {k}s from the {len(rounds)} for {n}")


if __name__ == "__main__":
    main()
