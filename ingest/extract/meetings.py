"""Meetings from møteinnkalling, sakskart and møteprotokoll: body, date, time, place, attendance, agenda."""

from __future__ import annotations

import re
from typing import Any

from .agenda import agenda_start, read_agenda
from .attendance import read_attendance
from .base import DocumentText, Evidence
from .mentions import already_named, lower_case_words, officials_in
from .meeting_header import Header, clean_body, heading_match, read_header
from .personrows import name_key
from .records import MeetingRecord, PersonRef
from .textlines import Line, find_date, norm_time, split_lines
from .textspan import sentences

DOCUMENT_TYPES = {"møteinnkalling", "sakskart", "møteprotokoll"}
# Notices and agendas say what is planned; only a protocol says who came.
_NOTICE_TYPES = {"møteinnkalling", "sakskart"}
# Where a protocol's opening ends if it prints no agenda: the first treatment.
_TREATMENT_RE = re.compile(r"^(?:behandlet\s+av|behandling|vedtak|saksprotokoll|(?:PS|Sak)\s+\d{1,4}/\d{2,4}\s)", re.I)
_OPENING_LINES = 200
# The end of a meeting noted at the close of its protocol: "Møtet hevet kl. 21.45".
_CLOSED_RE = re.compile(
    r"\bmøtet\s+(?:ble\s+|vart\s+|blei\s+)?(?:hevet|heva|avsluttet|avslutta|slutt)\s+(?:kl\.?\s*)?"
    r"(?P<time>(?:[01]?\d|2[0-3])[:.][0-5]\d)",
    re.IGNORECASE,
)


def extract_meetings(doc: DocumentText) -> list[MeetingRecord]:
    """The meetings a document describes: usually one; a document holding several protocols gives several.

    A møteinnkalling or sakskart gives body, date, time, place and agenda; a møteprotokoll adds the
    chair, secretary, attendance, officials and member count. A sakskart that prints no heading of its
    own takes body and date from its document title (which the splitter takes from the notice).
    """
    lines = split_lines(doc.text)
    records: list[MeetingRecord] = []
    for part in _parts(lines):
        record = _read_meeting(doc, part)
        if record is None:
            continue
        if records and (records[-1].body, records[-1].date) == (record.body, record.date):
            _absorb(records[-1], record)
        else:
            records.append(record)
    return records


def _parts(lines: list[Line]) -> list[list[Line]]:
    """Split at each meeting heading that opens a block with its own date (several protocols in one document)."""
    headings = [
        i for i, line in enumerate(lines)
        if line.text and heading_match(line.text)
        and not line.text.lower().startswith(("saksliste", "sakskart")) and read_header(lines[i : i + 30]).date
    ]
    # What comes before the first heading (a logo, a page header) belongs to the first meeting.
    starts = [0] + headings[1:]
    return [lines[a:b] for a, b in zip(starts, starts[1:] + [len(lines)])]


def _read_meeting(doc: DocumentText, lines: list[Line]) -> MeetingRecord | None:
    cut = agenda_start(lines)
    if cut is None:
        cut = next((i for i, ln in enumerate(lines) if ln.text and _TREATMENT_RE.match(ln.text)), None)
    opening = lines[: min(cut if cut is not None else len(lines), _OPENING_LINES)]
    header = read_header(opening)
    body, date = header.body, header.date
    if body is None or date is None:
        title_body, title_date = _from_title(doc.document.title)
        body = body or title_body
        date = date or title_date
    if body is None or date is None:
        return None
    record = MeetingRecord(
        body=body,
        date=date,
        evidence=_header_evidence(doc, header, lines),
        start_time=header.start_time,
        end_time=header.end_time,
        place=header.place,
        document_type=doc.document.doc_type,
    )
    if doc.document.doc_type not in _NOTICE_TYPES:
        if record.end_time is None and lines:
            closed = _CLOSED_RE.search(doc.text, lines[0].start, lines[-1].end)
            if closed:
                record.end_time = norm_time(closed.group("time"))
        block = read_attendance(doc, opening)
        record.attendance = block.attendance
        record.officials = block.officials + _took_part(doc, lines[len(opening):], block)
        record.chair = block.chair
        record.secretary = block.secretary
        record.member_count = block.member_count
    record.agenda = read_agenda(doc, lines)
    return record


def _from_title(title: str) -> tuple[str | None, str | None]:
    """Body and date from a meeting document's title, written "<body> <date>" ("Formannskapet 13.02.2024")."""
    found = find_date(title or "")
    if not found or title[found[1].end():].strip():
        return None, None
    return clean_body(title[: found[1].start()]), found[0]


