"""The project vocabulary (vocab.ttl), the closed sg: namespace and the shapes agree with each other and with ingest."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graph.namespaces import (
    ELI,
    ORG,
    PREFIXES,
    PROV,
    SCHEMA,
    SG,
    SG_TERMS,
    SG_URI,
    bind_prefixes,
    curie,
    new_graph,
)
from graph.rdfio import parse_graph
from graph.vocab import export_vocabulary, shapes, vocabulary
from ingest.model import DOCUMENT_TYPES

SH = "http://www.w3.org/ns/shacl#"


def declared_terms(g):
    return {
        str(s)[len(SG_URI):]
        for s in g.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(SG_URI)
    }


def test_closed_namespace_lists_exactly_the_declared_terms():
    assert declared_terms(vocabulary()) == set(SG_TERMS)
    assert len(SG_TERMS) == len(set(SG_TERMS))
    with pytest.raises(AttributeError):
        SG.Treatment  # the Consultation is the treatment  # noqa: B018


@pytest.mark.parametrize("term", SG_TERMS)
def test_every_term_has_labels_in_nb_and_en_and_a_comment(term):
    g = vocabulary()
    node = SG[term]
    languages = {lit.language for lit in g.objects(node, RDFS.label) if isinstance(lit, Literal)}
    assert {"nb", "en"} <= languages
    assert {lit.language for lit in g.objects(node, RDFS.comment)} >= {"nb", "en"}
    kinds = set(g.objects(node, RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}


@pytest.mark.parametrize(
    "cls, parent",
    [
        (SG.Body, ORG.Organization),
        (SG.Party, ORG.Organization),
        (SG.Meeting, SCHEMA.Event),
        (SG.Case, ELI.Work),
        (SG.Plan, ELI.Work),
        (SG.Document, PROV.Entity),
        (SG.Page, PROV.Entity),
        (SG.SourceFile, SG.Document),
    ],
)
def test_classes_specialise_standard_terms(cls, parent):
    assert (cls, RDFS.subClassOf, parent) in vocabulary()


def test_every_sg_term_the_shapes_use_is_declared():
    used = {
        str(t)[len(SG_URI):]
        for triple in shapes()
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(SG_URI)
    }
    assert used and used <= set(SG_TERMS)


def test_document_types_in_shapes_match_ingest():
    g = shapes()
    lists = [
        o
        for s in g.subjects(URIRef(SH + "path"), SG.documentType)
        for o in g.objects(s, URIRef(SH + "in"))
    ]
    assert len(lists) == 1
    values = [str(v) for v in g.items(lists[0])]
    assert tuple(values) == DOCUMENT_TYPES


def test_prefixes_match_the_core_profile():
    assert PREFIXES["sg"] == "https://w3id.org/saksgraf/ont#"
    assert PREFIXES["schema"] == "https://schema.org/"
    assert list(PREFIXES) == ["sg", "org", "foaf", "schema", "dcterms", "skos", "prov", "opengov", "eli", "sdgo"]
    g = bind_prefixes(new_graph())
    bound = {p: str(u) for p, u in g.namespaces()}
    assert all(bound[p] == u for p, u in PREFIXES.items())
    assert curie(str(SG.Case)) == "sg:Case"
    assert curie("http://example.org/x") == "<http://example.org/x>"


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld"])
def test_vocabulary_exports(fmt):
    back = parse_graph(export_vocabulary(fmt), fmt)
    assert declared_terms(back) == set(SG_TERMS)
