"""Blocking keys carry their report's date range, indexed with the key, so a
candidate lookup reads only the keys of its date window: a town named in
thousands of reports over the years costs what its last weeks cost.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for column in ("date_lo", "date_hi"):  # a plain ADD COLUMN: no table copy on SQLite
        op.add_column("ledger_keys",
                      sa.Column(column, sa.String(), nullable=False, server_default=""))
    for column in ("date_lo", "date_hi"):
        op.execute(f"UPDATE ledger_keys SET {column} = (SELECT r.{column} FROM ledger_reports r "
                   "WHERE r.doc_id = ledger_keys.doc_id "
                   "AND r.incident_id = ledger_keys.incident_id)")
    op.create_index("ix_ledger_keys_window", "ledger_keys", ["key", "date_hi", "date_lo"])


def downgrade() -> None:
    op.drop_index("ix_ledger_keys_window", table_name="ledger_keys")
    with op.batch_alter_table("ledger_keys") as batch:
        batch.drop_column("date_hi")
        batch.drop_column("date_lo")
