"""A case's treatments: the decision, who proposed what, each proposal's outcome and the votes (who voted against)."""

from __future__ import annotations

from collections import OrderedDict

from ..model import Entity
from ..sparql import values
from ..text import format_date, join_list, within
from . import Context, Result, entity_name, pick, short


def plan_cases_query(plan: Entity) -> str:
    """SPARQL: the cases about ``plan`` (``sg:concerns``)."""
    return f"""SELECT DISTINCT ?case WHERE {{
  {values("plan", [plan.iri])}
  ?case sg:concerns ?plan .
}}"""


def _motions_query(cases: list[str]) -> str:
    return f"""SELECT DISTINCT ?consultation ?caseId ?body ?bodyLabel ?date ?item ?motion ?type ?text ?result
       ?proposer ?proposerName ?party ?org ?orgName WHERE {{
  {values("case", cases)}
  ?consultation sg:case ?case ; sg:body ?body . ?body rdfs:label ?bodyLabel .
  ?motion a opengov:Motion ; sg:consultation ?consultation .
  OPTIONAL {{ ?case dcterms:identifier ?caseId }}
  OPTIONAL {{ ?consultation sg:meeting/schema:startDate ?date }}
  OPTIONAL {{ ?consultation sg:itemNumber ?item }}
  OPTIONAL {{ ?motion sg:motionType ?type }}
  OPTIONAL {{ ?motion schema:text ?text }}
  OPTIONAL {{ ?motion opengov:result ?result }}
  OPTIONAL {{ ?motion schema:creator ?proposer . ?proposer foaf:name ?proposerName .
             OPTIONAL {{ ?proposer sg:party/skos:notation ?party }} }}
  OPTIONAL {{ ?motion dcterms:creator ?org . ?org foaf:name|rdfs:label ?orgName }}
}} ORDER BY ?date ?motion"""


def _votes_query(cases: list[str]) -> str:
    return f"""SELECT DISTINCT ?motion ?vote ?result ?unanimous ?countType ?count ?voter ?voterName ?option WHERE {{
  {values("case", cases)}
  ?consultation sg:case ?case . ?motion sg:consultation ?consultation .
  ?vote a opengov:VoteEvent ; opengov:motion ?motion .
  OPTIONAL {{ ?vote opengov:result ?result }}
  OPTIONAL {{ ?vote sg:unanimous ?unanimous }}
  OPTIONAL {{ ?vote opengov:count ?c . ?c a ?countType ; rdf:value ?count }}
  OPTIONAL {{ ?vote opengov:vote ?v . ?v schema:agent ?voter ; schema:option ?option . ?voter foaf:name ?voterName }}
}}"""


def _decisions_query(cases: list[str]) -> str:
    return f"""SELECT DISTINCT ?consultation ?caseId ?body ?bodyLabel ?date ?item ?decision ?text WHERE {{
  {values("case", cases)}
  ?consultation sg:case ?case ; sg:body ?body . ?body rdfs:label ?bodyLabel .
  ?decision a sg:Decision ; sg:consultation ?consultation ; schema:text ?text .
  OPTIONAL {{ ?case dcterms:identifier ?caseId }}
  OPTIONAL {{ ?consultation sg:meeting/schema:startDate ?date }}
  OPTIONAL {{ ?consultation sg:itemNumber ?item }}
}} ORDER BY ?date ?decision"""


