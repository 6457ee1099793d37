"""Treatments of cases in a body's meeting: who introduced, proposals, votes, decision and comments."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .base import DocumentText
from .caseheader import read_case_header
from .comments import find_comments
from .facts import treatment_facts
from .mentions import already_named, lower_case_words, mentioned_keys, name_keys, officials_in, people_in
from .caseplan import plan_title
from .proposals import MemberProposal, behandling_blocks, is_intro, read_admin_proposal, read_member_proposals
from .records import PersonRef, Proposal, TreatmentRecord, VoteRecord
from .sections import Segment, meeting_items, saksprotokoll_segments, split_parts
from .textspan import clean_block, normalise, one_line, sentences
from .votes import VoteStatement, count_mismatch, parse_vote

DOCUMENT_TYPES = {"saksprotokoll", "møteprotokoll"}

__all__ = ["DOCUMENT_TYPES", "extract_treatments", "treatment_facts"]

_INTRODUCED = re.compile(
    r"(?i)\s(?:innledet|innleidde|innleia|innleiet|ga\s+en\s+(?:kort\s+)?innledning|gav\s+ei\s+(?:kort\s+)?innleiing"
    r"|presenterte|orienterte|redegjorde)\b"
)
_INTRODUCED_BY = re.compile(r"(?i)\b(?:innledet|innleia|presentert|orientert)\s+(?:til\s+saken\s+)?av\s+(?P<who>.+?)\s*(?:[.,]|$)")
_ADMIN_WORDS = re.compile(
    r"(?i)kommunedirektør|rådmann|administrasjon|innstilling|tilråding|forslag til vedtak|framlegg til vedtak"
    r"|\bleders forslag|ordførerens forslag|\bsaken\b|vedtaksforslag"
)
_ORG = re.compile(r"(?i)kommunedirektør|rådmann|ordfører|formannskap")
_ORG_NAMES = {"kommunedirektør": "kommunedirektøren", "rådmann": "rådmannen", "ordfører": "ordføreren",
              "formannskap": "formannskapet"}
_GENERIC_START = re.compile(r"(?i)^(?:punkt|punktene|punkta|enstemmig|samrøystes|med|det|vedtaket|forslaget|framlegget|innstillingen|saken)\b")
_POINT = re.compile(r"(?i)punkt\w*\s+(\d+)")
_CREDIT = re.compile(
    r"(?i)\b(?:med|som)\s+(?:\w+\s+)?(?:innspill|innspel|forslag|framlegg|endring\w*|tillegg\w*)\s+(?:fra|frå)\s+(?P<who>[^.]+)"
    r"|\bmed\s+(?P<who2>[A-ZÆØÅ][\w-]+?s?\s+(?:\([^)]*\)\s+)?)(?:\w*forslag|\w*framlegg)\b"
)
# "Innstillingen med Kolstads tilleggsforslag ble vedtatt": a vote on the administration's proposal as amended.
_ADMIN_AMENDED = re.compile(r"(?i)\b(?:innstilling\w*|\w+s forslag til vedtak|kommunedirektørens forslag|rådmannens forslag)\s+med\s+")


def extract_treatments(doc: DocumentText) -> list[TreatmentRecord]:
    """The treatments a saksprotokoll or møteprotokoll records, one record per body and meeting.

    A saksprotokoll may hold several bodies' treatments of its case ("Formannskapets behandling …",
    "Kommunestyret har behandlet saken …"); a møteprotokoll holds one per treated item.
    """
    if doc.document.doc_type == "møteprotokoll":
        return [t for seg in meeting_items(doc) if (t := _treatment(doc, seg, seg.arkivsak, seg.title))]
    if doc.document.doc_type != "saksprotokoll":
        return []
    head = read_case_header(doc)
    out = []
    for seg in saksprotokoll_segments(doc):
        if seg.item is None:  # "Formannskapets behandling 12.03.2024:": the number is in the saksgang table
            row = next((r for r in head.saksgang if r.date == seg.date and seg.body
                        and normalise(r.body) == normalise(seg.body)), None)
            seg.item = row.item if row else None
        t = _treatment(doc, seg, head.arkivsak, head.title or None)
        if t:
            out.append(t)
    return out


def _treatment(doc: DocumentText, seg: Segment, arkivsak: str | None, title: str | None) -> TreatmentRecord | None:
    if not seg.body:
        return None
    parts, lines = split_parts(doc, seg)
    rec = TreatmentRecord(arkivsak, one_line(seg.body), doc.evidence(*seg.head), seg.date, seg.item, title)
    admin = None
    if parts.admin_line is not None:
        admin = read_admin_proposal(doc, lines, parts.admin_line, parts.admin_org)
    members: list[MemberProposal] = []
    statements: list[VoteStatement] = []
    if parts.behandling:
        b0, b1 = parts.behandling
        members = read_member_proposals(doc, b0, b1)
        skip = [mp.span for mp in members]
        common = doc.lower_words or lower_case_words(doc.text)
        rec.introduced_by = _introduced(doc, b0, b1, skip, common)
        rec.participants = _participants(doc, b0, b1, skip, common, rec.introduced_by)
        statements = _statements(doc, b0, b1, skip)
    if parts.decision:
        d0, d1 = parts.decision
        text = clean_block(doc.text[d0:d1])
        if text:
            rec.decision = text
            rec.decision_evidence = doc.evidence(d0, d1)
    _assemble(doc, rec, admin, members, statements)
    plan = plan_title(title, admin.text if admin else None, rec.decision)
    rec.comments = find_comments(doc, rec, parts, [mp.intro for mp in members], plan)
    return rec


def _inside(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= a and b <= e for s, e in spans)


def _participants(doc: DocumentText, start: int, end: int, skip: list[tuple[int, int]], common: frozenset[str],
                  introduced: list[PersonRef]) -> list[PersonRef]:
    """Officials who took part besides the introducer: "Direktør X og kommunalsjef Y svarte på spørsmål"."""
    seen = {p.name for p in introduced}
    out: list[PersonRef] = []
    for ps, pe in behandling_blocks(doc, start, end):
        if _inside(ps, pe, skip):
            continue
        for s0, s1, sent in sentences(doc.text[ps:pe], ps):
            for p in officials_in(sent, common):
                if not already_named(p.name, seen):
                    seen.add(p.name)
                    out.append(PersonRef(p.name, doc.evidence(s0, s1), party=p.party, role=p.role))
    return out


def _introduced(doc: DocumentText, start: int, end: int, skip: list[tuple[int, int]],
                common: frozenset[str] = frozenset()) -> list[PersonRef]:
    """Who introduced the case: "Direktør Kai Erik Lund innledet til saken", "… presenterte …"."""
    out: list[PersonRef] = []
    for ps, pe in behandling_blocks(doc, start, end):
        if _inside(ps, pe, skip):
            continue
        for s0, s1, sent in sentences(doc.text[ps:pe], ps):
            m = _INTRODUCED.search(" " + sent)
            who = sent[: m.start()] if m else None
            passive = _INTRODUCED_BY.search(sent)
            if passive:
                who = passive.group("who")
            if not who or is_intro(sent):
                continue
            for p in people_in(who, common):
                out.append(PersonRef(p.name, doc.evidence(s0, s1), party=p.party, role=p.role))
    return out


def _statements(doc: DocumentText, start: int, end: int, skip: list[tuple[int, int]]) -> list[VoteStatement]:
    out: list[VoteStatement] = []
    for ps, pe in behandling_blocks(doc, start, end):
        if _inside(ps, pe, skip) or is_intro(doc.text[ps:pe]):
            continue
        for s0, s1, sent in sentences(doc.text[ps:pe], ps):
            v = parse_vote(sent, s0, s1)
            if v is not None:
                out.append(v)
    return out


def _resolve(subject: str, members: list[MemberProposal]) -> int | str | None:
    """Which proposal a vote is on: a member's index, "admin", or None when it cannot be told."""
    if _ADMIN_AMENDED.search(subject):
        return "admin"
    keys = mentioned_keys(subject)
    hits = [i for i, mp in enumerate(members) if mp.proposal.proposer and name_keys(mp.proposal.proposer.name) & keys]
    if not hits:
        hits = [i for i, mp in enumerate(members)
                if mp.proposal.proposer is None and mp.proposal.proposer_org
                and re.search(rf"\b{re.escape(mp.proposal.proposer_org.split(',')[0])}\b", subject)]
    if len(hits) > 1:
        points = set(_POINT.findall(subject))
        narrowed = [i for i in hits if points & set(_POINT.findall(members[i].intro))]
        hits = narrowed or hits
    if hits:
        return hits[0]
    if _ADMIN_WORDS.search(subject):
        return "admin"
    capitals = re.findall(r"(?<!^)(?<![.:] )\b[A-ZÆØÅ][a-zæøå]+", subject)
    if not capitals:
        if re.match(r"(?i)^(?:forslaget|framlegget)\b", subject) and len(members) == 1:
            return 0
        if not subject or _GENERIC_START.match(subject):
            return "admin"
    return None


