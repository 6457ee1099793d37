"""The path from a strategy to the goals and bærekraftsmål it serves (graph.trace, upwards).

A strategy serves the goals it is stated to serve (its own ``sg:contributesTo``) and, through its
focus area and plan, the goals those serve; both are given, the strategy's own first.
"""

from __future__ import annotations

from graph.sdg import sdg_label, sdg_number
from graph.trace import trace

from ..evidence import trace_page
from ..model import Entity
from ..sparql import values
from ..text import join_list
from . import Context, Result, pick, short


def _query(strategy: Entity) -> str:
    return f"""SELECT DISTINCT ?part ?partLabel ?goal ?goalText ?upper ?sdg WHERE {{
  {values("strategy", [strategy.iri])}
  ?strategy dcterms:isPartOf* ?part .
  OPTIONAL {{ ?part rdfs:label ?partLabel }}
  OPTIONAL {{ ?part sg:contributesTo ?goal .
             OPTIONAL {{ ?goal schema:text|rdfs:label ?goalText }}
             OPTIONAL {{ ?goal skos:broader* ?upper . ?upper sg:contributesTo ?sdg . ?sdg a sdgo:Goal }} }}
}}"""


def _goals(rows: list[dict]) -> list[str]:
    return sorted({r["goalText"] for r in rows if r["goalText"] and not sdg_number(r["goal"] or "")})


def _sdgs(rows: list[dict]) -> list[int]:
    return sorted({sdg_number(r["sdg"]) for r in rows if r["sdg"]}
                  | {sdg_number(r["goal"]) for r in rows if r["goal"] and sdg_number(r["goal"])})


def answer(ctx: Context, strategies: list[Entity]) -> Result:
    """For each strategy: its focus area and plan, the goals it serves (its own, and through them) and the SDGs."""
    lang = ctx.lang
    out = []
    evidence = []

    def named(n: int) -> dict:
        return {"number": n, "label": sdg_label(n, "en" if lang == "en" else "nb")}

    for s in strategies:
        rows = ctx.log.select(_query(s))
        own = [r for r in rows if r["part"] == s.iri]
        path = trace(ctx.graph, s.iri, "up")
        for root in path.roots:
            for node in root.walk():
                if node.quote and not node.seen_before:
                    evidence.append(ctx.evidence.make(node.quote, trace_page(node.page), node.node))
        out.append({
            "strategy": s.label, "iri": s.iri,
            "part_of": sorted({r["partLabel"] for r in rows if r["partLabel"] and r["part"] != s.iri}),
            "direct_goals": _goals(own), "direct_sdgs": [named(n) for n in _sdgs(own)],
            "goals": _goals(rows), "sdgs": [named(n) for n in _sdgs(rows)],
            "path": [r.to_dict() for r in path.roots],
        })
    seen: set = set()
    unique = []
    for e in evidence:
        if (e.quote, e.page_iri) not in seen:
            seen.add((e.quote, e.page_iri))
            unique.append(e)
    found = any(o["goals"] or o["sdgs"] for o in out)
    return Result({"strategies": out}, _sentence(out, lang), unique[:40], found=found)


def _sentence(items: list[dict], lang: str) -> str:
    parts = []
    for o in items:
        name = f"«{short(o['strategy'], 80)}»"
        where = join_list(o["part_of"], lang)
        direct = join_list([f"«{short(g, 70)}»" for g in o["direct_goals"]], lang)
        dsdgs = join_list([str(x["number"]) for x in o["direct_sdgs"]], lang)
        sdgs = join_list([str(x["number"]) for x in o["sdgs"]], lang)
        if direct:
            text = pick(lang, f"Strategien {name} (del av {where}) tjener målene {direct}",
                        f"Strategien {name} (del av {where}) tener måla {direct}",
                        f"The strategy {name} (part of {where}) serves the goals {direct}")
            if dsdgs:
                text += pick(lang, f", som fører til bærekraftsmål {dsdgs}", f", som fører til berekraftsmål {dsdgs}",
                             f", which lead to SDG {dsdgs}")
        else:
            text = pick(lang, f"Strategien {name} (del av {where}) har ingen egne mål i grafen",
                        f"Strategien {name} (del av {where}) har ingen eigne mål i grafen",
                        f"The strategy {name} (part of {where}) has no goals of its own in the graph")
        if sdgs:
            n = len(o["goals"])
            text += pick(lang, f"; gjennom {where} når den {n} mål og bærekraftsmål {sdgs}",
                         f"; gjennom {where} når han {n} mål og berekraftsmål {sdgs}",
                         f"; through {where} it reaches {n} goals and SDG {sdgs}")
        parts.append(text)
    return ". ".join(parts) + "."
