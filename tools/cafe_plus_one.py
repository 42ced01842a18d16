"""Seat one more person in a shipped Knowledge Cafe schedule: ``n + 1`` people from the schedule
for ``n``, the newcomer joining one table a round.  The newcomer meets nobody twice exactly when
the tables they join are disjoint, so the rounds kept are a set of tables, one from each of
them, that share no one; a SAT solver finds the most (at most ``n / k``).  Prints the schedule
in the ``found_uneven.UNEVEN`` encoding.

    .venv/bin/pip install python-sat     # this offline tool only; the bot and tests don't need it
    .venv/bin/python tools/cafe_plus_one.py 56 4 [--ship]     # 57 in fours: 14 rounds

It applies where ``n + 1`` has one table of ``k + 1`` and the rest of ``k`` (57 = 13 x 4 + 5),
and pays when the schedule for ``n`` is much longer than the one for ``n + 1``: 56 in fours has
17 rounds, 57 had 13, and with the newcomer at 14 disjoint tables 57 has 14.
"""
from __future__ import annotations

import os
import sys

from find_cafe_schedules import write_module
from satkit import Cnf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from core.pairing.found import encode, found_rounds  # noqa: E402
from core.pairing.golfers import table_sizes  # noqa: E402
from core.pairing.verify import schedule_pairs  # noqa: E402


def disjoint_tables(rounds, n: int, want: int):
    """{round: table} for ``want`` rounds whose chosen tables share no one, or None."""
    cnf = Cnf()
    tables = [(r, t) for r, rnd in enumerate(rounds) for t in range(len(rnd))]
    for p in range(n):
        cnf.card([cnf.var(r, t) for r, t in tables if p in rounds[r][t]], 1)
    for r, rnd in enumerate(rounds):
        cnf.card([cnf.var(r, t) for t in range(len(rnd))], 1)
    cnf.card([cnf.var(r, t) for r, t in tables], want, exact=True)
    true, _ = cnf.solve()
    return None if true is None else {r: t for r, t in tables if cnf.var(r, t) in true}


def main() -> None:
    n, k = int(sys.argv[1]), int(sys.argv[2])
    rounds = found_rounds(n, k)
    if rounds is None:
        sys.exit(f"no shipped schedule for {n} in {k}s")
    if sorted(table_sizes(n + 1, k)) != sorted([k] * (n // k - 1) + [k + 1]):
        sys.exit(f"{n + 1} in {k}s is not one table of {k + 1} and the rest of {k}")
    for want in range(min(len(rounds), n // k), 0, -1):
        chosen = disjoint_tables(rounds, n, want)
        if chosen:
            break
    schedule = []
    for r, t in sorted(chosen.items()):
        rnd = [list(table) for table in rounds[r]]
        rnd[t] = sorted(rnd[t] + [n])
        schedule.append(sorted(rnd, key=lambda table: (-len(table), table)))
    schedule_pairs(n + 1, k, schedule)
    print(encode(schedule))
    print(f"{len(schedule)} rounds for {n + 1} in {k}s from the {len(rounds)} for {n}")
    if "--ship" in sys.argv:
        how = " ".join(["cafe_plus_one"] + [a for a in sys.argv[1:] if a != "--ship"])
        write_module({}, {(n + 1, k): (how, encode(schedule))})


if __name__ == "__main__":
    main()
