"""Knowledge Cafe schedules found by computer search, shipped as data.

Where no algebraic construction in ``designs`` reaches the best known number of repeat-free
rounds (see ``golfers``), we ship a schedule found offline by a tabu search for the Social
Golfer Problem (swap two people at different tables of one round, minimising the number of
repeated pairs; tabu tenure 10-19 iterations; a small random perturbation after 20,000
iterations without improvement; the search ran for at most 90 s per instance), or by an
exact-cover search over a finite geometry: 28 in fours is a resolution (9 parallel classes) of
the Hermitian unital in PG(2, 9) (points ``x^4 + y^4 + z^4 = 0``, blocks = its 4-point line
sections), found by backtracking over its parallel classes; 40 in fours is a packing of
PG(3, 3) (its 130 lines split into 13 spreads of 10), found by randomised backtracking over
spreads.  32 in fours (10 rounds, the best known) was found by a SAT solver over schedules with
a given symmetry group (``tools/find_cafe_32_in_fours.py``); 60 in sixes (6 rounds; no
transversal design, as that needs 5 mutually orthogonal Latin squares of order 10) by
``tools/cafe_search.c``.  Each schedule
is verified here on import (everyone once per round, no pair twice) and by
``tests/test_pairing_quality.py``.

Schedules for rosters that are not a multiple of ``k`` (tables of ``k`` and ``k + 1``) live in
``found_uneven``, found by the same kind of search (``tools/find_cafe_schedules.py``).

Encoding: rounds separated by spaces; a round lists its ``n`` people (one character each, the
alphabet below) table after table, in the order of ``golfers.table_sizes(n, k)`` (largest
tables first).
"""
from __future__ import annotations

from functools import lru_cache

from .found_uneven import UNEVEN
from .golfers import seat
from .verify import schedule_pairs

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"