def answer(ctx: Context, targets: list[Entity], body: Entity | None, when: list, spans: list = ()) -> Result:
    """Decisions, proposals and votes in the treatments of the case(s) ``targets`` (a plan stands for its
    cases), limited to ``body`` and the dates ``when`` or periods ``spans`` where given."""
    cases = [t.iri for t in targets if t.kind == "case"]
    for plan in (t for t in targets if t.kind == "plan"):
        cases += [r["case"] for r in ctx.log.select(plan_cases_query(plan))]
    if not cases:
        return Result({"treatments": []}, _none(targets, ctx.lang), [], found=False)
    rows = ctx.log.select(_motions_query(cases))
    decisions = ctx.log.select(_decisions_query(cases))
    if body is not None:
        rows = [r for r in rows if r["body"] == body.iri]
        decisions = [r for r in decisions if r["body"] == body.iri]
    rows = [r for r in rows if within(r["date"], when, list(spans))]
    decisions = [r for r in decisions if within(r["date"], when, list(spans))]
    votes_by_motion: dict[str, "OrderedDict[str, dict]"] = {}
    for r in ctx.log.select(_votes_query(cases)):
        v = votes_by_motion.setdefault(r["motion"], OrderedDict()).setdefault(r["vote"], {
            "iri": r["vote"], "result": r["result"], "unanimous": r["unanimous"], "for_count": None, "against_count": None,
            "for": [], "against": []})
        if r["countType"] and r["count"] is not None:
            key = "for_count" if r["countType"].endswith("YesCount") else "against_count"
            v[key] = r["count"]
        if r["voterName"]:
            side = "for" if r["option"] == "yes" else "against"
            if r["voterName"] not in v[side]:
                v[side].append(r["voterName"])
    treatments: "OrderedDict[str, dict]" = OrderedDict()

    def treatment(r: dict) -> dict:
        return treatments.setdefault(r["consultation"], {
            "consultation": r["consultation"], "case": r["caseId"], "body": r["bodyLabel"], "date": r["date"],
            "item": r["item"], "decision": None, "proposals": OrderedDict()})

    for r in decisions:  # a treatment may have a decision and no recorded proposal ("tas til orientering")
        t = treatment(r)
        if t["decision"] is None:
            t["decision"] = {"iri": r["decision"], "text": r["text"]}
    for r in rows:
        t = treatment(r)
        p = t["proposals"].get(r["motion"])
        if p is None:
            p = t["proposals"][r["motion"]] = {
                "iri": r["motion"], "type": r["type"], "text": r["text"], "result": r["result"],
                "proposer": r["proposerName"], "party": r["party"], "by": None if r["proposerName"] else r["orgName"],
                "votes": list(votes_by_motion.get(r["motion"], {}).values())}
        elif r["party"] and (not p["party"] or len(r["party"]) > len(p["party"])):
            p["party"] = r["party"]  # "Ap" rather than "A" where the graph knows both codes
    evidence_nodes = []
    out = []
    for t in sorted(treatments.values(), key=lambda t: (t["date"] or "", t["consultation"])):
        if t["decision"]:
            evidence_nodes.append(t["decision"]["iri"])
        t["proposals"] = list(t["proposals"].values())
        for p in t["proposals"]:
            p["votes"].sort(key=lambda v: v["iri"])
            p["voted_against"] = sorted({n for v in p["votes"] for n in v["against"]})
            p["voted_for"] = sorted({n for v in p["votes"] for n in v["for"]})
            evidence_nodes.append(p["iri"])
            evidence_nodes.extend(v["iri"] for v in p["votes"])
        out.append(t)
    structured = {
        "cases": sorted({t["case"] for t in out if t["case"]}),
        "treatments": out,
        "proposers": sorted({p["proposer"] for t in out for p in t["proposals"] if p["proposer"]}),
        "voted_against": sorted({n for t in out for p in t["proposals"] for n in p["voted_against"]}),
        "decisions": [{"body": t["body"], "date": t["date"], "text": t["decision"]["text"]}
                      for t in out if t["decision"]],
    }
    evidence = ctx.evidence.for_nodes(evidence_nodes)
    return Result(structured, _sentence(out, targets, ctx.lang), evidence, found=bool(out))


def _none(targets: list[Entity], lang: str) -> str:
    name = join_list([entity_name(t.kind, t.label, lang) for t in targets], lang)
    return pick(lang, f"Grafen har ingen vedtak, forslag eller voteringer i behandlingen av {name}.",
                f"Grafen har ingen vedtak, framlegg eller røystingar i handsaminga av {name}.",
                f"The graph holds no decision, proposals or votes in the treatment of {name}.")


