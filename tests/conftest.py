"""Shared fixtures: the shipped sample corpus, a fresh data directory, an ingested store, an API client."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Ingest (CLI included) embeds for search; tests use the fast hashing embedder unless told otherwise.
# The real e5 model has its own tests (tests/test_embed.py), which name it explicitly.
os.environ.setdefault("SAKSGRAF_MODEL", "hashing")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
EXTERNAL = ROOT.parent / "shared" / "external"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory):
    """The whole shipped sample, ingested once per test session (read-only for tests)."""
    from ingest import Store, ingest_paths

    store = Store.open(tmp_path_factory.mktemp("sample") / "data")
    report = ingest_paths([SAMPLE], store)
    assert report.ok, report.to_dict()
    return store


@pytest.fixture(scope="session")
def sample_data_dir(sample_store) -> Path:
    """The sample's data directory with everything `saksgraf ingest` builds: store, graph and search index."""
    from graph.store import open_graph_store
    from graph.sync import sync_graph
    from search import update_index

    data_dir = sample_store.path.parent
    if not (data_dir / "search").exists():
        with open_graph_store(data_dir) as graph_store:
            sync_graph(sample_store, graph_store)
            update_index(data_dir, sample_store, graph=graph_store)
    return data_dir


@pytest.fixture(scope="session")
def api_client(sample_data_dir):
    """One app over the ingested sample (store, graph, search index), shared by the session; read-only."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    return TestClient(create_app(sample_data_dir))


# --- graph fixtures -------------------------------------------------------------------------
# The sample graph is built by code from real excerpts of the sample corpus: case 21/21815 (the
# temaplan «På lik linje» sent on høring), its treatment in Eldrerådet and in Utvalg for oppvekst,
# Anne-Britt Wengen's proposal, the vote on it and the comment Eldrerådet gave on the plan. Every
# quote is looked up in the ingested pages, so page numbers and offsets are the pipeline's own.

GRAPH_SOURCE = "002_420537c42393fb97.txt"


@pytest.fixture(scope="session")
def sample_graph_source():
    """File 002 of the sample, read and cleaned by the ingest pipeline (no store)."""
    from ingest import process_source, read_source

    return process_source(read_source(SAMPLE / GRAPH_SOURCE))


@pytest.fixture
def empty_graph():
    """An empty in-memory graph with the core profile's prefixes bound."""
    from graph.namespaces import new_graph

    return new_graph()


@pytest.fixture(scope="session")
def _sample_graph_once(sample_graph_source):
    return build_sample_graph(sample_graph_source)


@pytest.fixture
def sample_graph(_sample_graph_once):
    """A small, valid core-profile graph about case 21/21815 (a fresh copy per test, free to change)."""
    from graph.namespaces import new_graph

    graph = new_graph()
    graph += _sample_graph_once
    return graph


def find_evidence(item, quote: str):
    """Evidence for ``quote`` in the source's clean pages, matched with flexible white space."""
    import re

    from ingest.extract.base import Evidence
    from ingest.store import source_id_for

    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    for page in item.pages:
        m = re.search(pattern, page.text)
        if m:
            return Evidence(source_id_for(item.source.name), page.number, m.start(), m.end(), m.group(0))
    raise AssertionError(f"excerpt not found in {item.source.name}: {quote!r}")


