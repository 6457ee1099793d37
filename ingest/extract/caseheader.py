"""The heading block of a saksframlegg or saksprotokoll: arkivsak, case officers, saksgang, title, proposal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..doctypes import BEHANDLET, CASE_NUMBER, DATE, heading_type, label_of, normalise_case_number
from .base import DocumentText
from .mentions import person_at_end
from .names import ParsedName
from .proposals import SECTION_STOP, admin_heading, read_admin_proposal
from .records import Proposal
from .saksgang import HEADER_RE, SaksgangRow, is_body_name, parse_rows
from .sections import BEHANDLING_H, DECISION_H, is_treatment_start
from .textspan import ITEM_RE, Line, is_noise, lines_of

_NUMBER_LABELS = (
    "arkivsak", "arivsak", "arkivsaksnr", "arkivsak-dok", "arkivsaksnummer", "saksnr", "sak nr", "saksnummer",
    "saks-/dok.nr", "journalpost", "journalpostid", "vår ref", "vår referanse", "løpenr", "arkivsaksnr.",
)
_OFFICER_LABELS = ("saksbehandler", "sakshandsamar", "saksbehandlar", "saksansvarlig", "saksansvarleg")
_ALL_LABELS = _NUMBER_LABELS + _OFFICER_LABELS + (
    "arkiv", "arkivkode", "behandles av", "behandlet av", "behandlast av", "møtedato", "utvalgssak",
    "utvalssak", "saksgang", "dato", "tittel", "sakstittel", "gradering", "klassering",
)
# A line that starts the body of a case document: everything above it is heading.
_TREATED = re.compile(r"\b(?:har|hadde)\s+(?:behandlet|handsama|behandla)\s+(?:saken|saka)\b", re.I)


@dataclass
class CaseHeader:
    """What the heading block of one case document says."""

    arkivsak: str | None = None
    journalpost: str | None = None
    number_span: tuple[int, int] | None = None
    officers: list[tuple[ParsedName, int, int]] = field(default_factory=list)
    saksgang: list[SaksgangRow] = field(default_factory=list)
    title: str = ""
    title_span: tuple[int, int] | None = None
    proposal: Proposal | None = None
    end: int = 0


def _strip(s: str) -> str:
    return s.replace("**", "").strip()


def _is_label(s: str) -> bool:
    return label_of(_strip(s), _ALL_LABELS) is not None


def _anchor(lines: list[Line]) -> int:
    """Index of the first line below the heading block (proposal, 'har behandlet saken', a section)."""
    for i, ln in enumerate(lines):
        s = _strip(ln.text)
        if not s or HEADER_RE.match(s):
            continue
        if admin_heading(s)[0] or _TREATED.search(s) or is_treatment_start(s):
            return i
        if BEHANDLING_H.match(s) or (DECISION_H.match(s) and not re.match(r"(?i)^dato", s)):
            return i
        if SECTION_STOP.match(s) and len(s) < 70 and not s.endswith("."):
            return i
    return len(lines)


def _read_number(lines: list[Line], doc: DocumentText, head: CaseHeader) -> None:
    pending = 0
    first: tuple[re.Match, Line] | None = None
    for ln in lines:
        s = _strip(ln.text)
        if not s:
            continue
        labelled = label_of(s, _NUMBER_LABELS) is not None
        if labelled:
            pending = 4
        m = CASE_NUMBER.search(s)
        if m and first is None:
            first = (m, ln)
        if m and pending > 0:
            first = (m, ln)
            break
        pending -= 0 if labelled else 1
    if first is None:
        head.arkivsak, head.journalpost = doc.document.arkivsak, doc.document.journalpost
        return
    m, ln = first
    head.arkivsak, head.journalpost = normalise_case_number(m)
    off = doc.text.find(m.group(0), ln.start)
    head.number_span = (off, off + len(m.group(0)))


def _person_line(s: str) -> ParsedName | None:
    """A line that is nothing but a person's name (a case officer)."""
    s = _strip(s)
    if not s or DATE.search(s) or re.search(r"\d", s) or is_body_name(s) or _is_label(s):
        return None
    p = person_at_end(s)
    if p is None or len(s.split()) > len(p.name.split()) + (1 if p.party else 0):
        return None
    return p