_TYPES = {
    "forslag": ("forslag", "framlegg", "proposal"),
    "tilleggsforslag": ("tilleggsforslag", "tilleggsframlegg", "additional proposal"),
    "endringsforslag": ("endringsforslag", "endringsframlegg", "amendment"),
    "alternativt forslag": ("alternativt forslag", "alternativt framlegg", "alternative proposal"),
    "fellesforslag": ("fellesforslag", "fellesframlegg", "joint proposal"),
    "innstilling": ("innstilling", "innstilling", "recommendation"),
}


def motion_kind(p: dict, lang: str) -> str:
    """A motion's type (``p["type"]``) in the language asked: forslag, tilleggsforslag, innstilling …"""
    names = _TYPES.get((p["type"] or "forslag").lower())
    return pick(lang, *names) if names else p["type"]


def _who(p: dict, lang: str) -> str:
    if p["proposer"]:
        return f"{p['proposer']} ({p['party']})" if p["party"] else p["proposer"]
    return pick(lang, "kommunedirektøren", "kommunedirektøren", "the chief executive")


def _outcome(p: dict, lang: str) -> str:
    votes = p["votes"]
    if not votes and not p["result"]:
        return pick(lang, "ikke votert over i grafen", "ikkje røysta over i grafen", "no vote recorded")
    passed = any(v["result"] == "pass" for v in votes) if votes else p["result"] == "pass"
    failed_all = votes and all(v["result"] == "fail" for v in votes)
    if failed_all or (not votes and p["result"] == "fail"):
        v = next((v for v in votes if v["for"] or v["for_count"] is not None), None)
        if v is not None:
            n = v["for_count"] if v["for_count"] is not None else len(v["for"])
            names = join_list(v["for"], lang)
            # the names are those who voted for it: "falt med 3 stemmer for (…)", as protocols put it
            return pick(lang, f"falt med {n} stemme{'r' if n != 1 else ''} for" + (f" ({names})" if names else ""),
                        f"fall med {n} røyst{'er' if n != 1 else ''} for" + (f" ({names})" if names else ""),
                        f"failed with {n} vote{'s' if n != 1 else ''} for" + (f" ({names})" if names else ""))
        return pick(lang, "falt", "fall", "failed")
    against = sorted({n for v in votes for n in v["against"]})
    counts = [v["against_count"] for v in votes if v["against_count"]]
    if passed and (against or counts):
        n = max(counts) if counts else len(against)
        names = join_list(against, lang)
        return pick(lang, f"vedtatt mot {n} stemme{'r' if n != 1 else ''}" + (f" ({names})" if names else ""),
                    f"vedteke mot {n} røyst{'er' if n != 1 else ''}" + (f" ({names})" if names else ""),
                    f"adopted with {n} against" + (f" ({names})" if names else ""))
    if passed and any(v["unanimous"] for v in votes):
        return pick(lang, "enstemmig vedtatt", "samrøystes vedteke", "adopted unanimously")
    return pick(lang, "vedtatt", "vedteke", "adopted")


def _sentence(treatments: list[dict], targets: list[Entity], lang: str) -> str:
    if not treatments:
        return _none(targets, lang)
    parts = []
    for t in treatments:
        where = f"{t['body']} {format_date(t['date'], lang)}" + (f" ({t['item']})" if t["item"] else "")
        items = []
        for p in t["proposals"]:
            kind = motion_kind(p, lang)
            text = f": «{short(p['text'], 60)}»" if p["text"] and p["proposer"] else ""
            items.append(f"{_who(p, lang)} – {kind}{text}, {_outcome(p, lang)}")
        part = where
        if t["decision"]:
            part += pick(lang, " vedtok", " vedtok", " decided") + f": «{short(t['decision']['text'], 160)}»"
        if items:
            part += (". " if t["decision"] else ": ") + (
                pick(lang, "Forslag og utfall: ", "Framlegg og utfall: ", "Proposals and outcomes: ") if t["decision"]
                else "") + "; ".join(items)
        parts.append(part)
    return " | ".join(parts) + "."
