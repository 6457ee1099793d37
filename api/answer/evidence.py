"""Evidence for an answer from the graph's provenance: each fact's ``sg:quote`` on the page it was read from
(``prov:wasDerivedFrom``), with the page's document and file.

A fact read in two places (a saksprotokoll and the møtebok's copy of it) has two pages and two
quotes; when the page texts are at hand (the document store), each quote is put on the page that
holds it, else a fact with one page takes all its quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph.namespaces import DCTERMS, PROV, SG

from .model import Evidence

PageText = Callable[[str, int], "str | None"]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def store_page_text(data_dir: Path | str) -> PageText:
    """A page-text look-up over the document store in ``data_dir`` (pages read once per source)."""
    from ingest import Store

    @lru_cache(maxsize=64)
    def pages_of(source_id: str) -> dict[int, str]:
        try:
            with Store.open(data_dir) as store:
                return {p.number: _squash(p.text) for p in store.pages(source_id)}
        except Exception:  # a missing or unreadable store only costs the pairing, not the answer
            return {}

    def lookup(source_id: str, number: int) -> str | None:
        return pages_of(source_id).get(number)

    return lookup


def page_parts(page: str) -> tuple[str, int] | None:
    """``(source_id, page number)`` of a page IRI."""
    m = re.search(r"/page/([^/]+)/(\d+)$", page)
    return (m.group(1), int(m.group(2))) if m else None


class EvidenceFinder:
    """Turns fact nodes into ``Evidence``: quote, document title and type, file name, page."""

    def __init__(self, graph: Graph, page_text: PageText | None = None) -> None:
        self.graph = graph
        self.page_text = page_text
        self._docs: dict[str, tuple[str | None, str | None, str | None]] = {}

    def document(self, page: str) -> tuple[str | None, str | None, str | None]:
        """(title, type, file name) of the document a page belongs to."""
        if page not in self._docs:
            title = doc_type = source = None
            for doc in self.graph.objects(URIRef(page), DCTERMS.isPartOf):
                if (doc, RDF.type, SG.SourceFile) in self.graph:
                    source = source or _first(self.graph.objects(doc, DCTERMS.source))
                elif (doc, RDF.type, SG.Document) in self.graph:
                    title = title or _first(self.graph.objects(doc, DCTERMS.title))
                    doc_type = doc_type or _first(self.graph.objects(doc, SG.documentType))
                    source = source or _first(self.graph.objects(doc, DCTERMS.source))
            self._docs[page] = (title, doc_type, source)
        return self._docs[page]

    def make(self, quote: str, page: str | None, fact: str | None) -> Evidence:
        """One evidence item for ``quote`` on ``page``."""
        title = doc_type = source = None
        number = None
        if page:
            title, doc_type, source = self.document(page)
            parts = page_parts(page)
            number = parts[1] if parts else None
        return Evidence(_squash(quote), source, title, doc_type, number, page, fact)

    def for_node(self, node: str) -> list[Evidence]:
        """The evidence of one fact node: each of its quotes on the page that holds it."""
        n = URIRef(node)
        pages = sorted({str(p) for p in self.graph.objects(n, PROV.wasDerivedFrom)}, key=_page_key)
        quotes = sorted({str(q) for q in self.graph.objects(n, SG.quote)}, key=len, reverse=True)
        out: list[Evidence] = []
        for quote in quotes:
            page = self._page_of(quote, pages)
            out.append(self.make(quote, page, node))
        return out

    def for_nodes(self, nodes: Iterable[str]) -> list[Evidence]:
        """Evidence of several fact nodes, each (quote, page) once."""
        seen: set[tuple[str, str | None]] = set()
        out = []
        for node in nodes:
            for ev in self.for_node(node):
                key = (ev.quote, ev.page_iri)
                if key not in seen:
                    seen.add(key)
                    out.append(ev)
        return out

    def _page_of(self, quote: str, pages: list[str]) -> str | None:
        if len(pages) <= 1:
            return pages[0] if pages else None
        if self.page_text is not None:
            from graph.views import locate  # the same quote matching the entity pages use

            for page in pages:
                parts = page_parts(page)
                text = self.page_text(*parts) if parts else None
                if text and locate(text, quote):
                    return page
        return pages[0]


def _first(values: Iterable) -> str | None:
    for v in values:
        return str(v)
    return None


def _page_key(page: str) -> tuple[str, int]:
    parts = page_parts(page)
    return parts if parts else (page, 0)


def trace_page(text: str | None) -> str | None:
    """The page IRI for graph.trace's page note ``<source_id> s. <n>``."""
    from graph.iris import page_iri

    if not text:
        return None
    m = re.fullmatch(r"(\S+) s\. (\d+)", text)
    return str(page_iri(m.group(1), int(m.group(2)))) if m else None
