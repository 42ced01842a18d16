"""Walls keep their counts as votes arrive: each idea's +1s, the people taking part, and an
index to find a person's votes on a wall

Revision ID: 0015_walls_more
Revises: 0011_walls
"""
from alembic import op
import sqlalchemy as sa


revision = "0015_walls_more"
down_revision = "0013_lessons_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("wall_ideas") as batch:
        batch.add_column(sa.Column("votes", sa.Integer(), server_default="0", nullable=False))
    op.execute("UPDATE wall_ideas SET votes = (SELECT count(*) FROM wall_votes "
               "WHERE wall_votes.wall_id = wall_ideas.wall_id "
               "AND wall_votes.target = wall_ideas.id)")
    op.create_index("ix_wall_votes_voter", "wall_votes", ["wall_id", "voter_hash"],
                    unique=False)
    op.create_table(
        "wall_people",
        sa.Column("wall_id", sa.Integer(), nullable=False),
        sa.Column("person_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["wall_id"], ["walls.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("wall_id", "person_hash"),
    )
    op.execute("INSERT INTO wall_people (wall_id, person_hash) "
               "SELECT wall_id, author_hash FROM wall_ideas "
               "UNION SELECT wall_id, author_hash FROM wall_comments "
               "UNION SELECT wall_id, voter_hash FROM wall_votes")


def downgrade() -> None:
    op.drop_table("wall_people")
    op.drop_index("ix_wall_votes_voter", table_name="wall_votes")
    with op.batch_alter_table("wall_ideas") as batch:
        batch.drop_column("votes")
