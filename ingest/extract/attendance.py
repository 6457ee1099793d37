"""A protocol's attendance block: members present, substitutes, absentees, officials, chair, secretary, count.

The block is read as labelled sections ("Til stede:", "Forfall:", "Varamedlemmer:", "Fra adm.
møtte:", in bokmål and nynorsk). A section's content is a table (one row per line under a header
such as "Funksjon Navn Møtte for" or "Navn Funksjon Parti Møtte for"), a table shredded column by
column (a "Funksjon" list, then a "Navn" list, then a "Møtte for" list, as OCR reads it), or
running text ("Kari Nordmann (Ap) for Ola Hansen (Ap), Per Olsen (H)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .base import DocumentText
from .personrows import ROLE_RE, Entry, name_key, parse_entry, role_word, scan, split_merged
from .records import Attendance, PersonRef
from .textlines import Line

_MEMBERS = r"(?:medlemmer|medlemmar|medlemar|medlemmane|representanter|representantar|representantane)"
_VARA = r"vara(?:medlemmer|medlemmar|medlemar|medlemmane|representanter|representantar|representantane)"
# kind → the labels that open such a section. The specific labels ("faste medlemmer som ikke møtte",
# "varamedlemmer som møtte") are tried before the general ones ("møtte", "medlemmer").
_SECTION_LABELS: dict[str, list[str]] = {
    "absent": [
        rf"(?:faste\s+)?{_MEMBERS}\s+som\s+(?:ikke|ikkje)\s+møtte",
        rf"(?:følgende|følgjande)\s+(?:faste\s+)?{_MEMBERS}\s+(?:hadde|har)\s+(?:meldt\s+)?forfall",
        rf"(?:faste\s+)?{_MEMBERS}\s+(?:som\s+)?(?:hadde|har)\s+(?:meldt\s+)?forfall",
        r"(?:meldt\s+)?forfall(?:\s+meldt)?(?:\s+(?:fra|frå))?",
        r"fravær|fråvær|fraværende|fråverande|ikke\s+møtt|ikkje\s+møtt",
    ],
    "substitute": [
        rf"(?:(?:følgende|følgjande|desse|disse|møtende|møtande)\s+)?{_VARA}(?:\s+som)?(?:\s+møtte)?",
        r"møtende\s+vara|møtande\s+vara",
    ],
    "official": [
        r"(?:(?:møtende|møtande)\s+)?(?:fra|frå|av)\s+(?:adm\.?|administrasjonen|kommunedirektøren|rådmannen)"
        r"(?:\s+møtte)?",
        r"administrasjonen",
        r"(?:andre|øvrige)\s+(?:til\s+stede|til\s+stades|møtende|møtande|som\s+møtte)",
        r"(?:i\s+tillegg|dessuten|dessutan)\s+møtte",
    ],
    "present": [
        r"til\s+stede|tilstede|til\s+stades|innkalte(?:\s+til\s+møtet)?",
        r"møtedeltakere|møtedeltakarar|deltakere|deltakarar|deltagere",
        r"(?:fra|frå)\s+(?:styret|utvalget|utvalet|rådet)",
        rf"(?:faste\s+)?{_MEMBERS}\s+(?:som\s+)?(?:møtte|til\s+stede|til\s+stades)",
        rf"(?:følgende|følgjande|desse|disse)\s+(?:faste\s+)?(?:{_MEMBERS}\s+)?møtte",
        rf"(?:møtende|møtande)\s+{_MEMBERS}|faste\s+{_MEMBERS}|{_MEMBERS}|møtte",
    ],
}
# Content follows the label after a colon or on the next lines; only the administration's label
# may be followed directly by a name ("Administrasjonen Direktør Kai Erik Lund").
_SECTION_RES = [
    (kind, re.compile(
        rf"^(?P<label>{'|'.join(labels)})\s*(?::\s*|$" + ("|(?=[ ]+[A-ZÆØÅ])" if kind == "official" else "") + ")",
        re.IGNORECASE,
    ))
    for kind, labels in _SECTION_LABELS.items()
]
_BARE_SECTION_RES = [
    (kind, re.compile(rf"^(?P<label>{'|'.join(labels)})\s+", re.IGNORECASE)) for kind, labels in _SECTION_LABELS.items()
]
_CHAIR_RES = [
    re.compile(r"\bmøte(?:t)?\s+(?:ble|vart|blei|blir|er)\s+(?:ledet|leda|leia|leidd|leiet|styrt)\s+av\s+"
               r"(?P<who>.*?)\s*\.?\s*$", re.IGNORECASE),
    re.compile(r"^(?:møteleder|møteleiar|møteleiing|leder\s+av\s+møtet|leiar\s+av\s+møtet|ordstyrer)(?!\w)"
               r"\s*:?\s*(?P<who>.*?)\s*\.?$", re.IGNORECASE),
    re.compile(r"^(?P<who>.+?)\s+(?:ledet|leia|leidde|styrte)\s+møtet\b", re.IGNORECASE),
]
_SECRETARY_RE = re.compile(
    r"^(?:protokollfører|protokollførar|møtesekretær|møtesekretariat|sekretær|referent)"
    r"(?:\s+(?:for|i)\s+[a-zæøå ]+?)?\s*(?::\s*|$|(?=\s+[A-ZÆØÅa-zæøå]))(?P<who>.*)$",
    re.IGNORECASE,
)
_OF = r"(?:av\s+\d{1,3}\s+)?"  # "33 av 35 representanter"
_COUNT_RES = [
    re.compile(rf"\b(?:satt|sett)\s+med\s+(?P<n>\d{{1,3}})\s+{_OF}(?:{_MEMBERS}|møtende|stemmeberettigede)", re.I),
    re.compile(rf"\b(?P<n>\d{{1,3}})\s+{_OF}{_MEMBERS}\s+(?:var\s+|er\s+)?(?:til\s+stede|til\s+stades|tilstede|møtte)",
               re.I),
    re.compile(rf"\b(?:antall|tal\s+på)\s+(?:møtende|møtande|tilstedeværende|fremmøtte|frammøtte)"
               rf"(?:\s+{_MEMBERS})?\s*:?\s*(?P<n>\d{{1,3}})\b", re.I),
    re.compile(rf"\b(?:til\s+stede|møtende|møtande)\s*:\s*(?P<n>\d{{1,3}})\s+{_OF}{_MEMBERS}", re.I),
    re.compile(r"\b(?:lovlig|vedtaksført|beslutningsdyktig)\s+(?:satt\s+)?med\s+(?P<n>\d{1,3})\b", re.I),
]
# Lines that end a section: the next part of the protocol.
_STOP_RE = re.compile(
    r"^(?:merknad|merknader|godkjenning|protokoll(?:en)?\s+(?:godkjen|underskr)|underskrift|det\s+var|møtet\b"
    r"|innkalling|saksliste|sakliste|sakskart|saker\s+til|referatsaker|orientering)",
    re.IGNORECASE,
)
_COLUMNS = [
    ("for", r"møtte\s+(?:i\s+stedet\s+|i\s+staden\s+)?for|vara\s+for|møtende\s+vara\w*|møtande\s+vara\w*"),
    ("name", r"navn|namn"),
    ("role", r"funksjon|rolle|verv|stilling|tittel"),
    ("party", r"parti(?:\s*/\s*liste)?|partinavn|representerer|repr\.|liste|gruppe"),
]
_COLUMN_RE = re.compile("|".join(f"(?P<{k}>{p})" for k, p in _COLUMNS), re.IGNORECASE)
_VARA_ROLE_RE = re.compile(r"^vara", re.IGNORECASE)


@dataclass
class AttendanceBlock:
    """What a protocol's attendance block says."""

    attendance: list[Attendance] = field(default_factory=list)
    officials: list[PersonRef] = field(default_factory=list)
    chair: PersonRef | None = None
    secretary: PersonRef | None = None
    member_count: int | None = None


