"""Teams conversation references and people

Revision ID: 0002_teams
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import storage.types


revision = "0002_teams"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams_conversations",
        sa.Column("conversation_id", sa.String(length=400), nullable=False),
        sa.Column("tenant_id", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("team_id", sa.String(length=400), nullable=True),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("welcomed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("removed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("conversation_id"),
    )
    with op.batch_alter_table("teams_conversations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teams_conversations_tenant_id"), ["tenant_id"],
                              unique=False)
    op.create_table(
        "teams_users",
        sa.Column("tenant_id", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("aad_object_id", sa.String(length=255), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("personal_conversation_id", sa.String(length=400), nullable=True),
        sa.Column("shared_conversation_id", sa.String(length=400), nullable=True),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "user_id"),
    )
    with op.batch_alter_table("teams_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teams_users_aad_object_id"), ["aad_object_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("teams_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_users_aad_object_id"))
    op.drop_table("teams_users")
    with op.batch_alter_table("teams_conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_conversations_tenant_id"))
    op.drop_table("teams_conversations")
