"""One head: merge the scheduler and the channels branches

Revision ID: 0006_merge
Revises: 0004_scheduler, 0005_channels
"""

revision = "0006_merge"
down_revision = ("0004_scheduler", "0005_channels")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