@dataclass
class _Section:
    kind: str
    label: str
    lines: list[Line] = field(default_factory=list)


def column_header(text: str) -> list[str] | None:
    """The column order of a table header line such as ``Navn / Funksjon / Parti / Møtte for``.

    >>> column_header("Funksjon Navn Møtte for"), column_header("Navn Funksjon Representerer")
    (['role', 'name', 'for'], ['name', 'role', 'party'])
    >>> column_header("Navn Kari") is None
    True
    """
    cols: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        sep = re.compile(r"[\s/|:]+").match(text, pos)
        if sep:
            pos = sep.end()
            continue
        m = _COLUMN_RE.match(text, pos)
        if not m or (m.end() < len(text) and re.match(r"\w", text[m.end()])):
            return None
        cols.append(m.lastgroup or "")
        pos = m.end()
    return cols or None


def section_label(text: str) -> tuple[str, str, int] | None:
    """(kind, label, offset where the content starts) when a line opens an attendance section.

    The label may stand before the table's column labels: ``Forfall Parti Møtande varamedlem``.

    >>> section_label("Forfall:"), section_label("Møtedeltakarar Parti Rolle")
    (('absent', 'Forfall', 8), ('present', 'Møtedeltakarar', 15))
    """
    if column_header(text):
        return None
    for kind, rx in _SECTION_RES:
        m = rx.match(text)
        if m:
            return kind, m.group("label"), m.end()
    for kind, rx in _BARE_SECTION_RES:
        m = rx.match(text)
        if m and column_header(text[m.end():]):
            return kind, m.group("label"), m.end()
    return None


