"""The ledger as plain SQL tables, one per record kind.

Tables are meant to be queried by people (Datasette style), so nested
objects with a fixed shape (source, geo, location, killed/injured figures,
spans) are flattened into columns and only open-ended lists (roles, victims,
perpetrators, rebuttals, claim ids) are JSON. Every child row carries its
document id and the record's local id ("e1", "i2") as a composite key, plus
``seq``, its position in the record list, so a document is rebuilt in its
original order. Offsets are character offsets ``[start, end)`` into
``documents.text``.

Span columns are called ``span_start``/``span_end`` (not ``start``/``end``)
because END is a reserved word in SQL and would need quoting in every query.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Double,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Explicit constraint names keep migrations reproducible across backends.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Floats are coordinates: DOUBLE PRECISION keeps them exact on PostgreSQL.
    type_annotation_map: ClassVar[dict[Any, Any]] = {list[Any]: JSON, float: Double}


def _doc_fk() -> Mapped[str]:
    """The owning document; deleting the document deletes its records."""
    return mapped_column(
        String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String, primary_key=True)  # "sha256:…"
    source_path: Mapped[str | None] = mapped_column(String)
    source_id: Mapped[str | None] = mapped_column(String)
    source_url: Mapped[str | None] = mapped_column(String)
    source_outlet: Mapped[str | None] = mapped_column(String)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String, index=True)  # ISO date
    language: Mapped[str] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Entity(Base):
    __tablename__ = "entities"

    doc_id: Mapped[str] = _doc_fk()
    id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String)
    country: Mapped[str | None] = mapped_column(String)
    actor_type: Mapped[str | None] = mapped_column(String)
    geo_lat: Mapped[float | None]
    geo_lon: Mapped[float | None]
    geo_precision: Mapped[str | None] = mapped_column(String)
    roles: Mapped[list[Any]]


class Mention(Base):
    __tablename__ = "mentions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["doc_id", "entity_id"],
            ["entities.doc_id", "entities.id"],
            ondelete="CASCADE",
        ),
    )

    doc_id: Mapped[str] = _doc_fk()
    entity_id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)


class Statement(Base):
    __tablename__ = "statements"

    doc_id: Mapped[str] = _doc_fk()
    id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String)
    speaker: Mapped[str | None] = mapped_column(String)  # entity local id
    speaker_name: Mapped[str | None] = mapped_column(Text)
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(String)
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String)
    parts: Mapped[list[Any]] = mapped_column(server_default="[]")


class Incident(Base):
    """One incident; its evidence spans live only in ``evidence_spans``."""

    __tablename__ = "incidents"

    doc_id: Mapped[str] = _doc_fk()
    id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String, index=True)
    subtype: Mapped[str | None] = mapped_column(String)
    weapon: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String, index=True)
    date_precision: Mapped[str | None] = mapped_column(String)
    aggregate: Mapped[bool] = mapped_column(Boolean)
    location_name: Mapped[str | None] = mapped_column(Text)
    location_admin1: Mapped[str | None] = mapped_column(Text)
    location_admin2: Mapped[str | None] = mapped_column(Text)
    location_country: Mapped[str | None] = mapped_column(String)
    location_lat: Mapped[float | None]
    location_lon: Mapped[float | None]
    location_precision: Mapped[str | None] = mapped_column(String)
    killed_best: Mapped[int | None] = mapped_column(Integer)
    killed_low: Mapped[int | None] = mapped_column(Integer)
    killed_high: Mapped[int | None] = mapped_column(Integer)
    injured_best: Mapped[int | None] = mapped_column(Integer)
    injured_low: Mapped[int | None] = mapped_column(Integer)
    injured_high: Mapped[int | None] = mapped_column(Integer)
    victims: Mapped[list[Any]]
    perpetrators: Mapped[list[Any]]
    claim_ids: Mapped[list[Any]]


class Accusation(Base):
    __tablename__ = "accusations"

    doc_id: Mapped[str] = _doc_fk()
    id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    accuser: Mapped[str | None] = mapped_column(String)
    accuser_name: Mapped[str | None] = mapped_column(Text)
    accused: Mapped[str | None] = mapped_column(String)
    accused_name: Mapped[str | None] = mapped_column(Text)
    allegation: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String)
    incident: Mapped[str | None] = mapped_column(String)  # incident local id
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    rebuttals: Mapped[list[Any]]


class Claim(Base):
    """A claimed figure; ``value`` is text, ``value_type`` says how to read it back."""

    __tablename__ = "claims"

    doc_id: Mapped[str] = _doc_fk()
    id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String)
    field: Mapped[str] = mapped_column(String)
    value: Mapped[str] = mapped_column(Text)
    value_type: Mapped[str] = mapped_column(String)  # int | float | str
    qualifier: Mapped[str] = mapped_column(String)
    asserted_by: Mapped[str | None] = mapped_column(String)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)


class Event(Base):
    """An event outside the conflict taxonomy (disaster, crime, diplomacy); its
    evidence spans live only in ``evidence_spans``."""

    __tablename__ = "events"

    doc_id: Mapped[str] = _doc_fk()
    id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String, index=True)
    trigger: Mapped[str] = mapped_column(Text)


class EvidenceSpan(Base):
    """Every evidence span of every record, so spans can be queried in one place.

    ``record_kind`` is statement (its content span), incident, accusation,
    rebuttal (``record_id`` is the accusation, ``seq`` the rebuttal's index),
    claim or event.
    """

    __tablename__ = "evidence_spans"
    __table_args__ = (Index("ix_evidence_spans_doc_span", "doc_id", "span_start", "span_end"),)

    doc_id: Mapped[str] = _doc_fk()
    record_kind: Mapped[str] = mapped_column(String, primary_key=True)
    record_id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
