"""Every feature's router, assembled into one kernel."""
from __future__ import annotations

from . import deliveries, roles, status  # noqa: F401  (deliveries, status register on roles.router)
from .coffee import members, profile, admin  # noqa: F401  (profile, admin register on members.router)
from .kernel import Kernel
from .services import Services


def build_kernel(services: Services) -> Kernel:
    return Kernel(services, [roles.router, members.router])