def read_attendance(doc: DocumentText, lines: list[Line]) -> AttendanceBlock:
    """Read the attendance block among ``lines`` (the protocol's opening, before its agenda)."""
    block = AttendanceBlock()
    sections: list[_Section] = []
    current: _Section | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        if not text:
            if current:
                current.lines.append(line)
            i += 1
            continue
        chair = _match_chair(text)
        if chair is not None and block.chair is None:
            who_line = _who_line(line, chair, lines, i)
            if who_line is not None:
                block.chair = _person(doc, who_line)
            current = None
            i += 1
            continue
        sec = _SECRETARY_RE.match(text)
        if sec and block.secretary is None and not section_label(text):
            who_line = _who_line(line, sec, lines, i)
            person = _person(doc, who_line) if who_line is not None else None
            if person is not None:
                block.secretary = person
                if current is not None and current.kind != "official":
                    current = None
                i += 1
                continue
        label = section_label(text)
        if label:
            kind, name, at = label
            current = _Section(kind, name.lower())
            sections.append(current)
            rest = text[at:].strip()
            if rest:
                current.lines.append(Line(rest, line.start + text.index(rest, at), line.end))
        elif _STOP_RE.match(text):
            current = None
        elif current:
            current.lines.append(line)
        i += 1
    block.member_count = _member_count(doc, lines)
    _fill(doc, block, sections)
    return block


def _match_chair(text: str) -> re.Match[str] | None:
    for rx in _CHAIR_RES:
        m = rx.search(text)
        if m:
            return m
    return None


def _who_line(line: Line, m: re.Match[str], lines: list[Line], i: int) -> Line | None:
    """The text naming the person after a label: on the same line, else on the next non-blank line."""
    who = m.group("who").strip()
    if who:
        start = line.start + m.start("who")
        return Line(who, start, start + len(who))
    for nxt in lines[i + 1 : i + 3]:
        if nxt.text:
            return nxt if not section_label(nxt.text) else None
    return None


def _person(doc: DocumentText, line: Line) -> PersonRef | None:
    entry = parse_entry(line.text, base=line.start)
    if entry is None:
        return None
    return PersonRef(entry.name, doc.evidence(entry.start, entry.end), entry.party, entry.role)


def _member_count(doc: DocumentText, lines: list[Line]) -> int | None:
    """The number of members the meeting was constituted with ("møtet ble satt med 13 medlemmer")."""
    if not lines:
        return None
    for rx in _COUNT_RES:
        m = rx.search(doc.text, lines[0].start, lines[-1].end)
        if m:
            return int(m.group("n"))
    return None


def _span(text: str, start: int, end: int) -> Line:
    """A stretch of the document as one line (line breaks read as spaces, so offsets still match)."""
    return Line(re.sub(r"[\n\f]", " ", text[start:end]), start, end)


