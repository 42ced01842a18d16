"""Settle by exhaustive search whether ``n = k(k+1) + b`` people (``0 < b < k``) at ``k + 1``
tables can have ``R`` repeat-free Knowledge Cafe rounds, and print such a schedule (encoded as
in ``core/pairing/found.py``) when they can.

    python tools/exhaust_cafe_grid.py 33 5 5                  # needs a C compiler
    python tools/exhaust_cafe_grid.py 33 5 5 --no-symmetry    # the same search, unpruned

The model is ``tools/sat_cafe_grid.py``'s (rows and columns of a grid are two rounds, every
later round a partition of the cells into partial transversals), searched depth first by
``tools/cafe_grid_exhaust.c`` with the later rounds in order and the first one's table through
cell 0 the least of its orbit under the grid's symmetries (the C file says why that is
enough).  It answers in seconds or minutes where the SAT model took hours or gave no answer (34
in fives, 5 rounds: 2 s against 2,282 s).  ``--no-symmetry`` drops the orbit pruning, to check
an answer the pruned search gave.
"""
from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tools"))

from find_cafe_schedules import compile_tool  # noqa: E402

from core.pairing.found import encode  # noqa: E402
from core.pairing.verify import schedule_pairs  # noqa: E402


def grid_cells(k: int, b: int) -> list[tuple[int, int]]:
    """The occupied cells row by row: cell number ``c`` is person ``c``."""
    return [(i, j) for i in range(k + 1) for j in range(k + 1) if not (i == j and i >= b)]


def decode(k: int, b: int, text: str) -> list[list[list[int]]]:
    """Rows, columns and the later rounds the search printed, as rounds of tables (people),
    big tables first, as ``golfers.table_sizes`` orders them."""
    cells = grid_cells(k, b)
    rounds = [[[p for p, c in enumerate(cells) if c[axis] == t] for t in range(k + 1)]
              for axis in (0, 1)]
    for line in text.split("\n"):
        if line.strip():
            tables = [[int(p) for p in t.split(",")] for t in line.split()]
            rounds.append(sorted(tables, key=len, reverse=True))
    return rounds


@functools.lru_cache(maxsize=None)
def program() -> str:
    return compile_tool("cafe_grid_exhaust")


def search(n: int, k: int, rounds: int, symmetry: bool = True):
    """``(schedule, nodes, seconds)``: a verified schedule of ``rounds`` repeat-free rounds, or
    None when there is none (``nodes`` counts the search's steps; None with a schedule)."""
    b = n - k * (k + 1)
    if not 0 < b < k or rounds < 3 or k > 6:
        raise ValueError("needs n = k(k+1) + b with 0 < b < k, k at most 6, and 3 rounds or more")
    began = time.monotonic()
    done = subprocess.run([program(), str(k), str(b), str(rounds),
                           "1" if symmetry else "0"], capture_output=True, text=True)
    seconds = time.monotonic() - began
    if done.returncode == 1 and done.stdout.startswith("NONE"):
        return None, int(done.stdout.split()[1]), seconds
    if done.returncode != 0:
        raise RuntimeError(done.stderr or f"cafe_grid_exhaust failed ({done.returncode})")
    schedule = decode(k, b, done.stdout)
    schedule_pairs(n, k, schedule)
    return schedule, None, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("k", type=int)
    parser.add_argument("rounds", type=int)
    parser.add_argument("--no-symmetry", action="store_true")
    args = parser.parse_args()
    try:
        schedule, nodes, seconds = search(args.n, args.k, args.rounds, not args.no_symmetry)
    except ValueError as e:
        sys.exit(str(e))
    if schedule is None:
        print(f"NONE: no {args.rounds} repeat-free rounds for {args.n} in tables of {args.k} "
              f"({nodes:,} nodes, {seconds:.0f} s)")
    else:
        print(encode(schedule))
        print(f"FOUND: {args.rounds} rounds for {args.n} in tables of {args.k} ({seconds:.0f} s)")


if __name__ == "__main__":
    main()
