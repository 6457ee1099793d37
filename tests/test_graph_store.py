"""The graph store, on both backends: per-source named graphs, atomic replace, union reads, exports, persistence."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from graph.iris import case_iri, source_iri
from graph.namespaces import DCTERMS, SG
from graph.oxigraph_store import OxigraphGraphStore
from graph.rdfio import parse_graph
from graph.sparql import QuerySyntaxError, ReadOnlyError, format_result
from graph.store import MemoryGraphStore, ReadOnlyViewError, open_graph_store

SOURCE = "002_420537c42393fb97"
OTHER = "other_source"


@pytest.fixture(params=["memory", "oxigraph"])
def store(request, tmp_path):
    s = MemoryGraphStore() if request.param == "memory" else OxigraphGraphStore(tmp_path / "graph")
    yield s
    s.close()


def other_triples(tag: str = "x") -> list:
    """A second source that shares one triple (the case's type) with the sample."""
    case = case_iri("Asker", "21/21815")
    other = case_iri("Bærum", "22/12345")
    return [
        (case, RDF.type, SG.Case),
        (other, RDF.type, SG.Case),
        (other, DCTERMS.title, Literal(f"Annen sak {tag}")),
    ]


def with_other(graph):
    out = graph_copy(graph)
    out += other_triples()
    return out


def graph_copy(graph):
    from graph.namespaces import new_graph

    out = new_graph()
    out += graph
    return out


def test_replace_and_read_back_is_isomorphic(store, sample_graph):
    assert store.replace_source(SOURCE, sample_graph) == len(sample_graph)
    assert store.sources() == [SOURCE]
    assert isomorphic(store.source_graph(SOURCE), sample_graph)
    assert isomorphic(store.union_graph(), sample_graph)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld"])
def test_export_round_trip_is_isomorphic(store, sample_graph, fmt):
    store.replace_source(SOURCE, sample_graph)
    data = store.export(fmt)
    assert isinstance(data, bytes)
    back = parse_graph(data, fmt)
    assert len(back) == len(sample_graph)
    assert isomorphic(back, sample_graph)


def test_export_is_the_union_without_the_vocabulary(store, sample_graph):
    store.replace_source(SOURCE, sample_graph)
    store.replace_source(OTHER, other_triples())
    back = parse_graph(store.export("nt"), "nt")
    expected = with_other(sample_graph)
    assert isomorphic(back, expected)
    assert (SG.Case, None, None) not in back  # vocabulary terms are not described in the data export


def test_replace_source_replaces_only_that_source(store, sample_graph):
    store.replace_source(SOURCE, sample_graph)
    store.replace_source(OTHER, other_triples("first"))
    store.replace_source(OTHER, other_triples("second"))
    assert isomorphic(store.source_graph(SOURCE), sample_graph)
    titles = {str(o) for o in store.source_graph(OTHER).objects(None, DCTERMS.title)}
    assert titles == {"Annen sak second"}
    assert "Annen sak first" not in store.export("nt").decode()


def test_union_counts_a_shared_triple_once(store, sample_graph):
    store.replace_source(SOURCE, sample_graph)
    store.replace_source(OTHER, other_triples())
    case = case_iri("Asker", "21/21815")
    rows = list(store.query(f"SELECT ?t WHERE {{ <{case}> a ?t }}"))
    assert [row[0] for row in rows] == [SG.Case]
    assert store.stats()["triples"] == len(with_other(sample_graph))
    # Removing one of the two sources that state it keeps the triple.
    assert store.remove_source(OTHER) is True
    assert store.query(f"ASK {{ <{case}> a sg:Case }}").askAnswer
    assert store.remove_source(SOURCE) is True
    assert not store.query(f"ASK {{ <{case}> a sg:Case }}").askAnswer
    assert store.remove_source(SOURCE) is False
    assert store.sources() == []
    assert store.stats()["triples"] == 0


def test_re_adding_the_same_input_gives_the_same_graph(store, sample_graph_source):
    from tests.conftest import build_sample_graph

    first = build_sample_graph(sample_graph_source)
    store.replace_source(SOURCE, first)
    before = store.union_graph()
    second = build_sample_graph(sample_graph_source)
    store.replace_source(SOURCE, second)
    after = store.union_graph()
    assert isomorphic(before, after)
    assert set(before.subjects()) == set(after.subjects())  # the same IRIs, not just the same shape


def test_failing_input_leaves_old_facts(store, sample_graph):
    store.replace_source(SOURCE, sample_graph)

    def broken():
        yield from list(other_triples())
        raise RuntimeError("extraction crashed")

    with pytest.raises(RuntimeError):
        store.replace_source(SOURCE, broken())
    assert isomorphic(store.source_graph(SOURCE), sample_graph)
    with pytest.raises(ValueError, match="predicate"):
        store.replace_source(SOURCE, [(URIRef("http://x/a"), Literal("p"), Literal("o"))])
    assert isomorphic(store.union_graph(), sample_graph)


def test_crash_mid_replace_leaves_old_facts(store, sample_graph, monkeypatch):
    store.replace_source(SOURCE, sample_graph)
    store.replace_source(OTHER, other_triples())
    expected_union = store.union_graph()

    if isinstance(store, MemoryGraphStore):
        real_write = store._write

        def crash(name, triples):  # half the new triples are in when it dies
            real_write(name, triples[: len(triples) // 2])
            raise OSError("disk full")

        monkeypatch.setattr(store, "_write", crash)
    else:

        def crash(update):  # killed before oxigraph commits the update
            raise OSError("killed")

        monkeypatch.setattr(store, "_commit", crash)
    with pytest.raises(OSError):
        store.replace_source(SOURCE, other_triples("new"))
    monkeypatch.undo()
    assert isomorphic(store.source_graph(SOURCE), sample_graph)
    assert isomorphic(store.union_graph(), expected_union)
    assert store.sources() == sorted([SOURCE, OTHER])


def test_oxigraph_replace_is_one_transaction(tmp_path, sample_graph, monkeypatch):
    """A failure inside oxigraph's update, after its deletes and inserts ran, rolls all of them back."""
    with OxigraphGraphStore(tmp_path) as store:
        store.replace_source(SOURCE, sample_graph)
        real = store._commit
        # Creating a graph twice fails at run time, after the operations before it have run.
        twice = " ;\nCREATE GRAPH <http://example.org/g> ;\nCREATE GRAPH <http://example.org/g>"
        monkeypatch.setattr(store, "_commit", lambda update: real(update + twice))
        with pytest.raises(RuntimeError, match="already exists"):
            store.replace_source(SOURCE, other_triples())
        with pytest.raises(RuntimeError, match="already exists"):
            store.remove_source(SOURCE)
        assert isomorphic(store.source_graph(SOURCE), sample_graph)
        assert isomorphic(store.union_graph(), sample_graph)
        assert store.sources() == [SOURCE]
        monkeypatch.undo()
        assert store.rebuild_union() == len(sample_graph)


def test_blank_nodes_survive_replace(store):
    from rdflib import BNode

    count = BNode()
    vote = URIRef(iris_base() + "consultation/asker/21-21815/eldreraadet/2023-02-09/vote/1")
    triples = [(vote, URIRef("http://www.w3.org/ns/opengov#count"), count), (count, RDF.value, Literal(7))]
    store.replace_source(OTHER, triples)
    store.replace_source(OTHER, triples)
    assert isomorphic(store.union_graph(), graph_of(triples))
    store.replace_source(OTHER, triples[:1] + [(count, RDF.value, Literal(8))])
    assert [int(r[0]) for r in store.query("SELECT ?n WHERE { ?c rdf:value ?n }")] == [8]


def test_unchanged_input_writes_nothing(tmp_path, sample_graph, monkeypatch):
    with OxigraphGraphStore(tmp_path) as store:
        store.replace_source(SOURCE, sample_graph)
        calls = []
        real = store._commit
        monkeypatch.setattr(store, "_commit", lambda update: calls.append(update) or real(update))
        store.replace_source(SOURCE, sample_graph)
        assert calls == []
        changed = graph_copy(sample_graph)
        changed.add((URIRef(iris_base() + "kommune/asker"), DCTERMS.identifier, Literal("3203")))
        store.replace_source(SOURCE, changed)
        assert len(calls) == 1 and "DELETE" not in calls[0]
        assert isomorphic(store.union_graph(), changed)


def iris_base() -> str:
    from graph.iris import BASE

    return BASE


def graph_of(triples):
    from graph.namespaces import new_graph

    g = new_graph()
    for t in triples:
        g.add(t)
    return g


def test_oxigraph_persists_across_reopen(tmp_path, sample_graph):
    with open_graph_store(tmp_path, backend="oxigraph") as store:
        store.replace_source(SOURCE, sample_graph)
        store.replace_source(OTHER, other_triples())
        store.remove_source(OTHER)
    assert (tmp_path / "graph").is_dir()
    with open_graph_store(tmp_path, backend="oxigraph") as store:
        assert store.sources() == [SOURCE]
        assert isomorphic(store.union_graph(), sample_graph)
    with open_graph_store(tmp_path, backend="oxigraph", read_only=True) as store:
        assert store.stats()["triples"] == len(sample_graph)
        with pytest.raises(PermissionError):
            store.remove_source(SOURCE)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "PREFIX ex: <http://x/>\n# a comment\ndelete where { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <http://x/g>",
        "CREATE GRAPH <http://x/g>",
        "ADD DEFAULT TO <http://x/g>",
        "MOVE DEFAULT TO <http://x/g>",
        "COPY DEFAULT TO <http://x/g>",
        "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    ],
)
def test_query_rejects_updates(store, sample_graph, update):
    store.replace_source(SOURCE, sample_graph)
    with pytest.raises(ReadOnlyError, match="read-only"):
        store.query(update)
    assert isomorphic(store.union_graph(), sample_graph)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("SELECT ?s WHERE { ?s ?p ?o", r"line 1, column \d+"),
        ("SELECT ?s WHERE {\n  ?s nope:title ?o }", "unknown prefix nope:"),
        ("SELEKT ?s WHERE { ?s ?p ?o }", "expected SELECT, ASK, CONSTRUCT or DESCRIBE, found 'SELEKT'"),
        ("", "empty"),
    ],
)
def test_malformed_query_gives_a_clear_error(store, query, expected):
    with pytest.raises(QuerySyntaxError, match=expected):
        store.query(query)


