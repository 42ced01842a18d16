"""SQLAlchemy 2 (async) storage: embedded SQLite by default, PostgreSQL by URL."""
from .database import Database

__all__ = ["Database"]
