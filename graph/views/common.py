"""Shared pieces of the entity views: the id scheme of URLs, labels, references and evidence.

Id scheme: an entity's ``id`` is its IRI with ``https://w3id.org/saksgraf/id/<kind>/`` taken off, so
``…/case/asker/21-21815`` has id ``asker/21-21815`` and URL ``/cases/asker/21-21815``; a goal
``…/plan/asker/aa-hore-til/goal/1`` has id ``asker/aa-hore-til/goal/1`` and URL ``/goals/…``.
A bærekraftsmål is ``/sdg/<n>``; a source page ``/documents/<source id>/pages/<n>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote as url_quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from ..iris import BASE
from ..namespaces import DCTERMS, FOAF, PROV, SCHEMA, SDGO, SG, SKOS
from ..sdg import sdg_label, sdg_number

# URL prefix per IRI kind (the first path segment under BASE); kinds without a page get no URL.
ROUTES = {"case": "cases", "body": "bodies", "person": "people", "meeting": "meetings", "plan": "plans"}
# Classes whose nodes live under a plan IRI but have a page of their own (or none).
_CLASS_ROUTES = {SG.Goal: "goals"}
_LABEL_PROPS = (RDFS.label, FOAF.name, DCTERMS.title, SKOS.prefLabel, SCHEMA.text)
_PAGE = re.compile(r"/page/([^/]+)/(\d+)$")
# What an id can hold: IRI path segments are slugs, dates, numbers and hashes (see graph.iris).
_ID = re.compile(r"[A-Za-z0-9_~-]+(?:\.[A-Za-z0-9_~-]+)*(?:/[A-Za-z0-9_~-]+(?:\.[A-Za-z0-9_~-]+)*)*")
# Quotes longer than this are cut in source-page URLs; the page view still finds where they start.
URL_QUOTE_CHARS = 300


class EntityNotFound(KeyError):
    """An id that names nothing of the asked kind; the message says what was looked for."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"


def entity_id(iri: str) -> str | None:
    """The URL id of a saksgraf IRI: the path after ``BASE<kind>/`` (None for other IRIs)."""
    if not iri.startswith(BASE):
        return None
    parts = iri[len(BASE):].split("/", 1)
    return parts[1] if len(parts) == 2 and parts[1] else None


def iri_of(kind: str, entity: str) -> URIRef:
    """The IRI of ``entity`` (a URL id) of ``kind`` (``case``, ``body``, ``person``, ``meeting``, ``plan``)."""
    clean = entity.strip().strip("/")
    if not _ID.fullmatch(clean):
        raise EntityNotFound(f"no {kind} with id {entity[:100]!r}: ids are IRI path segments (letters, digits, '-')")
    return URIRef(f"{BASE}{kind}/{clean}")


def url_of(g: Graph, node: Node) -> str | None:
    """The API path of a node's page, or None where it has none (a party, a kommune, a fact node)."""
    n = sdg_number(str(node))
    if n:
        return f"/sdg/{n}"
    text = str(node)
    m = _PAGE.search(text)
    if m and text.startswith(BASE + "page/"):
        return f"/documents/{m.group(1)}/pages/{m.group(2)}"
    ident = entity_id(text)
    if ident is None:
        return None
    for cls, route in _CLASS_ROUTES.items():
        if (node, RDF.type, cls) in g:
            return f"/{route}/{ident}"
    kind = text[len(BASE):].split("/", 1)[0]
    route = ROUTES.get(kind)
    if route is None:
        return None
    # Fact nodes (a strategy under a plan, a motion under a consultation) have no page of their own.
    if kind == "plan" and (node, RDF.type, SG.Plan) not in g:
        return None
    return f"/{route}/{ident}"


def label(g: Graph, node: Node) -> str:
    """A readable name: rdfs:label, foaf:name, title or text, else the SDG name, else the IRI's tail."""
    for prop in _LABEL_PROPS:
        values = sorted(str(v) for v in g.objects(node, prop))
        if values:
            return values[0]
    n = sdg_number(str(node))
    if n:
        return f"{n} {sdg_label(n)}"
    return str(node).rsplit("/", 1)[-1]


def ref(g: Graph, node: Node | None) -> dict[str, Any] | None:
    """A short reference to a node: ``{id, iri, url, label}`` (None for None)."""
    if node is None:
        return None
    return {"id": entity_id(str(node)), "iri": str(node), "url": url_of(g, node), "label": label(g, node)}


def person_ref(g: Graph, person: Node | None) -> dict[str, Any] | None:
    """A person's reference with their party's code, where known."""
    r = ref(g, person)
    if r is not None:
        party = one(g, person, SG.party)
        r["party"] = party_code(g, party) if party is not None else None
    return r


