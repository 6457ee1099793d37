"""Who sits in a body, and in which role (leder, nestleder, medlem, varamedlem), as read from its meetings."""

from __future__ import annotations

from ..model import Entity
from ..sparql import values
from ..text import join_list
from . import Context, Result, pick

# The order roles are told in; a member's strongest role wins when several were read.
ROLES = ("leder", "nestleder", "medlem", "varamedlem")
_ROLE_NAMES = {
    "leder": ("leder", "leiar", "leader (chair)"), "nestleder": ("nestleder", "nestleiar", "deputy leader"),
    "medlem": ("medlem", "medlem", "member"), "varamedlem": ("varamedlem", "varamedlem", "substitute member"),
}


def _query(bodies: list[Entity]) -> str:
    return f"""SELECT DISTINCT ?body ?bodyLabel ?person ?name ?membership ?role ?party WHERE {{
  {values("body", [b.iri for b in bodies])}
  ?person org:hasMembership ?membership ; foaf:name ?name .
  ?membership org:organization ?body ; org:role ?r .
  ?body rdfs:label ?bodyLabel .
  ?r rdfs:label ?role .
  OPTIONAL {{ ?person sg:party/skos:notation ?party }}
}} ORDER BY ?bodyLabel ?name"""


def answer(ctx: Context, bodies: list[Entity], role: str | None = None) -> Result:
    """The members of ``bodies`` with their roles; only those of ``role`` (one of ``ROLES``) when given.

    Asked for members (``role`` ``"medlem"``), the leder and nestleder count too: they are members.
    """
    by_body: dict[str, dict] = {}
    for r in ctx.log.select(_query(bodies)):
        b = by_body.setdefault(r["body"], {"body": r["bodyLabel"], "iri": r["body"], "people": {}})
        rank = ROLES.index(r["role"]) if r["role"] in ROLES else len(ROLES)
        p = b["people"].get(r["person"])
        if p is None or rank < p["rank"]:
            b["people"][r["person"]] = {"name": r["name"], "iri": r["person"], "role": r["role"], "rank": rank,
                                        "party": r["party"], "membership": r["membership"]}
        elif r["party"] and (not p["party"] or len(r["party"]) > len(p["party"])):
            p["party"] = r["party"]  # "Ap" rather than "A" where the graph knows both codes
    wanted = {"medlem": {"leder", "nestleder", "medlem"}}.get(role or "", {role} if role else None)
    out = []
    for b in by_body.values():
        people = sorted(b.pop("people").values(), key=lambda p: (p["rank"], p["name"]))
        b["members"] = [{k: v for k, v in p.items() if k != "rank"} for p in people
                        if wanted is None or p["role"] in wanted]
        out.append(b)
    evidence = ctx.evidence.for_nodes(m["membership"] for b in out for m in b["members"])
    structured = {"role": role, "bodies": out, "people": sorted({m["name"] for b in out for m in b["members"]})}
    found = any(b["members"] for b in out)
    return Result(structured, _sentence(bodies, out, role, ctx.lang), evidence, found=found)


def _sentence(bodies: list[Entity], found: list[dict], role: str | None, lang: str) -> str:
    names = join_list([b.label for b in bodies], lang)
    if not any(b["members"] for b in found):
        return pick(lang, f"Grafen kjenner ingen {'i rollen ' + role + ' ' if role else ''}i {names}.",
                    f"Grafen kjenner ingen {'i rolla ' + role + ' ' if role else ''}i {names}.",
                    f"The graph knows no one {'in the role ' + role + ' ' if role else ''}in {names}.")
    parts = []
    for b in found:
        groups = []
        for r in ROLES:
            people = [m["name"] + (f" ({m['party']})" if m["party"] else "") for m in b["members"] if m["role"] == r]
            if people:
                groups.append(f"{pick(lang, *_ROLE_NAMES[r])}: {join_list(people, lang)}")
        parts.append(f"{b['body']} – " + "; ".join(groups))
    return " | ".join(parts) + "."
