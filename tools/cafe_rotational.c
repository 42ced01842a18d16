/* Offline search for one base round of a rotational Knowledge Cafe schedule.
 *
 *   cafe_rotational seed iterations size1 size2 ...   < classes
 *
 * Standard input: N, then an N x N matrix of pair classes (-1: the pair may not share a
 * table).  Finds a partition of the N points into tables of the given sizes in which no class
 * is used twice, and prints it (tables separated by spaces, points by commas) and exits 0, or
 * prints "FAIL <cost>" and exits 1.  Deterministic for a seed.
 *
 * tools/find_cafe_schedules.py builds the classes for a cyclic group Z_m acting on the people
 * (the orbits of pairs), so that the base round's m shifts are m rounds with no pair twice.
 * Tabu search: the cost counts classes used more than once (and forbidden pairs, tenfold); a
 * move swaps two points at different tables, the best non-tabu swap each step (ties at
 * random), a swapped pair tabu for 5-14 steps unless it beats the best; after 5,000 steps
 * without a new best, four random swaps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xorshift.h"

#define MX 128
#define STAGNATION 5000
#define PERTURB 4

static int N, G, start[MX + 1], table_of[MX], C[MX][MX], S[MX], uses[MX * MX], cost;
static long tabu[MX][MX];

static void pair_change(int a, int b, int d) {
    int c = C[a][b];
    if (c < 0) { cost += 10 * d; return; }
    if (d > 0) { if (uses[c] >= 1) cost++; uses[c]++; }
    else { uses[c]--; if (uses[c] >= 1) cost--; }
}

static void swap_seats(int i, int j) {
    int a = S[i], b = S[j];
    for (int x = start[table_of[i]]; x < start[table_of[i] + 1]; x++)
        if (x != i) { pair_change(a, S[x], -1); pair_change(b, S[x], 1); }
    for (int x = start[table_of[j]]; x < start[table_of[j] + 1]; x++)
        if (x != j) { pair_change(b, S[x], -1); pair_change(a, S[x], 1); }
    S[i] = b; S[j] = a;
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: cafe_rotational seed iterations sizes... < classes\n"); return 2; }
    seed_random(argv[1]);
    long iterations = atol(argv[2]);
    G = argc - 3;
    for (int t = 0; t < G; t++) {
        start[t + 1] = start[t] + atoi(argv[3 + t]);
        for (int i = start[t]; i < start[t + 1]; i++) table_of[i] = t;
    }
    if (scanf("%d", &N) != 1 || N != start[G] || N > MX) { fprintf(stderr, "bad sizes\n"); return 2; }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            if (scanf("%d", &C[i][j]) != 1 || C[i][j] >= MX * MX) { fprintf(stderr, "bad classes\n"); return 2; }
    for (int i = 0; i < N; i++) S[i] = i;
    for (int i = N - 1; i > 0; i--) { int j = rnd() % (i + 1), t = S[i]; S[i] = S[j]; S[j] = t; }
    for (int t = 0; t < G; t++)
        for (int i = start[t]; i < start[t + 1]; i++)
            for (int j = i + 1; j < start[t + 1]; j++) pair_change(S[i], S[j], 1);
    int best = cost;
    long last_best = 0;
    for (long it = 1; it <= iterations && cost > 0; it++) {
        int best_d = 1 << 30, bi = -1, bj = -1, ties = 0;
        for (int i = 0; i < N; i++)
            for (int j = i + 1; j < N; j++) {
                if (table_of[i] == table_of[j]) continue;
                int before = cost;
                swap_seats(i, j);
                int d = cost - before;
                swap_seats(i, j);
                if (tabu[S[i]][S[j]] > it && before + d >= best) continue;
                if (d < best_d) { best_d = d; bi = i; bj = j; ties = 1; }
                else if (d == best_d && rnd() % ++ties == 0) { bi = i; bj = j; }
            }
        if (bi < 0) continue;
        int a = S[bi], b = S[bj];
        swap_seats(bi, bj);
        tabu[a][b] = tabu[b][a] = it + 5 + rnd() % 10;
        if (cost < best) { best = cost; last_best = it; }
        if (it - last_best > STAGNATION) {
            for (int k = 0; k < PERTURB; k++) {
                int i = rnd() % N, j = rnd() % N;
                if (table_of[i] != table_of[j]) swap_seats(i, j);
            }
            best = cost; last_best = it;
        }
    }
    if (cost > 0) { printf("FAIL %d\n", cost); return 1; }
    for (int t = 0; t < G; t++) {
        for (int i = start[t]; i < start[t + 1]; i++) printf("%d%s", S[i], i + 1 < start[t + 1] ? "," : "");
        printf(t + 1 < G ? " " : "\n");
    }
    return 0;
}
