"""A networkx view of the graph: things as nodes (with label and type), object properties as edges.

Provenance (``prov:wasDerivedFrom`` pages, the source files and documents) is left out unless
asked for: every fact on a page would otherwise be two steps from every other, and paths through
a page say nothing about how two things are related.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from itertools import pairwise

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from .namespaces import DCTERMS, FOAF, PROV, SG, SKOS, curie

# What to show as a node's label, best first.
LABEL_PREDICATES = (SKOS.prefLabel, FOAF.name, RDFS.label, DCTERMS.title, SKOS.notation, DCTERMS.identifier)
PROVENANCE_PREDICATES = frozenset({PROV.wasDerivedFrom})
PROVENANCE_CLASSES = frozenset({SG.Page, SG.Document, SG.SourceFile})

Step = tuple[str, str, str]


def node_id(term: Node) -> str:
    """The networkx node id of an RDF term: the IRI, or ``_:id`` for a blank node."""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def label_of(graph: Graph, node: Node) -> str:
    """The best human label of ``node``: a Norwegian one first, else any, else the IRI's last segment."""
    for predicate in LABEL_PREDICATES:
        values = [o for o in graph.objects(node, predicate) if isinstance(o, Literal)]
        if values:
            nb = [v for v in values if v.language in ("nb", "no", "nn")]
            return str(min(nb or values))
    text = str(node)
    return text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def to_networkx(graph: Graph, provenance: bool = False) -> nx.MultiDiGraph:
    """The graph as a ``MultiDiGraph``: nodes are IRIs with ``label``, ``type`` and ``types``;
    edges run subject → object for every property whose object is an IRI (key and ``predicate``:
    the property's compact name). ``rdf:type`` becomes the node's types, not an edge.

    >>> g = to_networkx(sample_graph)                             # doctest: +SKIP
    >>> g.nodes["https://w3id.org/saksgraf/id/case/asker/21-21815"]["type"]  # doctest: +SKIP
    'sg:Case'
    """
    hidden = set() if provenance else _provenance_nodes(graph)
    out = nx.MultiDiGraph()
    for s, p, o in graph.triples((None, None, None)):
        if p == RDF.type or isinstance(o, Literal) or s in hidden or o in hidden:
            continue
        if not provenance and p in PROVENANCE_PREDICATES:
            continue
        for node in (s, o):
            if node_id(node) not in out:
                _add_node(out, graph, node)
        name = curie(str(p))
        out.add_edge(node_id(s), node_id(o), key=name, predicate=name)
    for s in set(graph.subjects(RDF.type, None)):
        if s not in hidden and node_id(s) not in out:
            _add_node(out, graph, s)
    return out


def neighbourhood(graph: Graph | nx.MultiDiGraph, iri: str, depth: int = 1, provenance: bool = False) -> nx.MultiDiGraph:
    """The things within ``depth`` steps of ``iri`` (either direction), with the edges among them.

    On an rdflib graph only the neighbourhood is visited, so this stays cheap on a large store.
    """
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    if isinstance(graph, nx.Graph):
        if iri not in graph:
            raise KeyError(f"{iri} is not in the graph")
        return nx.ego_graph(graph, iri, radius=depth, undirected=True)
    start = _term(graph, iri)
    hidden = set() if provenance else _provenance_nodes(graph)
    seen = {start}
    frontier = deque([(start, 0)])
    while frontier:
        node, dist = frontier.popleft()
        if dist == depth:
            continue
        for other in _neighbours(graph, node, provenance):
            if other not in seen and other not in hidden:
                seen.add(other)
                frontier.append((other, dist + 1))
    out = nx.MultiDiGraph()
    for node in seen:
        _add_node(out, graph, node)
    for node in seen:
        for p, o in graph.predicate_objects(node):
            if o in seen and p != RDF.type and (provenance or p not in PROVENANCE_PREDICATES):
                name = curie(str(p))
                out.add_edge(node_id(node), node_id(o), key=name, predicate=name)
    return out


def shortest_path(graph: Graph | nx.MultiDiGraph, a: str, b: str, provenance: bool = False) -> list[Step] | None:
    """How ``a`` and ``b`` are connected: the fewest statements leading from one to the other.

    Edges are followed in either direction; each step is given as stated,
    ``(subject, predicate, object)``. ``[]`` if ``a == b``; None if they are not connected.

    >>> shortest_path(sample_graph, comment_iri, case_iri)   # doctest: +SKIP
    [('…/comment/…', 'sg:consultation', '…/consultation/…'), ('…/consultation/…', 'sg:case', '…/case/asker/21-21815')]
    """
    net = graph if isinstance(graph, nx.Graph) else to_networkx(graph, provenance=provenance)
    for node in (a, b):
        if node not in net:
            raise KeyError(f"{node} is not in the graph")
    try:
        nodes = nx.shortest_path(net.to_undirected(as_view=True), a, b)
    except nx.NetworkXNoPath:
        return None
    steps: list[Step] = []
    for u, v in pairwise(nodes):
        if net.has_edge(u, v):
            steps.append((u, min(net[u][v]), v))
        else:
            steps.append((v, min(net[v][u]), u))
    return steps


def _term(graph: Graph, iri: str) -> Node:
    term: Node = BNode(iri[2:]) if iri.startswith("_:") else URIRef(iri)
    if (term, None, None) not in graph and (None, None, term) not in graph:
        raise KeyError(f"{iri} is not in the graph")
    return term


def _neighbours(graph: Graph, node: Node, provenance: bool) -> Iterable[Node]:
    for p, o in graph.predicate_objects(node):
        if not isinstance(o, Literal) and p != RDF.type and (provenance or p not in PROVENANCE_PREDICATES):
            yield o
    for s, p in graph.subject_predicates(node):
        if p != RDF.type and (provenance or p not in PROVENANCE_PREDICATES):
            yield s


def _provenance_nodes(graph: Graph) -> set[Node]:
    return {s for cls in PROVENANCE_CLASSES for s in graph.subjects(RDF.type, cls)}


def _add_node(out: nx.MultiDiGraph, graph: Graph, node: Node) -> None:
    types = sorted(curie(str(t)) for t in graph.objects(node, RDF.type) if isinstance(t, URIRef))
    # The project's own class is the most specific one a node has.
    primary = next((t for t in types if t.startswith("sg:")), types[0] if types else "")
    out.add_node(node_id(node), label=label_of(graph, node), type=primary, types=types)