def _entries(section: _Section, text: str, surname_first: bool = False) -> list[tuple[Entry, Line]]:
    """The entries of a section's content, whatever its layout (``surname_first``: the block's lists are)."""
    content = [ln for ln in section.lines if ln.text]
    singles = [ln for ln in content if (c := column_header(ln.text)) and len(c) == 1]
    if len(singles) >= 2:
        return _shredded(content)
    out: list[tuple[Entry, Line]] = []
    columns: list[str] | None = None
    inverted = _surname_first(content, 1 if surname_first else 2)
    for piece in (content if inverted else _pieces(section.lines, text)):
        header = column_header(piece.text)
        if header:
            # "Møtedeltakarar Parti Rolle": the label stands over the names.
            columns = header if "name" in header else ["name", *header]
            continue
        entry = parse_entry(piece.text, columns, piece.start, inverted)
        if entry is not None:
            out.append((entry, piece))
    return out


_SURNAME_FIRST_RE = re.compile(r"^[A-ZÆØÅ][\wæøå'’-]+,\s+[A-ZÆØÅ][^,]*$")


def _surname_first(content: list[Line], min_rows: int = 2) -> bool:
    """A list written "Hansen, Ola (H)", one person a line: every row has one comma after one word."""
    rows = [ln.text for ln in content if not column_header(ln.text)]
    rows = [ROLE_RE.sub("", row, count=1).strip() if role_word(row) else row for row in rows]
    return len(rows) >= min_rows and all(_SURNAME_FIRST_RE.match(row) for row in rows)


def _pieces(lines: list[Line], text: str) -> list[Line]:
    """Split content into entries: one per line, or per comma/"og" in running text (wrapped lines joined)."""
    content = [ln for ln in lines if ln.text]
    running = any(re.search(r",\s*\S|,$|\s+og\s+[A-ZÆØÅ]", ln.text) for ln in content)
    if not running:
        return content
    # Join wrapped lines: a line break inside a name ("Per\nOlsen (Sp)") is not an entry boundary.
    joined: list[Line] = []
    for ln in content:
        if joined:
            prev = joined[-1]
            tail = re.split(r"[,;]|\s+og\s+", prev.text)[-1].strip()
            segs = scan(tail)
            wrapped = (
                not re.search(r"[,;)]$", prev.text)
                and re.match(r"^[A-ZÆØÅa-zæøå]", ln.text)
                and (sum(s.words for s in segs if s.kind == "name") == 1 or (segs and segs[-1].kind == "role"))
            )
            if wrapped:
                joined[-1] = _span(text, prev.start, ln.end)
                continue
        joined.append(ln)
    pieces: list[Line] = []
    for ln in joined:
        pos = 0
        for m in list(re.finditer(r"\s*(?:[,;]|\s+og\s+)\s*", ln.text)) + [None]:
            end = m.start() if m else len(ln.text)
            chunk = ln.text[pos:end]
            if chunk.strip():
                lead = len(chunk) - len(chunk.lstrip())
                piece = Line(chunk.strip(), ln.start + pos + lead, ln.start + pos + lead + len(chunk.strip()))
                # A piece with a role or party only ("ordfører (AP)") belongs to the entry before it.
                if pieces and not any(s.kind == "name" for s in scan(piece.text)):
                    prev = pieces[-1]
                    pieces[-1] = _span(text, prev.start, piece.end)
                else:
                    pieces.append(piece)
            pos = m.end() if m else len(ln.text)
    return pieces


