"""Case and treatment records as flat {"kind", "fact"} dicts (the gold-file shape), deduplicated across documents.

The same case and treatment are printed in several documents (saksframlegg, saksprotokoll, the
møteprotokoll of the meeting); the facts merge those readings: a saksgang row keeps the item number
one of them printed, an administration proposal keeps the text one of them printed.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from rapidfuzz import fuzz

from .records import CaseRecord, TreatmentRecord
from .textspan import normalise, text_start


def same_person(a: str | None, b: str | None) -> bool:
    """Whether two spellings may name one person: "Lund" ~ "Kai Erik Lund", "Inger Johanne" ~ "Ingrid Johanne".

    >>> same_person("Hilde Haugstad", "Hilde Orven Haugstad"), same_person("Dahl", "Bård Kjetil Dahl")
    (True, True)
    >>> same_person("Magne Gabrielsen", "Paal Steine")
    False
    """
    if not a or not b:
        return a == b
    x, y = normalise(a).replace("-", " ").split(), normalise(b).replace("-", " ").split()
    if not x or not y:
        return False
    if fuzz.ratio(x[-1], y[-1]) < 85:
        return False
    if len(x) == 1 or len(y) == 1:
        return True
    return fuzz.ratio(x[0], y[0]) >= 70 or fuzz.token_set_ratio(" ".join(x), " ".join(y)) >= 90


def surname(name: str) -> str:
    """The last word of a name, as vote lists print it."""
    return name.strip().split()[-1] if name.strip() else name


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def same_text(a: str | None, b: str | None, threshold: int = 90) -> bool:
    """Whether two text openings say the same (OCR and punctuation differences allowed, numbers exact)."""
    if not a or not b:
        return a == b
    na, nb = normalise(a), normalise(b)
    n = min(len(na), len(nb), 50)
    if n < 8:
        return na == nb
    return _digits(na[:n]) == _digits(nb[:n]) and fuzz.ratio(na[:n], nb[:n]) >= threshold


def same_body(a: str | None, b: str | None) -> bool:
    """Body names compared without case, dashes and spacing."""
    return normalise(a or "") == normalise(b or "")


def _add(out: list[dict[str, Any]], kind: str, fact: dict[str, Any], same) -> None:
    for existing in out:
        if existing["kind"] == kind and same(existing["fact"], fact):
            return
    out.append({"kind": kind, "fact": fact})


def case_facts(records: Iterable[CaseRecord]) -> list[dict[str, Any]]:
    """Facts of kinds case, case_officer, saksgang and case_proposal from case records.

    >>> case_facts([])
    []
    """
    records = list(records)
    out: list[dict[str, Any]] = []
    for r in records:
        _add(out, "case", {"arkivsak": r.arkivsak, "title": r.title},
             lambda a, b: a["arkivsak"] == b["arkivsak"] and same_text(a["title"], b["title"], 92))
        for p in r.case_officers:
            fact = {"arkivsak": r.arkivsak, "name": p.name}
            _merge_person(out, "case_officer", fact, ("arkivsak",))
        if r.proposal is not None and r.proposal.text:
            fact = {"arkivsak": r.arkivsak, "by": r.proposal.proposer_org, "text_start": text_start(r.proposal.text)}
            _add(out, "case_proposal", fact,
                 lambda a, b: a["arkivsak"] == b["arkivsak"] and same_text(a["text_start"], b["text_start"]))
    rows = [(r.arkivsak, e) for r in records for e in r.saksgang]
    # Rows with an item number were printed numbered: their order and number win.
    rows.sort(key=lambda x: (x[1].item_number is None, x[1].meeting_date is None))
    for arkivsak, e in rows:
        fact = {"arkivsak": arkivsak, "order": e.order, "body": e.body, "date": e.meeting_date,
                "item_number": e.item_number}
        match = [f for f in out if f["kind"] == "saksgang" and f["fact"]["arkivsak"] == arkivsak
                 and same_body(f["fact"]["body"], e.body)
                 and (f["fact"]["date"] == e.meeting_date or e.meeting_date is None)]
        if not match:
            out.append({"kind": "saksgang", "fact": fact})
    return out


def _merge_person(out: list[dict[str, Any]], kind: str, fact: dict[str, Any], keys: tuple[str, ...]) -> None:
    """Add a fact naming a person, or lengthen the name of one already there for the same person."""
    for f in out:
        if f["kind"] == kind and all(f["fact"][k] == fact[k] for k in keys) and same_person(f["fact"]["name"], fact["name"]):
            if len(fact["name"]) > len(f["fact"]["name"]):
                f["fact"]["name"] = fact["name"]
            return
    out.append({"kind": kind, "fact": fact})


def _tkey(t: TreatmentRecord) -> dict[str, Any]:
    return {"arkivsak": t.arkivsak, "body": t.body, "date": t.meeting_date}


def _same_t(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["arkivsak"] == b["arkivsak"] and same_body(a["body"], b["body"]) and a["date"] == b["date"]


def treatment_facts(records: Iterable[TreatmentRecord]) -> list[dict[str, Any]]:
    """Facts of kinds treatment, introduced_by, motion, vote, decision and comment from treatment records.

    >>> treatment_facts([])
    []
    """
    records = list(records)
    out: list[dict[str, Any]] = []
    # Records that print the administration's proposal first, so its text is kept over a bare reference.
    records.sort(key=lambda t: not any(p.proposer is None and p.proposer_org is not None and p.text for p in t.proposals[:1]))
    for t in records:
        key = _tkey(t)
        match = [f for f in out if f["kind"] == "treatment" and _same_t(f["fact"], key)]
        if match:
            if match[0]["fact"]["item_number"] is None:
                match[0]["fact"]["item_number"] = t.item_number
        else:
            out.append({"kind": "treatment", "fact": {**key, "item_number": t.item_number}})
        for p in t.introduced_by:
            _merge_person(out, "introduced_by", {**key, "name": p.name}, ("arkivsak", "body", "date"))
        for prop in t.proposals:
            member = prop.proposer is not None
            fact = {**key, "proposer": prop.proposer.name if member else None,
                    "party": prop.proposer.party if member else (prop.proposer_org if prop.on_behalf_of else None),
                    "result": prop.result, "text_start": text_start(prop.text)}
            _add(out, "motion", fact, _same_motion)
        for v in t.votes:
            prop = t.proposals[v.proposal] if 0 <= v.proposal < len(t.proposals) else None
            fact = {**key, "result": v.result, "unanimous": v.unanimous, "yes_count": v.yes_count,
                    "no_count": v.no_count, "no_voters": sorted(surname(p.name) for p in v.no_voters),
                    "yes_voters": sorted(surname(p.name) for p in v.yes_voters),
                    "motion_proposer": prop.proposer.name if prop and prop.proposer else None}
            _add(out, "vote", fact, lambda a, b: _same_t(a, b) and {k: a[k] for k in a if k not in ("body",)} == {k: b[k] for k in b if k not in ("body",)})
        if t.decision:
            _add(out, "decision", {**key, "text_start": text_start(t.decision)}, _same_t)
        for c in t.comments:
            fact = {"body": c.body, "about": c.about_plan or c.about_case, "text_start": text_start(c.text)}
            _add(out, "comment", fact, lambda a, b: same_body(a["body"], b["body"]) and a["about"] == b["about"]
                 and same_text(a["text_start"], b["text_start"]))
    return out


def _same_motion(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if not _same_t(a, b):
        return False
    if a["proposer"] is None and b["proposer"] is None and a["party"] == b["party"]:
        # The administration's proposal: one per treatment; a bare reference merges into the printed one.
        return not a["text_start"] or not b["text_start"] or same_text(a["text_start"], b["text_start"])
    return same_person(a["proposer"], b["proposer"]) and same_text(a["text_start"], b["text_start"])
