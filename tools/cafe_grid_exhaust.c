/* Exhaustive search: can n = k(k+1) + b people (0 < b < k) at k + 1 tables have R repeat-free
 * Knowledge Cafe rounds?  The grid model of tools/sat_cafe_grid.py, searched by depth first.
 *
 *   cafe_grid_exhaust k b R [symmetry]        (symmetry 0: no symmetry breaking, a cross-check)
 *
 * Round 0's tables are the rows and round 1's the columns of a (k+1) x (k+1) grid whose cells
 * are the people; the cells (i, i) for i >= b are empty (see sat_cafe_grid.py for why).  A table
 * of a later round is a partial transversal: one cell from every row and column (k + 1 cells),
 * or from every row and column but one small row and one small column (k cells; a full row has
 * a person at every table of every round).  A later round is a partition of the cells into such
 * tables; tables of different rounds share at most one cell.
 *
 * Depth first, round after round: in each round first the table through cell 0, then the
 * uncovered cell with the fewest tables that still fit (no cell taken this round, no pair met,
 * and the finished rounds' tables still coverable: see fits).
 * Symmetry breaking: the later rounds come in increasing order of their table through cell 0
 * (rounds are interchangeable, and each round has one table through cell 0, all different);
 * and the first later round's table through cell 0 is the least of its orbit under the grid's
 * symmetries that fix cell 0 (renaming the big rows, the big columns, the small rows and columns
 * together, and transposing).  Valid together: map a schedule by the symmetry that sends the
 * least of its tables through cell 0 to its orbit's least, then sort its later rounds.
 *
 * Prints each later round's tables as cell lists (cells numbered row by row) and exits 0, or
 * "NONE <nodes> <seconds>" and exits 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef uint64_t mask;
#define MAXG 2304
#define BIT(c) ((mask)1 << (c))

static int S, B, R, NC, cell_row[64], cell_col[64], cell_at[8][8];
static mask *tables, all_cells, met[64], lines[2][8];    /* lines: rows, columns */
static int ntables, *through[64], nthrough[64], least_in_orbit_only = 1;
static int ngroup, group[MAXG][64];
static int chosen[16][8], nchosen[16];
static long long nodes;

static void add_tables(int row, mask m, int used_cols, int skipped) {
    if (row == S) {
        if (__builtin_popcountll(m) >= S - 1)
            tables = realloc(tables, sizeof(mask) * (ntables + 1)), tables[ntables++] = m;
        return;
    }
    for (int j = 0; j < S; j++)
        if (!(used_cols >> j & 1) && cell_at[row][j] >= 0)
            add_tables(row + 1, m | BIT(cell_at[row][j]), used_cols | 1 << j, skipped);
    if (!skipped && row >= B) add_tables(row + 1, m, used_cols, 1);
}

static int misses_a_big_column(mask m) {
    for (int j = 0; j < B; j++) if (!(m & lines[1][j])) return 1;
    return 0;
}

static int next_permutation(int *p, int n) {
    int i = n - 2, j = n - 1, t;
    while (i >= 0 && p[i] > p[i + 1]) i--;
    if (i < 0) return 0;
    while (p[j] < p[i]) j--;
    t = p[i], p[i] = p[j], p[j] = t;
    for (i++, j = n - 1; i < j; i++, j--) t = p[i], p[i] = p[j], p[j] = t;
    return 1;
}

/* The symmetries fixing cell 0: big rows 1..b-1 and big columns 1..b-1 renamed apart, the
 * small rows and columns b..k renamed together (the empty cells stay on the diagonal), and
 * the transpose. */
static void build_group(void) {
    int rows[8], cols[8], small[8], ns = S - B;
    for (int i = 0; i < B - 1; i++) rows[i] = i;
    do {
        for (int i = 0; i < B - 1; i++) cols[i] = i;
        do {
            for (int i = 0; i < ns; i++) small[i] = i;
            do {
                for (int flip = 0; flip < 2; flip++) {
                    int rmap[8] = {0}, cmap[8] = {0};
                    for (int i = 1; i < B; i++) rmap[i] = 1 + rows[i - 1], cmap[i] = 1 + cols[i - 1];
                    for (int i = B; i < S; i++) rmap[i] = cmap[i] = B + small[i - B];
                    for (int c = 0; c < NC; c++) {
                        int i = rmap[cell_row[c]], j = cmap[cell_col[c]];
                        group[ngroup][c] = flip ? cell_at[j][i] : cell_at[i][j];
                    }
                    ngroup++;
                }
            } while (next_permutation(small, ns));
        } while (next_permutation(cols, B - 1));
    } while (next_permutation(rows, B - 1));
}

static int table_index(mask m) {
    for (int t = 0; t < ntables; t++) if (tables[t] == m) return t;
    fprintf(stderr, "a symmetry maps a table to a non-table\n");
    exit(2);
}

static int least_in_orbit(int t) {
    for (int g = 0; g < ngroup; g++) {
        mask image = 0, m = tables[t];
        for (; m; m &= m - 1) image |= BIT(group[g][__builtin_ctzll(m)]);
        if (table_index(image) < t) return 0;
    }
    return 1;
}

/* Tables of finished rounds: every table of a round meets each big table of another round
 * (the big table's k + 1 people sit at the k + 1 different tables), and each small one is
 * missed by exactly one table of another round. */
static mask earlier_of[16][128], *earlier;
static int nearlier_of[16], nbig_of[16], nearlier, nbig_earlier, missed_of[16][128], *missed;

