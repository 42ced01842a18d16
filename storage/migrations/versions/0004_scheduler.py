"""scheduler: what is due lives in the database (job_schedules, job_runs)

Revision ID: 0004_scheduler
Revises: 0003_merge
Create Date: 2026-12-06 04:10:00

APScheduler's shared job store (``apscheduler_jobs``, created by APScheduler itself) goes:
each process now keeps only an in-memory timer and reads what is due from these tables.
Existing programmes and rounds awaiting their reminder are carried over, so an upgrade loses
no round: a programme's next round is worked out from its last round (or its creation).
"""
from alembic import op
import sqlalchemy as sa
import storage.types


revision = "0004_scheduler"
down_revision = "0003_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_schedules",
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("trigger", sa.Text(), nullable=True),
        sa.Column("next_due", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key"),
    )
    with op.batch_alter_table("job_schedules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_schedules_next_due"), ["next_due"], unique=False)

    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("due", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=120), nullable=True),
        sa.Column("lease_until", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "key", "due"),
    )
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.create_index("ix_job_runs_due", ["status", "due"], unique=False)

    op.execute("""
        INSERT INTO job_schedules (kind, key, trigger, next_due, updated_at, version)
        SELECT 'coffee.round', CAST(p.id AS VARCHAR(255)), NULL, NULL,
               COALESCE((SELECT MAX(r.slot) FROM rounds r WHERE r.programme_id = p.id),
                        p.created_at), 1
        FROM programmes p""")
    op.execute("""
        INSERT INTO job_schedules (kind, key, trigger, next_due, updated_at, version)
        SELECT 'coffee.reminder', CAST(r.id AS VARCHAR(255)), NULL, r.reminder_at, r.started_at, 1
        FROM rounds r WHERE r.reminded_at IS NULL""")
    op.execute("DROP TABLE IF EXISTS apscheduler_jobs")


def downgrade() -> None:
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_job_runs_due")
    op.drop_table("job_runs")
    with op.batch_alter_table("job_schedules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_schedules_next_due"))
    op.drop_table("job_schedules")
