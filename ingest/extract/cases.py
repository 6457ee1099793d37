"""Cases from saksframlegg, saksprotokoll and møteprotokoll items: arkivsak, title, officers, saksgang, proposal, plan."""

from __future__ import annotations

from .base import DocumentText
from .caseheader import read_case_header
from .facts import case_facts
from .caseplan import plan_title
from .proposals import read_admin_proposal
from .records import CaseRecord, PersonRef, SaksgangEntry
from .saksgang import HEADER_RE, parse_rows
from .sections import meeting_items, saksprotokoll_segments, split_parts

DOCUMENT_TYPES = {"saksframlegg", "saksprotokoll", "møteprotokoll"}

__all__ = ["DOCUMENT_TYPES", "case_facts", "extract_cases"]


def extract_cases(doc: DocumentText) -> list[CaseRecord]:
    """The case a saksframlegg or saksprotokoll presents, or the cases a møteprotokoll's items treat.

    A case document with no arkivsak printed (nor one found by the splitter) gives nothing: the
    graph keys cases on their arkivsak.
    """
    if doc.document.doc_type == "møteprotokoll":
        return _meeting_cases(doc)
    if doc.document.doc_type not in ("saksframlegg", "saksprotokoll"):
        return []
    head = read_case_header(doc)
    if not head.arkivsak or not head.title:
        return []
    span = head.title_span or head.number_span or (0, min(len(doc.text), 80))
    record = CaseRecord(head.arkivsak, head.title, doc.evidence(*span), journalpost=head.journalpost)
    record.case_officers = [
        PersonRef(p.name, doc.evidence(a, b), party=p.party, role="saksbehandler") for p, a, b in head.officers
    ]
    record.saksgang = [
        SaksgangEntry(r.order, r.body, doc.evidence(r.start, r.end), r.date, r.item) for r in head.saksgang
    ]
    record.proposal = head.proposal
    record.plan_title = plan_title(head.title, head.proposal.text if head.proposal else None, *_decisions(doc))
    return [record]


def _decisions(doc: DocumentText) -> list[str]:
    """The decision texts of a saksprotokoll: where it prints no proposal, they name the plan."""
    if doc.document.doc_type != "saksprotokoll":
        return []
    out = []
    for seg in saksprotokoll_segments(doc):
        parts, _ = split_parts(doc, seg)
        if parts.decision:
            out.append(doc.text[parts.decision[0] : parts.decision[1]])
    return out


def _meeting_cases(doc: DocumentText) -> list[CaseRecord]:
    """One case per treated item of a møteprotokoll whose arkivsak is known (from the saksliste)."""
    out: list[CaseRecord] = []
    for seg in meeting_items(doc):
        if not seg.arkivsak or not seg.title:
            continue
        record = CaseRecord(seg.arkivsak, seg.title, doc.evidence(*seg.head), journalpost=seg.journalpost)
        parts, lines = split_parts(doc, seg)
        table = [i for i, ln in enumerate(lines) if HEADER_RE.match(ln.text.replace("**", ""))]
        if table:
            first = table[0]
            stop = parts.admin_line if parts.admin_line is not None else len(lines)
            rows = parse_rows(lines[first + 1 : stop])
            record.saksgang = [
                SaksgangEntry(r.order, r.body, doc.evidence(r.start, r.end), r.date, r.item) for r in rows
            ]
        if parts.admin_line is not None:
            record.proposal = read_admin_proposal(doc, lines, parts.admin_line, parts.admin_org)
        record.plan_title = plan_title(seg.title, record.proposal.text if record.proposal else None)
        out.append(record)
    return out

