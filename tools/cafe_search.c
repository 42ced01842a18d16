/* Offline search for Knowledge Cafe schedules (the Social Golfer Problem with tables of given
 * sizes): R rounds of n people seated at tables, no two people at a table twice.
 *
 *   cafe_search n R seed iterations size1 size2 ...
 *
 * Prints one line per round (tables separated by spaces, people by commas, tables in the
 * order given) and exits 0, or prints "FAIL <repeats>" and exits 1.  Deterministic for a seed.
 *
 * Tabu search in the style of Dotu & Van Hentenryck, "Scheduling social golfers locally"
 * (CPAIOR 2005), from a greedy start in the spirit of Triska & Musliu (2012):
 * - start: round 1 seats people in order (any schedule can be relabelled to start so); each
 *   later round fills its seats one by one with the person who has met the fewest of the
 *   people already at that table (ties at random);
 * - cost: the number of repeated meetings (a pair seated together c > 1 times counts c - 1);
 * - move: swap two people at different tables of one round (not round 1), the first of whom
 *   sits with someone they meet more than once; the best non-tabu move is taken, ties broken
 *   at random; a swapped pair stays tabu in that round for 10-19 moves unless the move beats
 *   the best cost so far;
 * - after 3,000 moves without a new best, go back to the best schedule since the last such
 *   step and make 8 random swaps.
 *
 * Used by tools/find_cafe_schedules.py, which writes core/pairing/found_uneven.py.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xorshift.h"

#define MAXN 128
#define MAXR 64
#define STAGNATION 3000
#define PERTURB 8

static int n, R, G, start[MAXN + 1], table_of[MAXN];
static int S[MAXR][MAXN];            /* S[round][seat] = person */
static int meet[MAXN][MAXN];         /* times two people have shared a table */
static long tabu[MAXR][MAXN][MAXN];  /* move number until which swapping a, b in r is tabu */
static int cost;
static int B[MAXR][MAXN];           /* the best schedule so far */

static void pair_change(int a, int b, int d) {
    int c = meet[a][b];
    if (d > 0 && c >= 1) cost++;
    if (d < 0 && c >= 2) cost--;
    meet[a][b] += d; meet[b][a] += d;
}

/* change in cost if the people in seats i and j of round r swapped tables */
static int delta(int r, int i, int j) {
    int a = S[r][i], b = S[r][j], d = 0;
    for (int x = start[table_of[i]]; x < start[table_of[i] + 1]; x++) {
        if (x == i) continue;
        if (meet[a][S[r][x]] >= 2) d--;
        if (meet[b][S[r][x]] >= 1) d++;
    }
    for (int x = start[table_of[j]]; x < start[table_of[j] + 1]; x++) {
        if (x == j) continue;
        if (meet[b][S[r][x]] >= 2) d--;
        if (meet[a][S[r][x]] >= 1) d++;
    }
    return d;
}

static void recount(void) {
    memset(meet, 0, sizeof meet);
    cost = 0;
    for (int r = 0; r < R; r++)
        for (int t = 0; t < G; t++)
            for (int i = start[t]; i < start[t + 1]; i++)
                for (int j = i + 1; j < start[t + 1]; j++) pair_change(S[r][i], S[r][j], 1);
}

static void swap_seats(int r, int i, int j) {
    int a = S[r][i], b = S[r][j];
    for (int x = start[table_of[i]]; x < start[table_of[i] + 1]; x++)
        if (x != i) { pair_change(a, S[r][x], -1); pair_change(b, S[r][x], 1); }
    for (int x = start[table_of[j]]; x < start[table_of[j] + 1]; x++)
        if (x != j) { pair_change(b, S[r][x], -1); pair_change(a, S[r][x], 1); }
    S[r][i] = b; S[r][j] = a;
}

static int repeats_someone(int r, int i) {
    for (int x = start[table_of[i]]; x < start[table_of[i] + 1]; x++)
        if (x != i && meet[S[r][i]][S[r][x]] >= 2) return 1;
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 6) { fprintf(stderr, "usage: cafe_search n R seed iterations sizes...\n"); return 2; }
    n = atoi(argv[1]); R = atoi(argv[2]);
    seed_random(argv[3]);
    long iterations = atol(argv[4]);
    G = argc - 5;
    for (int t = 0; t < G; t++) {
        start[t + 1] = start[t] + atoi(argv[5 + t]);
        for (int i = start[t]; i < start[t + 1]; i++) table_of[i] = t;
    }
    if (start[G] != n || n > MAXN || R > MAXR || R < 2) { fprintf(stderr, "bad sizes\n"); return 2; }
    for (int r = 0; r < R; r++) {
        int used[MAXN] = {0};
        for (int i = 0; i < n; i++) {
            if (r == 0) { S[r][i] = i; continue; }
            int bestp = -1, bestc = 1 << 30, ties = 0;
            for (int p = 0; p < n; p++) {
                if (used[p]) continue;
                int c = 0;
                for (int x = start[table_of[i]]; x < i; x++) c += meet[p][S[r][x]];
                if (c < bestc) { bestc = c; bestp = p; ties = 1; }
                else if (c == bestc && rnd() % ++ties == 0) bestp = p;
            }
            S[r][i] = bestp; used[bestp] = 1;
            for (int x = start[table_of[i]]; x < i; x++) pair_change(bestp, S[r][x], 1);
        }
        if (r == 0)
            for (int t = 0; t < G; t++)
                for (int i = start[t]; i < start[t + 1]; i++)
                    for (int j = i + 1; j < start[t + 1]; j++) pair_change(S[r][i], S[r][j], 1);
    }
    int best = cost;
    memcpy(B, S, sizeof S);
    long last_best = 0;
    for (long it = 0; it < iterations && cost > 0; it++) {
        int best_d = 1 << 30, ties = 0, br = -1, bi = -1, bj = -1;
        for (int r = 1; r < R; r++)
            for (int i = 0; i < n; i++) {
                if (!repeats_someone(r, i)) continue;
                for (int j = 0; j < n; j++) {
                    if (table_of[j] == table_of[i] || (j < i && repeats_someone(r, j))) continue;
                    int d = delta(r, i, j);
                    if (tabu[r][S[r][i]][S[r][j]] > it && cost + d >= best) continue;
                    if (d < best_d) { best_d = d; ties = 1; br = r; bi = i; bj = j; }
                    else if (d == best_d && rnd() % ++ties == 0) { br = r; bi = i; bj = j; }
                }
            }
        if (br < 0) continue;
        int a = S[br][bi], b = S[br][bj];
        swap_seats(br, bi, bj);
        tabu[br][a][b] = tabu[br][b][a] = it + 10 + rnd() % 10;
        if (cost < best) { best = cost; last_best = it; memcpy(B, S, sizeof S); }
        if (it - last_best > STAGNATION) {
            memcpy(S, B, sizeof S);     /* back to the best since the last perturbation */
            recount();
            for (int k = 0; k < PERTURB; k++) {
                int r = 1 + rnd() % (R - 1), i = rnd() % n, j = rnd() % n;
                if (table_of[i] != table_of[j]) swap_seats(r, i, j);
            }
            best = cost; last_best = it;
        }
    }
    if (cost > 0) { printf("FAIL %d\n", cost); return 1; }
    for (int r = 0; r < R; r++) {
        for (int t = 0; t < G; t++) {
            for (int i = start[t]; i < start[t + 1]; i++)
                printf("%d%s", S[r][i], i + 1 < start[t + 1] ? "," : "");
            printf(t + 1 < G ? " " : "\n");
        }
    }
    return 0;
}