def test_query_forms_and_result_formats(store, sample_graph):
    store.replace_source(SOURCE, sample_graph)
    select = store.query("SELECT ?id ?title WHERE { ?c a sg:Case ; dcterms:identifier ?id ; dcterms:title ?title }")
    doc = json.loads(format_result(select))
    assert doc["head"]["vars"] == ["id", "title"]
    assert doc["results"]["bindings"] == [
        {
            "id": {"type": "literal", "value": "21/21815"},
            "title": {"type": "literal", "value": "Temaplan - personer med nedsatt funksjonsevne - høring"},
        }
    ]
    assert json.loads(format_result(store.query("ASK { ?v opengov:result 'pass' }"))) == {"head": {}, "boolean": True}
    construct = store.query("CONSTRUCT { ?c sg:about ?p } WHERE { ?c a sg:Comment ; sg:about ?p }")
    turtle = format_result(construct)
    assert "sg:about" in turtle and "paa-lik-linje" in turtle
    assert len(parse_graph(turtle, "turtle")) == 1
    described = parse_graph(format_result(store.query(f"DESCRIBE <{case_iri('Asker', '21/21815')}>")), "turtle")
    assert (case_iri("Asker", "21/21815"), DCTERMS.identifier, Literal("21/21815")) in described
    csv = format_result(select, "csv")
    assert csv.splitlines()[0].strip() == "id,title"


