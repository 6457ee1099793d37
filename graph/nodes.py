"""Facts gathered per node before they are written: several records may describe one node, and each
source file gets the triples it supports.

A node (a meeting, a case, a person …) collects its types, its many-valued properties, candidate
values for single-valued ones (the best-supported value wins, so two readings of one meeting
never give it two start times) and the evidence it was read from. ``SourceGraphs.write`` then
puts the node's description into the graph of every source that supports it, and each piece of
evidence into the graph of its own source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ingest.extract.base import Evidence

from .namespaces import new_graph
from .provenance import add_evidence

@dataclass
class NodeFacts:
    """What is known about one node, from however many records."""

    iri: URIRef
    types: set[URIRef] = field(default_factory=set)
    values: dict[URIRef, list[Node]] = field(default_factory=dict)
    single: dict[URIRef, Counter] = field(default_factory=dict)
    evidence: dict[tuple, Evidence] = field(default_factory=dict)
    sources: set[str] = field(default_factory=set)
    needs_evidence: bool = True

    def type(self, *classes: URIRef) -> NodeFacts:
        self.types.update(classes)
        return self

    def add(self, predicate: URIRef, value: Node | None) -> NodeFacts:
        """A value of a many-valued property (None is ignored)."""
        if value is not None:
            self.values.setdefault(predicate, []).append(value)
        return self

    def set(self, predicate: URIRef, value: Node | None, weight: int = 1) -> NodeFacts:
        """A candidate for a single-valued property; the heaviest candidate wins, ties by term order."""
        if value is not None:
            self.single.setdefault(predicate, Counter())[value] += weight
        return self

    def cite(self, evidence: Evidence | None) -> NodeFacts:
        """Add where the node was read (ignored if None); the node is then described in that source."""
        if evidence is not None:
            self.evidence[(evidence.source_id, evidence.page, evidence.start, evidence.end)] = evidence
            self.sources.add(evidence.source_id)
        return self

    def seen_in(self, source_ids: Iterable[str]) -> NodeFacts:
        """Describe the node in these sources too (for things that have no evidence of their own)."""
        self.sources.update(source_ids)
        return self


class SourceGraphs:
    """Nodes by IRI, written out as one graph per source."""

    def __init__(self, valid_evidence: Callable[[Evidence], bool]) -> None:
        self.nodes: dict[URIRef, NodeFacts] = {}
        self._valid = valid_evidence
        self.dropped: list[str] = []

    def node(self, iri: URIRef, needs_evidence: bool = True) -> NodeFacts:
        facts = self.nodes.get(iri)
        if facts is None:
            facts = self.nodes[iri] = NodeFacts(iri, needs_evidence=needs_evidence)
        return facts

    def __contains__(self, iri: object) -> bool:
        return iri in self.nodes

    def write(self, graphs: dict[str, Graph]) -> dict[str, Graph]:
        """Add every node's triples to ``graphs`` (one per source id; created as needed).

        A fact node left with no valid evidence is dropped, with every triple that points to it.
        """
        for facts in self.nodes.values():
            bad = [k for k, ev in facts.evidence.items() if not self._valid(ev)]
            for k in bad:
                self.dropped.append(f"{facts.iri}: evidence {k} is not on a page of its source")
                del facts.evidence[k]
        gone = {iri for iri, f in self.nodes.items() if f.needs_evidence and not f.evidence}
        for iri in sorted(gone):
            self.dropped.append(f"{iri}: no evidence, left out")
        for iri in sorted(self.nodes):
            facts = self.nodes[iri]
            if iri in gone:
                continue
            triples = list(self._triples(facts, gone))
            sources = {ev.source_id for ev in facts.evidence.values()} | facts.sources
            for sid in sorted(sources):
                graph = graphs.setdefault(sid, new_graph())
                for t in triples:
                    graph.add(t)
            for ev in facts.evidence.values():
                add_evidence(graphs.setdefault(ev.source_id, new_graph()), iri, ev)
        return graphs

    @staticmethod
    def _triples(facts: NodeFacts, gone: set[URIRef]) -> Iterable[tuple[Node, Node, Node]]:
        s = facts.iri
        for cls in sorted(facts.types):
            yield s, RDF.type, cls
        for p, values in facts.values.items():
            for o in values:
                if o not in gone:
                    yield s, p, o
        for p, counter in facts.single.items():
            resolved = Counter({o: w for o, w in counter.items() if o not in gone})
            if resolved:
                yield s, p, min(resolved, key=lambda o: (-resolved[o], _order(o)))


def _order(term: Node) -> tuple[int, str]:
    # Typed date-times before plain dates, then lexical order: deterministic whatever the input order.
    return (0 if isinstance(term, Literal) and term.datatype and "dateTime" in str(term.datatype) else 1, str(term))
