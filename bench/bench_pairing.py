"""Benchmark the Coffee Connect pairing engine against a plain shuffle (Icebreaker-style) and,
under churn, against an exact per-round maximum-weight matching.  Run from the repo root:
``python bench/bench_pairing.py``.  Times are wall-clock on one core; memory is the peak
traced by tracemalloc during the planned round (a separate, untimed run)."""
from __future__ import annotations

import os
import random
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core.pairing import Participant, plan_round  # noqa: E402
from core.pairing.reference import (churn_rosters, reference_round, repeat_free_rounds,  # noqa: E402
                                    shuffle_round, simulate)

ROW = "{:<34} {:>16} {:>16} {:>16} {:>10} {:>10}"


def people(n, prefix="p"):
    return [Participant(f"{prefix}{i:06d}", department=f"dept{i % 5}") for i in range(n)]


def stable(n, k, rounds, bound, label):
    ros = [people(n)] * rounds
    t = time.perf_counter()
    eng, _ = simulate(plan_round, ros, k)
    per = (time.perf_counter() - t) / rounds
    shf, _ = simulate(shuffle_round, ros, k)
    print(ROW.format(label, f"{repeat_free_rounds(eng)}/{bound}", "-",
                     f"{repeat_free_rounds(shf)}/{bound}", f"{per * 1000:.1f}ms", "-"))


def churn(n, rounds, pool, seeds, with_reference=True):
    tot_e = tot_r = tot_s = 0
    t_e = 0.0
    for seed in seeds:
        ros = churn_rosters(lambda i: Participant(f"u{i:05d}", department=f"d{i % 4}"),
                            n, rounds, 0.1, seed=seed, pool=pool)
        t = time.perf_counter()
        _, e = simulate(plan_round, ros, seed=seed)
        t_e += time.perf_counter() - t
        tot_e += e
        if with_reference:
            tot_r += simulate(reference_round, ros, seed=seed)[1]
        tot_s += simulate(shuffle_round, ros, seed=seed)[1]
    per = t_e / (rounds * len(seeds))
    ref = str(tot_r) if with_reference else "n/a (cubic)"
    print(ROW.format(f"churn {n} ({pool} pool) x{rounds}r x{len(seeds)}", f"{tot_e} repeats", ref,
                     f"{tot_s} repeats", f"{per * 1000:.0f}ms", "-"))


def big(n, rounds):
    ps = people(n)
    ids = [p.id for p in ps]
    rng = random.Random(7)
    history = []
    for _ in range(rounds):
        rng.shuffle(ids)
        history.append([(ids[i], ids[i + 1]) for i in range(0, n - 1, 2)])
    t = time.perf_counter()
    rnd = plan_round(ps, history, seed=3)
    dt = time.perf_counter() - t
    tracemalloc.start()
    plan_round(ps, history, seed=3)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    seen = {tuple(sorted(g)) for r in history for g in r}
    rep = sum(1 for g in rnd if tuple(sorted(g)) in seen)
    s = shuffle_round(ps, history)
    srep = sum(1 for g in s if tuple(sorted(g)) in seen)
    print(ROW.format(f"{n} pairs, {rounds} rounds history", f"{rep} repeats", "-",
                     f"{srep} repeats", f"{dt:.2f}s", f"{peak / 2**20:.0f}MiB"))


def main():
    print(ROW.format("scenario", "engine", "max-weight ref", "shuffle", "t/round", "peak mem"))
    print("-- repeat-free rounds achieved / bound (pairs: n-1 even, n(n-1)/(n+3) odd)")
    for n in (10, 30, 60):
        stable(n, 2, n - 1, n - 1, f"pairs n={n} stable")
    for n in (11, 15, 21, 31):
        stable(n, 2, n, n * (n - 1) // (n + 3), f"pairs n={n} stable (odd)")
    print("-- Knowledge Cafe repeat-free rounds / best known (bound)")
    for n, k, best in ((15, 3, 7), (16, 4, 5), (20, 4, 5), (32, 4, 10), (24, 4, 7), (18, 3, 8)):
        stable(n, k, best + 1, f"{best}({(n - 1) // (k - 1)})", f"cafe {n} in {k}s")
    print("-- churn: 10% of the roster leaves/pauses and as many join, every round")
    churn(30, 20, 33, range(5))
    churn(31, 20, 34, range(5))
    churn(2000, 5, 2300, range(1), with_reference=False)
    print("-- scale")
    big(100_000, 26)


if __name__ == "__main__":
    main()
