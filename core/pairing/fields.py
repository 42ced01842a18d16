"""Finite fields GF(q) as addition and multiplication tables, for the affine-plane designs.

``field(q) -> (add, mul) | None``: tables over the elements ``0..q-1`` when ``q`` is a prime
(integers mod ``q``) or a prime power ``p^e``, up to ``MAX_ORDER``; ``None`` otherwise (a design
over a larger field would be hundreds of rounds long and costly to build; search seats such
rosters).  Element
``a`` of GF(p^e) is the polynomial whose coefficients are the base-``p`` digits of ``a``
(lowest first), and products are taken modulo a monic irreducible polynomial of degree ``e``:
the ones in ``_POLY`` for 4, 8, 9 and 16 (the labelling the shipped designs were built with),
otherwise the first one in counting order.  ``has_field(q)`` says whether ``field`` can build
one, without building it.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import product

MAX_ORDER = 256             # tables of q^2 entries; a design of q rounds of q tables

# q -> monic irreducible polynomial, coefficients lowest first (x^2 + x + 1 for 4, ...)
_POLY = {4: (1, 1, 1), 8: (1, 1, 0, 1), 9: (1, 0, 1), 16: (1, 1, 0, 0, 1)}


def _prime_power(q: int) -> tuple[int, int] | None:
    if q < 2:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    e = 0
    while q % p == 0:
        q //= p
        e += 1
    return (p, e) if q == 1 else None


def has_field(q: int) -> bool:
    return 2 <= q <= MAX_ORDER and _prime_power(q) is not None


@lru_cache(maxsize=16)
def field(q: int):
    """(add, mul) tables for GF(q), or None when ``has_field(q)`` is false."""
    if not has_field(q):
        return None
    p, e = _prime_power(q)
    if e == 1:
        return ([[(a + b) % q for b in range(q)] for a in range(q)],
                [[(a * b) % q for b in range(q)] for a in range(q)])
    poly = _POLY.get(q) or _irreducible(p, e)
    digits = [_digits(a, p, e) for a in range(q)]
    add = [[_number([(x + y) % p for x, y in zip(da, db)], p) for db in digits] for da in digits]
    mul = [[_number(_times(da, db, poly, p), p) for db in digits] for da in digits]
    return add, mul


def _digits(a: int, p: int, e: int) -> list[int]:
    return [a // p ** i % p for i in range(e)]


def _number(digits, p: int) -> int:
    return sum(d * p ** i for i, d in enumerate(digits))


def _times(a, b, poly, p: int) -> list[int]:
    """a * b modulo the monic ``poly`` (degree e) over GF(p); coefficient lists, lowest first."""
    e = len(poly) - 1
    prod = [0] * (2 * e - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                prod[i + j] = (prod[i + j] + x * y) % p
    return _remainder(prod, poly, p)


def _irreducible(p: int, e: int) -> tuple[int, ...]:
    """The first monic polynomial of degree ``e`` over GF(p) with no monic factor of degree 1 to
    ``e // 2``."""
    def monic(d):
        return [tuple(low) + (1,) for low in product(range(p), repeat=d)]
    factors = [f for d in range(1, e // 2 + 1) for f in monic(d)]
    return next(f for f in monic(e) if not any(_divides(g, f, p) for g in factors))


def _divides(g, f, p: int) -> bool:
    return not any(_remainder(f, g, p))


def _remainder(f, g, p: int) -> list[int]:
    """``f`` modulo the monic ``g`` over GF(p); coefficient lists, lowest first."""
    rest = list(f)
    dg = len(g) - 1
    for top in range(len(rest) - 1, dg - 1, -1):     # subtract c * x^(top-dg) * g
        c = rest[top]
        if c:
            for i, coef in enumerate(g):
                rest[top - dg + i] = (rest[top - dg + i] - c * coef) % p
    return rest[:dg]
