"""SHACL validation: the sample graph conforms; each kind of broken fact is caught and named."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD

from graph import iris
from graph.namespaces import DCTERMS, FOAF, OPENGOV, ORG, PROV, SCHEMA, SG
from graph.provenance import add_evidence, source_triples
from graph.store import MemoryGraphStore
from graph.validate import validate
from ingest.extract.base import Evidence
from ingest.model import Document

CASE = iris.case_iri("Asker", "21/21815")


def first(graph, cls):
    return min(graph.subjects(RDF.type, cls))


def test_sample_graph_conforms(sample_graph):
    conforms, report = validate(sample_graph)
    assert conforms, report


def test_empty_graph_conforms(empty_graph):
    assert validate(empty_graph)[0]


def test_a_store_is_validated_as_its_union(sample_graph):
    store = MemoryGraphStore()
    store.replace_source("002_420537c42393fb97", sample_graph)
    # A second source names the case's officer, who is typed only in the first source.
    person = iris.person_iri("Asker", "Nanette Mia Bohn")
    store.replace_source("other", [(CASE, SG.caseOfficer, person)])
    conforms, report = validate(store.graph())
    assert conforms, report


def broken_missing_quote(g):
    comment = first(g, SG.Comment)
    g.remove((comment, SG.quote, None))
    return "sg:quote"


def broken_missing_provenance(g):
    vote = first(g, OPENGOV.VoteEvent)
    g.remove((vote, PROV.wasDerivedFrom, None))
    return "prov:wasDerivedFrom"


def broken_result(g):
    vote = first(g, OPENGOV.VoteEvent)
    g.set((vote, OPENGOV.result, Literal("vedtatt")))
    return "pass"


def broken_option(g):
    vote = first(g, OPENGOV.VoteEvent)
    ballot = iris.ballot_iri(vote, iris.person_iri("Asker", "Anne-Britt Wengen"))
    g.add((vote, OPENGOV.vote, ballot))
    g.add((ballot, RDF.type, OPENGOV.Vote))
    g.add((ballot, SCHEMA.agent, iris.person_iri("Asker", "Anne-Britt Wengen")))
    g.add((ballot, SCHEMA.option, Literal("for")))
    return "schema:option"


def broken_order(g):
    cons = first(g, SG.Consultation)
    g.set((cons, SG.order, Literal(0, datatype=XSD.integer)))
    return "sg:order"


def broken_order_datatype(g):
    cons = first(g, SG.Consultation)
    g.set((cons, SG.order, Literal("4")))
    return "sg:order"


def broken_case_identifier(g):
    g.set((CASE, DCTERMS.identifier, Literal("21/21815-7")))
    return "YY/NNNNN"


def broken_page(g):
    page = first(g, SG.Page)
    g.remove((page, DCTERMS.isPartOf, None))
    return "dcterms:isPartOf"


def broken_page_number(g):
    page = first(g, SG.Page)
    g.set((page, SG.pageNumber, Literal("3")))
    return "sg:pageNumber"


def broken_person_two_names(g):
    person = iris.person_iri("Asker", "Anne-Britt Wengen")
    g.add((person, FOAF.name, Literal("Anne Britt Wengen")))
    return "foaf:name"


def broken_body_as_comment_subject(g):
    comment = first(g, SG.Comment)
    g.set((comment, SG.about, iris.body_iri("Asker", "Eldrerådet")))
    return "sg:about"


def broken_meeting_date(g):
    meeting = first(g, SG.Meeting)
    g.set((meeting, SCHEMA.startDate, Literal("14.02.2023")))
    return "schema:startDate"


@pytest.mark.parametrize(
    "breaker",
    [
        broken_missing_quote,
        broken_missing_provenance,
        broken_result,
        broken_option,
        broken_order,
        broken_order_datatype,
        broken_case_identifier,
        broken_page,
        broken_page_number,
        broken_person_two_names,
        broken_body_as_comment_subject,
        broken_meeting_date,
    ],
)
def test_broken_graph_fails_and_the_report_names_the_problem(sample_graph, breaker):
    needle = breaker(sample_graph)
    conforms, report = validate(sample_graph)
    assert not conforms
    assert needle in report


def test_provenance_skeleton_for_another_layout_conforms(empty_graph):
    """A source from another kommune and template: a two-document PDF, facts with evidence."""
    sid = "baerum_formannskap_2024_03_06"
    docs = [
        Document(1, "møteinnkalling", "Formannskapet 06.03.2024", 1, 2),
        Document(2, "saksframlegg", "Reguleringsplan for Fornebu", 2, 5, start_offset=120, arkivsak="24/1234", journalpost="24/1234-3"),
    ]
    g = source_triples(sid, "Formannskapet 2024-03-06.pdf", "ab" * 32, range(1, 6), docs)
    page2 = iris.page_iri(sid, 2)
    assert (page2, DCTERMS.isPartOf, iris.document_iri(sid, 1)) in g
    assert (page2, DCTERMS.isPartOf, iris.document_iri(sid, 2)) in g
    body = iris.body_iri("Bærum", "Formannskapet")
    kommune = iris.kommune_iri("Bærum")
    g.add((kommune, RDF.type, SCHEMA.GovernmentOrganization))
    g.add((kommune, FOAF.name, Literal("Bærum")))
    g.add((kommune, DCTERMS.identifier, Literal("3201")))
    g.add((body, RDF.type, SG.Body))
    g.add((body, ORG.subOrganizationOf, kommune))
    g.add((body, DCTERMS.title, Literal("Formannskapet")))
    meeting = iris.meeting_iri("Bærum", "Formannskapet", "2024-03-06")
    g.add((meeting, RDF.type, SG.Meeting))
    g.add((meeting, SCHEMA.organizer, body))
    g.add((meeting, SCHEMA.startDate, Literal("2024-03-06T16:00:00", datatype=XSD.dateTime)))
    add_evidence(g, meeting, Evidence(sid, 1, 10, 48, "Møtested: Bærum rådhus, 06.03.2024 kl. 16:00"))
    conforms, report = validate(g)
    assert not conforms and "rdfs:label" in report  # the body is named with rdfs:label, not dcterms:title
    g.add((body, RDFS.label, Literal("Formannskapet")))
    conforms, report = validate(g)
    assert conforms, report


def test_add_evidence_refuses_an_empty_quote(empty_graph):
    with pytest.raises(ValueError, match="empty quote"):
        add_evidence(empty_graph, CASE, Evidence("s", 1, 0, 0, "  "))
