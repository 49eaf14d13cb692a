"""The output contract: one `DocumentRecord` per input article.

These models mirror ``shared/docs/record-format.md`` field for field; the CLI,
the JSON API and the store all speak them, so renaming a field here is a
breaking change. Offsets are character offsets ``[start, end)`` into ``text``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT"]
ActorType = Literal["state", "armed_force", "ministry", "group", "media", "person"]
Precision = Literal["village", "town", "district", "region", "country"]
DatePrecision = Literal["day", "week", "month", "year"]
Qualifier = Literal["exact", "up_to", "at_least", "about", "more_than"]
EventKind = Literal["natural_disaster", "man_made_disaster", "organised_crime", "diplomacy"]


class Record(BaseModel):
    """Base for every record: strict field names, JSON-friendly dumps."""

    model_config = ConfigDict(extra="forbid")


class Source(Record):
    path: str | None = None
    id: str | None = None
    url: str | None = None
    outlet: str | None = None


class Geo(Record):
    lat: float
    lon: float
    precision: Precision


class Role(Record):
    title: str
    organization: str | None = None
    organization_name: str | None = None


class Entity(Record):
    id: str
    name: str
    type: EntityType
    mentions: list[Span] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    country: str | None = None
    actor_type: ActorType | None = None
    geo: Geo | None = None


class Statement(Record):
    id: str
    kind: Literal["direct", "indirect"]
    speaker: str | None = None
    speaker_name: str | None = None
    speaker_span: Span | None = None
    cue: str | None = None
    content_span: Span
    text: str
    date: str | None = None
    # the quoted pieces when an attribution interrupts a quote (“A,” she said.
    # “B.”): content_span covers them all, text joins them
    parts: list[Span] = Field(default_factory=list)


class Location(Record):
    name: str
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: Precision | None = None


class Figure(Record):
    """A count kept as a spread: sources that disagree widen low..high."""

    best: int | None = None
    low: int | None = None
    high: int | None = None


class Victim(Record):
    entity: str | None = None
    name: str
    outcome: Literal["killed", "injured", "missing", "detained", "abducted"]
    role: str | None = None
    civilian: bool | None = None


class Perpetrator(Record):
    entity: str | None = None
    name: str
    status: Literal["alleged", "claimed", "reported"]
    asserted_by: str | None = None
    # the words that name the actor as the perpetrator ("the FMLN", "the
    # government"): which of a state's names the text blames
    name_span: Span | None = None


class Incident(Record):
    id: str
    type: str | None = None  # None only for an aggregate toll of unknown kind
    subtype: str | None = None
    weapon: str | None = None
    date: str | None = None
    date_precision: DatePrecision | None = None
    aggregate: bool = False
    location: Location | None = None
    killed: Figure = Field(default_factory=Figure)
    injured: Figure = Field(default_factory=Figure)
    victims: list[Victim] = Field(default_factory=list)
    perpetrators: list[Perpetrator] = Field(default_factory=list)
    claims: list[str] = Field(default_factory=list)
    evidence: list[Span] = Field(default_factory=list)


class Rebuttal(Record):
    by: str | None = None
    by_name: str | None = None
    evidence: Span


class Accusation(Record):
    id: str
    accuser: str | None = None
    accuser_name: str | None = None
    accused: str | None = None
    accused_name: str | None = None
    allegation: str
    category: str | None = None
    incident: str | None = None
    evidence: Span
    rebuttals: list[Rebuttal] = Field(default_factory=list)


class Claim(Record):
    id: str
    subject: str
    field: str
    value: int | float | str
    qualifier: Qualifier = "exact"
    asserted_by: str | None = None
    evidence: Span


class Event(Record):
    """An event outside the conflict taxonomy, kept apart from the incidents:
    its dead are not conflict fatalities (extract/other_events.py)."""

    id: str
    kind: EventKind
    trigger: str  # the words that name it, as written
    evidence: list[Span] = Field(default_factory=list)


class DocumentRecord(Record):
    id: str
    source: Source = Field(default_factory=Source)
    title: str | None = None
    published: str | None = None
    language: str = "en"
    text: str
    entities: list[Entity] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    incidents: list[Incident] = Field(default_factory=list)
    accusations: list[Accusation] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    def to_json_dict(self) -> dict:
        """The record as plain JSON types, in contract field order."""
        return self.model_dump(mode="json")


# --- the ledger across articles (ledger/, docs/ledger.md) ---------------------


class MergeReason(Record):
    """Why a report joined its ledger incident: the pair that linked it."""

    to: str  # the report it was linked to, "document id#incident id"
    by: Literal["score", "rule", "decision"]
    score: float | None = None
    features: dict[str, float] = Field(default_factory=dict)


class LedgerSource(Record):
    """One report of a ledger incident: an article and its incident."""

    document: str
    incident: str  # the incident's id within that document ("i1")
    source_id: str | None = None  # the input's own id (JSONL)
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None
    killed: Figure = Field(default_factory=Figure)
    injured: Figure = Field(default_factory=Figure)
    joined: MergeReason | None = None  # None for the first report


class HistoryPoint(Record):
    """The ledger's figures as known after one more report, in publication order."""

    document: str
    published: str | None = None
    outlet: str | None = None
    killed: Figure = Field(default_factory=Figure)
    injured: Figure = Field(default_factory=Figure)


class LedgerVictim(Record):
    name: str
    outcome: Literal["killed", "injured", "missing", "detained", "abducted"]
    role: str | None = None
    civilian: bool | None = None
    actor: str | None = None
    documents: list[str] = Field(default_factory=list)


class LedgerPerpetrator(Record):
    actor: str | None = None
    name: str
    status: Literal["alleged", "claimed", "reported"]
    asserted_by: str | None = None  # actor id; None = the outlet itself
    asserted_by_name: str | None = None
    documents: list[str] = Field(default_factory=list)


class LedgerIncident(Record):
    """One incident across every article that reports it."""

    id: str
    type: str | None = None
    subtype: str | None = None
    weapon: str | None = None
    aggregate: bool = False
    date: str | None = None
    date_precision: DatePrecision | None = None
    location: Location | None = None
    killed: Figure = Field(default_factory=Figure)
    injured: Figure = Field(default_factory=Figure)
    victims: list[LedgerVictim] = Field(default_factory=list)
    perpetrators: list[LedgerPerpetrator] = Field(default_factory=list)
    n_sources: int = 0
    first_published: str | None = None
    last_published: str | None = None
    sources: list[LedgerSource] = Field(default_factory=list)
    history: list[HistoryPoint] = Field(default_factory=list)


class ActorAlias(Record):
    name: str
    documents: int


class LedgerActor(Record):
    """One actor across articles, with the names it goes by."""

    id: str
    key: str
    name: str
    type: Literal["state", "organ", "armed_force", "group", "media", "person"]
    country: str | None = None
    parent: str | None = None  # the state an organ belongs to
    aliases: list[ActorAlias] = Field(default_factory=list)
    n_documents: int = 0
