"""The best exchange of one member between two groups: the local move every planner uses."""
from __future__ import annotations

from typing import Callable, Sequence

GroupCost = Callable[[Sequence[int]], float]


def best_swap(group_cost: GroupCost, groups: list[list[int]], cost: list[float],
              i: int, j: int) -> bool:
    """Swap the one pair of members between ``groups[i]`` and ``groups[j]`` that lowers their
    combined cost the most; update ``groups`` and ``cost`` in place. False when no swap helps.

    The member who moves in is placed last in its new group (tabu search marks it by that).
    """
    gi, gj = groups[i], groups[j]
    before = cost[i] + cost[j]
    best = None
    for x in range(len(gi)):
        for y in range(len(gj)):
            ni = gi[:x] + gi[x + 1:] + [gj[y]]
            nj = gj[:y] + gj[y + 1:] + [gi[x]]
            ci, cj = group_cost(ni), group_cost(nj)
            if ci + cj < before and (best is None or ci + cj < best[0]):
                best = (ci + cj, ni, nj, ci, cj)
    if best is None:
        return False
    _, groups[i], groups[j], cost[i], cost[j] = best
    return True
