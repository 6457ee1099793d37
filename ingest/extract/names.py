"""People and parties as written in council records: `Navn (Parti)`, `Dahl, R`, `Nestleder Monica Vee Bratlie (H)`."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Party codes in use in Norwegian council records → the party's name. Several codes name one party
# (A and Ap are Arbeiderpartiet). Codes are matched case-sensitively first, then case-insensitively.
PARTIES: dict[str, str] = {
    "A": "Arbeiderpartiet",
    "Ap": "Arbeiderpartiet",
    "AP": "Arbeiderpartiet",
    "H": "Høyre",
    "FrP": "Fremskrittspartiet",
    "Frp": "Fremskrittspartiet",
    "FRP": "Fremskrittspartiet",
    "Sp": "Senterpartiet",
    "SP": "Senterpartiet",
    "SV": "Sosialistisk Venstreparti",
    "V": "Venstre",
    "KrF": "Kristelig Folkeparti",
    "KRF": "Kristelig Folkeparti",
    "Krf": "Kristelig Folkeparti",
    "MDG": "Miljøpartiet De Grønne",
    "R": "Rødt",
    "Rødt": "Rødt",
    "RØDT": "Rødt",
    "PP": "Pensjonistpartiet",
    "Pp": "Pensjonistpartiet",
    "PF": "Partiet Sentrum",
    "INP": "Industri- og Næringspartiet",
    "Sentrum": "Partiet Sentrum",
    "Uavh": "Uavhengig",
    "Uavh.": "Uavhengig",
    "UAV": "Uavhengig",
}

# The canonical code of each party (the first code listed for it above).
CANONICAL_CODE: dict[str, str] = {}
for _code, _name in PARTIES.items():
    CANONICAL_CODE.setdefault(_name, _code)

# Roles a person is introduced with; longest first so "varamedlem" wins over "medlem".
ROLES = sorted(
    [
        "leder",
        "nestleder",
        "møteleder",
        "ordfører",
        "varaordfører",
        "medlem",
        "utvalgsmedlem",
        "varamedlem",
        "vararepresentant",
        "representant",
        "direktør",
        "kommunedirektør",
        "rådmann",
        "kommunalsjef",
        "fungerende kommunalsjef",
        "rådgiver",
        "spesialrådgiver",
        "seniorrådgiver",
        "velferdsrådgiver",
        "protokollfører",
        "møtesekretær",
        "sekretær",
        "saksbehandler",
        "virksomhetsleder",
        "enhetsleder",
        # Nynorsk and compound forms.
        "leiar",
        "nestleiar",
        "møteleiar",
        "ordførar",
        "varaordførar",
        "utvalsmedlem",
        "utvalsleiar",
        "utvalgsleder",
        "protokollførar",
    ],
    key=len,
    reverse=True,
)

_ROLE_RE = re.compile(
    r"^(?P<role>(?:" + "|".join(re.escape(r) for r in ROLES) + r"))(?:\s+(?:i|for|av)\s+[a-zæøå ]+?)?\s+(?=[A-ZÆØÅ])",
    re.IGNORECASE,
)
_NAME_WORD = r"[A-ZÆØÅ][a-zæøåéèüöäA-ZÆØÅ'’.-]*"
_PARTY = r"[A-ZÆØÅ][A-Za-zæøåÆØÅ.]{0,6}"
_PERSON_RE = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})\s*(?:\((?P<party>{_PARTY})\))?$"
)
# "Dahl, R", "Dahl R", "Steine MDG" inside a list of voters.
_SHORT_RE = re.compile(rf"^(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD})?)[,\s]+\(?(?P<party>{_PARTY})\)?$")


@dataclass(frozen=True)
class ParsedName:
    """A name as parsed from one mention."""

    name: str
    party: str | None = None
    role: str | None = None


def party_name(code: str) -> str | None:
    """The party a code stands for, or None for an unknown code.

    >>> party_name("Ap"), party_name("A"), party_name("MDG")
    ('Arbeiderpartiet', 'Arbeiderpartiet', 'Miljøpartiet De Grønne')
    """
    code = code.strip().strip("()")
    if code in PARTIES:
        return PARTIES[code]
    for known, name in PARTIES.items():
        if known.lower() == code.lower():
            return name
    return None


def is_party_code(code: str) -> bool:
    return party_name(code) is not None


def parse_person(text: str) -> ParsedName | None:
    """Parse one mention of a person, with an optional leading role and trailing party code.

    >>> parse_person("Nestleder Monica Vee Bratlie (H)")
    ParsedName(name='Monica Vee Bratlie', party='H', role='nestleder')
    >>> parse_person("Direktør Kai Erik Lund")
    ParsedName(name='Kai Erik Lund', party=None, role='direktør')
    >>> parse_person("Dahl, R")
    ParsedName(name='Dahl', party='R', role=None)
    >>> parse_person("ble enstemmig vedtatt") is None
    True
    """
    text = re.sub(r"\s+", " ", text).strip().strip(",.;:")
    role = None
    m = _ROLE_RE.match(text)
    if m:
        role = m.group("role").lower()
        text = text[m.end():]
    m = _SHORT_RE.match(text)
    if m and m.group("party") in PARTIES and " " in text:
        # A bare trailing code ("Dahl R", "Steine MDG") is a party, as in vote lists.
        return ParsedName(m.group("name").rstrip(","), m.group("party"), role)
    m = _PERSON_RE.match(text)
    if m:
        party = m.group("party")
        if party is not None and not is_party_code(party):
            return None
        return ParsedName(m.group("name"), party, role)
    return None


def split_name_list(text: str) -> list[ParsedName]:
    """Parse a list of people such as a vote list: ``Steine MDG, Dahl R, Ramzan A og Gabrielsen A``.

    >>> [p.name for p in split_name_list("Steine MDG, Dahl R, Ramzan A og Gabrielsen A")]
    ['Steine', 'Dahl', 'Ramzan', 'Gabrielsen']
    >>> [(p.name, p.party) for p in split_name_list("Line Johansen (H), Per Olsen (Ap)")]
    [('Line Johansen', 'H'), ('Per Olsen', 'Ap')]
    """
    text = re.sub(r"\s+", " ", text).strip().strip("().")
    # "Dahl, R" uses a comma inside one entry: protect "Name, CODE" before splitting on commas.
    protected = re.sub(
        rf"({_NAME_WORD}),\s*({_PARTY})(?=\s*(?:,|\bog\b|$))",
        lambda m: f"{m.group(1)} {m.group(2)}" if is_party_code(m.group(2)) else m.group(0),
        text,
    )
    parts = re.split(r",\s*|\s+og\s+|\s*;\s*", protected)
    out = []
    for part in parts:
        parsed = parse_person(part)
        if parsed is not None:
            out.append(parsed)
    return out
