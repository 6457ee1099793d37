"""One person entry of an attendance list: role, name, party and whom a substitute stood in for.

Attendance lists come in many layouts: ``Varamedlem Steinar Hoel Korsmo (H) Oddvar Igland (Sp)``
(Funksjon, Navn, Møtte for), ``Kari Nordmann Varamedlem Ap Ola Hansen`` (Navn, Funksjon, Parti,
Møtte for), ``Ola Hansen Leder AP`` (Navn, Funksjon, Representerer), ``Kari Nordmann (Ap) for
Ola Hansen (Ap)`` in running text. An entry is scanned into typed segments (role, name, party,
connector) and the segments are assigned to the columns of the table's header when one is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import PARTIES

# A role or title is recognised by how the word ends, so compounds ("utvalgsmedlem", "kommunalsjef",
# "spesialrådgiver") need no list of their own. Nynorsk forms are included.
_ROLE_ENDINGS = (
    "medlem", "representant", "leder", "leiar", "ordfører", "ordførar", "direktør", "sjef", "rådgiver",
    "rådgjevar", "rådmann", "sekretær", "protokollfører", "protokollførar", "konsulent", "saksbehandler",
    "sakshandsamar", "jurist", "koordinator", "rektor", "økonom", "advokat", "revisor", "controller",
    "ansvarlig", "ansvarleg", "styrer", "planlegger", "arkitekt", "ingeniør", "assistent", "medarbeider",
    "observatør", "tillitsvalgt", "tillitsvald", "verneombud",
)
_ROLE_CORE = (
    r"(?:(?:fungerende|fungerande|konstituert|kst\.|fung\.)\s+)?"
    r"[A-Za-zÆØÅæøåé]*?(?:" + "|".join(_ROLE_ENDINGS) + r")"
)
# A role may carry a lower-case complement: "Leder i utvalg", "Kommunalsjef for skole".
# Only the role word ignores case: the complement is lower-case, and a name after it is capitalised.
ROLE_RE = re.compile(
    rf"(?<![\w-])(?P<core>(?i:{_ROLE_CORE}))(?![\w-])"
    r"(?P<complement>\s+(?:i|for|av|ved)\s+[a-zæøå][\wæøå-]*"
    r"(?:\s+(?:for|i|og|av)\s+[a-zæøå][\wæøå-]*){0,2})?"
    r"(?=\s+[A-ZÆØÅ(]|\s*[(),;:/|]|\s*$)"
)
_CONNECTOR_RE = re.compile(
    r"(?:møtte|møter)\s+(?:i\s+stedet\s+|i\s+staden\s+)?for\b|i\s+stedet\s+for\b|i\s+staden\s+for\b"
    r"|istedenfor\b|(?:som\s+)?vara\s+for\b|for\b",
    re.IGNORECASE,
)
_PAREN_RE = re.compile(r"\(\s*(?P<content>[^()\s]{1,10})\s*\)")
_SEP_RE = re.compile(r"[,;/|:]+|[-–—]+(?=\s|$)|[()]")
_WORD_RE = re.compile(r"[^\s,;/|()]+")
_WS_RE = re.compile(r"\s+")
_NAME_WORD_RE = re.compile(r"^(?:[A-ZÆØÅÉÜÖÄ][\wæøåéüöä'’.-]*|l[bcdfghjkmnpqrstvwxz][a-zæøå'-]+)$")
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "af", "al", "el", "ter", "ten"}
_PARTY_CODE_RE = re.compile(r"^[A-ZÆØÅ][A-Za-zÆØÅæøå.]{0,7}$")
_UPPER_CODES = {code.upper() for code in PARTIES if len(code) > 1}


@dataclass
class Seg:
    """A typed piece of an entry: ``role``, ``name``, ``party``, ``conn`` (møtte for) or ``stop``."""

    kind: str
    text: str
    start: int
    end: int
    words: int = 1


@dataclass
class Entry:
    """A parsed attendance entry; spans are offsets in the scanned text (shifted by ``base``)."""

    name: str
    start: int
    end: int
    name_start: int
    name_end: int
    party: str | None = None
    role: str | None = None
    role_phrase: str | None = None
    sub_name: str | None = None
    sub_start: int | None = None
    sub_end: int | None = None
    sub_party: str | None = None
    # The name may hold two names run together (a "Navn" and a "Møtte for" column with no gap).
    merged: bool = False


def role_word(text: str) -> str | None:
    """The role a text starts with, lower-case, without its complement.

    >>> role_word("Leder i utvalg"), role_word("Utvalgsmedlem"), role_word("Ola")
    ('leder', 'utvalgsmedlem', None)
    """
    m = ROLE_RE.match(text.strip())
    return m.group("core").lower() if m else None


def name_key(name: str) -> str:
    """A key under which two printings of one name in one meeting compare equal: case, hyphens,
    spacing and the OCR reading of a capital I as l ("lgland") do not count.

    >>> name_key("Oddvar lgland") == name_key("Oddvar Igland"), name_key("Bård-Kjetil Dahl")
    (True, 'bård kjetil dahl')
    >>> name_key("Kari Nordmann") == name_key("Karin Nordmann")
    False
    """
    name = re.sub(r"\bl(?=[bcdfghjkmnpqrstvwxz])", "I", name)
    return re.sub(r"[\s\-‐–]+", " ", name).strip().casefold()


def is_party(code: str) -> bool:
    """A known party code, in any case (``AP``, ``Sp``, ``KrF``)."""
    return code in PARTIES or code.upper() in _UPPER_CODES


def _clean_name(text: str) -> str:
    name = re.sub(r"\s+", " ", text).strip(" ,;:")
    if name.endswith(".") and len(name.rsplit(" ", 1)[-1]) > 2:
        name = name[:-1]
    return name


def scan(text: str, party_column: bool = False) -> list[Seg]:
    """Typed segments of an entry, in order; consecutive name words form one ``name`` segment.

    >>> segs = scan("Varamedlem Steinar Hoel Korsmo (H) Oddvar Igland (Sp)")
    >>> [(s.kind, s.text) for s in segs]  # doctest: +NORMALIZE_WHITESPACE
    [('role', 'Varamedlem'), ('name', 'Steinar Hoel Korsmo'), ('party', 'H'),
     ('name', 'Oddvar Igland'), ('party', 'Sp')]
    >>> [(s.kind, s.text) for s in scan("Kari Nordmann (Ap) for Ola Hansen (Ap)")]
    [('name', 'Kari Nordmann'), ('party', 'Ap'), ('conn', 'for'), ('name', 'Ola Hansen'), ('party', 'Ap')]
    """
    segs: list[Seg] = []
    pos = 0
    seen_name = False
    while pos < len(text):
        ws = _WS_RE.match(text, pos)
        if ws:
            pos = ws.end()
            continue
        m = ROLE_RE.match(text, pos)
        if m:
            segs.append(Seg("role", m.group(0), m.start(), m.end()))
            pos = m.end()
            continue
        m = _PAREN_RE.match(text, pos)
        if m:
            content = m.group("content")
            if role_word(content):
                segs.append(Seg("role", content, m.start("content"), m.end("content")))
            elif is_party(content) or _PARTY_CODE_RE.match(content):
                segs.append(Seg("party", content, m.start(), m.end()))
            else:
                segs.append(Seg("stop", m.group(0), m.start(), m.end()))
            pos = m.end()
            continue
        if seen_name:
            m = _CONNECTOR_RE.match(text, pos)
            if m:
                segs.append(Seg("conn", m.group(0), m.start(), m.end()))
                pos = m.end()
                continue
        m = _SEP_RE.match(text, pos)
        if m:
            segs.append(Seg("sep", m.group(0), m.start(), m.end()))
            pos = m.end()
            continue
        m = _WORD_RE.match(text, pos)
        assert m is not None
        word = m.group(0)
        nxt = _WORD_RE.search(text, m.end())
        next_is_name = bool(nxt and _NAME_WORD_RE.match(nxt.group(0)) and not role_word(text[nxt.start():]))
        kind = "stop"
        after_full_name = bool(segs and (segs[-1].kind == "role" or (segs[-1].kind == "name" and segs[-1].words >= 2)))
        if is_party(word) and (len(word) > 1 or not next_is_name or (party_column and after_full_name)):
            kind = "party"
        elif _NAME_WORD_RE.match(word) and not re.search(r"\d", word):
            kind = "name"
        elif word.lower() in _PARTICLES and segs and segs[-1].kind == "name" and next_is_name:
            kind = "name"
        if kind == "name" and segs and segs[-1].kind == "name" and text[segs[-1].end:m.start()].strip() == "":
            last = segs[-1]
            segs[-1] = Seg("name", text[last.start:m.end()], last.start, m.end(), last.words + 1)
        else:
            segs.append(Seg(kind, word, m.start(), m.end()))
        seen_name = seen_name or kind == "name"
        pos = m.end()
    for s in segs:
        if s.kind == "name":
            cleaned = _clean_name(s.text)
            if s.text.endswith(".") and not cleaned.endswith("."):
                s.end -= 1  # a full stop ending the sentence is not part of the name
            s.text = cleaned
    return segs


def assemble(segs: list[Seg], columns: list[str] | None = None, base: int = 0) -> Entry | None:
    """An entry from segments, using the header's column order (``name``, ``role``, ``party``, ``for``).

    >>> e = assemble(scan("Kari Nordmann Varamedlem Ap Ola Hansen", True), ["name", "role", "party", "for"])
    >>> (e.name, e.role, e.party, e.sub_name)
    ('Kari Nordmann', 'varamedlem', 'Ap', 'Ola Hansen')
    >>> assemble(scan("Det var ingen merknader")) is None
    True
    """
    person = sub = role = party = sub_party = None
    last = None
    conn = False
    party_after_for = bool(
        columns and "party" in columns and "for" in columns and columns.index("party") > columns.index("for")
    )
    used: list[Seg] = []
    for seg in segs:
        if seg.kind == "stop":
            if person is not None:
                break
            continue
        if seg.kind == "sep":
            continue
        if seg.kind == "role":
            if role is None:
                role = seg
                used.append(seg)
            continue
        if seg.kind == "conn":
            conn = True
            continue
        if seg.kind == "name":
            if person is None and not conn:
                person, last = seg, "person"
            elif sub is None and person is not None:
                sub, last = seg, "sub"
            else:
                break
            used.append(seg)
            continue
        if seg.kind == "party":
            if last == "sub" and party_after_for and party is None:
                party = seg
            elif last == "sub" and sub_party is None:
                sub_party = seg
            elif party is None:
                party = seg
            else:
                continue
            used.append(seg)
    if person is None or (person.words < 2 and party is None):
        return None
    entry = Entry(
        name=person.text,
        start=base + min(s.start for s in used),
        end=base + max(s.end for s in used),
        name_start=base + person.start,
        name_end=base + person.end,
        party=party.text if party else None,
    )
    if role is not None:
        m = ROLE_RE.match(role.text)
        entry.role = m.group("core").lower() if m else role.text.lower()
        entry.role_phrase = re.sub(r"\s+", " ", role.text).lower()
    if sub is not None and sub.words >= 2:
        entry.sub_name, entry.sub_start, entry.sub_end = sub.text, base + sub.start, base + sub.end
        entry.sub_party = sub_party.text if sub_party else None
        if sub_party is not None:
            entry.sub_end = base + max(sub.end, sub_party.end)
    elif columns and "for" in columns and "name" in columns and columns.index("for") == columns.index("name") + 1:
        entry.merged = person.words >= 3
    return entry


def parse_entry(text: str, columns: list[str] | None = None, base: int = 0, inverted: bool = False) -> Entry | None:
    """Parse one entry (a table row or one item of a list); spans are shifted by ``base``.

    ``inverted``: the list writes surname first, ``Hansen, Ola (H)``; the name is given as ``Ola Hansen``.

    >>> e = parse_entry("Leder i utvalg Oddvar Igland (Sp)")
    >>> (e.name, e.role, e.party, e.role_phrase)
    ('Oddvar Igland', 'leder', 'Sp', 'leder i utvalg')
    >>> parse_entry("Medlem Hansen, Ola Johan (H)", inverted=True).name
    'Ola Johan Hansen'
    """
    if inverted and "," in text:
        comma = text.index(",")
        entry = assemble(scan(text[:comma] + " " + text[comma + 1 :]), columns, base)
        if entry is not None and entry.name_start - base < comma < entry.name_end - base:
            surname = text[entry.name_start - base : comma].strip()
            given = _clean_name(text[comma + 1 : entry.name_end - base])
            entry.name = f"{given} {surname}"
        return entry
    cells = [c for c in re.split(r"\t+|\s{2,}", text.strip())]
    if columns and len(cells) == len(columns) and len(cells) > 1:
        entry = _parse_cells(text, cells, columns, base)
        if entry is not None:
            return entry
    return assemble(scan(text, party_column=bool(columns and "party" in columns)), columns, base)


def _parse_cells(text: str, cells: list[str], columns: list[str], base: int) -> Entry | None:
    """A row whose columns are separated by tabs or runs of spaces: each cell read by its column."""
    parts: dict[str, tuple[str, int]] = {}
    pos = 0
    for cell, col in zip(cells, columns):
        at = text.index(cell, pos)
        parts[col] = (cell, at)
        pos = at + len(cell)
    if "name" not in parts:
        return None
    name_text, at = parts["name"]
    entry = assemble(scan(name_text), None, base + at)
    if entry is None:
        return None
    entry.start = base + text.index(cells[0])
    entry.end = base + pos
    if "role" in parts:
        entry.role = role_word(parts["role"][0]) or parts["role"][0].lower()
        entry.role_phrase = parts["role"][0].lower()
    if "party" in parts and parts["party"][0].strip("()"):
        entry.party = parts["party"][0].strip("()")
    if "for" in parts and parts["for"][0].strip():
        sub = assemble(scan(parts["for"][0]), None, base + parts["for"][1])
        if sub is None and re.search(r"\w", parts["for"][0]):
            words = scan(parts["for"][0])
            names = [s for s in words if s.kind == "name"]
            if names:
                sub = Entry(names[0].text, 0, 0, base + parts["for"][1] + names[0].start,
                            base + parts["for"][1] + names[0].end)
        if sub is not None:
            entry.sub_name, entry.sub_start, entry.sub_end = sub.name, sub.name_start, sub.name_end
            entry.sub_party = sub.party
    return entry


def split_merged(name: str, known: list[str]) -> tuple[str, str] | None:
    """Split ``"Jon Vara Lise Berg"`` into substitute and replaced member using names known from
    elsewhere in the meeting (the absentees); an even four-word run is split in the middle.

    >>> split_merged("Jon Vara Lise Berg", ["Lise Berg"])
    ('Jon Vara', 'Lise Berg')
    """
    from rapidfuzz import fuzz

    words = name.split()
    for k in range(1, len(words)):
        tail = " ".join(words[k:])
        if any(fuzz.ratio(tail.lower(), other.lower()) >= 90 for other in known):
            return " ".join(words[:k]), tail
    if len(words) == 4:
        return " ".join(words[:2]), " ".join(words[2:])
    return None
