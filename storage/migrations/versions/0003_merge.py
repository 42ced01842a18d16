"""One head: merge the Slack and Teams branches

Revision ID: 0003_merge
Revises: 0002_slack, 0002_teams
"""

revision = "0003_merge"
down_revision = ("0002_slack", "0002_teams")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
