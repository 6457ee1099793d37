"""A person's page: roles, party, attendance, proposals made and how they voted."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..namespaces import DCTERMS, FOAF, OPENGOV, ORG, SCHEMA, SG, SKOS
from .common import evidence, iri_of, label, one, party_code, ref, require, sorted_refs, text, value


def person_page(g: Graph, person_id: str) -> dict[str, Any]:
    """A person (id ``<kommune>/<name slug>``): names seen, party, roles (memberships), the meetings
    attended, missed, chaired and substituted at, the proposals made, the named votes cast, and the
    cases they were saksbehandler for. Raises ``KeyError`` for an unknown id."""
    person = require(g, iri_of("person", person_id), FOAF.Person, "person", person_id)
    party = one(g, person, SG.party)
    roles = []
    for m in set(g.objects(person, ORG.hasMembership)) | set(g.subjects(ORG.member, person)):
        roles.append({"organisation": ref(g, one(g, m, ORG.organization)),
                      "role": text(g, m, SG.role) or _tail(one(g, m, ORG.role)), "evidence": evidence(g, m)})
    roles.sort(key=lambda r: (r["organisation"]["label"] if r["organisation"] else "", r["role"] or ""))
    out = ref(g, person)
    out.update(
        kind="person",
        name=label(g, person),
        other_names=sorted(str(n) for n in g.objects(person, SKOS.altLabel)),
        party=None if party is None else {**ref(g, party), "code": party_code(g, party)},
        kommune=ref(g, one(g, person, SG.kommune)),
        roles=roles,
        attendance=_attendance(g, person),
        proposals=_proposals(g, person),
        votes=_votes(g, person),
        case_officer_for=sorted_refs(g, g.subjects(SG.caseOfficer, person)),
        introduced=sorted_refs(g, (one(g, c, SG.case) for c in g.subjects(SG.introducedBy, person) if one(g, c, SG.case) is not None)),
    )
    return out


def _meeting(g: Graph, meeting: URIRef) -> dict[str, Any]:
    r = ref(g, meeting)
    day = value(one(g, meeting, SCHEMA.startDate))
    r.update(date=str(day)[:10] if day else None, body=ref(g, one(g, meeting, SCHEMA.organizer)))
    return r


def _meetings(g: Graph, nodes) -> list[dict[str, Any]]:
    return sorted((_meeting(g, m) for m in set(nodes)), key=lambda m: (m["date"] or "", m["iri"]))


def _attendance(g: Graph, person: URIRef) -> dict[str, Any]:
    """Meetings attended, absent from, chaired, kept the minutes of, and substitutions either way."""
    substitute_for, substituted_by = [], []
    for sub in set(g.subjects(SG.substitute, person)) | set(g.subjects(SG.substituteFor, person)):
        meeting = next(iter(g.subjects(SG.substitution, sub)), None)
        entry = {"meeting": _meeting(g, meeting) if meeting is not None else None, "evidence": evidence(g, sub)}
        if (sub, SG.substitute, person) in g:
            substitute_for.append(entry | {"for": ref(g, one(g, sub, SG.substituteFor))})
        else:
            substituted_by.append(entry | {"by": ref(g, one(g, sub, SG.substitute))})
    key = lambda e: (e["meeting"]["date"] or "" if e["meeting"] else "", str(e))  # noqa: E731
    return {
        "attended": _meetings(g, g.subjects(SCHEMA.attendee, person)),
        "absent": _meetings(g, g.subjects(SG.absentee, person)),
        "chaired": _meetings(g, g.subjects(SG.chair, person)),
        "secretary": _meetings(g, g.subjects(SG.secretary, person)),
        "substitute_for": sorted(substitute_for, key=key),
        "substituted_by": sorted(substituted_by, key=key),
    }


def _context(g: Graph, motion: URIRef) -> dict[str, Any]:
    """The case, body and date of the treatment a motion was made in."""
    c = one(g, motion, SG.consultation)
    if c is None:
        return {"case": None, "body": None, "date": None}
    meeting = one(g, c, SG.meeting)
    day = value(one(g, meeting, SCHEMA.startDate)) if meeting is not None else None
    return {"case": ref(g, one(g, c, SG.case)), "body": ref(g, one(g, c, SG.body)), "date": str(day)[:10] if day else None}


def _proposals(g: Graph, person: URIRef) -> list[dict[str, Any]]:
    out = []
    for motion in set(g.subjects(SCHEMA.creator, person)):
        if (motion, RDF.type, OPENGOV.Motion) not in g:
            continue
        out.append({"iri": str(motion), "type": text(g, motion, SG.motionType), "text": text(g, motion, SCHEMA.text),
                    "result": text(g, motion, OPENGOV.result), **_context(g, motion), "evidence": evidence(g, motion)})
    return sorted(out, key=lambda p: (p["date"] or "", p["iri"]))


def _votes(g: Graph, person: URIRef) -> list[dict[str, Any]]:
    """Named ballots only: a unanimous vote names nobody, so it is not counted as this person's."""
    out = []
    for ballot in set(g.subjects(SCHEMA.agent, person)):
        if (ballot, RDF.type, OPENGOV.Vote) not in g:
            continue
        event = next(iter(g.subjects(OPENGOV.vote, ballot)), None)
        motion = one(g, event, OPENGOV.motion) if event is not None else None
        proposer = one(g, motion, SCHEMA.creator) if motion is not None else None
        out.append({
            "option": text(g, ballot, SCHEMA.option),
            "vote": str(event) if event is not None else None,
            "result": text(g, event, OPENGOV.result) if event is not None else None,
            "motion": None if motion is None else {
                "iri": str(motion), "type": text(g, motion, SG.motionType), "text": text(g, motion, SCHEMA.text),
                "proposer": ref(g, proposer) or ref(g, one(g, motion, DCTERMS.creator))},
            **(_context(g, motion) if motion is not None else {"case": None, "body": None, "date": None}),
            "evidence": evidence(g, ballot),
        })
    return sorted(out, key=lambda v: (v["date"] or "", v["vote"] or ""))


def _tail(node) -> str | None:
    return str(node).rsplit("/", 1)[-1] if node is not None else None
