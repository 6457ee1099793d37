"""Which bodies treated or commented on a plan or case, and what each said (its comments, else its decision)."""

from __future__ import annotations

from collections import OrderedDict

from ..model import Entity
from ..sparql import values
from ..text import format_date, join_list
from . import Context, Result, entity_name, page_note, pick, short


def _consultations_query(target: Entity) -> str:
    if target.kind == "plan":
        scope = "?case sg:concerns ?target .\n  ?consultation sg:case ?case ."
    else:
        scope = "BIND(?target AS ?case)\n  ?consultation sg:case ?case ."
    return f"""SELECT DISTINCT ?consultation ?caseId ?body ?bodyLabel ?date ?item ?order WHERE {{
  {values("target", [target.iri])}
  {scope}
  ?consultation sg:body ?body . ?body rdfs:label ?bodyLabel .
  OPTIONAL {{ ?case dcterms:identifier ?caseId }}
  OPTIONAL {{ ?consultation sg:meeting/schema:startDate ?date }}
  OPTIONAL {{ ?consultation sg:itemNumber ?item }}
  OPTIONAL {{ ?consultation sg:order ?order }}
}} ORDER BY ?date ?order"""


def _comments_query(target: Entity) -> str:
    about = "?comment sg:about ?target ." if target.kind == "plan" else \
        "{ ?comment sg:about ?target } UNION { ?comment sg:consultation/sg:case ?target }"
    return f"""SELECT DISTINCT ?comment ?body ?bodyLabel ?text ?consultation WHERE {{
  {values("target", [target.iri])}
  ?comment a sg:Comment ; dcterms:creator ?body ; schema:text ?text .
  {about}
  ?body rdfs:label ?bodyLabel .
  OPTIONAL {{ ?comment sg:consultation ?consultation }}
}}"""


def _recorded_query(consultations: list[str]) -> str:
    """Consultations with something recorded from the meeting: a proposal, vote, decision or comment."""
    return f"""SELECT DISTINCT ?consultation WHERE {{
  {values("consultation", consultations)}
  ?fact sg:consultation ?consultation .
}}"""


def _decisions_query(consultations: list[str]) -> str:
    return f"""SELECT DISTINCT ?consultation ?decision ?text WHERE {{
  {values("consultation", consultations)}
  ?decision a sg:Decision ; sg:consultation ?consultation ; schema:text ?text .
}}"""


def answer(ctx: Context, target: Entity, only: list[Entity] | None = None) -> Result:
    """The bodies that treated ``target`` (a plan or case) in saksgang order, each with its comments
    (only the bodies in ``only`` where the question names some)."""
    lang = ctx.lang
    rows = ctx.log.select(_consultations_query(target))
    comments = ctx.log.select(_comments_query(target))
    bodies: "OrderedDict[str, dict]" = OrderedDict()
    # xsd:date and xsd:dateTime do not order together in SPARQL: order by the day here.
    rows.sort(key=lambda r: ((r["date"] or "9999")[:10], r["order"] or 0))
    for r in rows:
        b = bodies.setdefault(r["body"], {"body": r["bodyLabel"], "iri": r["body"], "treatments": [], "comments": [], "decisions": []})
        b["treatments"].append({"consultation": r["consultation"], "case": r["caseId"], "date": r["date"],
                                "item": r["item"], "order": r["order"]})
    for r in comments:
        b = bodies.setdefault(r["body"], {"body": r["bodyLabel"], "iri": r["body"], "treatments": [], "comments": [], "decisions": []})
        ev = ctx.evidence.for_node(r["comment"])
        b["comments"].append({"text": r["text"], "iri": r["comment"], "evidence": [e.__dict__ for e in ev]})
    if only:
        wanted = {e.iri for e in only}
        if any(key in wanted for key in bodies):
            bodies = OrderedDict((key, b) for key, b in bodies.items() if key in wanted)
    consultations = [t["consultation"] for b in bodies.values() for t in b["treatments"]]
    decision_nodes: dict[str, list[str]] = {}
    if consultations:
        for r in ctx.log.select(_decisions_query(consultations)):
            decision_nodes.setdefault(r["consultation"], []).append(r["decision"])
            for b in bodies.values():
                if any(t["consultation"] == r["consultation"] for t in b["treatments"]) and r["text"] not in b["decisions"]:
                    b["decisions"].append(r["text"])
    recorded = {r["consultation"] for r in ctx.log.select(_recorded_query(consultations))} if consultations else set()
    for b in bodies.values():
        for t in b["treatments"]:
            t["recorded"] = t["consultation"] in recorded
    evidence = []
    for b in bodies.values():
        b["comments"].sort(key=lambda c: (min((e["page"] or 0) for e in c["evidence"]) if c["evidence"] else 0, c["text"]))
        b["pages"] = sorted({e["page"] for c in b["comments"] for e in c["evidence"] if e["page"] is not None})
        for c in b["comments"]:
            evidence.extend(ctx.evidence.for_node(c["iri"]))
        if not b["comments"]:
            for t in b["treatments"]:
                evidence.extend(ctx.evidence.for_nodes(decision_nodes.get(t["consultation"], [])))
    commented = [b["body"] for b in bodies.values() if b["comments"]]
    # Treated: the graph holds something from the meeting; scheduled: only the saksgang row.
    treated = [b["body"] for b in bodies.values() if b["comments"] or any(t["recorded"] for t in b["treatments"])]
    structured = {
        "target": {"kind": target.kind, "label": target.label, "iri": target.iri},
        "bodies": list(bodies.values()),
        "commented": commented,
        "treated": treated,
        "silent": [b for b in treated if b not in commented],
        "scheduled": [b["body"] for b in bodies.values() if b["body"] not in treated],
    }
    return Result(structured, _sentence(target, list(bodies.values()), lang), evidence, found=bool(bodies))


