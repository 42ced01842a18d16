"""Planning Coffee Connect rounds: who meets whom.

The public contract is :func:`core.pairing.planner.plan_round`; see its module docstring.
"""
from .planner import Participant, plan_round

__all__ = ["Participant", "plan_round"]
