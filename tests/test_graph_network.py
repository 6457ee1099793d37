"""The networkx view: things and their relations, with provenance left out unless asked for."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from graph import iris
from graph.namespaces import SG
from graph.network import label_of, neighbourhood, shortest_path, to_networkx
from graph.store import MemoryGraphStore

CASE = str(iris.case_iri("Asker", "21/21815"))
PLAN = str(iris.plan_iri("Asker", "På lik linje"))
ELDRE = str(iris.body_iri("Asker", "Eldrerådet"))
ELDRE_CONS = iris.consultation_iri("Asker", "21/21815", "Eldrerådet", "2023-02-09")
OFFICER = str(iris.person_iri("Asker", "Nanette Mia Bohn"))


def test_nodes_have_label_and_type_and_edges_are_object_properties(sample_graph):
    net = to_networkx(sample_graph)
    assert isinstance(net, nx.MultiDiGraph)
    assert net.nodes[CASE]["type"] == "sg:Case"
    assert net.nodes[CASE]["label"] == "Temaplan - personer med nedsatt funksjonsevne - høring"
    assert net.nodes[PLAN]["label"] == "På lik linje"
    assert net.nodes[OFFICER]["type"] == "foaf:Person"
    assert net.has_edge(CASE, PLAN, key="sg:concerns")
    assert net.has_edge(str(ELDRE_CONS), CASE, key="sg:case")
    # Literals and rdf:type are attributes, not edges; pages are provenance, left out by default.
    assert all(d["predicate"] != "rdf:type" for _, _, d in net.edges(data=True))
    assert not any(n.startswith(iris.BASE + "page/") for n in net)


def test_provenance_can_be_included(sample_graph):
    net = to_networkx(sample_graph, provenance=True)
    pages = [n for n in net if n.startswith(iris.BASE + "page/")]
    assert pages and net.nodes[pages[0]]["type"] == "sg:Page"
    assert any(d["predicate"] == "prov:wasDerivedFrom" for _, _, d in net.in_edges(pages, data=True))


def test_neighbourhood_by_depth(sample_graph):
    one = neighbourhood(sample_graph, CASE, 1)
    assert {CASE, PLAN, OFFICER, str(ELDRE_CONS)} <= set(one)
    assert ELDRE not in one  # two steps away: case ← consultation → body
    two = neighbourhood(sample_graph, CASE, 2)
    assert ELDRE in two and two.has_edge(str(ELDRE_CONS), ELDRE, key="sg:body")
    assert set(neighbourhood(sample_graph, CASE, 0)) == {CASE}
    # The same answer from a networkx graph already built.
    assert set(neighbourhood(to_networkx(sample_graph), CASE, 2)) == set(two)
    with pytest.raises(KeyError):
        neighbourhood(sample_graph, iris.BASE + "case/asker/99-99999", 1)


def test_shortest_path_follows_statements_either_way(sample_graph):
    comment = str(next(sample_graph.subjects(RDF.type, SG.Comment)))
    path = shortest_path(sample_graph, comment, OFFICER)
    assert path is not None and len(path) == 3
    assert path[0][0] == comment and path[-1] == (CASE, "sg:caseOfficer", OFFICER)
    for s, p, o in path:
        assert p.startswith(("sg:", "dcterms:", "schema:", "opengov:", "org:"))
    assert shortest_path(sample_graph, CASE, CASE) == []


def test_unconnected_things_have_no_path(sample_graph):
    lonely = iris.person_iri("Asker", "Karl Bønnhoff")
    sample_graph.add((lonely, RDF.type, SG.Body))
    sample_graph.add((lonely, RDFS.label, Literal("Karl Bønnhoff")))
    assert shortest_path(sample_graph, CASE, str(lonely)) is None


def test_paths_through_pages_only_when_asked(sample_graph):
    # Both meetings are read from the same saksgang table, so they share a page.
    a = str(iris.meeting_iri("Asker", "Eldrerådet", "2023-02-09"))
    b = str(iris.meeting_iri("Asker", "Utvalg for oppvekst", "2023-02-14"))
    assert len(shortest_path(sample_graph, a, b)) == 4  # meeting ← consultation → case ← consultation → meeting
    via_page = shortest_path(sample_graph, a, b, provenance=True)
    assert len(via_page) == 2 and via_page[0][1] == "prov:wasDerivedFrom"


def test_works_on_a_store_view(sample_graph):
    store = MemoryGraphStore()
    store.replace_source("002_420537c42393fb97", sample_graph)
    net = to_networkx(store.graph())
    assert net.number_of_edges() == to_networkx(sample_graph).number_of_edges()


def test_label_prefers_norwegian(empty_graph):
    node = iris.plan_iri("Asker", "Å høre til")
    empty_graph.add((node, RDFS.label, Literal("To belong", lang="en")))
    empty_graph.add((node, RDFS.label, Literal("Å høre til", lang="nb")))
    assert label_of(empty_graph, node) == "Å høre til"
    assert label_of(empty_graph, iris.plan_iri("Asker", "Ukjent")) == "ukjent"
