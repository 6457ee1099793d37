"""Keeping the graph in step with the document store: after every ingest, the graph is rebuilt from the
stored records and written in one transaction.

Why rebuild everything rather than the changed files only: people, bodies and canonical names are
resolved across all files (a new file may bring "Monica Vee Bratlie" where the others said "Monica
Bratlie"), so any file can change what the others' graphs say. The build is fast (the sample in
well under a second) and the store writes only the difference, so an unchanged input writes nothing.
IRIs derive from identifiers in the text, so rebuilding the same input gives the same IRIs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .build import build_graph
from .sources import DocumentStore
from .store import GraphStore, MemoryGraphStore, open_graph_store


@dataclass
class SyncReport:
    """What a sync did: sources written, distinct triples in the graph, people resolved, seconds."""

    sources: int
    triples: int
    people: int
    seconds: float
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "sources": self.sources,
            "triples": self.triples,
            "people": self.people,
            "seconds": round(self.seconds, 3),
            "warnings": self.warnings,
        }


def sync_graph(store: DocumentStore, graph_store: GraphStore) -> SyncReport:
    """Make ``graph_store`` hold exactly the graph of ``store``'s records, in one transaction.

    >>> report = sync_graph(Store.open(data_dir), open_graph_store(data_dir))   # doctest: +SKIP
    >>> report.triples                                                          # doctest: +SKIP
    31245
    """
    started = time.perf_counter()
    result = build_graph(store)
    graph_store.replace_sources(result.graphs, remove_others=True)
    triples = int(next(iter(graph_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0])
    return SyncReport(len(result.graphs), triples, len(result.people), time.perf_counter() - started, result.warnings)


GENERATION_FILE = "graph.generation"


def sync_data_dir(data_dir: Path | str, store: DocumentStore, backend: str | None = None) -> SyncReport:
    """Sync the graph kept in ``data_dir`` with ``store``, then mark it changed for running servers.

    Why a marker file: a server holds the graph in memory; it compares ``graph_generation`` before
    each request and reloads after an ingest, without a restart and without polling the store.
    """
    from .settings import GRAPH_BACKEND

    data_dir = Path(data_dir)
    with open_graph_store(data_dir, backend=GRAPH_BACKEND.value(backend)) as graph_store:
        report = sync_graph(store, graph_store)
    marker = data_dir / GENERATION_FILE
    tmp = marker.with_suffix(".tmp")
    tmp.write_text(str(time.time_ns()), encoding="utf-8")
    tmp.replace(marker)  # atomic: a reader sees the old mark or the new one, never half of one
    return report


def graph_generation(data_dir: Path | str) -> str | None:
    """The mark the last sync left in ``data_dir`` (None before the first): changes with every sync."""
    try:
        return (Path(data_dir) / GENERATION_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def open_graph(data_dir: Path | str, backend: str | None = None) -> GraphStore:
    """The graph of ``data_dir`` for reading (``saksgraf export`` and ``sparql``).

    The oxigraph backend opens the store that ``saksgraf ingest`` keeps in ``<data_dir>/graph/``
    (read-only, so it works while another process ingests); the memory backend keeps nothing
    between runs, so its graph is built here from the document store.
    """
    from ingest import Store

    from .settings import GRAPH_BACKEND

    data_dir = Path(data_dir)
    name = GRAPH_BACKEND.value(backend)
    if name == "memory":
        graph_store = MemoryGraphStore()
        if (data_dir / "documents.sqlite").exists():
            with Store.open(data_dir) as store:
                sync_graph(store, graph_store)
        return graph_store
    if not (data_dir / "graph").exists():
        raise FileNotFoundError(f"no graph in {data_dir} yet: run `saksgraf ingest` first")
    return open_graph_store(data_dir, backend=name, read_only=True)
