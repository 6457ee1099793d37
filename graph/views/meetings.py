"""A meeting's page: body, date and place, who attended, was absent or substituted, and the items treated."""

from __future__ import annotations

from typing import Any

from rdflib import Graph
from rdflib.namespace import RDF

from ..namespaces import DCTERMS, SCHEMA, SG
from .cases import treatment
from .common import evidence, iri_of, one, person_ref, ref, require, text, value


def meeting_page(g: Graph, meeting_id: str) -> dict[str, Any]:
    """A meeting (id ``<kommune>/<body slug>/<YYYY-MM-DD>``): its body, start, end and place, chair and
    secretary, attendees, absentees, substitutions, and each item (case) treated with its proposals,
    votes and decisions. Raises ``KeyError`` for an unknown id."""
    meeting = require(g, iri_of("meeting", meeting_id), SG.Meeting, "meeting", meeting_id)
    people = lambda prop: sorted((person_ref(g, p) for p in set(g.objects(meeting, prop))), key=lambda r: r["label"].casefold())  # noqa: E731
    substitutions = []
    for sub in set(g.objects(meeting, SG.substitution)):
        substitutions.append({"substitute": person_ref(g, one(g, sub, SG.substitute)),
                              "substitute_for": person_ref(g, one(g, sub, SG.substituteFor)), "evidence": evidence(g, sub)})
    substitutions.sort(key=lambda s: s["substitute"]["label"] if s["substitute"] else "")
    items = []
    for c in set(g.subjects(SG.meeting, meeting)):
        if (c, RDF.type, SG.Consultation) not in g:
            continue
        case = one(g, c, SG.case)
        item = treatment(g, c)
        item.update(case=ref(g, case), arkivsak=text(g, case, DCTERMS.identifier), title=text(g, case, DCTERMS.title))
        items.append(item)
    items.sort(key=lambda i: (_item_key(i["item_number"]), i["iri"]))
    start = value(one(g, meeting, SCHEMA.startDate))
    end = value(one(g, meeting, SCHEMA.endDate))
    count = value(one(g, meeting, SG.memberCount))
    out = ref(g, meeting)
    out.update(
        kind="meeting",
        body=ref(g, one(g, meeting, SCHEMA.organizer)),
        date=str(start)[:10] if start else None,
        start=str(start) if start else None,
        end=str(end) if end else None,
        location=text(g, meeting, SCHEMA.location),
        member_count=count if isinstance(count, int) else None,
        chair=people(SG.chair),
        secretary=people(SG.secretary),
        officials=people(SG.official),
        attendees=people(SCHEMA.attendee),
        absentees=people(SG.absentee),
        substitutions=substitutions,
        items=items,
        evidence=evidence(g, meeting),
    )
    return out


def _item_key(number: str | None) -> tuple:
    """Saksnr ``5/23`` sorts by year then number; missing ones last."""
    if not number or "/" not in number:
        return (1, 0, 0)
    n, _, year = number.partition("/")
    return (0, int(year) if year.isdigit() else 0, int(n) if n.isdigit() else 0)