def _shredded(content: list[Line]) -> list[tuple[Entry, Line]]:
    """A table read column by column: a label line, then that column's values, for each column."""
    columns: list[tuple[str, list[Line]]] = []
    for ln in content:
        header = column_header(ln.text)
        if header and len(header) == 1:
            columns.append((header[0], []))
        elif header:
            continue
        elif columns:
            columns[-1][1].append(ln)
    by_kind = {kind: values for kind, values in columns}
    names = by_kind.get("name", [])
    rows: list[tuple[Entry, Line]] = []
    for ln in names:
        entry = parse_entry(ln.text, None, ln.start)
        if entry is not None:
            rows.append((entry, ln))
    if len(rows) != len(names):
        return rows
    roles = by_kind.get("role", [])
    if len(roles) == len(rows):
        for (entry, _), role in zip(rows, roles):
            entry.role = role_word(role.text) or role.text.lower()
            entry.role_phrase = role.text.lower()
    parties = by_kind.get("party", [])
    if len(parties) == len(rows):
        for (entry, _), party in zip(rows, parties):
            entry.party = entry.party or party.text.strip("()")
    subs = [parse_entry(ln.text, None, ln.start) for ln in by_kind.get("for", [])]
    subs_ok = [s for s in subs if s is not None]
    if len(subs_ok) == len(rows):
        targets = [entry for entry, _ in rows]
    else:
        # The "Møtte for" column only has values on the substitutes' rows: pair them in order.
        targets = [entry for entry, _ in rows if entry.role and _VARA_ROLE_RE.match(entry.role)]
    if len(targets) == len(subs_ok):
        for entry, sub in zip(targets, subs_ok):
            entry.sub_name, entry.sub_start, entry.sub_end, entry.sub_party = (
                sub.name, sub.name_start, sub.end, sub.party
            )
    return rows


def _fill(doc: DocumentText, block: AttendanceBlock, sections: list[_Section]) -> None:
    surname_first = any(_surname_first([ln for ln in s.lines if ln.text]) for s in sections)
    parsed = [(s, _entries(s, doc.text, surname_first)) for s in sections]
    absent_names = [e.name for s, entries in parsed if s.kind == "absent" for e, _ in entries]
    present: list[Attendance] = []
    absent: list[Attendance] = []
    for section, entries in parsed:
        for entry, _line in entries:
            if entry.merged and entry.sub_name is None:
                split = split_merged(entry.name, absent_names)
                at = re.search(r"\s+".join(map(re.escape, split[1].split())) + r"$",
                               doc.text[entry.name_start:entry.name_end]) if split else None
                if split and at:
                    entry.name = split[0]
                    entry.sub_name, entry.sub_start = split[1], entry.name_start + at.start()
                    entry.sub_end, entry.name_end = entry.name_start + at.end(), entry.name_start + at.start()
            ev = doc.evidence(entry.start, entry.end)
            if section.kind == "official":
                block.officials.append(PersonRef(entry.name, ev, entry.party, entry.role_phrase or entry.role))
                continue
            role = entry.role
            if role is None and section.kind == "substitute":
                role = "varamedlem"
            person = PersonRef(entry.name, ev, entry.party, role)
            sub_for = None
            if entry.sub_name and entry.sub_start is not None and entry.sub_end is not None:
                sub_for = PersonRef(entry.sub_name, doc.evidence(entry.sub_start, entry.sub_end), entry.sub_party)
            if section.kind == "absent" and sub_for is not None:
                # A row of the absence list naming who came instead ("Forfall / Møtande varamedlem").
                stand_in = PersonRef(sub_for.name, sub_for.evidence, entry.sub_party, "varamedlem")
                replaced = PersonRef(entry.name, ev, entry.party)
                twin = _find(present, stand_in.name)
                if twin is None:
                    present.append(Attendance(stand_in, True, replaced))
                else:
                    twin.substitute_for = twin.substitute_for or replaced
                sub_for = None
            record = Attendance(person, section.kind != "absent", sub_for)
            target = absent if section.kind == "absent" else present
            twin = _find(target, entry.name)
            if twin is None:
                target.append(record)
            else:
                twin.substitute_for = twin.substitute_for or sub_for
                twin.person.party = twin.person.party or entry.party
                twin.person.role = twin.person.role or role
    # "Innkalte" lists everyone summoned: those who sent apologies were not there.
    if any(s.label.startswith("innkalte") for s in sections):
        present = [a for a in present if _find(absent, a.person.name) is None]
    block.attendance = present + absent
    if block.secretary is None:
        # A secretary listed among the officials ("Kari Hansen, møtesekretær") is the secretary.
        for official in block.officials:
            if official.role and re.search(r"sekretær|protokollfør", official.role):
                block.secretary = official
                break


def _find(records: list[Attendance], name: str) -> Attendance | None:
    """The record of the same person, by name as printed (two similar names stay two people)."""
    key = name_key(name)
    return next((r for r in records if name_key(r.person.name) == key), None)
