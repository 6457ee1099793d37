"""Telling queries from updates without running them, and writing results in the standard formats."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal, URIRef, Variable
from rdflib.query import Result

from graph.sparql import (
    QuerySyntaxError,
    ReadOnlyError,
    check_read_only,
    format_result,
    query_form,
    result_media_type,
    undeclared_prefixes,
)


@pytest.mark.parametrize(
    "text, form",
    [
        ("SELECT * { ?s ?p ?o }", "SELECT"),
        ("  \n# insert is mentioned in a comment\nask { ?s ?p ?o }", "ASK"),
        ("BASE <http://x/>\nPREFIX sg: <https://w3id.org/saksgraf/ont#>\nPREFIX : <http://y/>\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("describe <http://x/a>", "DESCRIBE"),
        ("PREFIX ex: <http://x/> INSERT DATA { ex:a ex:b ex:c }", "INSERT"),
        ("", ""),
    ],
)
def test_query_form(text, form):
    assert query_form(text) == form


def test_queries_that_mention_update_words_are_allowed():
    text = 'SELECT ?drop WHERE { ?drop <http://x/delete> "INSERT DATA" . ?drop sg:load ?x } # CLEAR'
    assert check_read_only(text) == "SELECT"


@pytest.mark.parametrize("op", ["INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "with"])
def test_every_update_operation_is_read_only_error(op):
    with pytest.raises(ReadOnlyError, match=op.upper()):
        check_read_only(f"PREFIX ex: <http://x/>\n{op} something")


def test_not_a_query_at_all():
    with pytest.raises(QuerySyntaxError, match="found 'HELLO'"):
        check_read_only("hello world")
    with pytest.raises(QuerySyntaxError, match="empty"):
        check_read_only(" \n ")


def test_undeclared_prefixes_ignore_strings_iris_and_comments():
    text = 'PREFIX ex: <http://x/> SELECT * { ?s ex:p "sg:x" ; foaf:name ?n ; <urn:a:b> ?o ; nope:q ?q } # bad:comment'
    assert undeclared_prefixes(text, ["sg"]) == ["foaf", "nope"]
    assert undeclared_prefixes(text, ["foaf", "nope"]) == []


def _select() -> Result:
    r = Result("SELECT")
    r.vars = [Variable("x"), Variable("n")]
    r.bindings = [
        {r.vars[0]: URIRef("https://w3id.org/saksgraf/id/case/asker/21-21815"), r.vars[1]: Literal("Høring", lang="nb")},
        {r.vars[0]: URIRef("https://w3id.org/saksgraf/id/case/asker/22-22972")},
    ]
    return r


def test_select_as_sparql_json():
    doc = json.loads(format_result(_select()))
    assert doc["head"]["vars"] == ["x", "n"]
    first, second = doc["results"]["bindings"]
    assert first["x"] == {"type": "uri", "value": "https://w3id.org/saksgraf/id/case/asker/21-21815"}
    assert first["n"] == {"type": "literal", "value": "Høring", "xml:lang": "nb"}
    assert "n" not in second  # unbound stays unbound
    assert result_media_type(_select()) == "application/sparql-results+json"


def test_select_as_csv_and_xml_and_unknown_format():
    assert format_result(_select(), "csv").splitlines()[0].strip() == "x,n"
    assert "<sparql" in format_result(_select(), "xml")
    with pytest.raises(ValueError, match="json"):
        format_result(_select(), "turtle")


def test_ask_and_construct():
    ask = Result("ASK")
    ask.askAnswer = False
    assert json.loads(format_result(ask)) == {"head": {}, "boolean": False}
    from graph.namespaces import SG, new_graph

    construct = Result("CONSTRUCT")
    construct.graph = new_graph()
    construct.graph.add((URIRef("https://w3id.org/saksgraf/id/case/asker/21-21815"), SG.concerns, URIRef("https://w3id.org/saksgraf/id/plan/asker/paa-lik-linje")))
    assert "sg:concerns" in format_result(construct)
    assert format_result(construct, "nt").count(" .") == 1
    assert result_media_type(construct, "jsonld") == "application/ld+json"
