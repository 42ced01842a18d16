"""Look with a SAT solver for a Knowledge Cafe schedule that an affine group over a finite
field develops: the translations of ``F_q`` make ``q`` rounds of each base round, and every base
round is mapped onto itself by the multiplications by ``H``, the subgroup of order ``h`` of
``F_q*``.  So the solver only picks a few starter tables: a base round is the images of its
starters under ``H`` (plus tables ``H`` maps onto themselves).  Prints the whole schedule in
the ``found_uneven.UNEVEN`` encoding, or UNSAT (no schedule of that shape).

    .venv/bin/pip install python-sat     # this offline tool only; the bot and tests don't need it
    .venv/bin/python tools/sat_cafe_affine.py 56 4 8 7 --orbits 1 --bases 2 --fixed-round [--ship]
    .venv/bin/python tools/sat_cafe_affine.py 27 3 13 3 --plain 2 --fixed 1 --invariant 3,3,3
    .venv/bin/python tools/sat_cafe_affine.py 55 5 11 5 --orbits 1 --invariant 5 --fixed-round \
        --coset 1

``--ship`` writes a schedule it finds into ``core/pairing/found_uneven.py`` (``UNEVEN``, through
``find_cafe_schedules.write_module``, which keeps whichever entry is longer); the solver is
deterministic, so the recorded command finds the same schedule again.

Arguments: ``n k q h``, then the people, in four kinds (their counts must add up to ``n``):

* ``--orbits r``: ``r h q`` people ``(c, a, x)``, ``c < r``, ``a`` in ``H``, ``x`` in ``F_q``;
  ``s`` in ``H`` and ``b`` in ``F_q`` send them to ``(c, s a, s x + b)``.
* ``--plain u``: ``u q`` people ``(c, x)``, sent to ``(c, s x + b)`` (``H`` fixes ``(c, 0)``).
* ``--infinite f``: ``f h`` people ``(c, a)`` the translations fix, sent to ``(c, s a)``.
* ``--fixed z``: ``z`` people every element fixes (each at a table ``H`` maps onto itself).

``--invariant 5,5``: the sizes of the tables ``H`` maps onto themselves (unions of ``H``'s
orbits); the other tables come in ``H``'s orbits of ``h`` tables. ``--bases B``: ``B`` base
rounds, ``B q`` rounds. ``q`` may be any modulus, not only a field: the translations are then
``Z_q``, and ``--multiplier s`` picks the unit whose powers are ``H``.  ``--fixed-round``:
one more round, which the whole group maps onto itself (see ``fixed_round``): each orbit of
``q`` split into the cosets of an additive subgroup of order ``--coset d`` (default ``k``),
``k / d`` orbits in a row sharing each coset's tables; the base rounds then never seat those
pairs.  ``--coset 1`` is the diagonal round: table ``x`` holds person ``x`` of every orbit.

Why it is repeat-free: the developed schedule seats a pair ``p`` in as many rounds as there are
cosets ``gH`` with ``g^-1 p`` in a base round, so for each orbit ``O`` of pairs under the whole
group, ``|H| x`` (starter pairs in ``O``) ``+`` (pairs of invariant tables in ``O``) may be at
most ``|H| / |stabiliser of a pair of O|``.  56 in fours (``F_8``, the multiplications of order
7 acting on seven orbits of 8): two base rounds of two starters each, 0.3 s; the 24 orbits of
pairs are used exactly once, and the round the translations fix makes 17 (bound 18).  The
same tool finds Kirkman's 15 and 27 in threes (7 and 13 rounds) at once.  55 in fives
(``F_11``, the multiplications of order 5 acting on five orbits of 11, so the group of order
55 is regular): one base round of two starters and one table ``H`` fixes, and the diagonal
round: 12 (bound 13) in a second.  For the fives and
sixes still short (``KNOWN_GAPS``) every shape that fits F_11, F_13, Z_12 and F_5 with two
bases (about 50) was UNSAT, most in under a minute, or ran past 90-300 s.
"""
from __future__ import annotations

import itertools
import math
import os
import sys

