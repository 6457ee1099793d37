"""The graph built from the whole ingested sample: it validates, rebuilds identically, resolves people
without merging different ones, names external organisations and reports vote lists that disagree
with their count."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from graph import iris
from graph.build import build_from_sources, build_graph
from graph.entities import organisation_iri
from graph.namespaces import FOAF, ORG, SCHEMA, SG, SKOS, new_graph
from graph.sources import SourceInput
from graph.store import MemoryGraphStore
from graph.sync import sync_graph
from graph.validate import validate
from ingest.extract import extract_source
from ingest.extract.base import DocumentText
from ingest.extract.organisations import extract_organisations, organisations_in
from ingest.splitter import split_documents
from tests import templates as T


@pytest.fixture(scope="module")
def built(sample_store):
    return build_graph(sample_store)


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    return built.union()


def people_named(graph: Graph, name: str) -> list[URIRef]:
    return [p for p in graph.subjects(RDF.type, FOAF.Person) if str(graph.value(p, FOAF.name)) == name]


def test_exported_sample_graph_validates_against_the_shapes(sample_store):
    store = MemoryGraphStore()
    report = sync_graph(sample_store, store)
    assert report.triples > 1000
    exported = new_graph().parse(data=store.export("turtle").decode("utf-8"), format="turtle")
    conforms, text = validate(exported)
    assert conforms, text


def test_rebuilding_the_same_input_gives_an_isomorphic_graph_with_the_same_iris(sample_store, graph):
    again = build_graph(sample_store).union()
    assert len(again) == len(graph)
    assert {s for s in again.subjects() if isinstance(s, URIRef)} == {s for s in graph.subjects() if isinstance(s, URIRef)}
    assert isomorphic(again, graph)


def test_one_person_per_real_person_whatever_the_spelling(graph):
    (dahl,) = people_named(graph, "Bård-Kjetil Dahl")
    assert {"Bård Kjetil Dahl", "Dahl"} <= {str(v) for v in graph.objects(dahl, SKOS.altLabel)}
    (blichfeldt,) = people_named(graph, "Ingrid Johanne Blichfeldt")
    assert "Inger Johanne Blichfeldt" in {str(v) for v in graph.objects(blichfeldt, SKOS.altLabel)}
    assert not people_named(graph, "Dahl") and not people_named(graph, "Monica Bratlie")


@pytest.mark.parametrize("one, other", [("Hege Ophus", "Hege Oshaug"), ("Line Johansen", "Ingunn Unhjem Johansen")])
def test_similar_names_of_different_people_are_not_merged(graph, one, other):
    assert len(people_named(graph, one)) == 1 and len(people_named(graph, other)) == 1
    assert people_named(graph, one) != people_named(graph, other)


def test_party_codes_a_and_ap_are_one_party(graph):
    ap = iris.iri("party/ap")
    assert {str(c) for c in graph.objects(ap, SKOS.notation)} == {"A", "Ap"}
    (ramzan,) = people_named(graph, "Nimrah Ramzan")  # written (A) in one protocol, (Ap) in the other
    assert graph.value(ramzan, SG.party) == ap


def test_a_job_at_an_external_organisation_is_a_membership_of_it(graph):
    (haukeland,) = people_named(graph, "Ragna Haukeland")
    employers = {graph.value(m, ORG.organization) for m in graph.objects(haukeland, ORG.hasMembership)}
    assert employers == {organisation_iri("NAV")}
    assert (organisation_iri("NAV"), RDF.type, SG.ExternalOrganization) in graph


def test_partners_of_a_case(graph):
    case = iris.case_iri("Asker", "23/02061")
    names = {str(graph.value(o, FOAF.name)) for o in graph.objects(case, SG.partner)}
    assert {"KS", "Arbeids- og velferdsdirektoratet"} <= names


def test_an_innstilling_named_without_its_text_gets_the_case_proposal_text(graph):
    from graph.namespaces import OPENGOV

    motions = list(graph.subjects(RDF.type, OPENGOV.Motion))
    assert motions and all(graph.value(m, SCHEMA.text) for m in motions)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Piloten finansieres av Helsedirektoratets tilskudd.", ["Helsedirektoratet"]),
        ("Nordland fylkeskommune og Nav Bodø samarbeider.", ["Nordland fylkeskommune", "NAV"]),
        ("Sykehuset Innlandet HF og Udir deltar.", ["Sykehuset Innlandet HF", "Utdanningsdirektoratet"]),
        ("Kommunen ks-sjekker tallene.", []),
        ("Norges vassdrags- og energidirektorat er sektormyndighet.", ["Norges vassdrags- og energidirektorat"]),
        ("Direktoratet for byggkvalitet og et fagdirektorat.", ["Direktoratet for byggkvalitet"]),
    ],
)
def test_organisations_in_other_kommuners_text(text, expected):
    assert [name for _, _, name, _ in organisations_in(text)] == expected


def test_a_short_form_the_document_defines_names_the_organisation_later():
    text = ("Statens strålevern og Direktoratet for samfunnssikkerhet og beredskap (DSB) ga innspill.\n"
            "DSBs merknader gjelder flom. Planen sendes i samarbeid med DSB til høring.")
    pages = T.pages_from([text])
    (document,) = split_documents(pages)
    mentions = extract_organisations(DocumentText.from_pages("t", document, pages))
    assert [(m.name, m.short, m.written, m.partner) for m in mentions] == [
        ("Direktoratet for samfunnssikkerhet og beredskap", "DSB", "Direktoratet for samfunnssikkerhet og beredskap", False),
        ("Direktoratet for samfunnssikkerhet og beredskap", "DSB", "DSB", False),
        ("Direktoratet for samfunnssikkerhet og beredskap", "DSB", "DSB", True),
    ]


def _source(text: str) -> SourceInput:
    pages = T.pages_from([text])
    documents = split_documents(pages)
    return SourceInput("layout", "layout.txt", "0" * 64, pages, documents, extract_source("layout", pages, documents))


def test_a_vote_list_that_disagrees_with_its_count_is_flagged_and_reported():
    from tests.test_extract_treatments import KOMMUNESTYRE

    result = build_from_sources([_source(KOMMUNESTYRE)])
    graph = result.union()
    flagged = [str(o) for o in graph.objects(None, SG.countMismatch)]
    assert flagged == ["5 votes stated, 4 names listed"]
    assert [w for w in result.warnings if "vote count mismatch" in w] and "layout page" in " ".join(result.warnings)


def test_every_organisation_mention_quotes_the_organisation(sample_store):
    for row in sample_store.sources():
        for m in sample_store.extraction(row["id"]).organisations:
            assert " ".join(m.evidence.quote.split()) == m.written, (row["name"], m)


def test_partners_of_another_organisation_are_not_the_kommunes():
    text = ("Kommunen har et samarbeid med Nordby idrettslag.\n"
            "Sandvik Turlag sammen med Fjellgruppa driver turstiene.\n"
            "FN-sambandet mottar støtte fra Utenriksdepartementet.\n"
            "Skolen underviser i samarbeid med Strand vgs.")
    pages = T.pages_from([text])
    (document,) = split_documents(pages)
    mentions = extract_organisations(DocumentText.from_pages("t", document, pages))
    assert [(m.name, m.partner) for m in mentions] == [
        ("Nordby idrettslag", True), ("Utenriksdepartementet", False), ("Strand vgs", True)]


def test_doctests_of_organisations_roles_and_entity_facts():
    import doctest

    from graph import entity_facts, roles
    from ingest.extract import organisations

    for module in (organisations, roles, entity_facts):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0


def test_people_gold_cites_lines_that_say_it():
    """Each gold fact's file and lines print its key word: the surname, spelling, organisation or party code."""
    import json

    from tests.conftest import ROOT, SAMPLE

    rows = [json.loads(line) for line in (ROOT / "tests" / "gold" / "facts_people.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 100 and {r["kind"] for r in rows} >= {"person", "spelling", "membership", "party", "organisation", "partner"}
    for r in rows:
        lines = (SAMPLE / r["file"]).read_text(encoding="utf-8").splitlines()
        first, last = r["lines"]
        assert 1 <= first <= last <= len(lines), r
        cited = " ".join(lines[first - 1 : last]).casefold()
        fact = r["fact"]
        key = {"person": lambda f: f["name"].split()[-1], "spelling": lambda f: f["spelling"].split()[-1],
               "membership": lambda f: f["name"].split()[-1], "party": lambda f: f["codes"][0],
               "organisation": lambda f: f["name"].split()[0].rstrip(","),
               "partner": lambda f: f["organisation"].split()[0].rstrip(","),
               "partner_org": lambda f: f["name"].split()[0].rstrip(",")}[r["kind"]](fact)
        key = r.get("printed", key)  # an organisation the sample names only by its short form
        assert key.casefold() in cited, (r, key)
