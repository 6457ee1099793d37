"""The oxigraph backend: writes go straight to pyoxigraph, one transaction each; reads through oxrdflib.

Why not write through rdflib: oxrdflib's store is not transaction-aware (``commit``/``rollback``
do nothing) and every ``add``/``remove`` is its own oxigraph transaction, so a replace done as
"remove the graph, then add" through rdflib that fails half-way leaves the source with *no*
facts (measured: remove + a generator that raises → the named graph is empty afterwards).

Here every write is ONE SPARQL update, which oxigraph applies as one transaction (a failure in
any of its operations rolls back all of them; a test checks this). ``replace_source`` reads the
source's current triples, and sends only the difference: ``DELETE DATA`` what went, ``INSERT
DATA`` what came, so re-ingesting an unchanged file writes nothing. The input is fully read and
checked before the update starts, so a failing extractor changes nothing either.

Oxigraph evaluates a "union default graph" as a multiset (a triple stated by three sources
matches three times), unlike SPARQL's RDF merge. So the store keeps the union materialised in the
default graph, updated in the same transaction, and queries that: counts mean the same here as
with the memory backend.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.query import Result

from .iris import source_iri
from .namespaces import PREFIXES, QUERY_PREFIXES, bind_prefixes
from .rdfio import rdf_format
from .store import GraphStore, ReadOnlyViewError, Triple, materialise

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}

# Drop from the union the triples of graph <g> that no other source graph states.
_ONLY_IN = """DELETE {{ ?s ?p ?o }} WHERE {{
  GRAPH <{g}> {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != <{g}>) }}
}}"""
# The same for given triples that have just been deleted from <g>.
_NOWHERE_ELSE = """DELETE {{ ?s ?p ?o }} WHERE {{
  VALUES (?s ?p ?o) {{ {rows} }}
  FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} }}
}}"""


def _lines(triples: Iterable[Triple]) -> str:
    return "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)


def to_ox(term: object) -> object:
    """A pyoxigraph term (or graph name) from an rdflib term, graph or None."""
    if term is None:
        return None
    if isinstance(term, Graph):
        term = term.identifier
    if term == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
        return ox.Literal(str(term), language=term.language, datatype=datatype)
    raise ValueError(f"unexpected rdflib term {term!r}")


def _term(term: object) -> object:
    """An rdflib term from a pyoxigraph one; plain strings come back without ``^^xsd:string``."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise ValueError(f"unexpected oxigraph term {term!r}")


