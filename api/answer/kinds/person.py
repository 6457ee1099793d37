"""What a person did in the records: the proposals they made, with outcomes, and how they voted where named."""

from __future__ import annotations

from ..model import Entity
from ..sparql import values
from ..text import format_date, join_list, within
from . import Context, Result, pick, short
from .treatment import motion_kind, plan_cases_query


def _proposals_query(people: list[str]) -> str:
    return f"""SELECT DISTINCT ?person ?motion ?type ?text ?result ?consultation ?case ?caseId ?title ?body ?bodyLabel
       ?date ?item WHERE {{
  {values("person", people)}
  ?motion a opengov:Motion ; schema:creator ?person ; sg:consultation ?consultation .
  ?consultation sg:case ?case ; sg:body ?body . ?body rdfs:label ?bodyLabel .
  OPTIONAL {{ ?motion sg:motionType ?type }}
  OPTIONAL {{ ?motion schema:text ?text }}
  OPTIONAL {{ ?motion opengov:result ?result }}
  OPTIONAL {{ ?case dcterms:identifier ?caseId }}
  OPTIONAL {{ ?case dcterms:title ?title }}
  OPTIONAL {{ ?consultation sg:meeting/schema:startDate ?date }}
  OPTIONAL {{ ?consultation sg:itemNumber ?item }}
}} ORDER BY ?date ?motion"""


def _votes_query(people: list[str]) -> str:
    return f"""SELECT DISTINCT ?person ?vote ?option ?result ?motion ?type ?proposerName ?orgName ?consultation ?case
       ?caseId ?title ?body ?bodyLabel ?date WHERE {{
  {values("person", people)}
  ?vote a opengov:VoteEvent ; opengov:vote ?ballot ; opengov:motion ?motion .
  ?ballot schema:agent ?person ; schema:option ?option .
  ?motion sg:consultation ?consultation .
  ?consultation sg:case ?case ; sg:body ?body . ?body rdfs:label ?bodyLabel .
  OPTIONAL {{ ?vote opengov:result ?result }}
  OPTIONAL {{ ?motion sg:motionType ?type }}
  OPTIONAL {{ ?motion schema:creator/foaf:name ?proposerName }}
  OPTIONAL {{ ?motion dcterms:creator ?org . ?org foaf:name|rdfs:label ?orgName }}
  OPTIONAL {{ ?case dcterms:identifier ?caseId }}
  OPTIONAL {{ ?case dcterms:title ?title }}
  OPTIONAL {{ ?consultation sg:meeting/schema:startDate ?date }}
}} ORDER BY ?date ?vote"""


