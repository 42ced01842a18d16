"""Alembic environment: runs on the connection kmbot hands it (see storage.database)."""
from alembic import context

import storage.slack  # noqa: F401  (Slack installation tables)
import storage.teams  # noqa: F401  (Teams conversation references)
from storage.models import Base, include_object

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise SystemExit("Run migrations through kmbot (storage.Database.migrate); to write a new "
                     "revision: kmbot db revision -m \"what it does\"")
context.configure(connection=connection, target_metadata=Base.metadata,
                  include_object=include_object,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