def party_code(g: Graph, party: Node) -> str:
    """The party's code as the text writes it (``H``, ``Ap``), else its name."""
    code = one(g, party, SKOS.notation)
    return str(code) if code is not None else label(g, party)


def one(g: Graph, node: Node, prop: URIRef) -> Node | None:
    """One value of ``prop`` (the smallest, so the answer is stable), or None."""
    values = sorted(g.objects(node, prop), key=str)
    return values[0] if values else None


def text(g: Graph, node: Node, prop: URIRef) -> str | None:
    """One value of ``prop`` as a string, or None."""
    value = one(g, node, prop)
    return None if value is None else str(value)


def value(term: Node | None) -> Any:
    """A literal as its Python value (int, bool, date string), anything else as a string."""
    if term is None:
        return None
    if isinstance(term, Literal):
        v = term.toPython()
        return v if isinstance(v, (int, float, bool, str)) else str(term)
    return str(term)


def by_type(g: Graph, cls: URIRef) -> list[URIRef]:
    """Every node typed ``cls``, sorted by IRI."""
    return sorted({s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}, key=str)


def require(g: Graph, node: URIRef, cls: URIRef, what: str, given: str) -> URIRef:
    """``node`` if it is typed ``cls``, else ``EntityNotFound`` naming ``what`` and the id given."""
    if (node, RDF.type, cls) not in g:
        raise EntityNotFound(f"no {what} with id {given!r}")
    return node


def page_location(page: Node) -> tuple[str, int] | None:
    """(source id, page number) of a page IRI."""
    m = _PAGE.search(str(page))
    return (m.group(1), int(m.group(2))) if m else None


def source_url(source_id: str, number: int, quote: str | None = None) -> str:
    """The API path of a source page, with the quote to mark (cut to ``URL_QUOTE_CHARS``)."""
    url = f"/documents/{source_id}/pages/{number}"
    if quote:
        url += "?quote=" + url_quote(" ".join(quote.split())[:URL_QUOTE_CHARS], safe="")
    return url


def evidence(g: Graph, node: Node) -> list[dict[str, Any]]:
    """Where a fact was read: one entry per quote with its document, page, offsets and source-page URL.

    The graph states pages, quotes and offsets as separate values, so a quote is tied to its page only
    where the node was read from one page; a node read from several pages lists each page with
    ``quote: None`` (and its quotes under ``quotes``) rather than guess which quote is on which page.
    """
    pages = sorted((loc for p in g.objects(node, PROV.wasDerivedFrom) if (loc := page_location(p))), key=lambda x: (x[0], x[1]))
    quotes = sorted({str(q) for q in g.objects(node, SG.quote)})
    starts = sorted(int(v) for v in g.objects(node, SG.startOffset))
    ends = sorted(int(v) for v in g.objects(node, SG.endOffset))
    if len(pages) == 1:
        sid, n = pages[0]
        spans = _spans(quotes, starts, ends)
        return [
            {"document": sid, "page": n, "page_iri": f"{BASE}page/{sid}/{n}", "quote": q, "start": spans.get(q, (None, None))[0],
             "end": spans.get(q, (None, None))[1], "url": source_url(sid, n, q)}
            for q in quotes
        ] or [{"document": sid, "page": n, "page_iri": f"{BASE}page/{sid}/{n}", "quote": None, "start": None, "end": None,
               "url": source_url(sid, n)}]
    out = [{"document": sid, "page": n, "page_iri": f"{BASE}page/{sid}/{n}", "quote": None, "start": None, "end": None,
            "url": source_url(sid, n)} for sid, n in pages]
    if out and quotes:
        out[0]["quotes"] = quotes
    return out


def _spans(quotes: list[str], starts: list[int], ends: list[int]) -> dict[str, tuple[int, int]]:
    """Offsets per quote: the only pair, else the pair whose length is the quote's (when just one is)."""
    if len(quotes) == 1 and len(starts) == 1 and len(ends) == 1:
        return {quotes[0]: (starts[0], ends[0])}
    spans: dict[str, tuple[int, int]] = {}
    pairs = [(s, e) for s in starts for e in ends if e > s]
    for q in quotes:
        fits = [p for p in pairs if p[1] - p[0] == len(q)]
        if len(fits) == 1:
            spans[q] = fits[0]
    return spans


def sorted_refs(g: Graph, nodes: Iterable[Node], make=ref) -> list[dict[str, Any]]:
    """References to ``nodes``, distinct, sorted by label."""
    return sorted((make(g, n) for n in set(nodes)), key=lambda r: (r["label"].casefold(), r["iri"]))


def is_sdg(g: Graph, node: Node) -> bool:
    """True for a UN bærekraftsmål node."""
    return sdg_number(str(node)) is not None or (node, RDF.type, SDGO.Goal) in g