def _read_officers(lines: list[Line], doc: DocumentText, head: CaseHeader) -> None:
    for i, ln in enumerate(lines):
        s = _strip(ln.text)
        label = label_of(s, _OFFICER_LABELS)
        first_label = label_of(s, _ALL_LABELS)
        if label is None and not (first_label and re.search(r"(?i)\b(?:saksbehandler|sakshandsamar)\b", s)):
            continue
        found: list[tuple[ParsedName, int, int]] = []
        m = re.search(r"(?i)(?:saksbehandler|sakshandsamar|saksbehandlar|saksansvarlig|saksansvarleg)\s*:?\s*(.*)$", s)
        same_line = m.group(1).strip() if m else ""
        j = i + 1
        if same_line and not _is_label(same_line):
            p = _person_line(same_line)
            if p:
                start = doc.text.find(same_line, ln.start)
                found.append((p, start, start + len(same_line)))
        else:
            # The value is on a later line, after a case number when both labels share a line.
            while j < len(lines) and not _strip(lines[j].text):
                j += 1
            while j < len(lines):
                t = _strip(lines[j].text)
                cm = CASE_NUMBER.search(t)
                rest = t[cm.end():].strip() if cm else t
                if cm and not rest:
                    j += 1
                    continue
                p = _person_line(rest)
                if p:
                    start = doc.text.find(rest, lines[j].start)
                    found.append((p, start, start + len(rest)))
                    j += 1
                break
        # Further officers on the following lines, and a surname wrapped onto its own line.
        while found and j < len(lines):
            t = _strip(lines[j].text)
            if t:
                p = _person_line(t)
                if p is None:
                    break
                if " " not in p.name and not p.party:
                    found[-1] = (ParsedName(f"{found[-1][0].name} {p.name}"), found[-1][1], lines[j].end)
                else:
                    found.append((p, lines[j].start, lines[j].end))
                j += 1
                continue
            k = j
            while k < len(lines) and not _strip(lines[k].text):
                k += 1
            t = _strip(lines[k].text) if k < len(lines) else ""
            after = next((_strip(x.text) for x in lines[k + 1 :] if _strip(x.text)), "")
            p = _person_line(t) if t else None
            if p and " " not in p.name and (_is_label(after) or HEADER_RE.match(after)):
                found[-1] = (ParsedName(f"{found[-1][0].name} {p.name}"), found[-1][1], lines[k].end)
            break
        head.officers = found
        return


def _read_saksgang(lines: list[Line], head: CaseHeader) -> set[int]:
    """Fill the saksgang; returns the indexes of the lines the table used."""
    start = next((i for i, ln in enumerate(lines) if HEADER_RE.match(_strip(ln.text))), None)
    if start is None:
        # No header printed: body names directly above a lone "Møtedato" label.
        label = next((i for i, ln in enumerate(lines) if re.fullmatch(r"(?i)møtedato\s*:?", _strip(ln.text))), None)
        if label is None:
            return set()
        start = label
        while start > 0 and (not _strip(lines[start - 1].text) or is_body_name(_strip(lines[start - 1].text))):
            start -= 1
        start -= 1
    rows = parse_rows(lines[start + 1 :])
    head.saksgang = rows
    if not rows:
        return {start}
    last = max(r.end for r in rows)
    return {i for i, ln in enumerate(lines) if i >= start and ln.start <= last}


def _is_meta(s: str) -> bool:
    s = _strip(s)
    if _is_label(s) or is_noise(s) or heading_type(s) or CASE_NUMBER.search(s):
        return True
    if re.match(r"^\d{1,2}\s+\S", s) and (DATE.search(s) or ITEM_RE.search(s)):
        return True
    stripped = ITEM_RE.sub("", DATE.sub("", s))
    return not re.search(r"[A-Za-zÆØÅæøå]{3}", stripped)


def _read_title(lines: list[Line], used: set[int], doc: DocumentText, head: CaseHeader) -> None:
    spans = [(a, b) for _, a, b in head.officers]
    para: list[int] = []
    for i in range(len(lines) - 1, -1, -1):
        s = _strip(lines[i].text)
        if not s:
            if para:
                break
            continue
        officer = any(a <= lines[i].start < b or a < lines[i].end <= b for a, b in spans)
        meta = i in used or officer or _is_meta(s)
        if meta:
            if para:
                break
            continue
        para.insert(0, i)
        if len(para) >= 3:
            break
    if para:
        head.title = re.sub(r"\s+", " ", " ".join(_strip(lines[i].text) for i in para)).strip()
        head.title_span = (lines[para[0]].start, lines[para[-1]].end)
    elif doc.document.title:
        head.title = doc.document.title


def read_case_header(doc: DocumentText) -> CaseHeader:
    """Read the heading block of a saksframlegg or saksprotokoll, and the administration's proposal."""
    lines = lines_of(doc.text)
    anchor = _anchor(lines)
    head_lines = lines[:anchor]
    head = CaseHeader(end=lines[anchor].start if anchor < len(lines) else len(doc.text))
    _read_number(head_lines, doc, head)
    _read_officers(head_lines, doc, head)
    used = _read_saksgang(head_lines, head)
    _read_title(head_lines, used, doc, head)
    limit = len(lines)
    if doc.document.doc_type == "saksprotokoll":
        limit = next(
            (i for i, ln in enumerate(lines) if _TREATED.search(ln.text) or BEHANDLET.match(ln.text)
             or re.fullmatch(r"(?i)(?:behandling|handsaming|møtebehandling)\s*:?", _strip(ln.text))),
            len(lines),
        )
    for i in range(anchor, limit):
        found, org = admin_heading(lines[i].text)
        if found:
            head.proposal = read_admin_proposal(doc, lines, i, org)
            break
    return head
