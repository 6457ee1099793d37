"""Provenance in the graph: a source file's sg:SourceFile, sg:Document and sg:Page nodes, and evidence on facts.

Every source graph starts with ``source_triples`` (the file, its documents and pages); every fact
node then gets ``add_evidence`` (``prov:wasDerivedFrom`` its page, ``sg:quote`` the text, and the
quote's offsets in the page's clean text).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ingest.model import Document, IngestedSource
from ingest.store import source_id_for

from .iris import document_iri, page_iri, source_iri
from .namespaces import DCTERMS, PROV, SG, new_graph


class EvidenceLike(Protocol):
    """Where a fact was read (``ingest.extract.base.Evidence`` has this shape)."""

    source_id: str
    page: int
    start: int
    end: int
    quote: str


def source_triples(
    source_id: str,
    file_name: str,
    sha256: str,
    page_numbers: Iterable[int],
    documents: Iterable[Document] = (),
) -> Graph:
    """The provenance skeleton of one source file: the file, its pages, and the documents inside it.

    The file is an ``sg:SourceFile`` (an ``sg:Document``) at ``source_iri(source_id)``; each page
    is ``dcterms:isPartOf`` the file and every document it overlaps.
    """
    g = new_graph()
    src = source_iri(source_id)
    g.add((src, RDF.type, SG.SourceFile))
    g.add((src, RDFS.label, Literal(file_name)))
    g.add((src, DCTERMS.source, Literal(file_name)))
    g.add((src, SG.sha256, Literal(sha256)))
    pages: dict[int, URIRef] = {}
    for number in page_numbers:
        page = pages[number] = page_iri(source_id, number)
        g.add((page, RDF.type, SG.Page))
        g.add((page, DCTERMS.isPartOf, src))
        g.add((page, SG.pageNumber, Literal(number, datatype=XSD.integer)))
    for doc in documents:
        node = document_iri(source_id, doc.index)
        g.add((node, RDF.type, SG.Document))
        g.add((node, DCTERMS.isPartOf, src))
        g.add((node, DCTERMS.source, Literal(file_name)))
        g.add((node, SG.sha256, Literal(sha256)))
        g.add((node, SG.documentType, Literal(doc.doc_type)))
        if doc.title:
            g.add((node, DCTERMS.title, Literal(doc.title)))
            g.add((node, RDFS.label, Literal(doc.title)))
        if doc.journalpost:
            g.add((node, SG.journalpost, Literal(doc.journalpost)))
        for number in range(doc.first_page, doc.last_page + 1):
            if number in pages:
                g.add((pages[number], DCTERMS.isPartOf, node))
    return g


def ingested_source_triples(item: IngestedSource) -> Graph:
    """``source_triples`` for what ingestion made of one file."""
    return source_triples(
        source_id_for(item.source.name),
        item.source.name,
        item.source.sha256,
        [p.number for p in item.pages],
        item.documents,
    )


def add_evidence(graph: Graph, node: URIRef, evidence: EvidenceLike) -> URIRef:
    """Say where ``node`` was read: ``prov:wasDerivedFrom`` the page, ``sg:quote``, start and end offsets.

    Returns the page's IRI.
    """
    if not evidence.quote or not evidence.quote.strip():
        raise ValueError(f"evidence for {node} has an empty quote")
    page = page_iri(evidence.source_id, evidence.page)
    graph.add((node, PROV.wasDerivedFrom, page))
    graph.add((node, SG.quote, Literal(evidence.quote)))
    graph.add((node, SG.startOffset, Literal(evidence.start, datatype=XSD.integer)))
    graph.add((node, SG.endOffset, Literal(evidence.end, datatype=XSD.integer)))
    return page
