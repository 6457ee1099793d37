"""A case's page: its timeline across bodies, with proposals, votes, decisions and comments and their evidence."""

from __future__ import annotations

import re
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from ..iris import normalise_arkivsak
from ..namespaces import DCTERMS, OPENGOV, SCHEMA, SG
from .common import (
    EntityNotFound,
    by_type,
    entity_id,
    evidence,
    iri_of,
    one,
    person_ref,
    ref,
    sorted_refs,
    text,
    value,
)

_LOOSE_CASE = re.compile(r"^\s*(\d{2}|\d{4})\s*[-/]\s*0*(\d{1,6})(?:\s*-\s*\d+)?\s*$")


def resolve_case(g: Graph, case_id: str) -> URIRef:
    """The case node a URL id names: ``asker/21-21815``, or an arkivsak alone (``21-21815``, ``21/21815``,
    ``2021/021815``, a journalpost ``21/21815-7``) when one kommune has that case.

    Raises ``EntityNotFound`` (a KeyError) for an unknown or ambiguous id.
    """
    if "/" in case_id.strip("/") and not _LOOSE_CASE.match(case_id):
        node = iri_of("case", case_id)
        if (node, RDF.type, SG.Case) in g:
            return node
        raise EntityNotFound(f"no case with id {case_id!r}")
    m = _LOOSE_CASE.match(case_id)
    if not m:
        raise EntityNotFound(f"no case with id {case_id!r} (expected <kommune>/YY-NNNNN or an arkivsak such as 21/21815)")
    arkivsak = normalise_arkivsak(f"{m.group(1)}/{m.group(2)}")
    hits = sorted({s for s in g.subjects(DCTERMS.identifier, Literal(arkivsak)) if (s, RDF.type, SG.Case) in g}, key=str)
    if not hits:
        suffix = "/" + arkivsak.replace("/", "-")
        hits = [c for c in by_type(g, SG.Case) if str(c).endswith(suffix)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise EntityNotFound(f"no case {arkivsak} in the graph")
    raise EntityNotFound(f"case {arkivsak} is in several kommuner: " + ", ".join(entity_id(str(h)) or str(h) for h in hits))


def list_cases(g: Graph) -> list[dict[str, Any]]:
    """Every case: id, arkivsak, title and how many treatments it has, sorted by arkivsak."""
    out = []
    for case in by_type(g, SG.Case):
        r = ref(g, case)
        r.update(arkivsak=text(g, case, DCTERMS.identifier), title=text(g, case, DCTERMS.title),
                 treatments=len(set(g.subjects(SG.case, case))))
        out.append(r)
    return sorted(out, key=lambda r: (r["arkivsak"] or "", r["iri"]))


def case_timeline(g: Graph, case_id: str) -> dict[str, Any]:
    """The case ``case_id`` and each of its treatments across bodies, in saksgang order.

    Each treatment has its body, meeting and date, saksnr, proposals (with proposer and party, and the
    votes on them), decisions and comments, an ``outcome`` (the proposals adopted and rejected) and a
    ``status``: ``decided`` (a decision is recorded), ``voted`` (votes but no decision) or
    ``no record`` (a planned row of the saksgang, nothing read about it yet).
    Every fact carries its evidence (document, page, quote). Raises ``KeyError`` for an unknown id.
    """
    case = resolve_case(g, case_id)
    treatments = [treatment(g, c) for c in set(g.subjects(SG.case, case)) if (c, RDF.type, SG.Consultation) in g]
    treatments.sort(key=lambda t: (t["order"] if t["order"] is not None else 10**6, t["date"] or "", t["iri"]))
    out = ref(g, case)
    out.update(
        kind="case",
        arkivsak=text(g, case, DCTERMS.identifier),
        title=text(g, case, DCTERMS.title),
        journalposts=sorted(str(j) for j in g.objects(case, SG.journalpost)),
        kommune=ref(g, one(g, case, SG.kommune)),
        case_officer=person_ref(g, one(g, case, SG.caseOfficer)),
        plans=sorted_refs(g, g.objects(case, SG.concerns)),
        references=sorted_refs(g, g.objects(case, SG.references)),
        contributes_to=sorted_refs(g, g.objects(case, SG.contributesTo)),
        comments_about=[comment(g, c) for c in sorted(g.subjects(SG.about, case), key=str)],
        treatments=treatments,
        evidence=evidence(g, case),
    )
    return out


def treatment(g: Graph, consultation: URIRef) -> dict[str, Any]:
    """One treatment (sg:Consultation) of a case in a body, with everything read about it."""
    meeting = one(g, consultation, SG.meeting)
    day = value(one(g, meeting, SCHEMA.startDate)) if meeting is not None else None
    if day is None and not str(consultation).endswith("/undated"):
        day = str(consultation).rsplit("/", 1)[-1]
    motions = sorted(set(g.subjects(SG.consultation, consultation)) & set(g.subjects(RDF.type, OPENGOV.Motion)), key=_numbered)
    decisions = sorted(set(g.subjects(SG.consultation, consultation)) & set(g.subjects(RDF.type, SG.Decision)), key=_numbered)
    comments = sorted(set(g.subjects(SG.consultation, consultation)) & set(g.subjects(RDF.type, SG.Comment)), key=str)
    proposals = [proposal(g, m) for m in motions]
    votes = [v for p in proposals for v in p["votes"]]
    order = value(one(g, consultation, SG.order))
    return {
        "iri": str(consultation),
        "order": order if isinstance(order, int) else None,
        "body": ref(g, one(g, consultation, SG.body)),
        "meeting": ref(g, meeting),
        "date": str(day)[:10] if day else None,
        "item_number": text(g, consultation, SG.itemNumber),
        "introduced_by": person_ref(g, one(g, consultation, SG.introducedBy)),
        "status": "decided" if decisions else ("voted" if votes else "no record"),
        "outcome": _outcome(proposals),
        "proposals": proposals,
        "decisions": [{"iri": str(d), "text": text(g, d, SCHEMA.text), "evidence": evidence(g, d)} for d in decisions],
        "comments": [comment(g, c) for c in comments],
        "evidence": evidence(g, consultation),
    }


def proposal(g: Graph, motion: URIRef) -> dict[str, Any]:
    """A proposal (opengov:Motion): type, text, who proposed it (person and party, or an organisation), result, votes."""
    creator = one(g, motion, SCHEMA.creator)
    org = one(g, motion, DCTERMS.creator)
    on_behalf = one(g, motion, SG.onBehalfOf)
    votes = sorted(g.subjects(OPENGOV.motion, motion), key=_numbered)
    return {
        "iri": str(motion),
        "type": text(g, motion, SG.motionType),
        "text": text(g, motion, SCHEMA.text),
        "proposer": person_ref(g, creator),
        "proposed_by_organisation": ref(g, org),
        "on_behalf_of": ref(g, on_behalf),
        "result": text(g, motion, OPENGOV.result),
        "votes": [vote(g, v) for v in votes],
        "evidence": evidence(g, motion),
    }


def vote(g: Graph, event: URIRef) -> dict[str, Any]:
    """A vote (opengov:VoteEvent): result, unanimity, counts, and named ballots by option."""
    counts: dict[str, int] = {}
    for c in g.objects(event, OPENGOV.count):
        kind = "yes" if (c, RDF.type, OPENGOV.YesCount) in g else "no" if (c, RDF.type, OPENGOV.NoCount) in g else None
        n = value(one(g, c, RDF.value))
        if kind and isinstance(n, int):
            counts[kind] = n
    ballots: dict[str, list] = {}
    for b in g.objects(event, OPENGOV.vote):
        option = text(g, b, SCHEMA.option) or "unknown"
        ballots.setdefault(option, []).append(person_ref(g, one(g, b, SCHEMA.agent)))
    unanimous = value(one(g, event, SG.unanimous))
    return {
        "iri": str(event),
        "result": text(g, event, OPENGOV.result),
        "unanimous": unanimous if isinstance(unanimous, bool) else None,
        "counts": counts,
        "ballots": {k: sorted((p for p in v if p), key=lambda p: p["label"]) for k, v in sorted(ballots.items())},
        "evidence": evidence(g, event),
    }


def comment(g: Graph, node: URIRef) -> dict[str, Any]:
    """A comment (sg:Comment): who gave it, what it is about, the text, where it was given."""
    consultation = one(g, node, SG.consultation)
    case = one(g, consultation, SG.case) if consultation is not None else None
    meeting = one(g, consultation, SG.meeting) if consultation is not None else None
    return {
        "iri": str(node),
        "by": ref(g, one(g, node, DCTERMS.creator)),
        "about": ref(g, one(g, node, SG.about)),
        "text": text(g, node, SCHEMA.text),
        "case": ref(g, case),
        "meeting": ref(g, meeting),
        "date": _date(g, meeting),
        "evidence": evidence(g, node),
    }


def _date(g: Graph, meeting) -> str | None:
    day = value(one(g, meeting, SCHEMA.startDate)) if meeting is not None else None
    return str(day)[:10] if day else None


def _outcome(proposals: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Which proposals the body adopted and which it rejected (by their recorded result)."""
    def brief(p: dict[str, Any]) -> dict[str, Any]:
        who = p["proposer"] or p["proposed_by_organisation"]
        return {"iri": p["iri"], "type": p["type"], "proposer": who["label"] if who else None}

    return {"adopted": [brief(p) for p in proposals if p["result"] == "pass"],
            "rejected": [brief(p) for p in proposals if p["result"] == "fail"]}


def _numbered(node: URIRef) -> tuple:
    """Sort key for fact nodes: numbered ones (``…/motion/2``) by number, hashed ones after, by IRI."""
    tail = str(node).rsplit("/", 1)[-1]
    return (0, int(tail), str(node)) if tail.isdigit() else (1, 0, str(node))


__all__ = ["case_timeline", "list_cases", "resolve_case", "treatment", "proposal", "vote", "comment"]
