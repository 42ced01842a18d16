"""Look with a SAT solver for a rotational Knowledge Cafe schedule: base rounds whose ``m``
shifts under ``Z_m`` are the rounds, as ``rotational.develop_uneven`` develops them (people
``0 .. n//m*m - 1`` in orbits of ``m`` consecutive numbers, the rest fixed).  Prints the base
rounds in the ``found_uneven.ROTATIONAL`` encoding, or UNSAT (no schedule of that shape).

    .venv/bin/pip install python-sat     # this offline tool only; the bot and tests don't need it
    .venv/bin/python tools/sat_cafe_rotational.py 37 4 5 2 [--ship]    # n, k, m, base rounds
    .venv/bin/python tools/sat_cafe_rotational.py 33 4 4 2 --invariant 8:   # + 1 round
    .venv/bin/python tools/sat_cafe_rotational.py 38 4 4 2 --half 5,5,4     # + m/2 rounds

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

Two kinds of round add fewer than ``m`` rounds, for counts that are not a multiple of ``m``
(a round's distinct shifts are what ``develop_uneven`` keeps):

* ``--invariant W:s1,s2``: one round every shift maps onto itself.  A fixed person's table must
  then be a whole orbit plus them, so the first ``W`` orbits are tables (fixed person ``j`` at
  orbit ``j``'s), and each other orbit sends one person to one of the base tables of sizes
  ``s1, s2 ..``, whose ``m`` shifts are the other tables.  33 in fours under ``Z_4``: ``8:``
  (eight orbits of 4, the fixed person joining one: 5 + 4 x 7), then two base rounds: 9 rounds.
* ``--half s1,s2``: one round that shifting by ``m/2`` maps onto itself, so ``m/2`` rounds:
  tables of sizes ``s1, s2 ..`` stay put and hold the fixed people, the others swap in pairs.
  A table that stays put holds pairs ``{p, p + m/2}``, and if every table did, the next shift
  would seat those pairs again; so some tables must swap.  38 in fours under ``Z_4``:
  ``5,5,4`` (two fixed people at the fives).

``--mirror`` halves the search again: base round ``2j + 1`` is base round ``2j`` with orbits
swapped in pairs (each fixed person's orbit with an orbit of no fixed person, under
``--invariant``).  The swap maps a pair of two orbits it fixes, or of such an orbit and a fixed
person, onto itself, so those people can never meet in a base round.  With it, 38 and 39 in
fours (``--half 5,5,4`` and ``--half 5,5,5``) took 311 s and 2,634 s; 34 in fours with
``--invariant 8:`` is UNSAT (2,279 s).

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

from find_cafe_schedules import command, write_module
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


def model(n: int, k: int, m: int, bases: int, invariant: tuple[int, list[int]] | None = None,
          half: list[int] | None = None, mirror: bool = False):
    sizes, cnf = table_sizes(n, k), Cnf()
    pool, clauses, card = cnf.pool, cnf.clauses, cnf.card
    tables = range(len(sizes))
    pair_classes = pair_orbits(n, m)
    held, free, movable = (invariant_round(n, m, sizes, invariant, pair_classes, cnf) if invariant
                           else (set(), [], range(0)))

    def x(b: int, p: int, t: int) -> int:
        return pool.id(("x", b, p, t))

    for b in range(bases):
        for p in range(n):
            card([x(b, p, t) for t in tables], 1, exact=True)
        for t in tables:
            card([x(b, p, t) for p in range(n)], sizes[t], exact=True)
    orbits = n // m
    alike = ([range(orbits)] if not invariant else    # orbits interchangeable in every round
             [range(n - orbits * m, invariant[0]), range(invariant[0], orbits)])
    swaps = []
    if mirror:                                        # base 2j + 1 = base 2j, orbits swapped
        tied = n - orbits * m if invariant else 0     # orbit j holds fixed person j's table
        order = [o for j in range(tied) for o in (j, tied + j)] + list(range(2 * tied, orbits))
        swaps, alike = list(zip(order[::2], order[1::2])), []
        swapped = {}
        for i, j in swaps:
            for r in range(m):
                swapped[i * m + r], swapped[j * m + r] = j * m + r, i * m + r
        for b in range(0, bases - 1, 2):
            for p in range(n):
                clauses += [[-x(b, p, t), x(b + 1, swapped.get(p, p), t)] for t in tables]
    clauses += symmetry_breaking(n, m, sizes, x, alike, {j for _, j in swaps},
                                 sort_fixed=not (mirror and invariant))
    for orbit in pair_classes:
        uses = []
        for b in range(bases):
            for a, c in orbit:
                if len(orbit) < m:                        # developed, it would meet twice
                    clauses += [[-x(b, a, t), -x(b, c, t)] for t in tables]
                    continue
                if orbit[0] in held:                      # the invariant round seats it
                    clauses += [[-x(b, a, t), -x(b, c, t)] for t in tables]
                    continue
                u = pool.id(("u", b, a, c))
                uses.append(u)
                clauses += [[-x(b, a, t), -x(b, c, t), u] for t in tables]
        for a, c in orbit if len(orbit) == m else []:
            for t, _ in enumerate(free) if a in movable and c in movable else []:
                u = pool.id(("v", a, c, t))
                uses.append(u)
                clauses.append([-pool.id(("z", a, t)), -pool.id(("z", c, t)), u])
        if half is not None:
            uses += half_round_uses(orbit, m, cnf, len(sizes))
            if orbit[0] in held:                          # the invariant round seats it
                clauses += [[-u] for u in uses]
        clauses += [[-p, -q] for p, q in itertools.combinations(uses, 2)]
    if half is not None:
        half_round(n, m, sizes, half, cnf)
    return sizes, x, cnf


def half_round(n: int, m: int, sizes: list[int], still: list[int], cnf) -> None:
    """A round that shifting by ``m/2`` maps onto itself, so it develops into ``m/2`` rounds:
    tables of the sizes ``still`` stay put (each holds ``p`` with ``p + m/2``, and every fixed
    person sits at one), the others swap in pairs of one size.  Variables ``("h", p, t)``."""
    tables, moved = range(len(sizes)), n // m * m
    image, left = {}, list(tables)
    for size in still:
        t = next((t for t in left if sizes[t] == size), None)
        if t is None:
            raise SystemExit(f"--half {still}: tables {sizes} have no more of {size}")
        image[t] = t
        left.remove(t)
    for t, u in zip(left[::2], left[1::2]):
        image[t], image[u] = u, t
    if len(left) % 2 or any(sizes[t] != sizes[image[t]] for t in tables):
        raise SystemExit(f"--half {still}: the other tables of {sizes} do not pair up")
    for p in range(n):
        cnf.card([cnf.pool.id(("h", p, t)) for t in tables], 1, exact=True)
        twin = p if p >= moved else p - p % m + (p + m // 2) % m
        cnf.clauses.extend([-cnf.pool.id(("h", p, t)), cnf.pool.id(("h", twin, image[t]))]
                           for t in tables)
    for t in tables:
        cnf.card([cnf.pool.id(("h", p, t)) for p in range(n)], sizes[t], exact=True)


def half_round_uses(orbit: list[tuple[int, int]], m: int, cnf, tables: int) -> list[int]:
    """The half round's use of one orbit of pairs.  Its ``m/2`` shifts seat the ``i``-th pair of
    the orbit whenever it seats the ``i - g``-th (``0 <= g < m/2``), so it may seat pairs ``i``
    and ``j`` together only when ``j - i = m/2``, and then it uses the orbit up."""
    pool, together = cnf.pool, []
    for a, c in orbit:
        y = pool.id(("co", a, c))
        together.append(y)
        cnf.clauses.extend([-pool.id(("h", a, t)), -pool.id(("h", c, t)), y]
                           for t in range(tables))
    if len(orbit) == 1 and m > 2:                       # two fixed people: every shift seats them
        cnf.clauses.append([-together[0]])
        return []
    cnf.clauses.extend([-together[i], -together[j]]
                       for i, j in itertools.combinations(range(len(orbit)), 2) if j - i != m // 2)
    u = pool.id(("uh", orbit[0]))
    cnf.clauses.extend([-y, u] for y in together)
    return [u]


def invariant_round(n: int, m: int, sizes: list[int], invariant, pair_classes, cnf):
    """One round that ``Z_m`` maps onto itself: ``whole`` orbits are tables (fixed person ``j``
    joining orbit ``j``'s), and each other orbit sends one person to one of the ``free`` base
    tables, whose shifts are the round's other tables.  Returns the pairs (smallest of each
    orbit) the whole tables seat, the free table sizes and the people who may sit at them;
    variables ``("z", p, t)``."""
    whole, free = invariant
    moved = n // m * m
    fixed, orbits = list(range(moved, n)), moved // m
    got = sorted([m + (j < len(fixed)) for j in range(whole)] + list(free) * m)
    if whole < len(fixed) or whole + sum(free) != orbits or got != sorted(sizes):
        raise SystemExit(f"--invariant {whole}:{free} does not seat {n} at tables {sizes}")
    held = set()
    for table in whole_tables(n, m, whole):
        held.update(itertools.combinations(table, 2))
    held = {min(o) for o in pair_classes if held.intersection(o)}
    for o in range(whole, orbits):
        cnf.card([cnf.pool.id(("z", p, t)) for p in range(o * m, o * m + m)
                  for t, _ in enumerate(free)], 1, exact=True)
    for t, size in enumerate(free):
        cnf.card([cnf.pool.id(("z", p, t)) for p in range(whole * m, moved)], size, exact=True)
    return held, free, range(whole * m, moved)


def symmetry_breaking(n: int, m: int, sizes: list[int], x, alike, shifted_along: set[int],
                      sort_fixed: bool = True) -> list[list[int]]:
    """In base round 0: each orbit's first person sits at its lowest-numbered table (shifting
    one orbit; ``shifted_along`` orbits shift with their mirror image, so are left alone), and
    interchangeable orbits (``alike``, groups of orbit numbers) in order of that table
    (renaming orbits); fixed people sit in increasing table order (renaming them), and the
    tables of one size holding a fixed person come before those that hold none (renaming
    tables)."""
    moved, tables, clauses = n // m * m, range(len(sizes)), []
    for first in [o * m for o in range(moved // m) if o not in shifted_along]:
        for p in range(first + 1, first + m):
            clauses += [[-x(0, p, t)] + [x(0, first, u) for u in range(t + 1)] for t in tables]
    for group in alike:
        for i, j in zip(group, group[1:]):
            clauses += [[-x(0, j * m, t)] + [x(0, i * m, u) for u in range(t + 1)] for t in tables]
    fixed = range(moved, n)
    for f, g in zip(fixed, fixed[1:]) if sort_fixed else []:
        clauses += [[-x(0, f, t)] + [x(0, g, u) for u in range(t + 1, len(sizes))] for t in tables]
    for t in tables[:-1]:
        if sizes[t] == sizes[t + 1]:
            clauses += [[x(0, f, t) for f in fixed] + [-x(0, g, t + 1)] for g in fixed]
    return clauses


def whole_tables(n: int, m: int, whole: int) -> list[list[int]]:
    """The invariant round's first ``whole`` orbits, fixed person ``j`` joining orbit ``j``."""
    fixed = list(range(n // m * m, n))
    return [list(range(j * m, j * m + m)) + fixed[j:j + 1] for j in range(whole)]


def invariant_text(n: int, m: int, invariant, true: set[int], pool) -> str:
    """The invariant round written out, every table (its shifts are itself)."""
    whole, free = invariant
    moved = n // m * m
    tables = whole_tables(n, m, whole)
    for t, _ in enumerate(free):
        base = [p for p in range(whole * m, moved) if pool.id(("z", p, t)) in true]
        tables += [[p - p % m + (p + g) % m for p in base] for g in range(m)]
    return " ".join(",".join(map(str, t)) for t in tables)


def main() -> None:
    n, k, m, bases = map(int, sys.argv[1:5])
    ship = "--ship" in sys.argv[5:]
    invariant = None
    if "--invariant" in sys.argv:
        whole, _, free = sys.argv[sys.argv.index("--invariant") + 1].partition(":")
        invariant = (int(whole), [int(s) for s in free.split(",") if s])
    half = None
    if "--half" in sys.argv:                      # "--half -": no table stays put
        still = (sys.argv + [""])[sys.argv.index("--half") + 1]
        half = [int(s) for s in still.split(",") if s.isdigit()]
    mirror = "--mirror" in sys.argv
    sizes, x, cnf = model(n, k, m, bases, invariant, half, mirror)
    rounds = m * bases + (invariant is not None) + (m // 2 if half is not None else 0)
    true, seconds = cnf.solve()
    if true is None:
        print(f"UNSAT: no {rounds}-round Z_{m} schedule for {n} in tables of {k} "
              f"({seconds:.0f} s)")
        return

    def written(var) -> str:
        return " ".join(",".join(str(p) for p in range(n) if var(p, t) in true)
                        for t in range(len(sizes)))

    text = " | ".join(([invariant_text(n, m, invariant, true, cnf.pool)] if invariant else []) +
                      ([written(lambda p, t: cnf.pool.id(("h", p, t)))] if half is not None
                       else []) +
                      [written(lambda p, t, b=b: x(b, p, t)) for b in range(bases)])
    assert len(develop_uneven(n, m, text)) == rounds
    schedule_pairs(n, k, develop_uneven(n, m, text))
    print(text)
    print(f"SAT: {rounds} rounds ({seconds:.0f} s)")
    if ship:
        write_module({(n, k): (m, command("sat_cafe_rotational"), text)}, {})


if __name__ == "__main__":
    main()
