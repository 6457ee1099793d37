"""The project vocabulary (vocab.ttl) and the core profile's SHACL shapes (shapes.ttl), loaded once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from .namespaces import new_graph

HERE = Path(__file__).resolve().parent
VOCAB_PATH = HERE / "vocab.ttl"
SHAPES_PATH = HERE / "shapes.ttl"


@lru_cache(maxsize=1)
def _parsed(path: Path) -> Graph:
    return new_graph().parse(path, format="turtle")


def vocabulary() -> Graph:
    """The sg: vocabulary as a fresh graph (a copy: callers may change it).

    >>> from graph.namespaces import SG
    >>> (SG.Body, None, None) in vocabulary()
    True
    """
    return _copy(_parsed(VOCAB_PATH))


def shapes() -> Graph:
    """The SHACL shapes of the core profile as a fresh graph."""
    return _copy(_parsed(SHAPES_PATH))


def export_vocabulary(fmt: str = "turtle") -> bytes:
    """The vocabulary serialised as ``turtle``, ``nt`` or ``jsonld`` (``saksgraf export --vocabulary``)."""
    from .rdfio import serialize_graph

    return serialize_graph(_parsed(VOCAB_PATH), fmt)


def _copy(graph: Graph) -> Graph:
    out = new_graph()
    out += graph
    return out
