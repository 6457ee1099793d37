"""RDF serialisation formats the graph exports (Turtle, N-Triples, JSON-LD): names, media types, writers."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from .namespaces import PREFIXES, bind_prefixes, new_graph


@dataclass(frozen=True)
class RdfFormat:
    """One export format: its canonical name, rdflib's plugin name, media type and file suffix."""

    name: str
    rdflib_name: str
    media_type: str
    suffix: str


FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat("turtle", "turtle", "text/turtle", ".ttl"),
    "nt": RdfFormat("nt", "nt", "application/n-triples", ".nt"),
    "jsonld": RdfFormat("jsonld", "json-ld", "application/ld+json", ".jsonld"),
}

_ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld"}


def rdf_format(name: str) -> RdfFormat:
    """The export format called ``name`` (``turtle``/``ttl``, ``nt``/``ntriples``, ``jsonld``/``json-ld``).

    >>> rdf_format("ttl").media_type
    'text/turtle'
    """
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in FORMATS:
        raise ValueError(f"unknown RDF format {name!r}; one of {', '.join(FORMATS)}")
    return FORMATS[key]


def serialize_graph(graph: Graph, fmt: str) -> bytes:
    """``graph`` serialised in ``fmt``, UTF-8 encoded, with the core profile's prefixes where the format has them."""
    spec = rdf_format(fmt)
    bind_prefixes(graph)  # binding only names terms; the triples are untouched
    if spec.name == "jsonld":
        return graph.serialize(format="json-ld", context=dict(PREFIXES), encoding="utf-8")
    return graph.serialize(format=spec.rdflib_name, encoding="utf-8")


def parse_graph(data: bytes | str, fmt: str) -> Graph:
    """Parse ``data`` in ``fmt`` into a new graph (the inverse of ``serialize_graph`` and of exports)."""
    spec = rdf_format(fmt)
    return new_graph().parse(data=data, format=spec.rdflib_name)