def _header_evidence(doc: DocumentText, header: Header, lines: list[Line]) -> Evidence:
    if header.start is not None and header.end is not None:
        return doc.evidence(header.start, header.end)
    first = next((ln for ln in lines if ln.text), None)
    return doc.evidence(first.start, first.end) if first else doc.evidence(0, 0)


def _absorb(into: MeetingRecord, other: MeetingRecord) -> None:
    """Fold a second block about the same meeting (a heading repeated on a later page) into the first."""
    for name in ("start_time", "end_time", "place", "chair", "secretary", "member_count"):
        if getattr(into, name) is None:
            setattr(into, name, getattr(other, name))
    into.attendance.extend(other.attendance)
    into.officials.extend(other.officials)
    known = {item.item_number for item in into.agenda}
    into.agenda.extend(item for item in other.agenda if item.item_number not in known)


def _took_part(doc: DocumentText, lines: list[Line], block) -> list[PersonRef]:  # noqa: ANN001 - an AttendanceBlock
    """Officials the protocol says presented or answered in the meeting (orienteringer, referatsaker)."""
    if not lines:
        return []
    start, end = lines[0].start, lines[-1].end
    common = doc.lower_words or lower_case_words(doc.text)
    seen = {p.name for p in block.officials} | {a.person.name for a in block.attendance}
    out: list[PersonRef] = []
    for s0, s1, sent in sentences(doc.text[start:end], start):
        for p in officials_in(sent, common):
            if not already_named(p.name, seen):
                seen.add(p.name)
                out.append(PersonRef(p.name, doc.evidence(s0, s1), party=p.party, role=p.role))
    return out


# --- facts in the gold shape -------------------------------------------------------------------

_PRIORITY = {"møteprotokoll": 0, "møteinnkalling": 1, "sakskart": 2}


def _norm(text: str | None) -> str:
    return re.sub(r"[\s\-–—]+", " ", (text or "").strip()).casefold()


def _ev(evidence: Evidence) -> dict[str, Any]:
    return {"source_id": evidence.source_id, "page": evidence.page, "quote": evidence.quote}


def meeting_facts(records: list[MeetingRecord]) -> list[dict[str, Any]]:
    """Facts in the gold shape (``{"kind", "fact", "evidence"}``), one per distinct fact.

    Records of one meeting (body and date) from several documents are merged: the protocol's
    values win over the notice's, and a fact printed twice is given once.

    >>> from ingest.extract.base import Evidence
    >>> ev = Evidence("s", 1, 0, 1, "x")
    >>> [f["kind"] for f in meeting_facts([MeetingRecord("Formannskapet", "2024-03-12", ev, "18:00")])]
    ['meeting']
    """
    groups: dict[tuple[str, str], list[MeetingRecord]] = {}
    for record in sorted(records, key=lambda r: _PRIORITY.get(r.document_type or "", 3)):
        groups.setdefault((_norm(record.body), record.date), []).append(record)
    out: list[dict[str, Any]] = []
    for group in groups.values():
        out.extend(_group_facts(group))
    return out


def _group_facts(group: list[MeetingRecord]) -> list[dict[str, Any]]:
    first = group[0]
    body, date = first.body, first.date
    meeting = {"body": body, "date": date, "start_time": None, "end_time": None, "place": None}
    for record in group:
        for key in ("start_time", "end_time", "place"):
            meeting[key] = meeting[key] or getattr(record, key)
    out: list[dict[str, Any]] = [{"kind": "meeting", "fact": meeting, "evidence": _ev(first.evidence)}]
    seen: set[tuple[str, str]] = set()

    def add(kind: str, key: str, fact: dict[str, Any], evidence: Evidence) -> None:
        """Add a fact unless one of its kind was given under the same key (a name, an item number)."""
        if (kind, name_key(key)) in seen:
            return
        seen.add((kind, name_key(key)))
        out.append({"kind": kind, "fact": {"body": body, "date": date, **fact}, "evidence": _ev(evidence)})

    for record in group:
        for kind, person in (("chair", record.chair), ("secretary", record.secretary)):
            if person is not None:
                add(kind, "", {"name": person.name}, person.evidence)
        if record.member_count is not None:
            add("member_count", "", {"count": record.member_count}, record.evidence)
        for a in record.attendance:
            p = a.person
            if a.present:
                add("attendee", p.name, {"name": p.name, "party": p.party, "role": p.role}, p.evidence)
            else:
                add("absentee", p.name, {"name": p.name}, p.evidence)
            if a.present and a.substitute_for is not None:
                add("substitution", p.name, {"substitute": p.name, "substitute_for": a.substitute_for.name}, p.evidence)
        for item in record.agenda:
            add("agenda_item", item.item_number, {"item_number": item.item_number, "title": item.title}, item.evidence)
    return out


__all__ = ["DOCUMENT_TYPES", "extract_meetings", "meeting_facts"]
