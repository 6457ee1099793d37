"""Goals and bærekraftsmål: what a goal is part of, and everything that serves it (via graph.trace)."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..namespaces import DCTERMS, SCHEMA, SG, SKOS
from ..sdg import sdg_iri, sdg_label
from ..trace import trace
from .common import EntityNotFound, evidence, iri_of, ref, sorted_refs, text
from .plans import linked


def goal_page(g: Graph, goal_id: str) -> dict[str, Any]:
    """A plan's goal (id ``<kommune>/<plan slug>/goal/<key>``, its IRI after ``…/id/plan/``): its text and
    level, the plan it belongs to, the goals above and below it, the goals and bærekraftsmål it serves,
    and everything that serves it (the downward trace, with quotes). Raises ``KeyError`` if unknown."""
    node = iri_of("plan", goal_id)
    if "/goal/" not in str(node) or (node, RDF.type, SG.Goal) not in g:
        raise EntityNotFound(f"no goal with id {goal_id!r}")
    plan = next((p for p in g.objects(node, DCTERMS.isPartOf) if (p, RDF.type, SG.Plan) in g), None)
    out = ref(g, node)
    out.update(
        kind="goal",
        text=text(g, node, SCHEMA.text),
        level=text(g, node, DCTERMS.type),
        plan=ref(g, plan),
        broader=sorted_refs(g, g.objects(node, SKOS.broader)),
        narrower=sorted_refs(g, g.subjects(SKOS.broader, node)),
        contributes_to=linked(g, node, SG.contributesTo),
        served_by=_served_by(g, node),
        evidence=evidence(g, node),
    )
    return out


def sdg_page(g: Graph, n: int) -> dict[str, Any]:
    """Bærekraftsmål ``n`` (1–17): its Norwegian and English names and everything in the graph that serves
    it (plans, strategies, goals, cases, with the quote for each link). ``KeyError`` outside 1–17."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 17:
        raise EntityNotFound(f"there is no bærekraftsmål {n!r}; they are numbered 1 to 17")
    node = sdg_iri(n)
    return {
        "id": str(n),
        "iri": str(node),
        "url": f"/sdg/{n}",
        "label": f"{n} {sdg_label(n)}",
        "kind": "sdg",
        "number": n,
        "name": {"nb": sdg_label(n, "nb"), "en": sdg_label(n, "en")},
        "served_by": _served_by(g, node),
    }


def _served_by(g: Graph, node: URIRef) -> dict[str, Any]:
    """The downward trace from ``node``: the tree of what serves it, and the distinct nodes by kind."""
    t = trace(g, str(node), "down").to_dict()
    root = t["roots"][0] if t["roots"] else {"children": []}
    return {"tree": root["children"], "summary": t["summary"], "direct": sorted_refs(g, g.subjects(SG.contributesTo, node))}


__all__ = ["goal_page", "sdg_page"]
