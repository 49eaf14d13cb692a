"""The ledger across articles: reports, their keys and scored pairs, ledger
incidents, actors, people's merge/split decisions; an aggregate toll of
unknown kind may have no incident type.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REPORT = ["ledger_reports.doc_id", "ledger_reports.incident_id"]


def _report_fk(table: str, columns: list[str]) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(columns, _REPORT, ondelete="CASCADE",
                                   name=op.f(f"fk_{table}_{columns[0]}_ledger_reports"))


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.alter_column("type", existing_type=sa.String(), nullable=True)

    op.create_table(
        "ledger_reports",
        sa.Column("doc_id", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("ledger_id", sa.String(), nullable=True),
        sa.Column("date_lo", sa.String(), nullable=False),
        sa.Column("date_hi", sa.String(), nullable=False),
        sa.Column("signature", sa.JSON(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("joined", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["doc_id", "incident_id"], ["incidents.doc_id", "incidents.id"],
                                name=op.f("fk_ledger_reports_doc_id_incidents"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("doc_id", "incident_id", name=op.f("pk_ledger_reports")),
    )
    op.create_index("ix_ledger_reports_dates", "ledger_reports", ["date_lo", "date_hi"])
    op.create_index(op.f("ix_ledger_reports_ledger_id"), "ledger_reports", ["ledger_id"])

    op.create_table(
        "ledger_keys",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("doc_id", sa.String(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        _report_fk("ledger_keys", ["doc_id", "incident_id"]),
        sa.PrimaryKeyConstraint("key", "doc_id", "incident_id", name=op.f("pk_ledger_keys")),
    )
    op.create_index("ix_ledger_keys_report", "ledger_keys", ["doc_id", "incident_id"])

    op.create_table(
        "ledger_edges",
        sa.Column("a_doc", sa.String(), nullable=False),
        sa.Column("a_incident", sa.String(), nullable=False),
        sa.Column("b_doc", sa.String(), nullable=False),
        sa.Column("b_incident", sa.String(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("linked", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        _report_fk("ledger_edges", ["a_doc", "a_incident"]),
        _report_fk("ledger_edges", ["b_doc", "b_incident"]),
        sa.PrimaryKeyConstraint("a_doc", "a_incident", "b_doc", "b_incident",
                                name=op.f("pk_ledger_edges")),
    )
    op.create_index("ix_ledger_edges_b", "ledger_edges", ["b_doc", "b_incident"])

    op.create_table(
        "ledger_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("a_doc", sa.String(), nullable=False),
        sa.Column("a_incident", sa.String(), nullable=False),
        sa.Column("b_doc", sa.String(), nullable=False),
        sa.Column("b_incident", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_decisions")),
    )
    op.create_index("ix_ledger_decisions_a", "ledger_decisions", ["a_doc", "a_incident"])
    op.create_index("ix_ledger_decisions_b", "ledger_decisions", ["b_doc", "b_incident"])

    op.create_table(
        "ledger_incidents",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=True),
        sa.Column("subtype", sa.String(), nullable=True),
        sa.Column("aggregate", sa.Boolean(), nullable=False),
        sa.Column("date", sa.String(), nullable=True),
        sa.Column("date_precision", sa.String(), nullable=True),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        *(sa.Column(f"{figure}_{part}", sa.Integer(), nullable=True)
          for figure in ("killed", "injured") for part in ("best", "low", "high")),
        sa.Column("n_sources", sa.Integer(), nullable=False),
        sa.Column("first_published", sa.String(), nullable=True),
        sa.Column("last_published", sa.String(), nullable=True),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_incidents")),
    )
    for column in ("country", "date", "n_sources", "type"):
        op.create_index(op.f(f"ix_ledger_incidents_{column}"), "ledger_incidents", [column])

    op.create_table(
        "ledger_incident_actors",
        sa.Column("ledger_id", sa.String(), nullable=False),
        sa.Column("actor_id", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["ledger_id"], ["ledger_incidents.id"], ondelete="CASCADE",
                                name=op.f("fk_ledger_incident_actors_ledger_id_ledger_incidents")),
        sa.PrimaryKeyConstraint("ledger_id", "actor_id", "role",
                                name=op.f("pk_ledger_incident_actors")),
    )
    op.create_index(op.f("ix_ledger_incident_actors_actor_id"), "ledger_incident_actors",
                    ["actor_id"])

    op.create_table(
        "ledger_redirects",
        sa.Column("old_id", sa.String(), nullable=False),
        sa.Column("new_id", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("old_id", name=op.f("pk_ledger_redirects")),
    )
    op.create_index(op.f("ix_ledger_redirects_new_id"), "ledger_redirects", ["new_id"])

    op.create_table(
        "actors",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("parent_id", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
        sa.UniqueConstraint("key", name=op.f("uq_actors_key")),
    )
    op.create_index(op.f("ix_actors_parent_id"), "actors", ["parent_id"])
    op.create_index(op.f("ix_actors_type"), "actors", ["type"])

    op.create_table(
        "entity_actors",
        sa.Column("doc_id", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("actor_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actors.id"], ondelete="CASCADE",
                                name=op.f("fk_entity_actors_actor_id_actors")),
        sa.ForeignKeyConstraint(["doc_id", "entity_id"], ["entities.doc_id", "entities.id"],
                                ondelete="CASCADE", name=op.f("fk_entity_actors_doc_id_entities")),
        sa.PrimaryKeyConstraint("doc_id", "entity_id", name=op.f("pk_entity_actors")),
    )
    op.create_index(op.f("ix_entity_actors_actor_id"), "entity_actors", ["actor_id"])


def downgrade() -> None:
    for table in ("entity_actors", "actors", "ledger_redirects", "ledger_incident_actors",
                  "ledger_incidents", "ledger_decisions", "ledger_edges", "ledger_keys",
                  "ledger_reports"):
        op.drop_table(table)
    with op.batch_alter_table("incidents") as batch:
        batch.alter_column("type", existing_type=sa.String(), nullable=False)
