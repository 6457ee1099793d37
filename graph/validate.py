"""SHACL validation of a graph against the core profile (graph/shapes.ttl), with pyshacl."""

from __future__ import annotations

from rdflib import Dataset, Graph
from rdflib.graph import ConjunctiveGraph

from .namespaces import new_graph
from .vocab import shapes, vocabulary


def validate(graph: Graph, shapes_graph: Graph | None = None) -> tuple[bool, str]:
    """Check ``graph`` against the core profile's shapes: ``(conforms, report_text)``.

    A ``Dataset`` (such as ``GraphStore.graph()``) is validated as its union, since a fact in one
    source may point to a person or body typed in another. The project vocabulary is mixed in, so
    subclasses count (an ``sg:Body`` is an ``org:Organization``).

    >>> ok, report = validate(sample_graph)           # doctest: +SKIP
    >>> ok                                            # doctest: +SKIP
    True
    """
    import pyshacl  # slow to import; only validation needs it

    data = _union(graph) if isinstance(graph, (Dataset, ConjunctiveGraph)) else graph
    conforms, _results, text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph if shapes_graph is not None else shapes(),
        ont_graph=vocabulary(),
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
    )
    return bool(conforms), str(text)


def _union(dataset: Graph) -> Graph:
    out = new_graph()
    out += dataset.triples((None, None, None))
    return out
