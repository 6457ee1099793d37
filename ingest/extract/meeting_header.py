"""A meeting document's heading block: the body, date, start and end time and place of the meeting.

Three layouts are read: labelled fields (``Møtedato: 12.03.2024``, ``Møtestad: Heradshuset``,
``Frå – til: 09:00 – 14:30``, several on one line or the value on the next line), a header row
with its values on the next line (``Dato Tid Sted`` / ``17.01.2023 18:00 – 20:51 Asker rådhus``),
and the body named in the heading (``Møteprotokoll for Kommunestyret``) or on the line under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textlines import DATE_RE, Line, find_date, iso_date, norm_time

_FIELDS = [
    ("body", r"styre\s*[,/]\s*råd\s*[,/]\s*(?:og\s+)?utval[g]?|utvalgsnavn|utvalg|utval|organ"
             r"|møte\s+i|møtegruppe"),
    ("date", r"møtedato|dag\s*/\s*dato|møtedag|dato"),
    ("time", r"fr[aå]\s*(?:kl\.?\s*)?[-–—]\s*til(?:\s*kl\.?)?|fr[aå]\s+kl\.?"
             r"|tidspunkt|møtetid|klokkeslett|møtestart|tid"),
    ("place", r"møtested|møtestad|møterom|møtelokale|lokale|sted|stad"),
]
_FIELD_RE = re.compile("|".join(f"(?P<{k}>{p})" for k, p in _FIELDS), re.IGNORECASE)
_LABEL_COLON_RE = re.compile(rf"(?:^|(?<=\s))(?:{_FIELD_RE.pattern})\s*:", re.IGNORECASE)
HEADING_RE = re.compile(
    r"^(?P<kind>møteprotokoll|protokoll|møteinnkalling|innkalling|sakskart|saksliste|møtebok|møtereferat)"
    r"(?:\s+og\s+\w+)?(?!\w)"
    r"(?:\s*[-–:]?\s*(?:(?:fra|frå)\s+(?:møte[t]?\s+i\s+|møte[t]?\s+)?|(?:for|til)\s+(?:møte[t]?\s+i\s+)?|i\s+)?"
    r"(?P<body>\S.*?))?\s*$",
    re.IGNORECASE,
)
# A body's name holds a word such as utvalg, råd, styre, formannskap, komité, nemnd or ting.
BODY_WORD_RE = re.compile(
    r"\w*(?:utvalget|utvalet|utvalg|utval|rådet|råd|styret|styre|skapet|skap|komit[eé]\w*|nemnda?|tinget|ting)\b",
    re.IGNORECASE,
)
_WEEKDAYS_RE = re.compile(
    r"\b(?:den\s+)?(?:mandag|måndag|tirsdag|tysdag|onsdag|torsdag|fredag|lørdag|laurdag|søndag|sundag)\b"
    r"\s*(?:den\s*)?",
    re.IGNORECASE,
)
_T = r"(?:[01]?\d|2[0-3])[:.][0-5]\d"
_TIMES_RE = re.compile(
    rf"(?:(?:kl\.?|klokka|klokken|fra|frå)\s*)?(?<![\d.:])(?P<start>{_T})(?![\d:])"
    rf"(?:(?:\s*(?:-|–|—|til)\s*|\s+)(?:ca\.?\s*)?(?:(?:kl\.?|klokka|klokken)\s*)?(?P<end>{_T})(?![\d:]))?",
    re.IGNORECASE,
)
# "kl. 18" with no minutes.
_HOUR_RE = re.compile(
    r"\b(?:kl\.?|klokka|klokken)\s*(?P<start>\d{1,2})(?![\d.:])"
    r"(?:\s*(?:-|–|—|til)\s*(?:(?:kl\.?|klokka|klokken)\s*)?(?P<end>\d{1,2}(?:[:.][0-5]\d)?)(?![\d.:]))?",
    re.IGNORECASE,
)


@dataclass
class Header:
    """What the heading block says, with the span of the document it was read from."""

    body: str | None = None
    date: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    place: str | None = None
    start: int | None = None
    end: int | None = None

    def cover(self, line: Line) -> None:
        """Widen the span read to include ``line``."""
        self.start = line.start if self.start is None else min(self.start, line.start)
        self.end = line.end if self.end is None else max(self.end, line.end)


def clean_body(text: str) -> str | None:
    """A body's name as printed, with case normalised when printed in capitals.

    >>> clean_body("KOMMUNESTYRET"), clean_body("Utvalg for oppvekst 17.01.2023")
    ('Kommunestyret', 'Utvalg for oppvekst')
    """
    text = _WEEKDAYS_RE.sub("", DATE_RE.sub("", text))
    text = re.sub(r"\s+", " ", text).strip(" ,:;-–")
    if not text or not BODY_WORD_RE.search(text):
        return None
    if text.isupper():
        text = text[:1] + text[1:].lower()
    return text


def heading_match(text: str) -> re.Match[str] | None:
    """A meeting document's heading line ("Møteprotokoll", "Protokoll fra møte i Formannskapet
    12.03.2024"), not a sentence that starts the same way.

    >>> [bool(heading_match(t)) for t in ("MØTEINNKALLING", "Møtebok for Fellesnemnd 07.09.2017 kl. 12")]
    [True, True]
    >>> heading_match("Protokoll fra møte i utvalg for oppvekst 29.11.22 godkjennes slik den") is None
    True
    """
    text = text.strip()
    m = HEADING_RE.match(text)
    if not m or len(text) > 120 or text.endswith("."):
        return None
    body = m.group("body") or ""
    date = find_date(body)
    if date and re.sub(r"kl\.?|[\d:.\s–-]", "", body[date[1].end():]):
        return None  # words after the date: a sentence about the meeting
    if not _WEEKDAYS_RE.sub("", DATE_RE.sub("", body)).strip(" ,-–"):
        return m  # nothing but a date: "Møteprotokoll 12.03.2024"
    name = clean_body(body)
    if name is None or len(name.split()) > 8:
        return m if not date and len(body.split()) <= 3 else None
    return m


def parse_times(text: str) -> tuple[str | None, str | None, int, int]:
    """(start, end, span start, span end) of the first time or time range in ``text``.

    >>> parse_times("kl. 18.00 - 22.15 i salen")[:2], parse_times("Fra kl. 9:00 til kl. 14:30")[:2]
    (('18:00', '22:15'), ('09:00', '14:30'))
    >>> parse_times("Fredag 4. april, kl 10:00 18:00")[:2], parse_times("kl. 18")[:2]
    (('10:00', '18:00'), ('18:00', None))
    """
    m = _TIMES_RE.search(text) or _HOUR_RE.search(text)
    if not m:
        return None, None, 0, 0
    end = norm_time(m.group("end")) if m.group("end") else None
    return norm_time(m.group("start")), end, m.start(), m.end()


def _field_kind(label: str) -> str:
    m = _FIELD_RE.fullmatch(label.strip())
    return m.lastgroup if m and m.lastgroup else ""


def _only_labels(text: str) -> list[str] | None:
    """The field kinds of a line made only of labels (``Dato Tid Sted``, ``Utvalg``), else None."""
    kinds: list[str] = []
    pos = 0
    text = text.strip().rstrip(":")
    while pos < len(text):
        sep = re.compile(r"[\s/|]+").match(text, pos)
        if sep:
            pos = sep.end()
            continue
        m = _FIELD_RE.match(text, pos)
        if not m or (m.end() < len(text) and re.match(r"\w", text[m.end()])):
            return None
        kinds.append(m.lastgroup or "")
        pos = m.end()
    return kinds or None


def _apply(header: Header, kind: str, value: str) -> bool:
    """Set a field from a labelled value; True if something was read."""
    value = value.strip(" ,;")
    if not value:
        return False
    found = False
    if kind in ("date", "time"):
        date = find_date(value)
        if date and header.date is None:
            header.date, found = date[0], True
            value = value[: date[1].start()] + " " * len(date[1].group(0)) + value[date[1].end():]
        start, end, _, _ = parse_times(value)
        if start and header.start_time is None:
            header.start_time, header.end_time, found = start, end, True
    elif kind == "place" and header.place is None:
        header.place, found = re.sub(r"\s+", " ", value).strip(" .,"), True
    elif kind == "body" and header.body is None:
        body = clean_body(value) or (re.sub(r"\s+", " ", value) if len(value) < 80 else None)
        if body:
            header.body, found = body, True
    return found


def _values_row(header: Header, kinds: list[str], text: str) -> bool:
    """Read a values line under a header row: body before the date, times after it, then the place."""
    date = find_date(text)
    if not date:
        return False
    before, after = text[: date[1].start()], text[date[1].end():]
    if header.date is None:
        header.date = date[0]
    start, end, _, t_end = parse_times(after)
    if start and header.start_time is None:
        header.start_time, header.end_time = start, end
    rest = after[t_end:] if start else after
    rest = re.sub(r"\s+", " ", rest).strip(" ,.-–")
    if "body" in kinds and kinds.index("body") < kinds.index("date") and header.body is None:
        header.body = clean_body(before) or (before.strip() or None)
    elif "place" in kinds and kinds.index("place") < kinds.index("date") and before.strip():
        header.place = header.place or before.strip(" ,")
    if "place" in kinds and kinds.index("place") > kinds.index("date") and rest and header.place is None:
        header.place = rest
    return True


def read_header(lines: list[Line]) -> Header:
    """Read body, date, times and place from the opening lines of a meeting document."""
    header = Header()
    nonblank = [ln for ln in lines if ln.text]
    heading_at = None
    for i, line in enumerate(nonblank):
        m = heading_match(line.text)
        if m:
            heading_at = i
            header.cover(line)
            body = clean_body(m.group("body") or "")
            if body:
                header.body = body
            date = find_date(m.group("body") or "")
            if date:
                header.date = date[0]
            break
    skip: set[int] = set()
    for i, line in enumerate(nonblank):
        if i in skip:
            continue
        text = line.text
        kinds = _only_labels(text)
        if kinds:
            nxt = next((j for j in range(i + 1, min(i + 3, len(nonblank))) if not _only_labels(nonblank[j].text)), None)
            if nxt is None:
                continue
            value = nonblank[nxt].text
            used = _values_row(header, kinds, value) if len(kinds) > 1 else _apply(header, kinds[0], value)
            if used:
                header.cover(line)
                header.cover(nonblank[nxt])
                skip.add(nxt)
            continue
        labels = list(_LABEL_COLON_RE.finditer(text))
        if labels and labels[0].start() == 0:
            for k, m in enumerate(labels):
                value = text[m.end(): labels[k + 1].start() if k + 1 < len(labels) else len(text)]
                if _apply(header, _field_kind(m.group(0).rstrip(": ")), value):
                    header.cover(line)
            continue
        m = _FIELD_RE.match(text)
        if m and m.lastgroup in ("date", "time") and re.match(r"\s", text[m.end():m.end() + 1] or "x"):
            if _apply(header, m.lastgroup, text[m.end():]):
                header.cover(line)
    if header.body is None and heading_at is not None:
        # The body on its own line just under the heading ("Møteprotokoll" / "Utvalg for oppvekst").
        for line in nonblank[heading_at + 1 : heading_at + 4]:
            sentence = line.text.endswith(".") or len(line.text.split()) > 10 or ":" in line.text
            body = clean_body(line.text) if not sentence and not _only_labels(line.text) else None
            if body and len(body) < 80:
                header.body = body
                header.cover(line)
                date = find_date(line.text)  # "Formannskapet 12.03.2024"
                if date and header.date is None:
                    header.date = date[0]
                break
    if header.date is None:
        # A date standing alone near the heading ("Tirsdag 12. mars 2024").
        for line in nonblank[(heading_at or 0) : (heading_at or 0) + 8]:
            m = DATE_RE.search(line.text)
            if m and len(line.text) < 40 and not re.match(r"^[\w ]+,\s*\d", line.text) and iso_date(m):
                header.date = iso_date(m)
                header.cover(line)
                break
    return header
