"""Hits linked to the graph: the case, meetings, bodies, plan, kommune, document and page nodes a passage belongs to.

IRIs are derived from a document's identifiers with ``graph.iris`` (the graph's own functions, body
keys and plan names), so they are the graph's IRIs. After each ingest the search index also records
a ``GraphView`` of the graph just synced (``read_graph``): the IRIs it holds, their labels, and which
plan each case concerns and each page's plan facts belong to. With it, a link names only nodes that
exist, and a plan is the node the graph resolved (a plan document titled "Temaplan for personer
med nedsatt funksjonsevne" links to the plan the graph calls «På lik linje»).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from search.chunking import Chunk
from search.metadata import DocMeta

SG = "https://w3id.org/saksgraf/ont#"
# A node's label, or its title where it has none (a case is named by its dcterms:title).
_SUBJECTS = """
SELECT ?s (SAMPLE(COALESCE(?l, ?t)) AS ?label) WHERE {
  ?s ?p ?o FILTER(isIRI(?s))
  OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }
  OPTIONAL { ?s <http://purl.org/dc/terms/title> ?t }
} GROUP BY ?s
"""
# Which plan a case concerns, and which plan the facts read from a page (goals, strategies, the
# plan's own title page) belong to.
_PLANS = f"""
SELECT DISTINCT ?key ?plan WHERE {{
  ?plan a <{SG}Plan> .
  {{ ?key <{SG}concerns> ?plan }}
  UNION {{ ?plan <http://www.w3.org/ns/prov#wasDerivedFrom> ?key }}
  UNION {{ ?part <http://purl.org/dc/terms/isPartOf>+ ?plan .
           ?part <http://www.w3.org/ns/prov#wasDerivedFrom> ?key }}
}}
"""


# What each case's treatments decided, for precedent ("what did we decide the last times?").
_DECISIONS = f"""
SELECT DISTINCT ?case ?bodyLabel ?date ?text WHERE {{
  ?consultation a <{SG}Consultation> ; <{SG}case> ?case ; <{SG}body>/<http://www.w3.org/2000/01/rdf-schema#label> ?bodyLabel .
  ?decision a <{SG}Decision> ; <{SG}consultation> ?consultation ; <https://schema.org/text> ?text .
  OPTIONAL {{ ?consultation <{SG}meeting>/<https://schema.org/startDate> ?date }}
}}
"""


@dataclass(frozen=True)
class GraphView:
    """What search keeps of the graph: its IRIs (with labels), plans by case or page IRI, and each
    case's decisions."""

    labels: dict[str, str] = field(default_factory=dict)  # IRI -> rdfs:label ("" when none)
    plans: dict[str, tuple[str, ...]] = field(default_factory=dict)  # case or page IRI -> plan IRIs
    # case IRI -> (body, ISO date or None, decision text), oldest first
    decisions: dict[str, tuple[tuple[str, str | None, str], ...]] = field(default_factory=dict)

    def __contains__(self, iri: str) -> bool:
        return iri in self.labels


def read_graph(graph) -> GraphView:
    """The ``GraphView`` of a ``graph.store.GraphStore`` (one query for its subjects, one for its plans,
    one for its decisions)."""
    labels = {str(row[0]): str(row[1]) if row[1] is not None else "" for row in graph.query(_SUBJECTS)}
    plans: dict[str, set[str]] = {}
    for row in graph.query(_PLANS):
        plans.setdefault(str(row[0]), set()).add(str(row[1]))
    decisions: dict[str, set[tuple[str, str | None, str]]] = {}
    for row in graph.query(_DECISIONS):
        day = str(row[2])[:10] if row[2] is not None else None
        decisions.setdefault(str(row[0]), set()).add((str(row[1]), day, str(row[3])))
    return GraphView(labels, {k: tuple(sorted(v)) for k, v in plans.items()},
                     {k: tuple(sorted(v, key=lambda d: (d[1] or "", d[0], d[2]))) for k, v in decisions.items()})


def graph_links(meta: DocMeta, page: int, graph: GraphView | None = None, chunk: Chunk | None = None) -> dict:
    """The graph entities a passage of ``meta`` on ``page`` belongs to, with their IRIs.

    With ``chunk`` (the passage itself) a passage of a meeting document links to the case of the
    agenda item it lies in (``relation: "treated"``), not just to the meeting.

    An entity whose IRI needs the kommune gets ``iri: None`` when the source's kommune is unknown.
    With ``graph`` (recorded at index time) an IRI the graph does not hold is ``None`` too: the text
    names the entity but the graph has no node for it (e.g. a case known only from a letter); without
    it the derived IRIs are given unchecked.
    """
    from graph import iris

    try:
        from graph.bodies import body_key
        from graph.plans import plan_name
    except ImportError:  # the graph layer without its builders: plain names
        body_key, plan_name = (lambda name: name), None

    def safe(fn, *args):
        try:
            iri = str(fn(*args))
        except ValueError:
            return None
        return iri if graph is None or iri in graph else None

    k = meta.iri_kommune or meta.kommune
    links: dict = {
        "document": {"id": meta.id, "type": meta.doc_type, "title": meta.title,
                     "iri": safe(iris.document_iri, meta.source_id, meta.index) if meta.index > 0 else None},
        "page": {"source_id": meta.source_id, "number": page, "iri": safe(iris.page_iri, meta.source_id, page)},
        "kommune": {"name": meta.kommune, "iri": safe(iris.kommune_iri, k)} if meta.kommune else None,
        "case": None,
        "meetings": [],
        "bodies": [],
        "plan": None,
    }
    case = meta.arkivsak or meta.attached_to
    relation = "filed" if meta.arkivsak else "attachment"
    if chunk is not None and meta.items:
        treated = meta.chunk_cases(chunk)
        if treated and treated[0] not in meta.cases:
            case, relation = treated[0], "treated"
    case_iri = safe(iris.case_iri, k, case) if case and k else None
    if case:
        links["case"] = {"arkivsak": case, "journalpost": meta.journalpost if relation != "treated" else None,
                         "relation": relation, "iri": case_iri}
    for body, day in meta.meetings:
        links["meetings"].append({"body": body, "date": day,
                                  "iri": safe(iris.meeting_iri, k, body_key(body), day) if k else None})
    for body in meta.bodies:
        links["bodies"].append({"name": body, "iri": safe(iris.body_iri, k, body_key(body)) if k else None})
    links["plan"] = _plan_link(meta, page, case_iri, graph, k, plan_name, safe)
    return links


def _plan_link(meta: DocMeta, page: int, case_iri: str | None, graph: GraphView | None, k, plan_name, safe):
    """The plan a passage belongs to: the graph's plan of its pages, else of its case, else its own title."""
    from graph import iris

    if graph is not None:
        found: Counter[str] = Counter()
        if meta.doc_type in ("plan", "rapport", "presentasjon", "vedlegg"):
            pages = [page] + [n for n in range(meta.first_page, meta.last_page + 1) if n != page]
            for n in pages:
                found.update(graph.plans.get(str(iris.page_iri(meta.source_id, n)), ()))
        if not found and case_iri:
            found.update(graph.plans.get(case_iri, ()))
        if found:
            plan = found.most_common(1)[0][0]
            return {"title": graph.labels.get(plan) or meta.title, "iri": plan}
    if meta.doc_type != "plan":
        return None
    name = plan_name(meta.title, k) if plan_name and k and meta.title else None
    return {"title": name.label if name else meta.title,
            "iri": safe(iris.plan_iri, name.scope, name.key) if name else None}
