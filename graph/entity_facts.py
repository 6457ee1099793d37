"""The graph's people, parties, memberships and organisations as comparable facts (``{"kind", "fact"}`` dicts).

The gold set (tests/gold/facts_people.jsonl) and the extraction benchmark compare these with facts
verified by reading the sample. They are read from the built graph, not from the extraction records,
so that entity resolution (one node per real person, one party for A and Ap) is what gets measured.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from .namespaces import DCTERMS, FOAF, ORG, SG, SKOS


def _label(graph: Graph, node: URIRef | None) -> str | None:
    if node is None:
        return None
    value = graph.value(node, RDFS.label) or graph.value(node, FOAF.name)
    return str(value) if value is not None else None


def _party_code(graph: Graph, party: URIRef | None) -> str | None:
    """The party's key as its IRI names it (``party/ap`` → ``ap``); codes compare through ``party_key``."""
    return str(party).rstrip("/").rsplit("/", 1)[-1] if party is not None else None


def entity_facts(graph: Graph) -> list[dict[str, Any]]:
    """Facts of kinds person, spelling, membership, party, organisation, partner and partner_org read from ``graph``.

    person: ``{"name", "party"}`` (party as its key, ``ap``); spelling: ``{"name", "spelling"}`` for
    the name and every variant a person node carries; membership: ``{"name", "organisation", "role"}``;
    party: ``{"name", "codes"}``; organisation: ``{"name"}`` for external organisations; partner:
    ``{"arkivsak", "organisation"}`` for a case that names an organisation as its partner; partner_org:
    ``{"kommune", "name"}`` for the partners a kommune's council documents name.

    >>> from graph.namespaces import new_graph
    >>> entity_facts(new_graph())
    []
    """
    out: list[dict[str, Any]] = []
    for person in sorted(graph.subjects(RDF.type, FOAF.Person)):
        name = graph.value(person, FOAF.name)
        if name is None:
            continue
        out.append({"kind": "person", "fact": {"name": str(name), "party": _party_code(graph, graph.value(person, SG.party))}})
        for spelling in sorted({str(name), *(str(v) for v in graph.objects(person, SKOS.altLabel))}):
            out.append({"kind": "spelling", "fact": {"name": str(name), "spelling": spelling}})
        for membership in sorted(graph.objects(person, ORG.hasMembership)):
            organisation = _label(graph, graph.value(membership, ORG.organization))
            role = _label(graph, graph.value(membership, ORG.role))
            out.append({"kind": "membership", "fact": {"name": str(name), "organisation": organisation, "role": role}})
    for party in sorted(graph.subjects(RDF.type, SG.Party)):
        codes = sorted(str(c) for c in graph.objects(party, SKOS.notation))
        out.append({"kind": "party", "fact": {"name": _label(graph, party), "codes": codes}})
    for organisation in sorted(graph.subjects(RDF.type, SG.ExternalOrganization)):
        out.append({"kind": "organisation", "fact": {"name": _label(graph, organisation)}})
    for subject, organisation in sorted(graph.subject_objects(SG.partner)):
        if (subject, RDF.type, SG.Case) in graph:
            number = graph.value(subject, DCTERMS.identifier)
            out.append({"kind": "partner", "fact": {"arkivsak": str(number) if number else None, "organisation": _label(graph, organisation)}})
        else:  # the kommune's partners, named anywhere in its council documents
            out.append({"kind": "partner_org", "fact": {"kommune": _label(graph, subject), "name": _label(graph, organisation)}})
    return out
