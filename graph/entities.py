"""The things facts point to (people, parties, bodies, plans, organisations, the kommune), described once per source."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from ingest.text import normalize_space, slug

from . import iris
from .namespaces import FOAF, ORG, SCHEMA, SG, SKOS
from .parties import party_name

if TYPE_CHECKING:
    from .build import Builder


def emit_entities(b: Builder) -> None:
    """Describe every person, party, body, plan and kommune the facts of the build refer to."""
    _people(b)
    _parties(b)
    _bodies(b)
    _plans(b)
    _kommuner(b)
    _organisations(b)


def _people(b: Builder) -> None:
    for person, node in zip(b.people, b._person_iris):
        if node not in b.nodes:
            continue  # named only in records that were left out
        facts = b.nodes.node(node, needs_evidence=False).type(FOAF.Person)
        facts.set(FOAF.name, Literal(person.name)).set(RDFS.label, Literal(person.name))
        for variant in person.variants:
            if variant != person.name:
                facts.add(SKOS.altLabel, Literal(variant))
        if person.party:
            facts.set(SG.party, iris.iri(f"party/{person.party}"))
            b.party_sources[person.party].update(facts.sources)
        facts.add(SG.kommune, iris.kommune_iri(person.kommune))


def _parties(b: Builder) -> None:
    for key in sorted(b.party_sources):
        codes = b.party_codes.get(key, {})
        name = next((party_name(c) for c in sorted(codes) if party_name(c)), None) or key
        facts = b.nodes.node(iris.iri(f"party/{key}"), needs_evidence=False).type(SG.Party)
        facts.seen_in(b.party_sources[key]).set(FOAF.name, Literal(name)).set(RDFS.label, Literal(name))
        for code in sorted(codes):
            facts.add(SKOS.notation, Literal(code))
        if not codes:
            facts.add(SKOS.notation, Literal(key))


def _bodies(b: Builder) -> None:
    for (kommune, key), sources in sorted(b.body_sources.items()):
        label = b.bodies.label(key)
        facts = b.nodes.node(iris.body_iri(kommune, key), needs_evidence=False).type(SG.Body).seen_in(sources)
        facts.set(RDFS.label, Literal(label)).set(ORG.subOrganizationOf, iris.kommune_iri(kommune))
        for variant in sorted(b.bodies.variants(key)):
            if variant != label:
                facts.add(SKOS.altLabel, Literal(variant))


def _plans(b: Builder) -> None:
    for node, labels in b.plan_labels.items():
        label = min(labels, key=lambda s: (-labels[s], len(s), s))
        facts = b.nodes.node(node, needs_evidence=False).set(RDFS.label, Literal(label))
        for other in sorted(labels):
            if other != label:
                facts.add(SKOS.altLabel, Literal(other))


def _kommuner(b: Builder) -> None:
    used: dict[str, set[str]] = defaultdict(set)
    for s in b.sources:
        ex = s.extraction
        if ex.meetings or ex.cases or ex.treatments:
            used[b.kommune[s.id]].add(s.id)
    for kommune, sources in sorted(used.items()):
        facts = b.nodes.node(iris.kommune_iri(kommune), needs_evidence=False)
        facts.type(SCHEMA.GovernmentOrganization, ORG.Organization).seen_in(sources)
        facts.set(FOAF.name, Literal(kommune)).set(RDFS.label, Literal(f"{kommune} kommune"))


def organisation_iri(name: str) -> URIRef:
    """The IRI of an external organisation: national and regional bodies are one node for every kommune."""
    return iris.iri(f"organisation/{slug(name)}")


def _organisations(b: Builder) -> None:
    """External organisations named in the sources, cited once per page; the kommune and the cases
    link the ones their council documents name as partners."""
    for s in b.sources:
        cited: set[tuple[str, int | None]] = set()
        kommune = b.kommune[s.id]
        council = bool(s.extraction.meetings or s.extraction.cases or s.extraction.treatments)
        for m in s.extraction.organisations:
            if normalize_space(m.name).casefold() == f"{kommune} kommune".casefold():
                continue  # the kommune itself, not an external organisation
            node = organisation_iri(m.name)
            facts = b.nodes.node(node, needs_evidence=False).type(SG.ExternalOrganization, ORG.Organization)
            facts.set(FOAF.name, Literal(m.name)).set(RDFS.label, Literal(m.name)).seen_in([s.id])
            if m.short:
                facts.add(SKOS.notation, Literal(m.short))
            written = normalize_space(m.written)
            if written not in (m.name, m.short):
                facts.add(SKOS.altLabel, Literal(written))
            key = (m.name, m.evidence.page)
            if key not in cited:  # one citation per page is enough to find it; more would only bloat
                cited.add(key)
                facts.cite(m.evidence)
            if m.partner and council:
                b.nodes.node(iris.kommune_iri(kommune), needs_evidence=False).add(SG.partner, node)
            ark = _case_number(m.arkivsak)
            if m.partner and ark:
                b.nodes.node(iris.case_iri(kommune, ark)).add(SG.partner, node)


def _case_number(value: str | None) -> str | None:
    try:
        return iris.normalise_arkivsak(value) if value else None
    except ValueError:
        return None