from find_cafe_schedules import publish
from satkit import Cnf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from core.pairing.golfers import table_sizes  # noqa: E402

# q -> (p, coefficients of a monic irreducible polynomial of degree e, lowest first)
FIELDS = {4: (2, [1, 1]), 8: (2, [1, 1, 0]), 9: (3, [1, 0]), 16: (2, [1, 1, 0, 0]),
          25: (5, [2, 1]), 27: (3, [1, 2, 0])}


def field(q: int):
    """(add, mul) on ``F_q`` with elements ``0 .. q - 1`` (base-p digits for prime powers)."""
    if q not in FIELDS:                               # a prime, or the ring Z_q
        return (lambda a, b: (a + b) % q), (lambda a, b: a * b % q)
    p, poly = FIELDS[q]
    e = len(poly)

    def digits(a):
        return [a // p ** i % p for i in range(e)]

    def number(ds):
        return sum(d * p ** i for i, d in enumerate(ds))

    def mul(a, b):
        prod = [0] * (2 * e)
        for i, x in enumerate(digits(a)):
            for j, y in enumerate(digits(b)):
                prod[i + j] += x * y
        for top in range(2 * e - 1, e - 1, -1):       # x^e = -(poly)
            c, prod[top] = prod[top] % p, 0
            for i, coeff in enumerate(poly):
                prod[top - e + i] -= c * coeff
        return number([d % p for d in prod[:e]])

    return (lambda a, b: number([(x + y) % p for x, y in zip(digits(a), digits(b))])), mul


def subgroup(q: int, h: int, mul, generator: int | None = None) -> list[int]:
    """The powers of ``generator``, or of the first unit of order ``h`` (1 first)."""
    for g in [generator] if generator else range(1, q):
        powers = [1]
        while len(powers) <= q and (nxt := mul(powers[-1], g)) != 1:
            powers.append(nxt)
        if len(powers) == h:
            return powers
    sys.exit(f"no unit of order {h} in F_{q} or Z_{q}" + (f" ({generator})" if generator else ""))


def people(q: int, H: list[int], r: int, u: int, f: int, z: int):
    points = ([("o", c, a, x) for c in range(r) for a in H for x in range(q)]
              + [("u", c, x) for c in range(u) for x in range(q)]
              + [("i", c, a) for c in range(f) for a in H] + [("z", c) for c in range(z)])
    return points, {p: i for i, p in enumerate(points)}


def element(point, s, b, add, mul):
    if point[0] == "o":
        _, c, a, x = point
        return ("o", c, mul(s, a), add(mul(s, x), b))
    if point[0] == "u":
        return ("u", point[1], add(mul(s, point[2]), b))
    if point[0] == "i":
        return ("i", point[1], mul(s, point[2]))
    return point


def arg(name: str, default: str) -> str:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def model(n, k, points, perms, H_perms, invariant, bases, reserved):
    """``perms``: the whole group; ``H_perms``: the multiplications (identity first)."""
    sizes, cnf = table_sizes(n, k), Cnf()
    free = list(sizes)
    for s in invariant:
        free.remove(s)
    h = len(H_perms)
    if any(free.count(s) % h for s in set(free)):
        sys.exit(f"the tables outside --invariant ({free}) do not come in orbits of {h}")
    starters = sorted(free, reverse=True)[::h]
    inverse = [[0] * n for _ in H_perms]
    for m, perm in enumerate(H_perms):
        for i, j in enumerate(perm):
            inverse[m][j] = i
    y = lambda b, s, p: cnf.var("y", b, s, p)
    w = lambda b, t, p: cnf.var("w", b, t, p)
    first = {}                                  # each orbit of H on people: its first person
    for p in range(n):
        first.setdefault(min(perm[p] for perm in H_perms), p)
    for b in range(bases):
        for p in range(n):
            cnf.card([y(b, s, inverse[m][p]) for s in range(len(starters)) for m in range(h)]
                     + [w(b, t, p) for t in range(len(invariant))], 1, exact=True)
            if points[p][0] == "z":
                cnf.clauses += [[-y(b, s, p)] for s in range(len(starters))]
        for s, size in enumerate(starters):
            cnf.card([y(b, s, p) for p in range(n)], size, exact=True)
            cnf.clauses.append([y(b, s, p) for p in first.values()])
        for t, size in enumerate(invariant):
            cnf.card([w(b, t, p) for p in range(n)], size, exact=True)
            for perm in H_perms[1:]:
                cnf.clauses += [[-w(b, t, p), w(b, t, perm[p])] for p in range(n)]
    done, order = set(), len(perms)
    for pair in itertools.combinations(range(n), 2):
        if pair in done:
            continue
        orbit = {tuple(sorted((g[pair[0]], g[pair[1]]))) for g in perms}
        done |= orbit
        stab = order // len(orbit)
        starter_uses, table_uses = [], []
        for b in range(bases):
            for i, j in orbit:
                for s in range(len(starters)):
                    if stab > 1 or (i, j) in reserved:
                        cnf.clauses.append([-y(b, s, i), -y(b, s, j)])
                    else:
                        u = cnf.var("u", b, s, i, j)
                        cnf.clauses.append([-y(b, s, i), -y(b, s, j), u])
                        starter_uses.append(u)
                for t in range(len(invariant)):
                    if (i, j) in reserved:
                        cnf.clauses.append([-w(b, t, i), -w(b, t, j)])
                        continue
                    v = cnf.var("v", b, t, i, j)
                    cnf.clauses.append([-w(b, t, i), -w(b, t, j), v])
                    table_uses.append(v)
        cnf.card(starter_uses, 1)
        if table_uses:
            cnf.card(table_uses, h // stab)
            if starter_uses:
                used = cnf.var("used", min(orbit))
                cnf.clauses += [[-u, used] for u in starter_uses]
                cnf.clauses += [[-used, -v] for v in table_uses]
    return starters, y, w, cnf


def fixed_round(n, k, q, H, r, u, f, z, index, perms):
    """The round the whole group maps onto itself: each orbit of ``q`` people (``--orbits``,
    ``--plain``) split into the cosets of an additive subgroup of order ``d = --coset`` (default
    ``k``), as ``coset_tables`` seats them, which exits unless ``perms`` (the whole group) map
    the round onto itself; over ``F_2^e`` with orbits only and ``d = k``, the form that found
    56 in fours (``x XOR coset``), which ``H`` does not map onto itself (so unchecked here; the
    model keeps those pairs out of the starters and ``publish`` checks the whole schedule)."""
    d = int(arg("--coset", str(k)))
    if q % d or k % d:
        sys.exit("--fixed-round: --coset must divide q and k")
    if q & (q - 1) == 0 and not (f or u or z) and d == k:
        if k & (k - 1):
            sys.exit("--fixed-round: over F_2^e, k a power of 2")
        tables = [[index[("o", c, a, x ^ coset)] for x in range(k)]
                  for c in range(r) for a in H for coset in range(0, q, k)]
    else:
        tables = coset_tables(k, q, d, H, r, u, f, z, index)
        pairs = {pair for t in tables for pair in itertools.combinations(sorted(t), 2)}
        if {tuple(sorted((g[i], g[j]))) for g in perms for i, j in pairs} != pairs:
            sys.exit("--fixed-round: the group does not map that round onto itself")
    if sorted(map(len, tables)) != sorted(table_sizes(n, k)):
        sys.exit(f"--fixed-round: its tables {sorted(map(len, tables))} are not the cafe's")
    return tables


def coset_tables(k, q, d, H, r, u, f, z, index):
    """Cosets of ``{0 .. d - 1}`` in base-p digits (in ``Z_q`` the multiples of ``q / d``), the
    same coset of ``k / d`` orbits in a row at one table (``--mix``: each ``c``'s ``h`` orbits
    and then plain ones, so that ``H`` maps the round onto itself).  The infinite and fixed
    people join its first tables one each, or with ``--apart`` sit together at their own."""
    if q in FIELDS and FIELDS[q][0] ** round(math.log(d, FIELDS[q][0])) != d:
        sys.exit(f"--fixed-round: F_{q} has no additive subgroup of order {d}")
    label = (lambda x: x // d) if q in FIELDS else (lambda x: x % (q // d))
    cosets = sorted({label(x) for x in range(q)})
    per = k // d
    tagged = [[[("o", c, a, x) for x in range(q)] for a in H] for c in range(r)]
    untagged = [[("u", c, x) for x in range(q)] for c in range(u)]
    if "--mix" in sys.argv:                     # each table: one c's h orbits, then plain ones
        orbits, step = [], per - len(H)
        for c, tags in enumerate(tagged):
            orbits += tags + untagged[c * step:(c + 1) * step]
        orbits += untagged[r * step:]
    else:
        orbits = [o for tags in tagged for o in tags] + untagged
    if len(orbits) % per:
        sys.exit(f"--fixed-round: {len(orbits)} orbits do not make tables of {per} cosets")
    tables = [[index[p] for o in orbits[i:i + per] for p in o if label(p[-1]) == coset]
              for i in range(0, len(orbits), per) for coset in cosets]
    extras = ([index[("i", c, a)] for c in range(f) for a in H]
              + [index[("z", c)] for c in range(z)])
    if "--apart" in sys.argv:
        return tables + [extras[i:i + k] for i in range(0, len(extras), k)]
    plain = tables[r * len(H) * len(cosets) // per:]
    seats = ([tables[(c * len(H) + H.index(a)) * len(cosets)] if c < r else plain[c - r]
              for c in range(f) for a in H if c < r or len(H) == 1]
             + plain[max(0, f - r):][:z])
    if len(seats) != len(extras):
        sys.exit("--fixed-round: no table for each infinite and fixed person")
    for table, person in zip(seats, extras):
        table.append(person)
    return tables


def main() -> None:
    n, k, q, h = map(int, sys.argv[1:5])
    r, u, f, z = (int(arg(a, "0")) for a in ("--orbits", "--plain", "--infinite", "--fixed"))
    bases = int(arg("--bases", "1"))
    invariant = [int(s) for s in arg("--invariant", "").split(",") if s]
    add, mul = field(q)
    H = subgroup(q, h, mul, int(arg("--multiplier", "0")) or None)
    points, index = people(q, H, r, u, f, z)
    if len(points) != n:
        sys.exit(f"the people add up to {len(points)}, not {n}")
    perms = [[index[element(p, s, b, add, mul)] for p in points] for s in H for b in range(q)]
    H_perms = perms[::q]                        # b = 0: the multiplications
    extra = (fixed_round(n, k, q, H, r, u, f, z, index, perms) if "--fixed-round" in sys.argv
             else [])
    reserved = {pair for t in extra for pair in itertools.combinations(sorted(t), 2)}
    starters, y, w, cnf = model(n, k, points, perms, H_perms, invariant, bases, reserved)
    true, seconds = cnf.solve()
    ring = "F" if q in FIELDS or all(q % d for d in range(2, q)) else "Z"
    shape = (f"{n} in {k}s over {ring}_{q}, H of order {h}: {r} orbit(s), {u} plain, {f} infinite,"
             f" {z} fixed;"
             f" {bases} base round(s), invariant tables {invariant or 'none'}")
    if true is None:
        print(f"UNSAT: {shape} ({seconds:.0f} s)")
        return
    schedule = []
    for b in range(bases):
        tables = [[perm[p] for p in range(n) if y(b, s, p) in true]
                  for s in range(len(starters)) for perm in H_perms]
        tables += [[p for p in range(n) if w(b, t, p) in true] for t in range(len(invariant))]
        for shift in perms[:q]:                 # s = 1: the translations
            schedule.append(sorted((sorted(shift[p] for p in t) for t in tables),
                                   key=lambda t: (-len(t), t)))
    if extra:
        schedule.append(sorted(sorted(t) for t in extra))
    publish("sat_cafe_affine", n, k, schedule,
            f"SAT: {len(schedule)} rounds, {shape} ({seconds:.0f} s)")


if __name__ == "__main__":
    main()
