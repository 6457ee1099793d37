"""The vocabularies the graph speaks (shared/design/vocabulary.md), as rdflib namespaces with their prefixes."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import OWL, RDF, RDFS, XSD, ClosedNamespace

SG_URI = "https://w3id.org/saksgraf/ont#"

# Every term declared in graph/vocab.ttl (a test keeps the two equal): a closed namespace makes a
# misspelt sg: term fail where it is written instead of producing a silently wrong triple.
SG_TERMS = (
    # classes
    "Body", "Party", "Meeting", "Case", "Consultation", "Decision", "Comment", "Plan", "FocusArea",
    "Strategy", "Goal", "Document", "SourceFile", "Page", "Substitution", "ExternalOrganization",
    # object properties
    "caseOfficer", "concerns", "case", "body", "meeting", "chair", "secretary", "absentee",
    "substitution", "substitute", "substituteFor", "party", "consultation", "about", "contributesTo",
    "references", "kommune", "onBehalfOf", "official", "introducedBy", "partner", "votingParty",
    # datatype properties
    "itemNumber", "order", "unanimous", "quote", "startOffset", "endOffset", "pageNumber", "sha256",
    "documentType", "planType", "journalpost", "role", "countMismatch", "chairDoubleVote",
    "motionType", "memberCount", "hearingDeadline",
)  # fmt: skip

SG = ClosedNamespace(SG_URI, list(SG_TERMS))
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SCHEMA = Namespace("https://schema.org/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
OPENGOV = Namespace("http://www.w3.org/ns/opengov#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")

# The core profile's prefixes, in the order vocabulary.md lists them.
PREFIXES: dict[str, str] = {
    "sg": SG_URI,
    "org": str(ORG),
    "foaf": str(FOAF),
    "schema": str(SCHEMA),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "opengov": str(OPENGOV),
    "eli": str(ELI),
    "sdgo": str(SDGO),
}

# Prefixes every SPARQL query may use without declaring them: the core profile and RDF's own.
QUERY_PREFIXES: dict[str, str] = PREFIXES | {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the core profile's prefixes (and rdf, rdfs, xsd, owl) on ``graph``; returns ``graph``.

    Existing bindings of the same prefixes are replaced, so ``schema:`` is always https://schema.org/.

    >>> g = bind_prefixes(Graph())
    >>> dict(g.namespaces())["sg"]
    rdflib.term.URIRef('https://w3id.org/saksgraf/ont#')
    """
    for prefix, uri in QUERY_PREFIXES.items():
        graph.bind(prefix, uri, override=True, replace=True)
    return graph


def new_graph(identifier: str | None = None) -> Graph:
    """An empty in-memory graph with the core profile's prefixes (and no others) bound."""
    return bind_prefixes(Graph(identifier=identifier, bind_namespaces="core"))


def curie(iri: str) -> str:
    """The compact name of ``iri`` under the query prefixes, or the IRI itself in angle brackets.

    >>> curie("https://w3id.org/saksgraf/ont#Case")
    'sg:Case'
    """
    best = ""
    for prefix, uri in QUERY_PREFIXES.items():
        if iri.startswith(uri) and len(uri) > len(QUERY_PREFIXES.get(best, "")):
            best = prefix
    if best:
        return f"{best}:{iri[len(QUERY_PREFIXES[best]):]}"
    return f"<{iri}>"
