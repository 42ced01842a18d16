"""Finite fields GF(q) as addition and multiplication tables, for the affine-plane designs.

``field(q) -> (add, mul) | None``: tables over the elements ``0..q-1`` for ``q`` a prime (integers
mod ``q``) or one of the prime powers 4, 8, 9 and 16 (polynomials over GF(2) or GF(3) modulo an
irreducible polynomial); ``None`` otherwise.  ``has_field(q)`` says whether ``field`` can build
one, without building it.
"""
from __future__ import annotations

_POLY = {4: (2, 0b111), 8: (2, 0b1011), 9: (3, (1, 0, 1)), 16: (2, 0b10011)}


def field(q: int):
    """(add, mul) tables for GF(q), q a prime or one of 4, 8, 9, 16; None otherwise."""
    if not has_field(q):
        return None
    if q not in _POLY:
        return ([[(a + b) % q for b in range(q)] for a in range(q)],
                [[(a * b) % q for b in range(q)] for a in range(q)])
    p, poly = _POLY[q]
    if p == 2:
        add = [[a ^ b for b in range(q)] for a in range(q)]
        deg = q.bit_length() - 1

        def mul(a, b):
            r = 0
            while b:
                if b & 1:
                    r ^= a
                b >>= 1
                a <<= 1
                if a >> deg & 1:
                    a ^= poly
            return r
        return add, [[mul(a, b) for b in range(q)] for a in range(q)]
    # GF(9) = GF(3)[x] / (x^2 + 1): element a0 + 3*a1
    def split(a):
        return a % 3, a // 3
    add = [[(split(a)[0] + split(b)[0]) % 3 + 3 * ((split(a)[1] + split(b)[1]) % 3)
            for b in range(9)] for a in range(9)]

    def mul9(a, b):
        a0, a1 = split(a)
        b0, b1 = split(b)
        return (a0 * b0 - a1 * b1) % 3 + 3 * ((a0 * b1 + a1 * b0) % 3)
    return add, [[mul9(a, b) for b in range(9)] for a in range(9)]


def has_field(q: int) -> bool:
    return q in _POLY or (q >= 2 and all(q % d for d in range(2, int(q ** 0.5) + 1)))
