"""Scenario tests for the quality targets: round-robin bound, odd rosters, churn, cafe designs."""
from __future__ import annotations


import pytest

from core.pairing.verify import schedule_pairs

from core.pairing import Participant, plan_round
from core.pairing.golfers import PROVEN, best_known, bound, table_sizes, target
from core.pairing.reference import (churn_rosters, pairs_in, reference_round,
                                    repeat_free_rounds, simulate)


def people(n):
    return [Participant(f"p{i:03d}", department=f"d{i % 3}") for i in range(n)]


@pytest.mark.parametrize("n", [4, 6, 10, 16, 30, 60])
def test_even_roster_round_robin_then_even_repeats(n):
    rounds, _ = simulate(plan_round, [people(n)] * (2 * (n - 1) + 1), seed=n)
    assert repeat_free_rounds(rounds) == n - 1
    met = {}
    for r, rnd in enumerate(rounds):
        for p in pairs_in(rnd):
            met[p] = met.get(p, 0) + 1
        if r == n - 2:
            assert set(met.values()) == {1} and len(met) == n * (n - 1) // 2
        if r == 2 * n - 3:
            assert set(met.values()) == {2}      # nobody met thrice before all met twice
    assert max(met.values()) == 3


@pytest.mark.parametrize("n", [5, 7, 9, 11, 15, 21, 25, 31, 41, 51, 61])
def test_odd_roster_reaches_bound_or_one_less(n):
    bound = n * (n - 1) // (n + 3)
    rounds, _ = simulate(plan_round, [people(n)] * (bound + 1), seed=1)
    assert repeat_free_rounds(rounds) >= bound - 1
    groups = [sorted(map(len, rnd)) for rnd in rounds]
    assert all(g == [2] * (n // 2 - 1) + [3] for g in groups)


def test_odd_schedule_continues_across_seeds_and_falls_back_after_churn():
    n = 15
    a, _ = simulate(plan_round, [people(n)] * 11, seed=5)
    b, _ = simulate(plan_round, [people(n)] * 11, seed=6)
    assert repeat_free_rounds(a) >= 10 and repeat_free_rounds(b) >= 10 and a != b
    # someone new joins: no schedule any more, but the planner still avoids last-round partners
    ros = people(n) + [Participant("new")]
    nxt = plan_round(ros[1:], a[:4], seed=5)
    last = {frozenset(p) for p in pairs_in(a[3])}
    assert not any(frozenset(p) in last for p in pairs_in(nxt))


@pytest.mark.parametrize("size,pool", [(30, 33), (31, 34), (30, 45)])
def test_churn_no_worse_than_per_round_max_weight_matching(size, pool):
    for seed in range(3):
        ros = churn_rosters(lambda i: Participant(f"u{i:03d}"), size, 20, 0.1, seed, pool)
        _, engine = simulate(plan_round, ros, seed=seed)
        _, reference = simulate(reference_round, ros, seed=seed)
        assert engine <= reference


def test_churn_prefers_old_repeats_over_recent_ones():
    ps = people(4)
    a, b, c, d = (p.id for p in ps)
    # every pairing is a repeat; (a,b)(c,d) met long ago, the others recently
    history = [[(a, b), (c, d)]] + [[(a, c), (b, d)], [(a, d), (b, c)]] * 3
    assert plan_round(ps, history) == [(a, b), (c, d)]


CAFE_SIZES = [(n, k) for k in (3, 4, 5, 6) for n in range(2 * k, 61)]
# (n, k) -> repeat-free rounds the engine reaches today, more than one below the target (best
# known, or golfers.bound): no schedule found yet that gets closer.  All are above 40 people.
KNOWN_GAPS: dict[tuple[int, int], int] = {
    # fours (targets 12, 15, 16)
    (43, 4): 9, (50, 4): 12, (55, 4): 13,
    # fives (targets 11, 13 x 4, 14) and sixes (target 11)
    (45, 5): 9,
    (56, 5): 11, (57, 5): 11, (58, 5): 11, (59, 5): 11, (60, 5): 12,
    (60, 6): 6,
}


@pytest.mark.parametrize("n,k", CAFE_SIZES)
def test_cafe_within_one_round_of_best_known(n, k):
    goal = target(n, k)
    rounds, _ = simulate(plan_round, [people(n)] * (goal + 1), k, seed=2)
    got = repeat_free_rounds(rounds)
    assert got <= goal if best_known(n, k) is not None else got <= bound(n, k)
    if (n, k) in KNOWN_GAPS:
        assert got >= KNOWN_GAPS[(n, k)]
        pytest.xfail(f"{n} in {k}s: {got} repeat-free rounds, target {goal} (best known/bound)")
    assert got >= goal - 1


@pytest.mark.parametrize("n,k,best", [(15, 3, 7), (16, 4, 5), (20, 4, 5), (9, 3, 4), (25, 5, 6),
                                      (33, 3, 16), (39, 3, 19), (36, 4, 11), (32, 4, 10),
                                      (30, 5, 6)])
def test_cafe_best_known_repeat_free_rounds(n, k, best):
    rounds, _ = simulate(plan_round, [people(n)] * (best + 1), k, seed=2)
    assert repeat_free_rounds(rounds) == best


def test_shipped_cafe_schedules_are_repeat_free():
    from core.pairing.found import FOUND, found_rounds
    from core.pairing.found_uneven import ROTATIONAL, UNEVEN
    from core.pairing.rotational import rotational_rounds
    for (n, k) in [*FOUND, *UNEVEN, *ROTATIONAL]:
        rounds = rotational_rounds(n, k) if (n, k) in ROTATIONAL else found_rounds(n, k)
        schedule_pairs(n, k, rounds)          # raises unless repeat-free, everyone seated once
        assert len(rounds) >= KNOWN_GAPS.get((n, k), target(n, k) - 1)


def test_a_base_round_its_shifts_map_onto_itself_is_one_round():
    from core.pairing.rotational import develop_uneven
    # Z_4 on 0-3 and 4-7, 8 fixed: each orbit a table is the same round after any shift
    rounds = develop_uneven(9, 4, "0,1,2,3,8 4,5,6,7 | 0,4,8 1,5 2,6 3,7")
    assert rounds[0] == [[0, 1, 2, 3, 8], [4, 5, 6, 7]]
    assert len(rounds) == 5 and rounds[4] == [[3, 7, 8], [0, 4], [1, 5], [2, 6]]


@pytest.mark.parametrize("n,k,rounds", [(29, 4, 7), (31, 4, 7), (35, 4, 8), (36, 5, 7),
                                        (39, 5, 7), (47, 6, 7)])
def test_uneven_tables_from_a_truncated_transversal_design(n, k, rounds):
    from core.pairing.designs import design_rounds
    got = design_rounds(n, k)
    schedule_pairs(n, k, got)               # tables of k and k + 1, nobody meets anyone twice
    assert len(got) >= rounds


@pytest.mark.parametrize("q", [4, 8, 9, 16, 25, 27, 32, 49, 125])
def test_prime_power_fields_obey_the_field_laws(q):
    from core.pairing.fields import field
    add, mul = field(q)
    els = range(q)
    assert all(1 in mul[a] for a in range(1, q))                    # inverses
    assert all(0 in add[a] for a in els)
    for a, b, c in [(a, (a * 7 + 3) % q, (a * 5 + 1) % q) for a in els]:
        assert mul[a][add[b][c]] == add[mul[a][b]][mul[a][c]]
        assert mul[mul[a][b]][c] == mul[a][mul[b][c]] and add[a][b] == add[b][a]


@pytest.mark.parametrize("n,k,rounds", [(100, 4, 25), (108, 4, 27), (135, 5, 27), (196, 4, 49)])
def test_transversal_designs_over_prime_power_fields(n, k, rounds):
    from core.pairing.designs import design_rounds
    got = design_rounds(n, k)
    schedule_pairs(n, k, got)
    assert len(got) == rounds


@pytest.mark.parametrize("n,k,seated,rounds", [(51, 5, 9, 9), (52, 5, 9, 9), (53, 5, 9, 9),
                                               (54, 5, 9, 9), (61, 6, 9, 9), (73, 4, 17, 17)])
def test_fewer_larger_tables_when_only_they_have_a_design(n, k, seated, rounds):
    # 10 tables of 5 and 6 (or 10 of 6 and 7, 18 of 4 and 5) have no affine plane; 9 (or 17) do
    sizes = table_sizes(n, k)
    assert len(sizes) == seated and set(sizes) <= {k, k + 1}
    got, _ = simulate(plan_round, [people(n)] * (rounds + 1), k, seed=2)
    assert repeat_free_rounds(got) == rounds
    assert all(sorted(map(len, rnd), reverse=True) == sizes for rnd in got)


def test_threes_and_shipped_schedules_keep_the_most_tables():
    assert len(table_sizes(61, 3)) == 20        # search at 20 tables: 21 rounds; 19 tables: 19
    assert len(table_sizes(43, 4)) == 10        # shipped 10-table schedule (9 rounds)
    assert len(table_sizes(59, 5)) == 11        # affine plane of order 11


@pytest.mark.parametrize("n,k,most", [(26, 4, 7), (10, 3, 1), (16, 3, 6), (20, 4, 6),
                                      (15, 3, 7), (31, 5, 7), (37, 6, 1), (22, 4, 5)])
def test_bound_counts_people_pairs_and_the_largest_table(n, k, most):
    # 26 in fours (5, 5, 4, 4, 4, 4): 44 pairs a round, 325 in all, so 7, not (26 - 1) // 3 = 8;
    # 10 in threes (4, 3, 3): the table of 4 cannot spread over 3 tables; 37 in sixes likewise;
    # 22 in fours: 6 by counting, 5 proven (PROVEN)
    assert bound(n, k) == most


@pytest.mark.parametrize("n,k", sorted(PROVEN))
def test_cafe_reaches_the_proven_maximum(n, k):
    most = PROVEN[(n, k)]
    rounds, _ = simulate(plan_round, [people(n)] * (most + 1), k, seed=2)
    assert repeat_free_rounds(rounds) == most == bound(n, k)


@pytest.mark.parametrize("n", [33, 39])
def test_kirkman_triple_systems_cover_every_pair_once(n):
    from core.pairing.rotational import rotational_rounds
    rounds = rotational_rounds(n, 3)
    assert len(rounds) == (n - 1) // 2
    seen = schedule_pairs(n, 3, rounds)
    assert len(seen) == n * (n - 1) // 2


@pytest.mark.parametrize("n,k,rounds", [(36, 4, 11), (30, 5, 6)])
def test_rotational_schedules_are_repeat_free(n, k, rounds):
    from core.pairing.rotational import rotational_rounds
    got = rotational_rounds(n, k)
    assert len(got) == rounds
    seen = schedule_pairs(n, k, got)
    # 36 in fours: every pair outside the 12 groups {x, x+11, x+22} and {33, 34, 35} meets once
    if n == 36:
        assert len(seen) == 36 * 35 // 2 - 12 * 3


def test_cafe_after_a_complete_design_everyone_meets_twice_evenly():
    rounds, _ = simulate(plan_round, [people(16)] * 10, 4)
    met = {}
    for rnd in rounds:
        for p in pairs_in(rnd):
            met[p] = met.get(p, 0) + 1
    assert set(met.values()) == {2} and len(met) == 120


def test_cafe_general_case_spreads_repeats():
    # 26 in fours (tables of 5, 5, 4, 4, 4, 4): a shipped schedule, then per-round search and tabu
    rounds, _ = simulate(plan_round, [people(26)] * 10, 4)
    assert repeat_free_rounds(rounds) >= 4
    met = {}
    for rnd in rounds:
        for p in pairs_in(rnd):
            met[p] = met.get(p, 0) + 1
    assert max(met.values()) <= 2


@pytest.mark.parametrize("rounds, problem", [
    ([[[0, 1], [2, 3]], [[0, 1], [2, 3]]], "repeats the pair"),
    ([[[0, 1], [1, 3]]], "seat each of 4 people once"),
    ([[[0, 1, 2], [3]]], "does not use tables of 2/2"),
])
def test_the_schedule_check_refuses_bad_schedules(rounds, problem):
    with pytest.raises(ValueError, match=problem):
        schedule_pairs(4, 2, rounds)
