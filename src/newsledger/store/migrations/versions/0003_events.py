"""Events outside the conflict taxonomy (disasters, organised crime, diplomacy).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("doc_id", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("trigger", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"],
                                name=op.f("fk_events_doc_id_documents"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("doc_id", "id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_kind"), "events", ["kind"])


def downgrade() -> None:
    op.drop_table("events")