def build_sample_graph(item):
    """The graph of the sample excerpts, built with the graph layer's own IRI and provenance helpers."""
    from rdflib import Literal
    from rdflib.namespace import RDF, RDFS, XSD

    from graph import iris
    from graph.namespaces import DCTERMS, FOAF, OPENGOV, ORG, SCHEMA, SG
    from graph.provenance import add_evidence, ingested_source_triples

    g = ingested_source_triples(item)
    ev = lambda quote: find_evidence(item, quote)  # noqa: E731
    k = "Asker"
    kommune = iris.kommune_iri(k)
    g.add((kommune, RDF.type, SCHEMA.GovernmentOrganization))
    g.add((kommune, FOAF.name, Literal("Asker")))

    plan = iris.plan_iri(k, "På lik linje")
    g.add((plan, RDF.type, SG.Plan))
    g.add((plan, RDFS.label, Literal("På lik linje")))
    g.add((plan, SG.planType, Literal("temaplan")))

    people = {}
    for name in ("Nanette Mia Bohn", "Anne-Britt Wengen"):
        people[name] = person = iris.person_iri(k, name)
        g.add((person, RDF.type, FOAF.Person))
        g.add((person, FOAF.name, Literal(name)))

    case = iris.case_iri(k, "21/21815")
    g.add((case, RDF.type, SG.Case))
    g.add((case, DCTERMS.identifier, Literal("21/21815")))
    g.add((case, DCTERMS.title, Literal("Temaplan - personer med nedsatt funksjonsevne - høring")))
    g.add((case, SG.journalpost, Literal("21/21815-7")))
    g.add((case, SG.caseOfficer, people["Nanette Mia Bohn"]))
    g.add((case, SG.concerns, plan))
    g.add((case, SG.kommune, kommune))
    add_evidence(g, case, ev("21/21815-7 Nanette Mia Bohn"))

    consultations = {}
    for order, body_name, day, item_no, row in (
        (1, "Eldrerådet", "09.02.2023", "4/23", "1 Eldrerådet 09.02.2023 4/23"),
        (4, "Utvalg for oppvekst", "14.02.2023", "5/23", "4 Utvalg for oppvekst 14.02.2023 5/23"),
    ):
        body = iris.body_iri(k, body_name)
        g.add((body, RDF.type, SG.Body))
        g.add((body, RDFS.label, Literal(body_name)))
        g.add((body, ORG.subOrganizationOf, kommune))
        meeting = iris.meeting_iri(k, body_name, day)
        g.add((meeting, RDF.type, SG.Meeting))
        g.add((meeting, SCHEMA.organizer, body))
        g.add((meeting, SCHEMA.startDate, Literal(iris.normalise_date(day), datatype=XSD.date)))
        add_evidence(g, meeting, ev(row))
        cons = consultations[body_name] = iris.consultation_iri(k, "21/21815", body_name, day)
        g.add((cons, RDF.type, SG.Consultation))
        g.add((cons, SG.case, case))
        g.add((cons, SG.body, body))
        g.add((cons, SG.meeting, meeting))
        g.add((cons, SG.itemNumber, Literal(item_no)))
        g.add((cons, SG.order, Literal(order, datatype=XSD.integer)))
        add_evidence(g, cons, ev(row))

    eldre = consultations["Eldrerådet"]
    text = "Eldrerådet ser at denne planen i liten grad omtaler utfordringer og behov personer"
    motion = iris.fact_iri(eldre, "motion", 1)
    g.add((motion, RDF.type, OPENGOV.Motion))
    g.add((motion, SG.consultation, eldre))
    g.add((motion, SCHEMA.creator, people["Anne-Britt Wengen"]))
    g.add((motion, SG.motionType, Literal("forslag")))
    g.add((motion, SCHEMA.text, Literal(ev(text).quote)))
    g.add((motion, OPENGOV.result, Literal("pass")))
    add_evidence(g, motion, ev("Anne-Britt Wengen fremmet følgende forslag"))

    vote = iris.fact_iri(eldre, "vote", 1)
    g.add((vote, RDF.type, OPENGOV.VoteEvent))
    g.add((vote, OPENGOV.motion, motion))
    g.add((vote, OPENGOV.result, Literal("pass")))
    g.add((vote, SG.unanimous, Literal(True)))
    add_evidence(g, vote, ev("Forslaget fremmet av Wengen ble enstemmig vedtatt"))

    decision = iris.fact_iri(eldre, "decision", 1)
    g.add((decision, RDF.type, SG.Decision))
    g.add((decision, SG.consultation, eldre))
    g.add((decision, SCHEMA.text, Literal("Temaplan «På lik linje» tas til orientering")))
    add_evidence(g, decision, ev("1. Temaplan «På lik linje» tas til orientering"))

    comment_ev = ev(text)
    comment = iris.fact_iri(eldre, "comment", comment_ev.quote)
    g.add((comment, RDF.type, SG.Comment))
    g.add((comment, DCTERMS.creator, iris.body_iri(k, "Eldrerådet")))
    g.add((comment, SG.about, plan))
    g.add((comment, SG.consultation, eldre))
    g.add((comment, SCHEMA.text, Literal(comment_ev.quote)))
    add_evidence(g, comment, comment_ev)
    return g