def answer(ctx: Context, people: list[Entity], cases: list[Entity], bodies: list[Entity],
           votes_first: bool = False, when: list = (), spans: list = ()) -> Result:
    """The proposals and named votes of ``people``, limited to ``cases`` (a plan: its cases), ``bodies``
    and the dates ``when`` or periods ``spans``; ``votes_first`` when the question asks how they voted."""
    keep_cases = {c.iri for c in cases if c.kind == "case"}
    for plan in (c for c in cases if c.kind == "plan"):
        keep_cases |= {r["case"] for r in ctx.log.select(plan_cases_query(plan))}
    keep_bodies = {b.iri for b in bodies}

    def kept(r: dict) -> bool:
        return ((not keep_cases or r["case"] in keep_cases) and (not keep_bodies or r["body"] in keep_bodies)
                and within(r["date"], list(when), list(spans)))

    iris = [p.iri for p in people]
    out = {p.iri: {"person": p.label, "iri": p.iri, "proposals": [], "votes": []} for p in people}
    for r in ctx.log.select(_proposals_query(iris)):
        if kept(r):
            out[r["person"]]["proposals"].append({
                "iri": r["motion"], "type": r["type"], "text": r["text"], "result": r["result"], "case": r["caseId"],
                "title": r["title"], "body": r["bodyLabel"], "date": r["date"], "item": r["item"]})
    seen = set()
    for r in ctx.log.select(_votes_query(iris)):
        if kept(r) and (r["person"], r["vote"]) not in seen:  # one row per vote, whatever names its proposer has
            seen.add((r["person"], r["vote"]))
            # the administration's innstilling is just "innstilling"; a party's proposal names the party
            org = None if (r["type"] or "").lower() == "innstilling" else r["orgName"]
            out[r["person"]]["votes"].append({
                "iri": r["vote"], "option": r["option"], "result": r["result"], "motion_type": r["type"],
                "proposer": r["proposerName"] or org, "case": r["caseId"], "title": r["title"],
                "body": r["bodyLabel"], "date": r["date"]})
    for p in out.values():  # oldest first (the graph's dates mix xsd:date and xsd:dateTime)
        p["proposals"].sort(key=lambda x: ((x["date"] or "")[:10], x["iri"]))
        p["votes"].sort(key=lambda x: ((x["date"] or "")[:10], x["iri"]))
    found = [p for p in out.values() if p["proposals"] or p["votes"]]
    structured = {
        "people": list(out.values()),
        "proposal_cases": sorted({x["case"] for p in out.values() for x in p["proposals"] if x["case"]}),
        "voted_against_cases": sorted({v["case"] for p in out.values() for v in p["votes"]
                                       if v["option"] == "no" and v["case"]}),
    }
    evidence = ctx.evidence.for_nodes([x["iri"] for p in found for x in p["proposals"] + p["votes"]])
    text = " ".join(_sentence(p, ctx.lang, votes_first) for p in out.values())
    return Result(structured, text, evidence, found=bool(found))


def _outcome(result: str | None, lang: str) -> str:
    if result == "pass":
        return pick(lang, "vedtatt", "vedteke", "adopted")
    if result == "fail":
        return pick(lang, "falt", "fall", "failed")
    return pick(lang, "utfall ukjent", "utfall ukjent", "outcome unknown")


def _sentence(p: dict, lang: str, votes_first: bool = False) -> str:
    name = p["person"]
    if not p["proposals"] and not p["votes"]:
        return pick(lang, f"Grafen har ingen forslag eller navngitte stemmer fra {name}.",
                    f"Grafen har ingen framlegg eller namngjevne røyster frå {name}.",
                    f"The graph holds no proposals or named votes by {name}.")
    parts = [_proposals(p, lang), _votes(p, lang)]
    if votes_first:
        parts.reverse()
    parts = [x for x in parts if x]
    text = ". ".join(parts) + "."
    return f"{name} {text[0].lower()}{text[1:]}" if text else text


def _proposals(p: dict, lang: str) -> str:
    if p["proposals"]:
        items = []
        for x in p["proposals"]:
            where = f"{x['body']} {format_date(x['date'], lang)}".strip()
            case = f"{pick(lang, 'sak', 'sak', 'case')} {x['case']}" if x["case"] else ""
            text = f" «{short(x['text'], 70)}»" if x["text"] else ""
            kind = motion_kind({"type": x["type"]}, lang)
            items.append(f"{kind}{text} ({where}, {case}): {_outcome(x['result'], lang)}")
        n = len(items)
        return pick(lang, f"Fremmet {n} forslag: ", f"Fremja {n} framlegg: ",
                    f"Made {n} proposal{'s' if n != 1 else ''}: ") + "; ".join(items)
    return ""


def _votes(p: dict, lang: str) -> str:
    if p["votes"]:
        items = []
        for v in p["votes"]:
            side = {"yes": "for", "no": pick(lang, "mot", "mot", "against")}.get(v["option"], v["option"])
            what = motion_kind({"type": v["motion_type"]}, lang)
            if v["proposer"]:
                what += f" {pick(lang, 'fra', 'frå', 'by')} {v['proposer']}"
            case = f"{pick(lang, 'sak', 'sak', 'case')} {v['case']}" if v["case"] else ""
            where = f"{v['body']} {format_date(v['date'], lang)}"
            items.append(f"{side} {what} ({where}, {case}): {_outcome(v['result'], lang)}")
        return pick(lang, "Stemte ", "Røysta ", "Voted ") + join_list(items, lang)
    return ""
