"""Political bodies: the list of them, and one body's page (members, meetings, cases)."""

from __future__ import annotations

from typing import Any

from rdflib import Graph
from rdflib.namespace import RDF

from ..namespaces import DCTERMS, ORG, SCHEMA, SG
from .common import by_type, iri_of, label, one, person_ref, ref, require, text, value


def list_bodies(g: Graph) -> list[dict[str, Any]]:
    """Every body: id, name, kommune, and how many meetings and treatments the graph has of it, by name."""
    out = []
    for body in by_type(g, SG.Body):
        r = ref(g, body)
        r.update(
            name=label(g, body),
            kommune=ref(g, one(g, body, ORG.subOrganizationOf)),
            meetings=len(set(g.subjects(SCHEMA.organizer, body))),
            treatments=len(set(g.subjects(SG.body, body))),
        )
        out.append(r)
    return sorted(out, key=lambda r: (r["name"].casefold(), r["iri"]))


def body_page(g: Graph, body_id: str) -> dict[str, Any]:
    """A body (id ``<kommune>/<name slug>``): its members with roles and parties, its meetings, the cases it
    treated (with saksnr and date) and the comments it gave. Raises ``KeyError`` for an unknown id."""
    body = require(g, iri_of("body", body_id), SG.Body, "body", body_id)
    members = []
    for m in set(g.subjects(ORG.organization, body)):
        if (m, RDF.type, ORG.Membership) not in g:
            continue
        person = one(g, m, ORG.member)
        members.append({"person": person_ref(g, person), "role": text(g, m, SG.role) or _role_name(one(g, m, ORG.role)),
                        "membership": str(m)})
    members.sort(key=lambda x: (x["person"]["label"].casefold() if x["person"] else "", x["role"] or ""))
    meetings = []
    for mt in set(g.subjects(SCHEMA.organizer, body)):
        r = ref(g, mt)
        r["date"] = _day(one(g, mt, SCHEMA.startDate))
        r["attendees"] = len(set(g.objects(mt, SCHEMA.attendee)))
        meetings.append(r)
    meetings.sort(key=lambda x: (x["date"] or "", x["iri"]))
    cases = []
    for c in set(g.subjects(SG.body, body)):
        if (c, RDF.type, SG.Consultation) not in g:
            continue
        case = one(g, c, SG.case)
        meeting = one(g, c, SG.meeting)
        r = ref(g, case)
        if r is None:
            continue
        r.update(arkivsak=text(g, case, DCTERMS.identifier), title=text(g, case, DCTERMS.title),
                 item_number=text(g, c, SG.itemNumber), meeting=ref(g, meeting),
                 date=_day(one(g, meeting, SCHEMA.startDate)) if meeting is not None else None, treatment=str(c))
        cases.append(r)
    cases.sort(key=lambda x: (x["date"] or "", x["item_number"] or "", x["iri"]))
    comments = []
    for cm in set(g.subjects(DCTERMS.creator, body)):
        if (cm, RDF.type, SG.Comment) in g:
            comments.append({"iri": str(cm), "about": ref(g, one(g, cm, SG.about)), "text": text(g, cm, SCHEMA.text)})
    comments.sort(key=lambda x: (x["about"]["label"] if x["about"] else "", x["iri"]))
    out = ref(g, body)
    out.update(kind="body", name=label(g, body), kommune=ref(g, one(g, body, ORG.subOrganizationOf)),
               members=members, meetings=meetings, cases=cases, comments=comments)
    return out


def _day(term) -> str | None:
    v = value(term)
    return str(v)[:10] if v else None


def _role_name(role) -> str | None:
    return str(role).rsplit("/", 1)[-1] if role is not None else None