class _ReadOnlyOxigraph(OxigraphStore):
    """oxrdflib's rdflib store over our pyoxigraph store, read-only, with plain string literals.

    oxrdflib hands back ``"x"^^xsd:string`` where rdflib (and the memory backend) give ``"x"``;
    rdflib does not treat the two as equal, so graphs would not compare isomorphic.
    """

    def triples(self, triple_pattern, context=None):  # type: ignore[no-untyped-def]
        try:
            pattern = (*[None if t is None else to_ox(t) for t in triple_pattern], to_ox(context))
            quads = self._inner.quads_for_pattern(*pattern)
        except (TypeError, ValueError):
            return
        for q in quads:
            if isinstance(q.graph_name, ox.DefaultGraph):
                graph = Graph(store=self, identifier=DATASET_DEFAULT_GRAPH_ID)
            else:
                graph = Graph(store=self, identifier=_term(q.graph_name))
            yield (_term(q.subject), _term(q.predicate), _term(q.object)), iter((graph,))

    def query(self, query, initNs, initBindings, queryGraph, **kwargs):  # type: ignore[no-untyped-def]
        if not isinstance(query, str):
            raise NotImplementedError("only query strings are run on oxigraph")
        raw = self._inner.query(
            query,
            default_graph=ox.DefaultGraph(),
            prefixes={k: str(v) for k, v in {**QUERY_PREFIXES, **(initNs or {})}.items()},
            substitutions={ox.Variable(str(k)): to_ox(v) for k, v in (initBindings or {}).items()},
        )
        if isinstance(raw, ox.QueryBoolean):
            out = Result("ASK")
            out.askAnswer = bool(raw)
        elif isinstance(raw, ox.QuerySolutions):
            out = Result("SELECT")
            out.vars = [Variable(v.value) for v in raw.variables]
            out.bindings = [
                {var: _term(val) for var, val in zip(out.vars, row) if val is not None} for row in raw
            ]
        else:
            out = Result("CONSTRUCT")
            out.graph = bind_prefixes(Graph(bind_namespaces="core"))
            out.graph += ((_term(t.subject), _term(t.predicate), _term(t.object)) for t in raw)
        return out

    def add(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ReadOnlyViewError("the graph view is read-only; write with GraphStore.replace_source")

    addN = remove = update = remove_graph = add

    def add_graph(self, graph):  # type: ignore[no-untyped-def]
        # rdflib calls this for every Dataset.graph(name), also to read; creating nothing is right.
        pass


class OxigraphGraphStore(GraphStore):
    """The persistent backend: a pyoxigraph store in ``path`` (or in memory when ``path`` is None)."""

    backend = "oxigraph"

    def __init__(self, path: Path | str | None, read_only: bool = False) -> None:
        super().__init__()
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if self.path is None:
            self._ox = ox.Store()
        elif read_only:
            if not self.path.exists():
                raise FileNotFoundError(f"no graph store in {self.path}")
            self._ox = ox.Store.read_only(str(self.path))
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            try:
                self._ox = ox.Store(str(self.path))
            except OSError as exc:
                raise OSError(f"cannot open the graph store in {self.path} (is another saksgraf process using it?): {exc}") from exc
        self._rdf = _ReadOnlyOxigraph(store=self._ox)
        self._ds = Dataset(store=self._rdf, default_union=False)
        bind_prefixes(self._ds)

    # -- writing --------------------------------------------------------------------------------

    def replace_source(self, source_id: str, triples: Iterable[Triple]) -> int:
        self._check_writable()
        name = str(source_iri(source_id))
        new = materialise(triples)
        if not new:
            self.remove_source(source_id)
            return 0
        with self._lock:
            old = set(self._source_triples(name))
            if any(isinstance(t, BNode) for triple in (*old, *new) for t in triple):
                # Blank nodes cannot be named in DELETE DATA: replace the whole graph instead.
                body = _lines(new)
                update = f"{_ONLY_IN.format(g=name)} ;\nDROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ {body}\nGRAPH <{name}> {{ {body} }} }}"
            else:
                wanted = set(new)
                gone = [t for t in old if t not in wanted]
                came = [t for t in new if t not in old]
                if not gone and not came:
                    return len(new)
                parts = []
                if gone:
                    parts.append(f"DELETE DATA {{ GRAPH <{name}> {{ {_lines(gone)} }} }}")
                    rows = " ".join(f"({s.n3()} {p.n3()} {o.n3()})" for s, p, o in gone)
                    parts.append(_NOWHERE_ELSE.format(rows=rows))
                if came:
                    body = _lines(came)
                    parts.append(f"INSERT DATA {{ {body}\nGRAPH <{name}> {{ {body} }} }}")
                update = " ;\n".join(parts)
            self._commit(update)
        return len(new)

    def _commit(self, update: str) -> None:
        """Apply one SPARQL update: oxigraph runs it as one transaction, all or nothing."""
        self._ox.update(update)

    def _source_triples(self, name: str) -> Iterable[Triple]:
        for q in self._ox.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            yield _term(q.subject), _term(q.predicate), _term(q.object)  # type: ignore[misc]

    def remove_source(self, source_id: str) -> bool:
        self._check_writable()
        name = str(source_iri(source_id))
        with self._lock:
            if not self._ox.contains_named_graph(ox.NamedNode(name)):
                return False
            self._commit(f"{_ONLY_IN.format(g=name)} ;\nDROP SILENT GRAPH <{name}>")
        return True

    def replace_sources(self, graphs: Mapping[str, Iterable[Triple]], remove_others: bool = False) -> dict[str, int]:
        self._check_writable()
        new = {sid: materialise(triples) for sid, triples in graphs.items()}
        if any(isinstance(t, BNode) for triples in new.values() for triple in triples for t in triple):
            raise ValueError("replace_sources takes no blank nodes (they cannot be named in one update); use replace_source")
        with self._lock:
            gone_sources = [sid for sid in self.sources() if sid not in new] if remove_others else []
            deletes, inserts, removed = [], [], []
            for sid in [*new, *gone_sources]:
                name = str(source_iri(sid))
                old = set(self._source_triples(name))
                wanted = set(new.get(sid, ()))
                gone = [t for t in old if t not in wanted]
                came = [t for t in new.get(sid, ()) if t not in old]
                if gone:
                    deletes.append(f"DELETE DATA {{ GRAPH <{name}> {{ {_lines(gone)} }} }}")
                    removed.extend(gone)
                if came:
                    body = _lines(came)
                    inserts.append(f"INSERT DATA {{ {body}\nGRAPH <{name}> {{ {body} }} }}")
                if sid in gone_sources:
                    deletes.append(f"DROP SILENT GRAPH <{name}>")
            if removed:
                # After every source graph is updated: drop from the union what no source states any more.
                rows = " ".join(f"({s.n3()} {p.n3()} {o.n3()})" for s, p, o in set(removed))
                inserts.append(_NOWHERE_ELSE.format(rows=rows))
            if deletes or inserts:
                self._commit(" ;\n".join(deletes + inserts))
        return {sid: len(triples) for sid, triples in new.items()}

    def rebuild_union(self) -> int:
        """Recompute the union (default graph) from the source graphs; returns its size. For repairs."""
        self._check_writable()
        with self._lock:
            self._commit("DROP SILENT DEFAULT ;\nINSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sum(1 for _ in self._ox.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def _check_writable(self) -> None:
        if self.read_only:
            raise PermissionError(f"the graph store in {self.path} was opened read-only")

    # -- reading --------------------------------------------------------------------------------

    def graph(self) -> Dataset:
        return self._ds

    def sources(self) -> list[str]:
        prefix = str(source_iri("x"))[:-1]
        return sorted(
            g.value[len(prefix):]
            for g in self._ox.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value.startswith(prefix)
        )

    def export(self, fmt: str = "turtle") -> bytes:
        spec = _OX_FORMATS[rdf_format(fmt).name]
        return self._ox.dump(format=spec, from_graph=ox.DefaultGraph(), prefixes=dict(PREFIXES))

    def _run_query(self, sparql: str) -> Result:
        return self._rdf.query(sparql, QUERY_PREFIXES, {}, "default")

    def close(self) -> None:
        with self._lock:
            if getattr(self, "_ox", None) is None:
                return
            if not self.read_only and self.path is not None:
                self._ox.flush()
            # The folder's lock is released when the last reference to the pyoxigraph store goes;
            # these are the only two, so reopening in the same process works at once.
            self._rdf._store = None
            self._ox = None  # type: ignore[assignment]
