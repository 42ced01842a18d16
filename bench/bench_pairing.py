"""Benchmark the Coffee Connect pairing engine against a plain shuffle (what Microsoft's
Icebreaker does) and, under churn, against an exact per-round maximum-weight matching.

Run from the repo root: ``python bench/bench_pairing.py`` (about two minutes).  Every scenario
plans each round from the last 26 rounds only, as the coffee service does.  Times are
wall-clock per planned round on one core.  The scale scenario runs in a child process and
reports the traced peak (tracemalloc) of one ``plan_round`` call and the child's peak RSS
(``ru_maxrss``, which includes the 1.3M-group input history it builds first; the RSS before
planning is shown too).

``python bench/bench_pairing.py --odd-variants 5 7 ...`` runs the offline search that chose
``core.pairing.odd.VARIANT`` (first labelling reaching the bound or one less)."""
from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core.pairing import Participant, plan_round  # noqa: E402
from core.pairing.golfers import best_known, bound, table_sizes, target  # noqa: E402
from core.pairing.reference import (churn_rosters, reference_round, repeat_free_rounds,  # noqa: E402
                                    shuffle_round, simulate)

ROW = "{:<36} {:>14} {:>14} {:>14} {:>9} {:>16}"


def people(n, prefix="p"):
    return [Participant(f"{prefix}{i:06d}", department=f"dept{i % 5}") for i in range(n)]


def stable(n, k, rounds, goal, label):
    ros = [people(n)] * rounds
    t = time.perf_counter()
    eng, _ = simulate(plan_round, ros, k)
    per = (time.perf_counter() - t) / rounds
    shf, _ = simulate(shuffle_round, ros, k)
    print(ROW.format(label, f"{repeat_free_rounds(eng)}/{goal}", "-",
                     f"{repeat_free_rounds(shf)}/{goal}", f"{per * 1000:.1f}ms", "-"))


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
    ref = f"{tot_r} repeats" if with_reference else "n/a (cubic)"
    print(ROW.format(f"churn {n} ({pool} pool) x{rounds}r x{len(seeds)}", f"{tot_e} repeats",
                     ref, f"{tot_s} repeats", f"{per * 1000:.0f}ms", "-"))


def big_child(n, rounds):
    """Runs in a child process; prints one JSON line."""
    ps = people(n)
    ids = [p.id for p in ps]
    rng = random.Random(7)
    history = []
    for _ in range(rounds):
        rng.shuffle(ids)
        history.append([(ids[i], ids[i + 1]) for i in range(0, n - 1, 2)])
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times = []
    for _ in range(3):
        t = time.perf_counter()
        rnd = plan_round(ps, history, seed=3)
        times.append(time.perf_counter() - t)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    plan_round(ps, history, seed=3)
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    seen = {tuple(sorted(g)) for r in history for g in r}
    rep = sum(1 for g in rnd if tuple(sorted(g)) in seen)
    srep = sum(1 for g in shuffle_round(ps, history) if tuple(sorted(g)) in seen)
    inline, thread = asyncio.run(loop_stalls(ps, history))
    print(json.dumps(dict(t=min(times), rep=rep, srep=srep, traced=traced,
                          rss_before=rss_before * 1024, rss=rss_after * 1024,
                          inline=inline, thread=thread)))


async def loop_stalls(ps, history) -> tuple[float, float]:
    """The longest the event loop went without running a 5 ms ticker while one round was
    planned: inline, as the coffee service once did, and in a worker thread, as it does now."""
    async def longest_gap(planning) -> float:
        gaps, done = [0.0], asyncio.Event()

        async def tick():
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        ticker = asyncio.create_task(tick())
        await asyncio.sleep(0.02)
        await planning()
        done.set()
        await ticker
        return max(gaps)

    async def inline():
        plan_round(ps, history, seed=3)

    async def threaded():
        await asyncio.to_thread(plan_round, ps, history, seed=3)

    return await longest_gap(inline), await longest_gap(threaded)


def big(n, rounds):
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--big", str(n), str(rounds)],
                         capture_output=True, text=True, check=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    mib = 2 ** 20
    print(ROW.format(f"{n} pairs, {rounds} rounds history", f"{r['rep']} repeats", "-",
                     f"{r['srep']} repeats", f"{r['t']:.2f}s",
                     f"{r['traced'] / mib:.0f}/{r['rss'] / mib:.0f}MiB"))
    print(f"   (best of 3 calls; peak memory = traced by plan_round / child peak RSS; RSS was "
          f"{r['rss_before'] / mib:.0f}MiB before planning)")
    print(f"   longest event-loop stall while one round is planned: "
          f"{r['thread'] * 1000:.0f}ms in a worker thread (as the coffee service plans) vs "
          f"{r['inline'] * 1000:.0f}ms planned inline")


def odd_variants(sizes):
    from core.pairing.odd import schedule
    for n in sizes:
        b = n * (n - 1) // (n + 3)
        for v in range(40):
            got = len(schedule(n, v))
            if got >= b - 1 or n == 5:
                print(f"    {n}: {v},   # {got}/{b}", flush=True)
                break


def main():
    print(ROW.format("scenario", "engine", "max-weight ref", "shuffle", "t/round", "peak mem"))
    print("-- pairs, stable roster: repeat-free rounds / bound (n-1 even, n(n-1)/(n+3) odd)")
    for n in (10, 30, 60):
        stable(n, 2, n, n - 1, f"pairs n={n}")
    for n in (5, 7, 9, 11, 15, 21, 25, 31, 41, 51, 61):
        b = n * (n - 1) // (n + 3)
        stable(n, 2, b + 1, b, f"pairs n={n} (odd)")
    print("-- Knowledge Cafe: repeat-free rounds / best known (bound); ? = best known unknown")
    for k in (3, 4, 5, 6):
        for n in range(2 * k, 41):
            if n % k and bound(n, k) <= 1:
                continue                # uneven tables where the pigeonhole allows one round
            best = best_known(n, k)
            goal = f"{best if best is not None else '?'}({bound(n, k)})"
            stable(n, k, target(n, k) + 1, goal, f"cafe {n} in {k}s")
    print("-- Knowledge Cafe, larger rosters (tables chosen by golfers.tables): same columns")
    for n, k in ((45, 5), (54, 5), (60, 6), (61, 6), (100, 4), (108, 4), (125, 5)):
        best = best_known(n, k)
        goal = f"{best if best is not None else '?'}({bound(n, k)})"
        stable(n, k, target(n, k) + 1, goal, f"cafe {n} in {k}s, {len(table_sizes(n, k))} tables")
    print("-- churn: 10% of the roster leaves/pauses and as many join, every round")
    churn(30, 20, 33, range(5))
    churn(31, 20, 34, range(5))
    churn(2000, 26, 2300, range(1), with_reference=False)
    print("-- scale")
    big(100_000, 26)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--big"]:
        big_child(int(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1:2] == ["--odd-variants"]:
        odd_variants([int(x) for x in sys.argv[2:]])
    else:
        main()
