"""The graph store: one interface (``GraphStore``) over two backends, facts kept per source in named graphs.

Every fact read from one ingested file lives in that file's named graph (IRI: the file's
``document/<source_id>`` IRI), so ``replace_source`` swaps out everything one file said, atomically,
and ``remove_source`` forgets it. Queries, exports and statistics see the *union*: the RDF merge
(a set) of all source graphs, so a triple that several files state counts once.

Backends (setting ``graph_backend``):

- ``oxigraph`` (default): pyoxigraph on disk in ``<data_dir>/graph/``; see ``graph.oxigraph_store``.
- ``memory``: rdflib's Memory store, for tests; nothing is persisted.

>>> store = open_graph_store(data_dir)                        # doctest: +SKIP
>>> store.replace_source("002_420537c42393fb97", triples)     # doctest: +SKIP
>>> format_result(store.query("SELECT ?c WHERE { ?c a sg:Case }"))  # doctest: +SKIP
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.stores.memory import Memory
from rdflib.query import Result
from rdflib.term import Node

from .iris import BASE, source_iri
from .namespaces import QUERY_PREFIXES, bind_prefixes, curie, new_graph
from .rdfio import rdf_format, serialize_graph
from .sparql import QueryError, check_read_only, syntax_error, undeclared_prefixes

Triple = tuple[Node, Node, Node]

SOURCE_GRAPH_PREFIX = BASE + "document/"


class ReadOnlyViewError(TypeError):
    """A write through ``GraphStore.graph()``: the view is for reading; write with ``replace_source``."""


class GraphStore(ABC):
    """Where the facts go and how they are read: one named graph per source file, queried as a union.

    Writes: ``replace_source`` (atomic: a failure leaves the source's old facts in place) and
    ``remove_source``. Reads: ``query`` (read-only SPARQL), ``export``, ``stats``, ``sources``,
    ``source_graph`` and ``graph`` (a live rdflib view). Use as a context manager, or call ``close``.
    """

    backend: str = ""

    def __init__(self) -> None:
        self._lock = threading.RLock()

    # -- writing --------------------------------------------------------------------------------

    @abstractmethod
    def replace_source(self, source_id: str, triples: Iterable[Triple]) -> int:
        """Make ``triples`` (an rdflib Graph or any iterable of triples) everything ``source_id`` says.

        All or nothing: if anything fails, including the iterable itself, the source's previous
        facts stay as they were. Returns the number of distinct triples stored; an empty input
        removes the source.
        """

    @abstractmethod
    def remove_source(self, source_id: str) -> bool:
        """Forget every fact read from ``source_id``; False if it had none."""

    @abstractmethod
    def replace_sources(self, graphs: Mapping[str, Iterable[Triple]], remove_others: bool = False) -> dict[str, int]:
        """``replace_source`` for many sources in ONE transaction: all are replaced or none is.

        With ``remove_others`` every source not in ``graphs`` is removed in the same transaction,
        so the store then holds exactly ``graphs``. Returns the triples stored per source.
        """

    # -- reading --------------------------------------------------------------------------------

    @abstractmethod
    def graph(self) -> Dataset:
        """A live, read-only rdflib view: ``triples((s, p, o))`` and ``query`` see the union,
        ``graph(source_iri(id))`` one source's named graph. Writing through it raises ``ReadOnlyViewError``.
        """

    @abstractmethod
    def export(self, fmt: str = "turtle") -> bytes:
        """The union of all sources as ``turtle``, ``nt`` or ``jsonld`` (UTF-8); the vocabulary is
        exported separately (``graph.vocab.export_vocabulary``)."""

    @abstractmethod
    def _run_query(self, sparql: str) -> Result:
        """Run a query already checked to be read-only; parser exceptions propagate."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (and, for a persistent one, its lock on the folder)."""

    def sources(self) -> list[str]:
        """The ids of the sources that have facts in the graph, sorted."""
        ids = []
        for ctx in self.graph().graphs():
            name = str(ctx.identifier)
            if name.startswith(SOURCE_GRAPH_PREFIX) and len(ctx):
                ids.append(name[len(SOURCE_GRAPH_PREFIX):])
        return sorted(ids)

    def source_graph(self, source_id: str) -> Graph:
        """A copy of everything ``source_id`` says (empty if nothing)."""
        out = new_graph()
        for triple in self.graph().graph(source_iri(source_id)).triples((None, None, None)):
            out.add(triple)
        return out

    def union_graph(self) -> Graph:
        """A copy of the union of all sources as one in-memory graph."""
        out = new_graph()
        out += self.graph().triples((None, None, None))
        return out

    def query(self, sparql: str) -> Result:
        """Run a read-only SPARQL query over the union (named graphs reachable with ``GRAPH``).

        The core prefixes (sg, org, foaf, schema, dcterms, skos, prov, opengov, eli, sdgo, rdf,
        rdfs, xsd, owl) need no declaration. Updates raise ``ReadOnlyError``; a malformed query
        raises ``QuerySyntaxError`` naming the line, column and problem.

        >>> store.query("ASK { ?c a sg:Case }").askAnswer   # doctest: +SKIP
        True
        """
        check_read_only(sparql)
        try:
            return self._run_query(sparql)
        except QueryError:
            raise
        except Exception as exc:
            # pyoxigraph raises SyntaxError, rdflib pyparsing's ParseException or, for an unknown
            # prefix, a bare Exception.
            if isinstance(exc, SyntaxError) or type(exc).__module__.startswith("pyparsing") or undeclared_prefixes(sparql, QUERY_PREFIXES):
                raise syntax_error(exc, sparql, QUERY_PREFIXES) from None
            raise QueryError(f"the query failed: {exc}") from exc

    def stats(self) -> dict:
        """Figures for ``saksgraf stats``: distinct triples in the union, sources, instances by class.

        >>> store.stats()                                    # doctest: +SKIP
        {'backend': 'memory', 'triples': 112, 'sources': 1, 'classes': {'sg:Page': 3, ...}}
        """
        triples = int(next(iter(self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0])
        classes = {
            curie(str(row[0])): int(row[1])
            for row in self.query(
                "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c"
            )
        }
        return {"backend": self.backend, "triples": triples, "sources": len(self.sources()), "classes": classes}

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_graph_store(data_dir: Path | str | None = None, backend: str | None = None, read_only: bool = False) -> GraphStore:
    """The graph store of ``data_dir`` (``<data_dir>/graph/``), with the backend of setting ``graph_backend``.

    ``read_only`` opens an oxigraph store without taking its write lock, for queries and exports
    while another process writes.
    """
    from .settings import GRAPH_BACKEND

    name = GRAPH_BACKEND.value(backend)
    if name == "memory":
        return MemoryGraphStore()
    if name == "oxigraph":
        from .oxigraph_store import OxigraphGraphStore

        if data_dir is None:
            return OxigraphGraphStore(None)
        return OxigraphGraphStore(Path(data_dir) / "graph", read_only=read_only)
    raise ValueError(f"unknown graph backend {name!r}")


def materialise(triples: Iterable[Triple]) -> list[Triple]:
    """Check and normalise triples before anything is written; a bad one raises ``ValueError``.

    Plain strings are stored without the explicit ``xsd:string`` datatype (RDF 1.1 makes them the
    same), so both backends hand back equal terms. Duplicates are dropped, order kept.
    """
    out: dict[Triple, None] = {}
    for triple in triples:
        if len(triple) != 3:
            raise ValueError(f"not a triple: {triple!r}")
        s, p, o = triple
        if not isinstance(s, (URIRef, BNode)):
            raise ValueError(f"subject must be an IRI or blank node, not {s!r}")
        if not isinstance(p, URIRef):
            raise ValueError(f"predicate must be an IRI, not {p!r}")
        if not isinstance(o, (URIRef, BNode, Literal)):
            raise ValueError(f"object must be an IRI, blank node or literal, not {o!r}")
        out[(s, p, plain_literal(o))] = None
    return list(out)


def plain_literal(term: Node) -> Node:
    """``"x"^^xsd:string`` as the plain literal ``"x"``; every other term unchanged."""
    if isinstance(term, Literal) and term.datatype == XSD.string and term.language is None:
        return Literal(str(term))
    return term


class _GuardedMemory(Memory):
    """rdflib's Memory store that refuses writes except inside ``MemoryGraphStore._writing``."""

    writable = False

    def add(self, triple, context, quoted=False):  # type: ignore[no-untyped-def]
        self._check()
        super().add(triple, context, quoted)

    def addN(self, quads):  # type: ignore[no-untyped-def]
        self._check()
        super().addN(quads)

    def remove(self, triple, context=None):  # type: ignore[no-untyped-def]
        self._check()
        super().remove(triple, context)

    def remove_graph(self, graph):  # type: ignore[no-untyped-def]
        self._check()
        super().remove_graph(graph)

    def update(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ReadOnlyViewError("the graph view is read-only; write with GraphStore.replace_source")

    def _check(self) -> None:
        if not self.writable:
            raise ReadOnlyViewError("the graph view is read-only; write with GraphStore.replace_source")


class MemoryGraphStore(GraphStore):
    """The in-memory backend (rdflib Memory store): same behaviour as oxigraph, nothing persisted."""

    backend = "memory"

    def __init__(self) -> None:
        super().__init__()
        self._store = _GuardedMemory()
        self._ds = Dataset(store=self._store, default_union=True)
        bind_prefixes(self._ds)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        with self._lock:
            self._store.writable = True
            try:
                yield
            finally:
                self._store.writable = False

    def replace_source(self, source_id: str, triples: Iterable[Triple]) -> int:
        name = source_iri(source_id)
        new = materialise(triples)
        if not new:
            self.remove_source(source_id)
            return 0
        with self._writing():
            old = list(self._ds.graph(name).triples((None, None, None)))
            try:
                self._ds.remove_graph(name)
                self._write(name, new)
            except BaseException:
                # The Memory store has no transactions: put the old facts back before re-raising.
                self._ds.remove_graph(name)
                self._add(name, old)
                raise
        return len(new)

    def _write(self, name: URIRef, triples: list[Triple]) -> None:
        """The step of a replace that can fail half-way (tests make it fail)."""
        self._add(name, triples)

    def _add(self, name: URIRef, triples: list[Triple]) -> None:
        graph = self._ds.graph(name)
        graph.addN((s, p, o, graph) for s, p, o in triples)

    def remove_source(self, source_id: str) -> bool:
        name = source_iri(source_id)
        with self._writing():
            had = len(self._ds.graph(name)) > 0
            self._ds.remove_graph(name)
        return had

    def replace_sources(self, graphs: Mapping[str, Iterable[Triple]], remove_others: bool = False) -> dict[str, int]:
        new = {sid: materialise(triples) for sid, triples in graphs.items()}
        gone = [sid for sid in self.sources() if sid not in new] if remove_others else []
        names = {sid: source_iri(sid) for sid in [*new, *gone]}
        with self._writing():
            old = {sid: list(self._ds.graph(name).triples((None, None, None))) for sid, name in names.items()}
            try:
                for sid, name in names.items():
                    self._ds.remove_graph(name)
                    if new.get(sid):
                        self._write(name, new[sid])
            except BaseException:
                for sid, name in names.items():
                    self._ds.remove_graph(name)
                    self._add(name, old[sid])
                raise
        return {sid: len(triples) for sid, triples in new.items()}

    def graph(self) -> Dataset:
        return self._ds

    def export(self, fmt: str = "turtle") -> bytes:
        return serialize_graph(self.union_graph(), rdf_format(fmt).name)

    def _run_query(self, sparql: str) -> Result:
        return self._ds.query(sparql, initNs=QUERY_PREFIXES)

    def close(self) -> None:
        pass