static void collect_earlier(int r) {              /* the tables of rounds 0 .. r-1, big first */
    int n = 0;
    for (int big = 1; big >= 0; big--) {
        if (!big) nbig_of[r] = n;
        for (int i = 0; i < S; i++)
            for (int axis = 0; axis < 2; axis++)
                if ((i < B) == big) earlier_of[r][n++] = lines[axis][i];
        for (int q = 2; q < r; q++)
            for (int i = 0; i < nchosen[q]; i++) {
                mask m = tables[chosen[q][i]];
                if ((__builtin_popcountll(m) == S) == big) earlier_of[r][n++] = m;
            }
    }
    nearlier_of[r] = n;
    memset(missed_of[r], 0, sizeof missed_of[r]);
}

static void use_earlier(int r) {
    earlier = earlier_of[r], missed = missed_of[r], nearlier = nearlier_of[r], nbig_earlier = nbig_of[r];
}

static int fits(int t, mask taken) {
    mask m = tables[t];
    if (m & taken) return 0;
    for (mask w = m; w; w &= w - 1) if (met[__builtin_ctzll(w)] & m) return 0;
    for (int i = 0; i < nbig_earlier; i++) if (!(m & earlier[i])) return 0;
    for (int i = nbig_earlier; i < nearlier; i++) if (!(m & earlier[i]) && missed[i]) return 0;
    return 1;
}

static void mark_missed(int t, int on) {
    for (int i = nbig_earlier; i < nearlier; i++) if (!(tables[t] & earlier[i])) missed[i] = on;
}

static void seat(int t, int on) {
    mask m = tables[t];
    for (mask w = m; w; w &= w - 1) {
        int c = __builtin_ctzll(w);
        if (on) met[c] |= m & ~BIT(c); else met[c] &= ~(m & ~BIT(c));
    }
}

static void print_and_exit(void) {
    for (int r = 2; r < R; r++) {
        for (int i = 0; i < nchosen[r]; i++) {
            mask m = tables[chosen[r][i]];
            for (; m; m &= m - 1) printf("%d%s", __builtin_ctzll(m), (m & (m - 1)) ? "," : "");
            printf(i + 1 < nchosen[r] ? " " : "\n");
        }
    }
    exit(0);
}

static void search(int r, mask taken) {
    nodes++;
    if (taken == all_cells) {                       /* round r complete: start the next */
        if (r == R - 1) print_and_exit();
        r++;
        collect_earlier(r), use_earlier(r);
        for (int i = 0; i < nthrough[0]; i++) {
            int t = through[0][i];
            if (r > 2 && t <= chosen[r - 1][0]) continue;
            if (r == 2 && least_in_orbit_only && !least_in_orbit(t)) continue;
            if (!fits(t, 0)) continue;
            use_earlier(r);
            chosen[r][0] = t, nchosen[r] = 1, seat(t, 1), mark_missed(t, 1);
            search(r, tables[t]);
            use_earlier(r);
            seat(t, 0), mark_missed(t, 0);
        }
        return;
    }
    int best = -1, fewest = 1 << 30;
    for (mask open = all_cells & ~taken; open; open &= open - 1) {
        int c = __builtin_ctzll(open), n = 0;
        for (int i = 0; i < nthrough[c] && n < fewest; i++) n += fits(through[c][i], taken);
        if (n < fewest) fewest = n, best = c;
        if (n == 0) return;
    }
    for (int i = 0; i < nthrough[best]; i++) {
        int t = through[best][i];
        if (!fits(t, taken)) continue;
        chosen[r][nchosen[r]++] = t, seat(t, 1), mark_missed(t, 1);
        search(r, taken | tables[t]);
        use_earlier(r);
        seat(t, 0), mark_missed(t, 0), nchosen[r]--;
    }
}

int main(int argc, char **argv) {
    if (argc < 4) return fprintf(stderr, "usage: cafe_grid_exhaust k b R [symmetry]\n"), 2;
    S = atoi(argv[1]) + 1, B = atoi(argv[2]), R = atoi(argv[3]);
    if (argc > 4) least_in_orbit_only = atoi(argv[4]);
    if (S > 7 || B < 1 || B >= S - 1 || R < 3 || R > 15) return fprintf(stderr, "bad sizes\n"), 2;
    for (int i = 0; i < S; i++)
        for (int j = 0; j < S; j++) {
            cell_at[i][j] = (i == j && i >= B) ? -1 : NC;
            if (cell_at[i][j] >= 0)
                lines[0][i] |= BIT(NC), lines[1][j] |= BIT(NC), cell_row[NC] = i, cell_col[NC] = j, NC++;
        }
    all_cells = NC == 64 ? ~(mask)0 : BIT(NC) - 1;
    add_tables(0, 0, 0, 0);
    int kept = 0;
    for (int t = 0; t < ntables; t++)
        if (!misses_a_big_column(tables[t])) tables[kept++] = tables[t];
    ntables = kept;
    for (int c = 0; c < NC; c++) {
        through[c] = malloc(sizeof(int) * ntables);
        for (int t = 0; t < ntables; t++) if (tables[t] >> c & 1) through[c][nthrough[c]++] = t;
        for (int d = 0; d < NC; d++)               /* rounds 0 and 1: rows and columns */
            if (d != c && (cell_row[d] == cell_row[c] || cell_col[d] == cell_col[c])) met[c] |= BIT(d);
    }
    build_group();
    time_t began = time(0);
    search(1, all_cells);
    printf("NONE %lld %ld\n", nodes, (long)(time(0) - began));
    return 1;
}
