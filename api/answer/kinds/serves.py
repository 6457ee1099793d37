"""Which plans, focus areas, strategies and cases serve a goal or bærekraftsmål, directly or through
the goals below it (``sg:contributesTo`` and ``skos:broader``); a plan's strategies serve with it."""

from __future__ import annotations

from graph.trace import trace

from ..evidence import trace_page
from ..model import Entity
from ..sparql import values
from ..text import join_list
from . import Context, Result, pick, short

_KINDS = {
    "https://w3id.org/saksgraf/ont#Plan": "plans",
    "https://w3id.org/saksgraf/ont#Strategy": "strategies",
    "https://w3id.org/saksgraf/ont#FocusArea": "focus_areas",
    "https://w3id.org/saksgraf/ont#Goal": "goals",
    "https://w3id.org/saksgraf/ont#Case": "cases",
}


def _query(target: Entity) -> str:
    return f"""SELECT DISTINCT ?node ?type ?label ?text ?title ?caseId ?part ?partType ?partLabel ?partText WHERE {{
  {values("target", [target.iri])}
  ?node (sg:contributesTo|skos:broader)+ ?target .
  ?node a ?type .
  OPTIONAL {{ ?node rdfs:label ?label }}
  OPTIONAL {{ ?node schema:text ?text }}
  OPTIONAL {{ ?node dcterms:title ?title }}
  OPTIONAL {{ ?node dcterms:identifier ?caseId }}
  OPTIONAL {{ ?part dcterms:isPartOf+ ?node ; a ?partType .
             FILTER(?partType IN (sg:Strategy, sg:FocusArea))
             OPTIONAL {{ ?part rdfs:label ?partLabel }} OPTIONAL {{ ?part schema:text ?partText }} }}
}}"""


def answer(ctx: Context, target: Entity) -> Result:
    """Everything that serves ``target`` (an SDG or a goal), by kind."""
    lang = ctx.lang
    found: dict[str, dict[str, str]] = {k: {} for k in ("plans", "focus_areas", "strategies", "goals", "cases")}
    for r in ctx.log.select(_query(target)):
        kind = _KINDS.get(r["type"])
        if kind:
            label = r["text"] if kind in ("strategies", "goals") and r["text"] else (r["label"] or r["title"] or r["node"])
            if kind == "cases":
                label = f"{r['caseId']} {r['title'] or ''}".strip() if r["caseId"] else label
            found[kind][r["node"]] = label
        part_kind = _KINDS.get(r["partType"] or "")
        if part_kind and r["part"]:
            found[part_kind].setdefault(r["part"], r["partText"] or r["partLabel"] or r["part"])
    structured = {"target": {"kind": target.kind, "label": _target_label(target, lang), "iri": target.iri}}
    for kind, nodes in found.items():
        structured[kind] = sorted(set(nodes.values()))
    evidence = _evidence(ctx, target)
    any_found = any(structured[k] for k in found)
    return Result(structured, _sentence(structured, lang), evidence, found=any_found)


def _target_label(target: Entity, lang: str) -> str:
    if target.kind == "sdg":
        from graph.sdg import sdg_label, sdg_number

        n = sdg_number(target.iri)
        return f"{n} {sdg_label(n, 'en' if lang == 'en' else 'nb')}" if n else target.label
    return target.label


def _evidence(ctx: Context, target: Entity):
    """The quote for each direct link (from graph.trace: the statement that says it)."""
    try:
        t = trace(ctx.graph, target.iri, "down")
    except ValueError:
        return []
    out = []
    for root in t.roots:
        for child in root.children:
            if child.quote:
                out.append(ctx.evidence.make(child.quote, trace_page(child.page), child.node))
    return out


def _sentence(s: dict, lang: str) -> str:
    name = s["target"]["label"]
    name = (f"bærekraftsmål {name}" if lang != "en" else f"SDG {name}") if s["target"]["kind"] == "sdg" else f"«{short(name, 80)}»"
    if not any(s[k] for k in ("plans", "focus_areas", "strategies", "goals", "cases")):
        return pick(lang, f"Grafen har ingenting som tjener {name}.", f"Grafen har ingenting som tener {name}.",
                    f"Nothing in the graph serves {name}.")
    bits = []
    labels = {"plans": ("planer", "planar", "plans"), "strategies": ("strategier", "strategiar", "strategies"),
              "focus_areas": ("innsatsområder", "innsatsområde", "focus areas"), "goals": ("mål", "mål", "goals"),
              "cases": ("saker", "saker", "cases")}
    for kind in ("plans", "strategies", "focus_areas", "goals", "cases"):
        items = s[kind]
        if not items:
            continue
        word = pick(lang, *labels[kind])
        if kind in ("plans", "cases"):
            bits.append(f"{word}: {join_list(items, lang)}")
        else:
            bits.append(f"{len(items)} {word}")
    return pick(lang, f"Dette tjener {name} – ", f"Dette tener {name} – ", f"Serving {name} – ") + "; ".join(bits) + "."
