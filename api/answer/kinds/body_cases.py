"""Which cases a body treated (its consultations), with the meeting date and its item number."""

from __future__ import annotations

from ..model import Entity
from ..sparql import values
from ..text import format_date, join_list, within
from . import Context, Result, pick


def _query(bodies: list[Entity]) -> str:
    return f"""SELECT DISTINCT ?consultation ?body ?bodyLabel ?case ?caseId ?title ?date ?item ?record WHERE {{
  {values("body", [b.iri for b in bodies])}
  ?consultation a sg:Consultation ; sg:body ?body ; sg:case ?case .
  ?body rdfs:label ?bodyLabel .
  OPTIONAL {{ ?record sg:consultation ?consultation }}
  OPTIONAL {{ ?case dcterms:identifier ?caseId }}
  OPTIONAL {{ ?case dcterms:title ?title }}
  OPTIONAL {{ ?consultation sg:meeting/schema:startDate ?date }}
  OPTIONAL {{ ?consultation sg:itemNumber ?item }}
}} ORDER BY ?bodyLabel ?date ?item ?caseId"""


def answer(ctx: Context, bodies: list[Entity], when: list, spans: list = ()) -> Result:
    """The cases each of ``bodies`` treated (on the dates ``when`` or in the periods ``spans``, where
    given), oldest first."""
    rows = [r for r in ctx.log.select(_query(bodies)) if within(r["date"], when, list(spans))]
    by_body: dict[str, dict] = {}
    seen: dict[tuple[str, str], dict] = {}
    for r in rows:
        b = by_body.setdefault(r["body"], {"body": r["bodyLabel"], "iri": r["body"], "cases": []})
        key = (r["case"], (r["date"] or "")[:10])
        if key in seen:  # one row per treatment, even where the graph holds two items for it
            seen[key]["recorded"] = seen[key]["recorded"] or bool(r["record"])
            continue
        # recorded: a decision, proposal, vote or comment was read from its minutes; otherwise the
        # treatment is only a (planned) row of the case's saksgang
        seen[key] = {"case": r["caseId"], "title": r["title"], "iri": r["case"], "date": r["date"],
                     "item": r["item"], "consultation": r["consultation"], "recorded": bool(r["record"])}
        b["cases"].append(seen[key])
    out = list(by_body.values())
    for b in out:  # by date, then by item number as a number (8/23 before 10/23)
        b["cases"].sort(key=lambda c: ((c["date"] or "")[:10], _item_key(c["item"]), c["case"] or ""))
    evidence = ctx.evidence.for_nodes(c["consultation"] for b in out for c in b["cases"])
    structured = {"bodies": out, "cases": sorted({c["case"] for b in out for c in b["cases"] if c["case"]})}
    return Result(structured, _sentence(bodies, out, ctx.lang), evidence, found=bool(out))


def _item_key(item: str | None) -> tuple[int, int]:
    """``"10/23"`` → (23, 10); no item sorts first."""
    number, _, year = (item or "").partition("/")
    return (int(year), int(number)) if number.isdigit() and year.isdigit() else (0, 0)


def _sentence(bodies: list[Entity], found: list[dict], lang: str) -> str:
    if not found:
        names = join_list([b.label for b in bodies], lang)
        return pick(lang, f"Grafen har ingen saker behandlet av {names}.",
                    f"Grafen har ingen saker handsama av {names}.", f"The graph holds no cases treated by {names}.")
    parts = []
    for b in found:
        n = len(b["cases"])
        items = []
        for c in b["cases"]:
            when = format_date(c["date"], lang) if c["date"] else ""
            where = f"{when} ({c['item']})" if c["item"] and when else when or (c["item"] or "")
            title = f" «{c['title']}»" if c["title"] else ""
            note = "" if c["recorded"] else pick(lang, " (i saksgangen; ingen protokoll lest)",
                                                  " (i saksgangen; ingen protokoll lesen)",
                                                  " (in the saksgang; no minutes read)")
            items.append(f"{where}: {pick(lang, 'sak', 'sak', 'case')} {c['case']}{title}{note}".strip(": "))
        head = pick(lang, f"{b['body']} behandlet {n} sak{'er' if n != 1 else ''}",
                    f"{b['body']} handsama {n} sak{'er' if n != 1 else ''}",
                    f"{b['body']} treated {n} case{'s' if n != 1 else ''}")
        parts.append(f"{head}: " + "; ".join(items))
    return " | ".join(parts) + "."
