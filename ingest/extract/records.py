"""The fact records extraction produces from documents, each with the evidence it was read from.

Records hold names as written (``PersonRef``); the graph stage resolves them to people, bodies and
parties. Dates are ISO strings (``2023-01-17``), times ``HH:MM``, arkivsak ``YY/NNNNN``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .base import Evidence
from .organisations import OrganisationMention


@dataclass
class PersonRef:
    """A person as written in one place: ``Monica Vee Bratlie (H)``, ``Dahl, R``, ``direktør Kai Erik Lund``."""

    name: str
    evidence: Evidence
    party: str | None = None
    role: str | None = None  # leder, nestleder, medlem, varamedlem, direktør, kommunalsjef, rådgiver, …


@dataclass
class Attendance:
    """One row of a meeting's attendance: present or absent, and whom a substitute stood in for."""

    person: PersonRef
    present: bool
    substitute_for: PersonRef | None = None


@dataclass
class AgendaItem:
    """One item on a meeting's saksliste: the body's saksnr, the case's journalpost and the title."""

    item_number: str
    title: str
    evidence: Evidence
    journalpost: str | None = None


@dataclass
class MeetingRecord:
    """A meeting of one body, from its møteinnkalling or møteprotokoll."""

    body: str
    date: str
    evidence: Evidence
    start_time: str | None = None
    end_time: str | None = None
    place: str | None = None
    chair: PersonRef | None = None
    secretary: PersonRef | None = None
    attendance: list[Attendance] = field(default_factory=list)
    officials: list[PersonRef] = field(default_factory=list)  # administration present
    member_count: int | None = None
    agenda: list[AgendaItem] = field(default_factory=list)
    document_type: str | None = None  # the document it was read from: møteinnkalling, sakskart, møteprotokoll


@dataclass
class SaksgangEntry:
    """One row of a case's saksgang: the body that handles (or will handle) it, in order."""

    order: int
    body: str
    evidence: Evidence
    meeting_date: str | None = None
    item_number: str | None = None


@dataclass
class Proposal:
    """A proposal (forslag, innstilling) put forward to a body, with its proposer and outcome."""

    text: str
    evidence: Evidence
    kind: str = "forslag"  # innstilling | forslag | tilleggsforslag | endringsforslag | alternativt forslag
    proposer: PersonRef | None = None
    proposer_org: str | None = None  # "kommunedirektøren", "rådmannen", "leder", a party code
    on_behalf_of: list[str] = field(default_factory=list)  # party codes
    result: str | None = None  # "pass" | "fail"


@dataclass
class VoteRecord:
    """The vote on one proposal: result, counts, named voters, and checks of the names against the count."""

    proposal: int  # index into TreatmentRecord.proposals
    result: str  # "pass" | "fail"
    evidence: Evidence
    unanimous: bool = False
    yes_count: int | None = None
    no_count: int | None = None
    yes_voters: list[PersonRef] = field(default_factory=list)
    no_voters: list[PersonRef] = field(default_factory=list)
    yes_parties: list[str] = field(default_factory=list)  # party codes given instead of names: "fikk 3 (A, SV) stemmer"
    no_parties: list[str] = field(default_factory=list)
    chair_double_vote: bool = False
    count_mismatch: str | None = None  # e.g. "4 votes against stated, 3 names listed"


@dataclass
class CommentRecord:
    """A comment (innspill, uttalelse) a body gives on a plan or case."""

    body: str
    text: str
    evidence: Evidence
    about_plan: str | None = None  # the plan's title as written
    about_case: str | None = None  # arkivsak


@dataclass
class TreatmentRecord:
    """A case treated in one body's meeting (behandling): who spoke, proposals, votes, the decision."""

    arkivsak: str | None
    body: str
    evidence: Evidence
    meeting_date: str | None = None
    item_number: str | None = None
    title: str | None = None
    introduced_by: list[PersonRef] = field(default_factory=list)
    participants: list[PersonRef] = field(default_factory=list)  # officials who answered questions, were present
    proposals: list[Proposal] = field(default_factory=list)
    votes: list[VoteRecord] = field(default_factory=list)
    decision: str | None = None
    decision_evidence: Evidence | None = None
    comments: list[CommentRecord] = field(default_factory=list)


@dataclass
class CaseRecord:
    """A case (sak) as presented in a saksframlegg or saksprotokoll."""

    arkivsak: str
    title: str
    evidence: Evidence
    journalpost: str | None = None
    case_officers: list[PersonRef] = field(default_factory=list)
    saksgang: list[SaksgangEntry] = field(default_factory=list)
    proposal: Proposal | None = None  # kommunedirektørens/leders forslag til vedtak, innstilling
    plan_title: str | None = None  # the plan the case is about, if any


@dataclass
class Extraction:
    """Everything extracted from one source file."""

    source_id: str
    meetings: list[MeetingRecord] = field(default_factory=list)
    cases: list[CaseRecord] = field(default_factory=list)
    treatments: list[TreatmentRecord] = field(default_factory=list)
    organisations: list[OrganisationMention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Extraction":
        return _build(cls, data)


def _build(tp: Any, value: Any) -> Any:
    """Rebuild nested dataclasses from ``dataclasses.asdict`` output (types from the annotations)."""
    import typing

    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin is list:
        (inner,) = typing.get_args(tp)
        return [_build(inner, v) for v in value]
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _build(args[0], value) if len(args) == 1 else value
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: _build(hints[f.name], value[f.name]) for f in dataclasses.fields(tp) if f.name in value})
    return value
