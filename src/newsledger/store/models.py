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
    # NULL only for an aggregate toll of unknown kind ("up to 250 killed since ...")
    type: Mapped[str | None] = mapped_column(String, index=True)
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


# --- the ledger across articles ------------------------------------------------
# Reports (one incident of one article) are merged into ledger incidents;
# entities into actors. Everything here is derived from the documents plus the
# decisions people made (ledger_decisions), so `newsledger ledger rebuild` can
# recompute it; see docs/ledger.md.


class LedgerReport(Base):
    """One incident as one article reports it, with what the merge compares."""

    __tablename__ = "ledger_reports"
    __table_args__ = (
        ForeignKeyConstraint(["doc_id", "incident_id"], ["incidents.doc_id", "incidents.id"],
                             ondelete="CASCADE"),
        Index("ix_ledger_reports_dates", "date_lo", "date_hi"),
    )

    doc_id: Mapped[str] = mapped_column(String, primary_key=True)
    incident_id: Mapped[str] = mapped_column(String, primary_key=True)
    ledger_id: Mapped[str | None] = mapped_column(String, index=True)
    date_lo: Mapped[str] = mapped_column(String)  # ISO; the range the date lies in
    date_hi: Mapped[str] = mapped_column(String)
    signature: Mapped[dict[str, Any]] = mapped_column(JSON)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    joined: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # records.MergeReason


class LedgerKey(Base):
    """Blocking keys: two reports are compared only if they share one."""

    __tablename__ = "ledger_keys"
    __table_args__ = (
        ForeignKeyConstraint(["doc_id", "incident_id"],
                             ["ledger_reports.doc_id", "ledger_reports.incident_id"],
                             ondelete="CASCADE"),
        Index("ix_ledger_keys_report", "doc_id", "incident_id"),
        Index("ix_ledger_keys_window", "key", "date_hi", "date_lo"),
    )

    key: Mapped[str] = mapped_column(String, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String, primary_key=True)
    incident_id: Mapped[str] = mapped_column(String, primary_key=True)
    # the report's date range (ledger_reports), so a lookup reads one window
    date_lo: Mapped[str] = mapped_column(String, server_default="")
    date_hi: Mapped[str] = mapped_column(String, server_default="")


class LedgerEdge(Base):
    """A compared pair of reports (a < b), its score and why (score.PairScore)."""

    __tablename__ = "ledger_edges"
    __table_args__ = (
        ForeignKeyConstraint(["a_doc", "a_incident"],
                             ["ledger_reports.doc_id", "ledger_reports.incident_id"],
                             ondelete="CASCADE"),
        ForeignKeyConstraint(["b_doc", "b_incident"],
                             ["ledger_reports.doc_id", "ledger_reports.incident_id"],
                             ondelete="CASCADE"),
        Index("ix_ledger_edges_b", "b_doc", "b_incident"),
    )

    a_doc: Mapped[str] = mapped_column(String, primary_key=True)
    a_incident: Mapped[str] = mapped_column(String, primary_key=True)
    b_doc: Mapped[str] = mapped_column(String, primary_key=True)
    b_incident: Mapped[str] = mapped_column(String, primary_key=True)
    score: Mapped[float]
    linked: Mapped[bool] = mapped_column(Boolean)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class LedgerDecision(Base):
    """A person's merge or split of two reports; kept when the ledger is rebuilt."""

    __tablename__ = "ledger_decisions"
    __table_args__ = (
        Index("ix_ledger_decisions_a", "a_doc", "a_incident"),
        Index("ix_ledger_decisions_b", "b_doc", "b_incident"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String)  # merge | split
    a_doc: Mapped[str] = mapped_column(String)
    a_incident: Mapped[str] = mapped_column(String)
    b_doc: Mapped[str] = mapped_column(String)
    b_incident: Mapped[str] = mapped_column(String)
    note: Mapped[str | None] = mapped_column(Text)
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LedgerIncident(Base):
    """One incident across articles; ``record`` is the whole records.LedgerIncident,
    the columns are there to filter and sort on."""

    __tablename__ = "ledger_incidents"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    type: Mapped[str | None] = mapped_column(String, index=True)
    subtype: Mapped[str | None] = mapped_column(String)
    aggregate: Mapped[bool] = mapped_column(Boolean)
    date: Mapped[str | None] = mapped_column(String, index=True)
    date_precision: Mapped[str | None] = mapped_column(String)
    country: Mapped[str | None] = mapped_column(String, index=True)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    killed_best: Mapped[int | None] = mapped_column(Integer)
    killed_low: Mapped[int | None] = mapped_column(Integer)
    killed_high: Mapped[int | None] = mapped_column(Integer)
    injured_best: Mapped[int | None] = mapped_column(Integer)
    injured_low: Mapped[int | None] = mapped_column(Integer)
    injured_high: Mapped[int | None] = mapped_column(Integer)
    n_sources: Mapped[int] = mapped_column(Integer, index=True)
    first_published: Mapped[str | None] = mapped_column(String)
    last_published: Mapped[str | None] = mapped_column(String)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)


class LedgerIncidentActor(Base):
    """Which actors a ledger incident involves, and how, for actor filters."""

    __tablename__ = "ledger_incident_actors"

    ledger_id: Mapped[str] = mapped_column(
        String, ForeignKey("ledger_incidents.id", ondelete="CASCADE"), primary_key=True)
    actor_id: Mapped[str] = mapped_column(String, primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String, primary_key=True)  # perpetrator|asserter|victim


class LedgerRedirect(Base):
    """An incident id that a later merge retired, and the incident it is now."""

    __tablename__ = "ledger_redirects"

    old_id: Mapped[str] = mapped_column(String, primary_key=True)
    new_id: Mapped[str] = mapped_column(String, index=True)


class Actor(Base):
    """One actor across articles (ledger/actors.py); ``key`` says how it was found."""

    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    key: Mapped[str] = mapped_column(String, unique=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String, index=True)
    country: Mapped[str | None] = mapped_column(String)
    parent_id: Mapped[str | None] = mapped_column(String, index=True)


class EntityActor(Base):
    """The actor an entity of one document is."""

    __tablename__ = "entity_actors"
    __table_args__ = (
        ForeignKeyConstraint(["doc_id", "entity_id"], ["entities.doc_id", "entities.id"],
                             ondelete="CASCADE"),
    )

    doc_id: Mapped[str] = mapped_column(String, primary_key=True)
    entity_id: Mapped[str] = mapped_column(String, primary_key=True)
    actor_id: Mapped[str] = mapped_column(
        String, ForeignKey("actors.id", ondelete="CASCADE"), index=True)
