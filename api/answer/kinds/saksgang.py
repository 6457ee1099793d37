"""Where a case is in its saksgang: every body that handles it, in order, treated or still to come."""

from __future__ import annotations

from ..model import Entity
from ..sparql import values
from ..text import format_date, join_list
from . import Context, Result, entity_name, pick


def _query(cases: list[str]) -> str:
    return f"""SELECT DISTINCT ?case ?caseId ?title ?consultation ?bodyLabel ?date ?item ?order WHERE {{
  {values("case", cases)}
  ?consultation sg:case ?case ; sg:body/rdfs:label ?bodyLabel .
  OPTIONAL {{ ?case dcterms:identifier ?caseId }}
  OPTIONAL {{ ?case dcterms:title ?title }}
  OPTIONAL {{ ?consultation sg:meeting/schema:startDate ?date }}
  OPTIONAL {{ ?consultation sg:itemNumber ?item }}
  OPTIONAL {{ ?consultation sg:order ?order }}
}} ORDER BY ?case ?date ?order"""


def _treated_query(cases: list[str]) -> str:
    """Consultations with something recorded from the meeting (a proposal, vote, decision or comment)."""
    return f"""SELECT DISTINCT ?consultation WHERE {{
  {values("case", cases)}
  ?consultation sg:case ?case .
  ?fact sg:consultation ?consultation .
}}"""


def _plan_cases(plan: Entity) -> str:
    return f"""SELECT DISTINCT ?case WHERE {{
  {values("plan", [plan.iri])}
  ?case sg:concerns ?plan .
}}"""


def answer(ctx: Context, targets: list[Entity]) -> Result:
    """The saksgang of each case in ``targets`` (a plan stands for the cases that concern it)."""
    lang = ctx.lang
    cases = [t.iri for t in targets if t.kind == "case"]
    for plan in (t for t in targets if t.kind == "plan"):
        cases += [r["case"] for r in ctx.log.select(_plan_cases(plan))]
    rows = ctx.log.select(_query(cases)) if cases else []
    treated = {r["consultation"] for r in ctx.log.select(_treated_query(cases))} if cases else set()
    out: dict[str, dict] = {}
    for r in rows:
        c = out.setdefault(r["case"], {"case": r["caseId"], "title": r["title"], "iri": r["case"], "steps": []})
        c["steps"].append({"body": r["bodyLabel"], "date": (r["date"] or "")[:10] or None, "item": r["item"],
                           "order": r["order"], "status": "treated" if r["consultation"] in treated else "planned",
                           "consultation": r["consultation"]})
    for c in out.values():
        c["steps"].sort(key=lambda s: (s["date"] or "9999", s["order"] or 0))
        treated = [s for s in c["steps"] if s["status"] == "treated"]
        last_day = treated[-1]["date"] if treated else None
        for s in c["steps"]:
            # A step dated before the last treatment on record was held, but the graph has nothing from it.
            if s["status"] == "planned" and last_day and s["date"] and s["date"] < last_day:
                s["status"] = "no record"
        planned = [s for s in c["steps"] if s["status"] == "planned"]
        c["last"] = treated[-1] if treated else None
        c["next"] = planned[0] if planned else None
        c["order"] = [s["body"] for s in c["steps"]]
    evidence = ctx.evidence.for_nodes([s["consultation"] for c in out.values() for s in c["steps"]])
    cases_out = list(out.values())
    return Result({"cases": cases_out}, _sentence(cases_out, targets, lang), evidence, found=bool(cases_out))


def _step(s: dict, lang: str) -> str:
    bits = [format_date(s["date"], lang), s["item"] or ""]
    inner = ", ".join(b for b in bits if b)
    return f"{s['body']} ({inner})" if inner else s["body"]


def _sentence(cases: list[dict], targets: list[Entity], lang: str) -> str:
    if not cases:
        name = join_list([entity_name(t.kind, t.label, lang) for t in targets], lang)
        return pick(lang, f"Grafen har ingen saksgang for {name}.", f"Grafen har inga sakshandsaming for {name}.",
                    f"The graph holds no saksgang for {name}.")
    parts = []
    for c in cases:
        route = " → ".join(_step(s, lang) for s in c["steps"])
        head = pick(lang, f"Sak {c['case']} «{c['title']}» har saksgangen {route}",
                    f"Sak {c['case']} «{c['title']}» har sakshandsaminga {route}",
                    f"Case {c['case']} «{c['title']}» goes {route}")
        if c["last"]:
            head += pick(lang, f"; sist behandlet i {_step(c['last'], lang)}", f"; sist handsama i {_step(c['last'], lang)}",
                         f"; last treated by {_step(c['last'], lang)}")
        if c["next"]:
            head += pick(lang, f"; neste: {_step(c['next'], lang)}", f"; neste: {_step(c['next'], lang)}",
                         f"; next: {_step(c['next'], lang)}")
        else:
            head += pick(lang, "; ingen flere behandlinger i grafen", "; ingen fleire handsamingar i grafen",
                         "; no further treatment in the graph")
        parts.append(head)
    return ". ".join(parts) + "."
