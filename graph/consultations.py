"""What happened in one treatment: motions, votes, the decision and comments, merged over its readings.

A treatment is printed in the meeting's møteprotokoll and again in the case's saksprotokoll, often
in several files. The richest reading numbers the motions and votes (``…/motion/1``, ``…/vote/1``);
the other readings are aligned to it (a motion by its text and proposer, a vote by its motion and
result, a comment by its body and text), so each motion is one node with the evidence of every
reading, and anything only one reading has is added after.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from rapidfuzz import fuzz
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ingest.extract.records import CaseRecord, CommentRecord, Proposal, TreatmentRecord, VoteRecord
from ingest.text import normalize_space

from . import iris
from .namespaces import DCTERMS, OPENGOV, SCHEMA, SG
from .parties import party_name
from .plans import plan_name

if TYPE_CHECKING:
    from .build import Builder

T = TypeVar("T")
SAME_TEXT = 85  # rapidfuzz ratio at which two readings of a motion or comment are the same text
_ADMINISTRATION = ("kommunedirektør", "rådmann", "administrasjon", "kommunedirektøren", "rådmannen")


def emit_treatments(b: Builder) -> None:
    """Motions, votes, decisions and comments of every consultation with treatment records."""
    for consultation in sorted(b.treatments):
        readings = sorted(b.treatments[consultation], key=lambda r: (*_richness(r[1]), r[0], r[1].evidence.page, r[1].evidence.start))
        _emit_one(b, consultation, readings)


def case_motion(b: Builder, kommune: str, case: URIRef, c: CaseRecord) -> None:
    """The proposal a case is put forward with (kommunedirektørens forslag, innstilling), part of the case."""
    p = c.proposal
    if p is None or not p.text.strip():
        return
    node = iris.fact_iri(str(case), "motion", normalize_space(p.text)[:200])
    facts = b.nodes.node(node).type(OPENGOV.Motion).cite(p.evidence)
    facts.add(DCTERMS.isPartOf, case).set(SCHEMA.text, Literal(normalize_space(p.text)))
    facts.set(SG.motionType, Literal(p.kind or "innstilling"))
    _creators(b, facts, p, kommune, None)


def _richness(t: TreatmentRecord) -> tuple[int, int]:
    """Sort key putting the reading with most facts (then the longest decision) first."""
    return (-(len(t.proposals) + len(t.votes) + len(t.comments) + bool(t.decision)), -len(t.decision or ""))


def _emit_one(b: Builder, consultation: URIRef, readings: list[tuple[str, TreatmentRecord, tuple]]) -> None:
    kommune, ark, body_key, day = readings[0][2]
    cons = b.nodes.node(consultation)
    _, body = b.body(kommune, body_key, None)
    primary = readings[0][1]
    motions: list[Proposal] = list(primary.proposals)
    votes: list[tuple[int, VoteRecord]] = []
    comments: list[CommentRecord] = list(primary.comments)
    for _sid, t, _key in readings:
        cons.set(SG.itemNumber, Literal(normalize_space(t.item_number)) if t.item_number else None)
        for ref in t.introduced_by:
            cons.add(SG.introducedBy, b.person(ref))
            b.roles_of(ref, kommune, body)
        for ref in t.participants:
            # An official who answered questions in the treatment was present at the meeting.
            if day is not None:
                b.nodes.node(b.meeting_node(kommune, body_key, day, None)).add(SG.official, b.person(ref))
            b.roles_of(ref, kommune, body)
        numbers = _merge(t.proposals, motions, lambda x, y: _same_motion(b, x, y))
        for i, p in enumerate(t.proposals):
            _motion(b, consultation, numbers[i] + 1, p, (kommune, ark), body, primary=t is primary)
        local = [(numbers[v.proposal], v) for v in t.votes if 0 <= v.proposal < len(numbers)]
        for v in t.votes:
            if not 0 <= v.proposal < len(numbers):
                b.warnings.append(f"{v.evidence.source_id}: a vote in {consultation} names proposal {v.proposal}, which the treatment lacks; left out")
        vote_numbers = _merge(local, votes, lambda x, y: 100 if x[0] == y[0] and x[1].result == y[1].result else 0)
        for i, (motion_n, v) in enumerate(local):
            _vote(b, consultation, vote_numbers[i] + 1, motion_n + 1, v)
        if t.decision and t.decision.strip():
            _decision(b, consultation, t, primary=t is primary)
        comment_numbers = _merge(t.comments, comments, lambda x, y: _same_comment(b, x, y))
        for i, c in enumerate(t.comments):
            _comment(b, consultation, comments[comment_numbers[i]], c, kommune, ark)


def _merge(items: Sequence[T], canon: list[T], score: Callable[[T, T], float]) -> list[int]:
    """For each item, the index of the canonical item it is (best pairs first); an item that is none
    of them is appended to ``canon`` as a new one (after all are matched)."""
    pairs = sorted(((score(x, y), i, j) for i, x in enumerate(items) for j, y in enumerate(canon)), key=lambda t: (-t[0], t[1], t[2]))
    out: list[int | None] = [None] * len(items)
    used: set[int] = set()
    for s, i, j in pairs:
        if s < SAME_TEXT:
            break
        if out[i] is None and j not in used:
            out[i] = j
            used.add(j)
    for i, n in enumerate(out):
        if n is None:
            canon.append(items[i])
            out[i] = len(canon) - 1
    return out  # type: ignore[return-value]


def _text(s: str | None) -> str:
    return normalize_space(s or "").casefold()[:500]


def _same_motion(b: Builder, x: Proposal, y: Proposal) -> float:
    if x is y:
        return 100
    px, py = b.person(x.proposer), b.person(y.proposer)
    if px is not None and py is not None and px != py:
        return 0
    return fuzz.ratio(_text(x.text), _text(y.text))


def _same_comment(b: Builder, x: CommentRecord, y: CommentRecord) -> float:
    if x is y:
        return 100
    if b.bodies.key(x.body) != b.bodies.key(y.body):
        return 0
    return fuzz.ratio(_text(x.text), _text(y.text))


def _creators(b: Builder, facts, p: Proposal, kommune: str, body: URIRef | None) -> None:  # type: ignore[no-untyped-def]
    person = b.person(p.proposer)
    facts.add(SCHEMA.creator, person)
    org = (p.proposer_org or "").strip()
    if org and party_name(org):
        facts.add(DCTERMS.creator, b.party(org, p.evidence.source_id))
    elif org.casefold().startswith(_ADMINISTRATION) or (person is None and not org and p.kind == "innstilling"):
        facts.add(DCTERMS.creator, iris.kommune_iri(kommune))
    elif org and body is not None and person is None:
        facts.add(DCTERMS.creator, body)  # "leders forslag": the body's leader, on the body's behalf
    for code in p.on_behalf_of:
        facts.add(SG.onBehalfOf, b.party(code, p.evidence.source_id))


def _motion(b: Builder, consultation: URIRef, n: int, p: Proposal, case_key: tuple[str, str], body: URIRef, primary: bool) -> None:
    kommune = case_key[0]
    node = iris.fact_iri(str(consultation), "motion", n)
    facts = b.nodes.node(node).type(OPENGOV.Motion).cite(p.evidence)
    facts.set(SG.consultation, consultation)
    if p.text.strip():
        facts.set(SCHEMA.text, Literal(normalize_space(p.text)), weight=2 if primary else 1)
    elif p.proposer is None and case_key in b.case_proposals:
        # "Kommunedirektørens innstilling ble vedtatt": the protocol names the case's proposal
        # without printing it; its text is the one the saksframlegg puts forward.
        facts.set(SCHEMA.text, Literal(b.case_proposals[case_key]), weight=1)
    facts.set(SG.motionType, Literal(p.kind) if p.kind else None)
    facts.set(OPENGOV.result, Literal(p.result) if p.result in ("pass", "fail") else None)
    b.roles_of(p.proposer, kommune, body)
    _creators(b, facts, p, kommune, body)


def _vote(b: Builder, consultation: URIRef, n: int, motion_n: int, v: VoteRecord) -> None:
    node = iris.fact_iri(str(consultation), "vote", n)
    facts = b.nodes.node(node).type(OPENGOV.VoteEvent).cite(v.evidence)
    facts.set(OPENGOV.motion, iris.fact_iri(str(consultation), "motion", motion_n))
    if v.result in ("pass", "fail"):
        facts.set(OPENGOV.result, Literal(v.result))
    facts.set(SG.unanimous, Literal(bool(v.unanimous)))
    if v.chair_double_vote:
        facts.set(SG.chairDoubleVote, Literal(True))
    if v.count_mismatch:
        facts.add(SG.countMismatch, Literal(v.count_mismatch))
        # Also reported by the sync (``saksgraf ingest --json``: graph.warnings), so a reader sees it.
        note = f"{v.evidence.source_id} page {v.evidence.page}: vote count mismatch ({v.count_mismatch}): {normalize_space(v.evidence.quote)[:120]}"
        if note not in b.warnings:
            b.warnings.append(note)
    for option, count, cls, parties in (("yes", v.yes_count, OPENGOV.YesCount, v.yes_parties),
                                        ("no", v.no_count, OPENGOV.NoCount, v.no_parties)):
        if count is not None and count >= 0:
            count_node = iris.count_iri(str(node), option)
            facts.add(OPENGOV["count"], count_node)
            counted = b.nodes.node(count_node, needs_evidence=False).type(cls).set(RDF.value, Literal(count, datatype=XSD.integer))
            counted.seen_in([v.evidence.source_id])
            for code in parties:  # "fikk 3 (A, SV) stemmer": the parties whose members cast them
                counted.add(SG.votingParty, b.party(code, v.evidence.source_id))
    for option, voters in (("yes", v.yes_voters), ("no", v.no_voters)):
        for ref in voters:
            person = b.person(ref)
            if person is None:
                continue
            ballot = iris.ballot_iri(str(node), str(person))
            facts.add(OPENGOV.vote, ballot)
            b.nodes.node(ballot).type(OPENGOV.Vote).cite(ref.evidence).set(SCHEMA.agent, person).set(SCHEMA.option, Literal(option))


def _decision(b: Builder, consultation: URIRef, t: TreatmentRecord, primary: bool) -> None:
    node = iris.fact_iri(str(consultation), "decision", 1)
    facts = b.nodes.node(node).type(SG.Decision).cite(t.decision_evidence or t.evidence)
    facts.set(SG.consultation, consultation)
    facts.set(SCHEMA.text, Literal(normalize_space(t.decision or "")), weight=2 if primary else 1)


def _comment(b: Builder, consultation: URIRef, canon: CommentRecord, c: CommentRecord, kommune: str, ark: str) -> None:
    node = iris.fact_iri(str(consultation), "comment", _text(canon.text))
    facts = b.nodes.node(node).type(SG.Comment).cite(c.evidence)
    _, body = b.body(kommune, c.body, c.evidence.source_id)
    facts.set(DCTERMS.creator, body).set(SG.consultation, consultation)
    facts.set(SCHEMA.text, Literal(normalize_space(canon.text)))
    about = None
    plan = plan_name(c.about_plan, kommune) if c.about_plan else None
    if plan is not None:
        about = b.plan(plan, c.evidence.source_id)
    elif c.about_case and _arkivsak(c.about_case):
        about = b.case_node(kommune, _arkivsak(c.about_case) or "", None)
    elif (kommune, ark) in b.case_plans:
        about = b.plan(b.case_plans[(kommune, ark)], c.evidence.source_id)
    else:
        about = iris.case_iri(kommune, ark)
    facts.set(SG.about, about)
    facts.set(RDFS.label, Literal(f"{b.bodies.label(b.bodies.key(c.body))}: {normalize_space(canon.text)[:80]}"))


def _arkivsak(value: str) -> str | None:
    try:
        return iris.normalise_arkivsak(value)
    except ValueError:
        return None
