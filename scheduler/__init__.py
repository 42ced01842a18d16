"""APScheduler jobs: programme rounds, reminders and housekeeping, in a persistent job store."""
from .service import Scheduler

__all__ = ["Scheduler"]