def _sentence(target: Entity, bodies: list[dict], lang: str) -> str:
    name = entity_name(target.kind, target.label, lang)
    if not bodies:
        return pick(lang, f"Grafen har ingen behandling av eller innspill til {name}.",
                    f"Grafen har inga handsaming av eller innspel til {name}.",
                    f"The graph holds no treatment of or comment on {name}.")
    parts = []
    for b in bodies:
        if b["comments"]:
            n = len(b["comments"])
            first = short(b["comments"][0]["text"], 80)
            pages = page_note(b["pages"], lang)
            count = pick(lang, f"{n} innspill", f"{n} innspel", f"{n} comment{'s' if n > 1 else ''}")
            parts.append(f"{b['body']} ({count}, {pages}: «{first}»)" if pages else f"{b['body']} ({count}: «{first}»)")
    silent = [b for b in bodies if not b["comments"] and any(t.get("recorded") for t in b["treatments"])]
    scheduled = [b for b in bodies if not b["comments"] and not any(t.get("recorded") for t in b["treatments"])]
    def said(b: dict) -> str:
        # A body with no comments still decided something: its decision is what it said.
        when = format_date(b["treatments"][0]["date"], lang) if b["treatments"] else ""
        decision = pick(lang, "vedtak", "vedtak", "decision") + f": «{short(b['decisions'][0], 70)}»" if b["decisions"] else ""
        inner = ", ".join(x for x in (when, decision) if x)
        return f"{b['body']} ({inner})" if inner else b["body"]

    silent_names = join_list([said(b) for b in silent], lang)
    later = join_list([f"{b['body']} ({format_date(b['treatments'][0]['date'], lang)})" for b in scheduled], lang)
    tail = pick(lang, f" Uten referat i grafen: {later}.", f" Utan referat i grafen: {later}.",
                f" No record in the graph from: {later}.") if scheduled else ""
    if parts:
        n = len(parts)
        head = pick(lang, f"{n} organ{'er' if n > 1 else ''} uttalte seg om {name}: ",
                    f"{n} organ uttala seg om {name}: ",
                    f"{n} bod{'ies' if n > 1 else 'y'} commented on {name}: ")
        text = head + "; ".join(parts)
        if silent:
            text += pick(lang, f"; {silent_names} behandlet saken uten innspill.",
                         f"; {silent_names} handsama saka utan innspel.",
                         f"; {silent_names} treated it without comment.")
        else:
            text += "."
        return text + tail
    if not silent:
        return pick(lang, f"Grafen har ingen behandling av {name} ennå.", f"Grafen har inga handsaming av {name} enno.",
                    f"The graph holds no treatment of {name} yet.") + tail
    return pick(lang, f"{name} ble behandlet av {silent_names}, uten innspill i grafen.",
                f"{name} vart handsama av {silent_names}, utan innspel i grafen.",
                f"{name} was treated by {silent_names}, with no comments in the graph.") + tail
