"""`/sparql`: the SPARQL 1.1 Protocol over the sample graph — formats, read-only, errors, time limit, cap."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from api.app import create_app
from api.routes.sparql import negotiate

CASES = "SELECT ?case ?title WHERE { ?case a sg:Case ; dcterms:title ?title } ORDER BY ?case"
# The sample's own consultation comments: who commented on which plan (mission example).
COMMENTS = """SELECT ?body ?text WHERE {
  ?c a sg:Comment ; dcterms:creator ?b ; schema:text ?text . ?b rdfs:label ?body
}"""
# A cross product of the whole graph with itself three times: minutes to hours of work.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def app(sample_data_dir):
    app = create_app(sample_data_dir)
    app.state.sparql_timeout = 3.0
    app.state.sparql_max_results = 50
    yield app
    runner = getattr(app.state, "sparql_runner", None)
    if runner is not None:
        runner.close()


@pytest.fixture(scope="module")
def client(app):
    return TestClient(app)


@pytest.fixture(scope="module")
def case_count(sample_data_dir) -> int:
    from graph.sync import open_graph

    with open_graph(sample_data_dir) as graph:
        return len(list(graph.query(CASES)))


def test_get_select_json_matches_the_graph(client, case_count):
    r = client.get("/sparql", params={"query": CASES})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    data = r.json()
    assert data["head"]["vars"] == ["case", "title"]
    rows = data["results"]["bindings"]
    assert len(rows) == min(case_count, 50) and case_count > 0
    assert all(row["case"]["type"] == "uri" for row in rows)


@pytest.mark.parametrize(
    "accept, media",
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, text/csv;q=0.2", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_by_content_negotiation(client, accept, media):
    r = client.get("/sparql", params={"query": CASES}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media


def test_the_formats_carry_the_same_rows(client):
    q = {"query": COMMENTS}
    as_json = client.get("/sparql", params=q).json()["results"]["bindings"]
    as_csv = list(csv.DictReader(io.StringIO(client.get("/sparql", params=q, headers={"Accept": "text/csv"}).text)))
    as_tsv = client.get("/sparql", params=q, headers={"Accept": "text/tab-separated-values"}).text.splitlines()
    as_xml = ET.fromstring(client.get("/sparql", params=q, headers={"Accept": "application/sparql-results+xml"}).content)
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert len(as_json) > 0
    assert len(as_csv) == len(as_json) == len(as_tsv) - 1 == len(as_xml.findall(".//r:result", ns))
    assert as_tsv[0] == "?body\t?text"
    assert {row["body"] for row in as_csv} == {row["body"]["value"] for row in as_json}
    assert all("\t" not in line.split("\t", 1)[1] for line in as_tsv[1:])  # tabs in literals escaped


def test_ask_in_json_and_xml(client):
    r = client.get("/sparql", params={"query": "ASK { ?c a sg:Case }"})
    assert r.json() == {"head": {}, "boolean": True}
    r = client.get("/sparql", params={"query": "ASK { ?c a sg:NoSuchClass }"}, headers={"Accept": "application/sparql-results+xml"})
    assert b"<boolean>false</boolean>" in r.content


def test_construct_as_turtle_and_jsonld(client):
    q = "CONSTRUCT { ?c dcterms:title ?t } WHERE { ?c a sg:Case ; dcterms:title ?t }"
    turtle = client.get("/sparql", params={"query": q})
    assert turtle.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=turtle.text, format="turtle")
    jsonld = client.get("/sparql", params={"query": q}, headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(g) > 0


def test_describe_as_ntriples(client):
    case = client.get("/sparql", params={"query": CASES}).json()["results"]["bindings"][0]["case"]["value"]
    r = client.get("/sparql", params={"query": f"DESCRIBE <{case}>", "format": "nt"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/n-triples")
    assert case in r.text


def test_post_form_and_direct_body(client):
    form = client.post("/sparql", data={"query": CASES}, headers={"Accept": "text/csv"})
    direct = client.post("/sparql", content=CASES.encode(), headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert form.status_code == direct.status_code == 200
    assert form.text == direct.text
    assert form.text.startswith("case,title")


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {"method": "GET", "params": {"update": "DROP ALL"}},
        {"method": "POST", "data": {"update": "CLEAR ALL"}},
        {"method": "POST", "content": b"DELETE WHERE { ?s ?p ?o }", "headers": {"Content-Type": "application/sparql-update"}},
        {"method": "POST", "content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-query"}},
        {"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p ?o } ; DELETE WHERE { ?s ?p ?o }"}},
    ],
)
def test_updates_are_refused_and_change_nothing(client, request_kwargs):
    before = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    kwargs = dict(request_kwargs)
    r = client.request(kwargs.pop("method"), "/sparql", **kwargs)
    assert r.status_code == 403
    assert "read-only" in r.json()["error"]
    after = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    assert before == after


@pytest.mark.parametrize(
    "query, words",
    [
        ("SELECT ?x WHERE { ?x sg:case }", ["syntax error", "line 1"]),
        ("SELECT ?x WHERE { ?x nope:thing ?y }", ["unknown prefix nope"]),
        ("SELEKT ?x WHERE { ?x ?p ?o }", ["expected SELECT, ASK, CONSTRUCT or DESCRIBE", "SELEKT"]),
        ("   ", ["no query given"]),
    ],
)
def test_malformed_queries_get_400_naming_the_problem(client, query, words):
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 400
    message = r.json()["error"]
    for word in words:
        assert word in message


def test_missing_query_bad_format_bad_accept_and_bad_media_type(client):
    assert "no query given" in client.get("/sparql").json()["error"]
    r = client.get("/sparql", params={"query": CASES, "format": "turtle"})
    assert r.status_code == 400 and "json, xml, csv, tsv" in r.json()["error"]
    r = client.get("/sparql", params={"query": CASES}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "text/csv" in r.json()["error"]
    r = client.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert r.status_code == 415
    r = client.get("/sparql", params={"query": CASES, "default-graph-uri": "urn:x"})
    assert r.status_code == 400 and "GRAPH" in r.json()["error"]


def test_oversized_query_is_refused(client):
    r = client.post("/sparql", content=("#" * 200_000 + "\nASK {}").encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_results_are_capped_and_say_so(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 50
    assert r.headers["x-sparql-truncated"].startswith("true")
    small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert "x-sparql-truncated" not in small.headers
    g = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert len(Graph().parse(data=g.text, format="turtle")) == 50


def test_a_query_that_would_run_for_minutes_is_cut_off_and_the_endpoint_goes_on(client):
    import time

    started = time.perf_counter()
    r = client.get("/sparql", params={"query": ENDLESS})
    took = time.perf_counter() - started
    assert r.status_code == 422
    assert "time limit of 3 s" in r.json()["error"]
    assert took < 15
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_negotiate_prefers_higher_quality():
    assert negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+xml", None) == "xml"
    assert negotiate("CONSTRUCT", "application/json", None) == "jsonld"
    assert negotiate("CONSTRUCT", "text/*", None) == "turtle"
    assert negotiate("ASK", None, "TSV") == "tsv"


def test_openapi_documents_both_methods(client):
    spec = client.get("/openapi.json").json()
    ops = spec["paths"]["/sparql"]
    assert {"get", "post"} <= set(ops)
    assert "application/sparql-query" in ops["post"]["requestBody"]["content"]
    json.dumps(spec)
