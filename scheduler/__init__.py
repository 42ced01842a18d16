"""The scheduler: job kinds' runs claimed in the database, APScheduler as each process's timer."""
from .service import Scheduler

__all__ = ["Scheduler"]