FOUND: dict[tuple[int, int], str] = {
    (21, 3): (
        "0123456789abcdefghijk 98ibdg4hjka213c0e657f i30ca69fk47dg512hejb8 8kdga3fi2b164e9hc75j0 "
        "8cg56ie3fk7024b9h1jda 17jkbh2d3g96a5ef08i4c 1ke7ai59d38hj62bfcg04 6df841g729j3k5ciebha0 "
        "1af09cgej5287b3k46dih"),
    (24, 3): (
        "0123456789abcdefghijklmn 8gdi921ckanhm0bj46el57f3 e9mg2l0d6f5ab7kjch83i14n "
        "mc5d4kaig2j3fn8h9071l6eb 51jkn9lf6g037dah2m4iec8b ca4lbjfe01gm5796ih2k8n3d "
        "4lhgb5nc0f2d89j7imke3a16 7c2klam36hbd0i5e18jgn94f d192nejma6gkh58cl3740fbi "
        "4b2idlgc9mkf7eja8065n13h"),
    (24, 4): (
        "0123456789abcdefghijklmn an0g4cki358elh9f6d1m2bj7 mc7g43fni1blj08d5hka962e "
        "k3j61hen940m87ifl2acdgb5 70kel8g63bch1aj4f25mdin9 06fb824himaekg195ncjld37"),
    (28, 4): (
        "0123456789abcdefghijklqrmnop 04jn178e2dgq3blo59ik6cprafhm 05bc19lm26ho3ejq4agk7fnr8dip "
        "069e1fko2bir34hp5anq7djl8cgm 07go1ajr2ekp358f4cil6bmq9dhn 08hr14bd25jm3ckn6fgl79pqaeio "
        "0alp1chq249f37im5dor68jkbegn 0dkm16in27ac39gr48oq5ehlbfjp 0fiq15gp28ln36ad4emr7bhk9cjo"),
    (30, 3): (
        "0123456789abcdefghijklmnopqrst ld614fgai90mcj8e72bhokspq5t3nr "
        "dkofp52j9cma6nteh08s34ir7qgl1b 9gp7aktol2nf6j48hme1qcr5si0bd3 "
        "4gkm23eipflco9rt8anb750ds61hjq moe1jd69fbitcn0h2akq385grp74sl "
        "ql049n1p86a5tfe3cgbk27iomrjsdh glr89emk6ch1dfa5s7oj3pb0niq42t "
        "qd9snecb6fj7mtghilo25r1kap3408 dm70jgctkn1asof28r4bqi59le3hp6 "
        "qfrg2dt710aocs93i6k8lbje5nh4pm 15m8idq62earkf0gsbpjnco479lt3h "
        "ek5c2ih47qsmdpt193aljgonr608fb"),
    (32, 4): (
        "024613578atv9bsuceprdfoqgilnhjkm 0fgr1ehq2cms3dnt4bkv5alu68io79jp "
        "0ajs1bit27qv36ru4eno5fmp8cgk9dhl 0dmv1cnu2fkt3els49ir58jq6bgp7aho "
        "03hi12gj47lm56kn8bde9acforsvpqtu 09nq18mr2blo3akp4cht5dgs6ejv7fiu "
        "0eku1flv2dip3cjo4agq5bhr69mt78ns 08lp19ko2anr3bmq4dju5civ6fhs7egt "
        "07bc16ad259e348fgmouhnpvikqsjlrt 05ot14ps28hu39gv6clq7dkraeimbfjn"),
    (36, 3): (
        "0123456789abcdefghijklmnopqrstuvwxyz itx3budjoe2w56kylr1sgfm0acn7498hpvzq "
        "wfcse8m4y6db2j93t0vihr5aozl7nxq1ukgp jm13hdxpr42ct7avl5oebu06ifqw9sygnkz8 "
        "2dxe1au4l7zfqnksi3chmpw6vyt085or9bjg kfu04b7cs6jrlaw3mp1in8ydoxvg9eqht25z "
        "o32kh4mzti70vnsqel6yacg5jxw981pdufrb 09xvfe8rmkw1iap73lq2bnhjzgds46to5cyu "
        "rwhgq7tl2x3akv0fndo8ci6ep4z9mu15bjys 69luer0np17oywqzhbg4t2smv8aj3fxckdi5 "
        "8u2on4giwajq1z3by7vp96ftdlsekm0crxh5 1tdwn5lfp72voahey08g3c9iksbm6xqr4uzj "
        "62hmad9nzwo0r3kxug4vjbctp7eli81fys5q 59fw7m0dqirzyk24xeo6gtpjuas3vcbn8lh1 "
        "tk90jlc6zxq82age3n4wdp5y7huimbofsv1r nr2wt85je7kd63q1cpy9hf4amgvouis0zlxb"),
    (40, 4): (
        "0pqr1ehk2xyC357c4jsB6dow8lmz9itvafuAbgnD 0ghi169c2nrs3xzB4dmv5jtD7loA8fpCakqwbeuy "
        "0def1vyB248c3mrt5gqA6juC7knz9hsxaioDblpw 0mno1wzC267b3fhj4irA5kuB8gtx9epDadsyclqv "
        "0yzA1nqt2eij368a4luD5fmw7gsv9drCbhoBckpx 0jkl1xAD2mqu349b5eov6grz7dpB8iswahnCcfty "
        "0BCD1fil259a3oqs4gpy6emx7htw8jnAbkrvcduz 0abc1dgj2opt3wyD4hqz5lsC6fnv7iux8erB9kmA "
        "0stu158b2vzD3dik4enw6hpA7jmy9fqBalrxcgoC 0vwx147a2fgk3npu5hry6ltB8dqD9jozbimCcesA "
        "04561mps2dhl3vAC7frD8koy9guwaetzbjqxcinB 07891oru2wAB3egl4ktC5dnx6iqyajpvbfszchmD "
        "01234fox5ipz6ksD7eqC8huv9lnyagmBbdtAcjrw"),
    # 60 in sixes: 6 rounds: cafe_search 60 6 0 2000000 6 6 6 6 6 6 6 6 6 6 (seed 0, 0.01 s)
    (60, 6): (
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX "
        "5l6OVcPuLe27jK4fXwWxrgnHRSoJEbUqzmD18kMItCsyh0aBiGQvTA9pN3dF "
        "qyRnG5iPfapz6TLsgFKul0Md1bXHhCjO7WIE84xQeDcSw3rkJtAmNVUv2oB9 "
        "IQXa2cbGzjdrMA3oye06nDfSp4mWuh1lt9LR8gENqvK7xCVsUFwHiOJk5PBT "
        "DpvRX7LdOSmy3QBzK6tT2fHEsblweIx0FqJjPW81cAhr5Mi9GgVk4oUuNCna "
        "h3lqT7IdAU6x2GWsDMLQpnEwvJfO1rS9PjgCNze0XkoaK5Fmiytcb4RVHB8u"),
}


def encode(rounds) -> str:
    """``rounds`` (lists of tables, largest tables first) in the encoding above."""
    return " ".join("".join(ALPHABET[p] for t in rnd for p in t) for rnd in rounds)


@lru_cache(maxsize=None)
def found_rounds(n: int, k: int):
    """The shipped schedule for ``n`` people in tables of ``k`` (rounds of tables), or None."""
    text = FOUND.get((n, k)) or UNEVEN.get((n, k), (None, None))[1]
    if text is None:
        return None
    rounds = [[sorted(t) for t in seat([ALPHABET.index(c) for c in word], k)]
              for word in text.split()]
    schedule_pairs(n, k, rounds)
    return rounds
