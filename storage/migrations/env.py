"""Alembic environment: runs on the connection kmbot hands it (see storage.database)."""
from alembic import context

from storage.models import Base
import storage.slack  # noqa: F401,E402  (Slack installation tables)

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise SystemExit("Run migrations through kmbot (storage.Database.migrate); "
                     "for a new revision use: kmbot db revision -m 'message'")
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
