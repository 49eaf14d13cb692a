"""Initial schema: documents and one table per record kind.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _doc_id(table: str) -> list[sa.Column | sa.ForeignKeyConstraint]:
    """The ``doc_id`` column and its cascading foreign key, shared by all child tables."""
    return [
        sa.Column("doc_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_id"], ["documents.id"],
            name=op.f(f"fk_{table}_doc_id_documents"), ondelete="CASCADE",
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("source_path", sa.String(), nullable=True),
        sa.Column("source_id", sa.String(), nullable=True),
        sa.Column("source_url", sa.String(), nullable=True),
        sa.Column("source_outlet", sa.String(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.String(), nullable=True),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_index(op.f("ix_documents_published"), "documents", ["published"])

    op.create_table(
        "entities",
        *_doc_id("entities"),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("actor_type", sa.String(), nullable=True),
        sa.Column("geo_lat", sa.Double(), nullable=True),
        sa.Column("geo_lon", sa.Double(), nullable=True),
        sa.Column("geo_precision", sa.String(), nullable=True),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("doc_id", "id", name=op.f("pk_entities")),
    )

    op.create_table(
        "mentions",
        *_doc_id("mentions"),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_id", "entity_id"], ["entities.doc_id", "entities.id"],
            name=op.f("fk_mentions_doc_id_entities"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("doc_id", "entity_id", "seq", name=op.f("pk_mentions")),
    )

    op.create_table(
        "statements",
        *_doc_id("statements"),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("speaker", sa.String(), nullable=True),
        sa.Column("speaker_name", sa.Text(), nullable=True),
        sa.Column("speaker_start", sa.Integer(), nullable=True),
        sa.Column("speaker_end", sa.Integer(), nullable=True),
        sa.Column("cue", sa.String(), nullable=True),
        sa.Column("content_start", sa.Integer(), nullable=False),
        sa.Column("content_end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("date", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("doc_id", "id", name=op.f("pk_statements")),
    )

    op.create_table(
        "incidents",
        *_doc_id("incidents"),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("subtype", sa.String(), nullable=True),
        sa.Column("weapon", sa.Text(), nullable=True),
        sa.Column("date", sa.String(), nullable=True),
        sa.Column("date_precision", sa.String(), nullable=True),
        sa.Column("aggregate", sa.Boolean(), nullable=False),
        sa.Column("location_name", sa.Text(), nullable=True),
        sa.Column("location_admin1", sa.Text(), nullable=True),
        sa.Column("location_admin2", sa.Text(), nullable=True),
        sa.Column("location_country", sa.String(), nullable=True),
        sa.Column("location_lat", sa.Double(), nullable=True),
        sa.Column("location_lon", sa.Double(), nullable=True),
        sa.Column("location_precision", sa.String(), nullable=True),
        sa.Column("killed_best", sa.Integer(), nullable=True),
        sa.Column("killed_low", sa.Integer(), nullable=True),
        sa.Column("killed_high", sa.Integer(), nullable=True),
        sa.Column("injured_best", sa.Integer(), nullable=True),
        sa.Column("injured_low", sa.Integer(), nullable=True),
        sa.Column("injured_high", sa.Integer(), nullable=True),
        sa.Column("victims", sa.JSON(), nullable=False),
        sa.Column("perpetrators", sa.JSON(), nullable=False),
        sa.Column("claim_ids", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("doc_id", "id", name=op.f("pk_incidents")),
    )
    op.create_index(op.f("ix_incidents_date"), "incidents", ["date"])
    op.create_index(op.f("ix_incidents_type"), "incidents", ["type"])

    op.create_table(
        "accusations",
        *_doc_id("accusations"),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("accuser", sa.String(), nullable=True),
        sa.Column("accuser_name", sa.Text(), nullable=True),
        sa.Column("accused", sa.String(), nullable=True),
        sa.Column("accused_name", sa.Text(), nullable=True),
        sa.Column("allegation", sa.Text(), nullable=False),
        sa.Column("category", sa.String(), nullable=True),
        sa.Column("incident", sa.String(), nullable=True),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("rebuttals", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("doc_id", "id", name=op.f("pk_accusations")),
    )

    op.create_table(
        "claims",
        *_doc_id("claims"),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("value_type", sa.String(), nullable=False),
        sa.Column("qualifier", sa.String(), nullable=False),
        sa.Column("asserted_by", sa.String(), nullable=True),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("doc_id", "id", name=op.f("pk_claims")),
    )

    op.create_table(
        "evidence_spans",
        *_doc_id("evidence_spans"),
        sa.Column("record_kind", sa.String(), nullable=False),
        sa.Column("record_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "doc_id", "record_kind", "record_id", "seq", name=op.f("pk_evidence_spans")
        ),
    )
    op.create_index(
        "ix_evidence_spans_doc_span", "evidence_spans", ["doc_id", "span_start", "span_end"]
    )


def downgrade() -> None:
    for table in ("evidence_spans", "claims", "accusations", "incidents",
                  "statements", "mentions", "entities", "documents"):
        op.drop_table(table)
