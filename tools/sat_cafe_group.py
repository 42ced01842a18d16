"""Look with a SAT solver for a Knowledge Cafe schedule that an abelian group develops: base
rounds whose images under every element of ``G = Z_a x Z_b`` are the rounds, with people in
orbits of any size (points are the cosets of each orbit's stabiliser).  Prints the whole
schedule in the ``found_uneven.UNEVEN`` encoding, or UNSAT (no schedule of that shape).

    .venv/bin/pip install python-sat     # this offline tool only; the bot and tests don't need it
    .venv/bin/python tools/sat_cafe_group.py 33 4 3x3 1 --orbits 1,1,1,0.1,1.0 [--ship]

``G`` is ``a`` or ``axb``; ``bases`` base rounds give ``bases * |G|`` rounds.  ``--orbits``
lists one stabiliser per orbit: ``1`` (a regular orbit of ``|G|`` people), ``G`` (one fixed
person), or generators ``i.j`` (``i.j+i.j`` for two) of a subgroup ``H`` (an orbit of
``|G| / |H|`` people).  ``tools/sat_cafe_rotational.py`` is the cyclic case with regular orbits
and fixed people only; other stabilisers give shapes it cannot, such as 33 people under
``Z_3 x Z_3`` in three orbits of 9 and two of 3, developed from a single base round.

The developed rounds repeat no pair exactly when the base rounds use every orbit of pairs at
most once and never a pair some element other than the identity fixes (it would sit together in
two rounds).  Tables of one size are in the order of their first person.  ``--ship`` writes a
schedule it finds into ``core/pairing/found_uneven.py`` (``UNEVEN``, through
``find_cafe_schedules.write_module``, which keeps whichever entry is longer); the solver is
deterministic, so the recorded command finds the same schedule again.
"""
from __future__ import annotations

import itertools
import os
import sys

from find_cafe_schedules import write_module
from satkit import Cnf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from core.pairing.found import encode  # noqa: E402
from core.pairing.golfers import table_sizes  # noqa: E402
from core.pairing.verify import schedule_pairs  # noqa: E402


def group(spec: str) -> list[tuple[int, int]]:
    a, _, b = spec.partition("x")
    return [(i, j) for i in range(int(a)) for j in range(int(b or 1))]


def people(elements, orbits: list[str]) -> tuple[list[tuple[int, frozenset]], list[list[int]]]:
    """The points (orbit, coset) and, for each element, the permutation it makes of them."""
    mod = (max(e[0] for e in elements) + 1, max(e[1] for e in elements) + 1)

    def add(u, v):
        return (u[0] + v[0]) % mod[0], (u[1] + v[1]) % mod[1]

    points = []
    for o, stab in enumerate(orbits):
        if stab == "G":
            sub = set(elements)
        else:
            gens = [] if stab == "1" else [tuple(map(int, g.split("."))) for g in stab.split("+")]
            sub = {(0, 0)}
            while True:
                more = sub | {add(h, g) for h in sub for g in gens}
                if more == sub:
                    break
                sub = more
        cosets = []
        for e in elements:
            coset = frozenset(add(e, h) for h in sub)
            if coset not in cosets:
                cosets.append(coset)
        points += [(o, c) for c in cosets]
    index = {p: i for i, p in enumerate(points)}
    perms = [[index[(o, frozenset(add(g, c) for c in coset))] for o, coset in points]
             for g in elements]
    return points, perms


def pair_orbits(n: int, perms) -> list[list[tuple[int, int]]]:
    orbits, done = [], set()
    for pair in itertools.combinations(range(n), 2):
        if pair not in done:
            orbit = sorted({tuple(sorted((g[pair[0]], g[pair[1]]))) for g in perms})
            done.update(orbit)
            orbits.append(orbit)
    return orbits


def model(n: int, k: int, bases: int, perms):
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
            if t and sizes[t] == sizes[t - 1]:     # p at table t: someone before p at t - 1
                for p in range(n):
                    clauses.append([-x(b, p, t)] + [x(b, q, t - 1) for q in range(p)])
    for orbit in pair_orbits(n, perms):
        if len(orbit) < len(perms):                # some element fixes the pair
            clauses += [[-x(b, a, t), -x(b, c, t)] for b in range(bases) for a, c in orbit
                        for t in tables]
            continue
        uses = []
        for b in range(bases):
            for a, c in orbit:
                u = pool.id(("u", b, a, c))
                uses.append(u)
                clauses += [[-x(b, a, t), -x(b, c, t), u] for t in tables]
        card(uses, 1)
    return sizes, x, cnf


def main() -> None:
    n, k = int(sys.argv[1]), int(sys.argv[2])
    spec, bases = sys.argv[3], int(sys.argv[4])
    orbits = sys.argv[sys.argv.index("--orbits") + 1].split(",")
    elements = group(spec)
    points, perms = people(elements, orbits)
    if len(points) != n:
        sys.exit(f"the orbits hold {len(points)} people, not {n}")
    sizes, x, cnf = model(n, k, bases, perms)
    true, seconds = cnf.solve()
    shape = f"{n} in {k}s under {spec}, orbits {','.join(orbits)}, {bases} base round(s)"
    if true is None:
        print(f"UNSAT: {shape} ({seconds:.0f} s)")
        return
    schedule = []
    for b in range(bases):
        base = [[p for p in range(n) if x(b, p, t) in true] for t in range(len(sizes))]
        for g in perms:
            schedule.append(sorted(([g[p] for p in table] for table in base), key=len,
                                   reverse=True))
    schedule_pairs(n, k, schedule)
    print(encode(schedule))
    print(f"SAT: {len(schedule)} rounds, {shape} ({seconds:.0f} s)")
    if "--ship" in sys.argv:
        how = " ".join(["sat_cafe_group"] + [a for a in sys.argv[1:] if a != "--ship"])
        write_module({}, {(n, k): (how, encode(schedule))})


if __name__ == "__main__":
    main()
