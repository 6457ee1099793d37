"""Which cases concern a plan (``sg:concerns``) or cite it (``sg:references``)."""

from __future__ import annotations

from ..model import Entity
from ..sparql import values
from ..text import join_list
from . import Context, Result, pick


def _query(plan: Entity) -> str:
    return f"""SELECT DISTINCT ?case ?caseId ?title ?relation WHERE {{
  {values("plan", [plan.iri])}
  {{ ?case sg:concerns ?plan . BIND("concerns" AS ?relation) }}
  UNION {{ ?case sg:references ?plan . BIND("references" AS ?relation) }}
  ?case a sg:Case .
  OPTIONAL {{ ?case dcterms:identifier ?caseId }}
  OPTIONAL {{ ?case dcterms:title ?title }}
}} ORDER BY ?caseId"""


def answer(ctx: Context, plan: Entity) -> Result:
    """The cases about ``plan``, and those that cite it."""
    lang = ctx.lang
    cases: dict[str, dict] = {}
    for r in ctx.log.select(_query(plan)):
        c = cases.setdefault(r["case"], {"case": r["caseId"], "title": r["title"], "iri": r["case"], "relations": []})
        if r["relation"] not in c["relations"]:
            c["relations"].append(r["relation"])
    out = list(cases.values())
    evidence = ctx.evidence.for_nodes(c["iri"] for c in out)
    structured = {"plan": {"label": plan.label, "iri": plan.iri}, "cases": out,
                  "concerning": [c["case"] for c in out if "concerns" in c["relations"]],
                  "citing": [c["case"] for c in out if "references" in c["relations"]]}
    return Result(structured, _sentence(plan, out, lang), evidence, found=bool(out))


def _sentence(plan: Entity, cases: list[dict], lang: str) -> str:
    name = f"«{plan.label}»"
    if not cases:
        return pick(lang, f"Ingen saker i grafen gjelder {name}.", f"Ingen saker i grafen gjeld {name}.",
                    f"No case in the graph concerns {name}.")
    about = [f"{c['case']} «{c['title']}»" for c in cases if "concerns" in c["relations"]]
    cite = [f"{c['case']} «{c['title']}»" for c in cases if "concerns" not in c["relations"]]
    parts = []
    if about:
        parts.append(pick(lang, f"{len(about)} sak{'er' if len(about) > 1 else ''} gjelder {name}: {join_list(about, lang)}",
                          f"{len(about)} sak{'er' if len(about) > 1 else ''} gjeld {name}: {join_list(about, lang)}",
                          f"{len(about)} case{'s' if len(about) > 1 else ''} concern{'' if len(about) > 1 else 's'} {name}: {join_list(about, lang)}"))
    if cite:
        parts.append(pick(lang, f"viser til planen: {join_list(cite, lang)}", f"viser til planen: {join_list(cite, lang)}",
                          f"cite it: {join_list(cite, lang)}"))
    return "; ".join(parts) + "."
