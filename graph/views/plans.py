"""Plans: the list of them, and one plan's page (structure, comments by body, cases)."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..namespaces import DCTERMS, SCHEMA, SG, SKOS
from .cases import comment
from .common import by_type, evidence, iri_of, label, one, ref, require, sorted_refs, text, value


def list_plans(g: Graph) -> list[dict[str, Any]]:
    """Every plan: id, name, type, kommune (or national scope), and how many cases and comments concern it."""
    out = []
    for plan in by_type(g, SG.Plan):
        r = ref(g, plan)
        r.update(
            name=label(g, plan),
            plan_type=text(g, plan, SG.planType),
            kommune=ref(g, one(g, plan, SG.kommune)),
            cases=len(set(g.subjects(SG.concerns, plan)) | set(g.subjects(SG.references, plan))),
            comments=len(set(g.subjects(SG.about, plan))),
            goals=len(_parts(g, plan, SG.Goal)),
        )
        out.append(r)
    return sorted(out, key=lambda r: (r["name"].casefold(), r["iri"]))


def link_evidence(g: Graph, s: URIRef, p: URIRef, o) -> list[dict[str, Any]]:
    """The evidence of one link: the ``rdf:Statement`` that states ``s p o`` (plan_graph writes one per link)."""
    out = []
    for st in set(g.subjects(RDF.subject, s)):
        if (st, RDF.predicate, p) in g and (st, RDF.object, o) in g:
            out.extend(evidence(g, st))
    return out


def linked(g: Graph, s: URIRef, p: URIRef) -> list[dict[str, Any]]:
    """References to the objects of ``s p ?o``, each with the evidence of the link."""
    return [r | {"evidence": link_evidence(g, s, p, URIRef(r["iri"]))} for r in sorted_refs(g, g.objects(s, p))]


def plan_page(g: Graph, plan_id: str) -> dict[str, Any]:
    """A plan (id ``<kommune>/<title slug>``, national ones ``norge/<slug>``): its type, status and names;
    its structure (focus areas with their strategies, goals with their delmål) and what each serves;
    the plans it cites and is cited by; the comments on it grouped by the body that gave them; and the
    cases that concern or cite it. Raises ``KeyError`` for an unknown id."""
    plan = require(g, iri_of("plan", plan_id), SG.Plan, "plan", plan_id)
    areas = []
    for area in sorted(_parts(g, plan, SG.FocusArea), key=lambda n: label(g, n).casefold()):
        a = ref(g, area)
        a.update(contributes_to=linked(g, area, SG.contributesTo), evidence=evidence(g, area),
                 strategies=[_strategy(g, s) for s in sorted(_parts(g, area, SG.Strategy), key=lambda n: label(g, n))])
        areas.append(a)
    in_areas = {URIRef(s["iri"]) for a in areas for s in a["strategies"]}
    loose = [_strategy(g, s) for s in sorted(_parts(g, plan, SG.Strategy) - in_areas, key=lambda n: label(g, n))]
    goals = _parts(g, plan, SG.Goal)
    top = [n for n in goals if not (set(g.objects(n, SKOS.broader)) & goals)]
    comments_by_body: dict[str, dict[str, Any]] = {}
    for c in sorted(set(g.subjects(SG.about, plan)), key=str):
        if (c, RDF.type, SG.Comment) not in g:
            continue
        item = comment(g, c)
        by = item["by"] or {"iri": "", "label": "(unknown)", "id": None, "url": None}
        comments_by_body.setdefault(by["iri"], {"body": item["by"], "comments": []})["comments"].append(item)
    out = ref(g, plan)
    out.update(
        kind="plan",
        name=label(g, plan),
        other_names=sorted(str(n) for n in g.objects(plan, SKOS.altLabel)),
        plan_type=text(g, plan, SG.planType),
        identifier=text(g, plan, DCTERMS.identifier),
        status=text(g, plan, SCHEMA.creativeWorkStatus),
        hearing_deadline=_str(value(one(g, plan, SG.hearingDeadline))),
        kommune=ref(g, one(g, plan, SG.kommune)),
        structure={
            "focus_areas": areas,
            "strategies": loose,
            "goals": [_goal_tree(g, n, goals, set()) for n in sorted(top, key=lambda n: label(g, n))],
        },
        contributes_to=linked(g, plan, SG.contributesTo),
        references=linked(g, plan, SG.references),
        referenced_by=sorted_refs(g, (s for s in g.subjects(SG.references, plan) if (s, RDF.type, SG.Case) not in g)),
        comments_by_body=sorted(comments_by_body.values(), key=lambda b: b["body"]["label"] if b["body"] else ""),
        cases={"concerning": sorted_refs(g, g.subjects(SG.concerns, plan)),
               "citing": sorted_refs(g, (s for s in g.subjects(SG.references, plan) if (s, RDF.type, SG.Case) in g))},
        evidence=evidence(g, plan),
    )
    return out


def _parts(g: Graph, whole: URIRef, cls: URIRef) -> set[URIRef]:
    return {n for n in g.subjects(DCTERMS.isPartOf, whole) if (n, RDF.type, cls) in g}


def _strategy(g: Graph, node: URIRef) -> dict[str, Any]:
    r = ref(g, node)
    r.update(text=text(g, node, SCHEMA.text), contributes_to=linked(g, node, SG.contributesTo), evidence=evidence(g, node))
    return r


def _goal_tree(g: Graph, node: URIRef, goals: set[URIRef], seen: set[URIRef]) -> dict[str, Any]:
    """A goal with its delmål below it (``skos:broader`` pointing up), guarded against cycles."""
    seen = seen | {node}
    r = ref(g, node)
    below = sorted((n for n in g.subjects(SKOS.broader, node) if n in goals and n not in seen), key=lambda n: label(g, n))
    r.update(level=text(g, node, DCTERMS.type), text=text(g, node, SCHEMA.text),
             contributes_to=linked(g, node, SG.contributesTo), evidence=evidence(g, node),
             subgoals=[_goal_tree(g, n, goals, seen) for n in below])
    return r


def _str(v) -> str | None:
    return None if v is None else str(v)