def _person_refs(names: list, evidence) -> list[PersonRef]:
    return [PersonRef(p.name, evidence, party=p.party) for p in names]


def _assemble(doc: DocumentText, rec: TreatmentRecord, admin: Proposal | None, members: list[MemberProposal],
              statements: list[VoteStatement]) -> None:
    """Attach each vote to its proposal, put the administration's proposal first, and set results."""
    resolved: list[tuple[int | str, VoteStatement]] = []
    for st in statements:
        if st.roll_call and resolved and resolved[-1][1].end >= st.start - 400:
            _merge_roll_call(resolved[-1][1], st)
            continue
        target = _resolve(st.subject, members)
        if target is None and st.roll_call:
            target = "admin"
        if target is not None:
            resolved.append((target, st))
    for _, st in resolved:
        if st.roll_call:  # a vote known only from its roll call: the larger side wins
            st.result = "pass" if (st.yes_count or len(st.yes_names)) > (st.no_count or len(st.no_names)) else "fail"
    needs_admin = admin is not None or any(t == "admin" for t, _ in resolved)
    if needs_admin and admin is None:
        org = next((m.group(0).lower() for _, st in resolved if (m := _ORG.search(st.subject))), None)
        admin = Proposal("", rec.evidence, kind="innstilling", proposer_org=_ORG_NAMES.get(org or "", org))
    offset = 1 if needs_admin else 0
    rec.proposals = ([admin] if needs_admin else []) + [mp.proposal for mp in members]
    for target, st in resolved:
        index = 0 if target == "admin" else int(target) + offset
        ev = doc.evidence(st.start, st.end)
        vote = VoteRecord(
            index, st.result, ev, unanimous=st.unanimous, yes_count=st.yes_count, no_count=st.no_count,
            yes_voters=_person_refs(st.yes_names, ev), no_voters=_person_refs(st.no_names, ev),
            chair_double_vote=st.double_vote,
            yes_parties=list(st.parties) if st.party_side == "yes" else [],
            no_parties=list(st.parties) if st.party_side == "no" else [],
        )
        notes = [n for n in (count_mismatch(st.yes_count, st.yes_names), count_mismatch(st.no_count, st.no_names)) if n]
        vote.count_mismatch = "; ".join(notes) or None
        rec.votes.append(vote)
    for i, prop in enumerate(rec.proposals):
        results = [v.result for v in rec.votes if v.proposal == i]
        if results:
            prop.result = "pass" if "pass" in results else "fail"
    # A proposal adopted without a vote of its own: credited in a passing vote, or found in the decision.
    for target, st in resolved:
        m = _CREDIT.search(f"{st.subject} {st.after}")
        if st.result == "pass" and m:
            hit = _resolve(m.group("who") or m.group("who2"), members)
            if isinstance(hit, int) and rec.proposals[hit + offset].result is None:
                rec.proposals[hit + offset].result = "pass"
    if rec.decision:
        decision = normalise(rec.decision)
        for prop in rec.proposals[offset:]:
            head = normalise(re.sub(r"^[\s\-–•*«\"]+", "", prop.text))[:60].lstrip("- ")
            if prop.result is None and len(head) >= 20 and fuzz.partial_ratio(head, decision) >= 92:
                prop.result = "pass"


def _merge_roll_call(vote: VoteStatement, roll: VoteStatement) -> None:
    if roll.roll_call == "for":
        vote.yes_names = vote.yes_names or roll.yes_names
        vote.yes_count = vote.yes_count if vote.yes_count is not None else roll.yes_count
    else:
        vote.no_names = vote.no_names or roll.no_names
        vote.no_count = vote.no_count if vote.no_count is not None else roll.no_count
    vote.end = max(vote.end, roll.end)