def test_named_graphs_are_reachable_in_queries(store, sample_graph):
    store.replace_source(SOURCE, sample_graph)
    store.replace_source(OTHER, other_triples())
    rows = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a sg:Case } } ORDER BY ?g")
    assert [str(r[0]) for r in rows] == sorted([str(source_iri(OTHER)), str(source_iri(SOURCE))])


def test_stats_counts_instances_by_class(store, sample_graph):
    store.replace_source(SOURCE, sample_graph)
    stats = store.stats()
    assert stats["backend"] == store.backend
    assert stats["sources"] == 1
    assert stats["triples"] == len(sample_graph)
    pages = len(set(sample_graph.subjects(RDF.type, SG.Page)))
    assert stats["classes"]["sg:Page"] == pages
    assert stats["classes"]["sg:Case"] == 1
    assert stats["classes"]["sg:Consultation"] == 2


def test_graph_view_reads_the_union_and_refuses_writes(store, sample_graph):
    store.replace_source(SOURCE, sample_graph)
    store.replace_source(OTHER, other_triples())
    view = store.graph()
    union = set(view.triples((None, None, None)))
    assert len(union) == len(with_other(sample_graph))
    assert len(set(view.graph(source_iri(OTHER)).triples((None, None, None)))) == len(other_triples())
    with pytest.raises(ReadOnlyViewError):
        view.graph(source_iri(OTHER)).add((URIRef("http://x/a"), RDF.type, SG.Case))
    with pytest.raises(ReadOnlyViewError):
        view.remove((None, None, None))
    assert store.sources() == sorted([SOURCE, OTHER])


def test_backend_setting_chooses_the_store(tmp_path, monkeypatch):
    monkeypatch.setenv("SAKSGRAF_GRAPH_BACKEND", "memory")
    with open_graph_store(tmp_path) as store:
        assert isinstance(store, MemoryGraphStore)
    monkeypatch.setenv("SAKSGRAF_GRAPH_BACKEND", "Oxigraph")
    with open_graph_store(tmp_path) as store:
        assert isinstance(store, OxigraphGraphStore) and store.path == tmp_path / "graph"
    monkeypatch.setenv("SAKSGRAF_GRAPH_BACKEND", "sqlite")
    with pytest.raises(ValueError, match="graph backend"):
        open_graph_store(tmp_path)
