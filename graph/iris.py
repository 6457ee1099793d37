"""Stable instance IRIs: every IRI is derived from identifiers in the text, never from counters or row order.

Re-ingesting the same input gives the same IRIs, so facts from different files about the same case,
body or person meet at the same node. All IRIs live under ``BASE``::

    kommune/<kommune>                          body/<kommune>/<body>
    meeting/<kommune>/<body>/<date>            case/<kommune>/<yy-nnnnn>
    consultation/<kommune>/<yy-nnnnn>/<body>/<date>
    person/<kommune>/<canonical name>          party/<code>
    plan/<kommune>/<title>                     role/<role>
    document/<source_id>  (the source file, and the IRI of its named graph)
    document/<source_id>/<n>                   page/<source_id>/<n>
    <parent>/<kind>/<n or content hash>        (fact nodes: motion, vote, decision, comment …)
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

from rdflib import URIRef

from ingest.text import normalize_space, slug

BASE = "https://w3id.org/saksgraf/id/"

# Kinds of fact node minted under a parent IRI; a closed list, so a typo cannot fork the graph.
FACT_KINDS = frozenset(
    {
        "motion",
        "vote",
        "decision",
        "comment",
        "membership",
        "substitution",
        "count",
        "ballot",
        "focus-area",
        "strategy",
        "goal",
    }
)

_ARKIVSAK = re.compile(r"^\s*(\d{2}|\d{4})\s*/\s*(\d{1,6})(?:\s*-\s*\d+)?\s*$")
_NORWEGIAN_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")

# Party codes as printed, and the names written out, mapped to one code each. The parties are
# national, so this list is the same for every kommune; unknown codes (local lists) are slugged.
_PARTY_ALIASES = {
    "a": "ap", "ap": "ap", "arbeiderpartiet": "ap", "dna": "ap",
    "h": "h", "hoyre": "h", "høyre": "h",
    "frp": "frp", "fremskrittspartiet": "frp",
    "sp": "sp", "senterpartiet": "sp",
    "sv": "sv", "sosialistisk venstreparti": "sv",
    "krf": "krf", "kristelig folkeparti": "krf",
    "v": "v", "venstre": "v",
    "mdg": "mdg", "miljøpartiet de grønne": "mdg", "miljopartiet de gronne": "mdg",
    "r": "r", "rødt": "r", "raudt": "r", "rodt": "r",
    "pp": "pp", "pensjonistpartiet": "pp",
    "inp": "inp", "industri- og næringspartiet": "inp",
    "kp": "kp", "kystpartiet": "kp",
    "dem": "dem", "demokratene": "dem",
}  # fmt: skip


def _segment(text: str, what: str) -> str:
    """A non-empty slug for one path segment; a ValueError names what was empty."""
    s = slug(str(text))
    if not s:
        raise ValueError(f"{what} {text!r} gives an empty IRI segment")
    return s


def iri(path: str) -> URIRef:
    """The IRI of ``path`` under ``BASE``."""
    return URIRef(BASE + path)


def normalise_arkivsak(text: str) -> str:
    """The case number as ``YY/NNNNN`` from a case or journalpost number as printed.

    A journalpost's document suffix is dropped and a four-digit year shortened.

    >>> normalise_arkivsak("22/22972-2")
    '22/22972'
    >>> normalise_arkivsak("2021/21815")
    '21/21815'
    """
    m = _ARKIVSAK.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a case number (expected YY/NNNNN or YY/NNNNN-N)")
    return f"{m.group(1)[-2:]}/{m.group(2)}"


def normalise_date(value: str | date) -> str:
    """An ISO date ``YYYY-MM-DD`` from a date, a datetime, an ISO string or a Norwegian ``dd.mm.yyyy``.

    >>> normalise_date("14.02.2023")
    '2023-02-14'
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    m = _NORWEGIAN_DATE.match(value)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a date (expected YYYY-MM-DD or dd.mm.yyyy)") from None


def normalise_party_code(code: str) -> str:
    """One lower-case code per party, whichever way the text writes it.

    >>> normalise_party_code("(A)"), normalise_party_code("Ap"), normalise_party_code("Høyre")
    ('ap', 'ap', 'h')
    """
    key = normalize_space(code.strip().strip("()")).casefold()
    return _PARTY_ALIASES.get(key) or _segment(key, "party code")


def content_key(*parts: object) -> str:
    """A short hash of content, for fact nodes without a natural number; white space is not content.

    >>> content_key("Temaplan «På lik linje» tas til orientering") == content_key("Temaplan  «På lik linje»\\n tas til orientering")
    True
    """
    text = "\x1f".join(normalize_space(str(p)) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def kommune_iri(kommune: str) -> URIRef:
    """A kommune, by its name.

    >>> kommune_iri("Asker")
    rdflib.term.URIRef('https://w3id.org/saksgraf/id/kommune/asker')
    """
    return iri(f"kommune/{_segment(kommune, 'kommune')}")


def body_iri(kommune: str, body: str) -> URIRef:
    """A political body of a kommune, by its name.

    >>> str(body_iri("Asker", "Utvalg for oppvekst"))
    'https://w3id.org/saksgraf/id/body/asker/utvalg-for-oppvekst'
    """
    return iri(f"body/{_segment(kommune, 'kommune')}/{_segment(body, 'body')}")


def meeting_iri(kommune: str, body: str, when: str | date) -> URIRef:
    """A meeting, by its body and date.

    >>> str(meeting_iri("Asker", "Utvalg for oppvekst", "14.02.2023"))
    'https://w3id.org/saksgraf/id/meeting/asker/utvalg-for-oppvekst/2023-02-14'
    """
    return iri(f"meeting/{_segment(kommune, 'kommune')}/{_segment(body, 'body')}/{normalise_date(when)}")


def case_iri(kommune: str, arkivsak: str) -> URIRef:
    """A case, by its arkivsak (a journalpost number gives its case).

    >>> str(case_iri("Asker", "21/21815-7"))
    'https://w3id.org/saksgraf/id/case/asker/21-21815'
    """
    return iri(f"case/{_segment(kommune, 'kommune')}/{normalise_arkivsak(arkivsak).replace('/', '-')}")


def consultation_iri(kommune: str, arkivsak: str, body: str, when: str | date | None) -> URIRef:
    """The treatment of a case in one body on one date (``undated`` for a planned row without a date).

    >>> str(consultation_iri("Asker", "21/21815", "Utvalg for oppvekst", "2023-02-14"))
    'https://w3id.org/saksgraf/id/consultation/asker/21-21815/utvalg-for-oppvekst/2023-02-14'
    """
    case = normalise_arkivsak(arkivsak).replace("/", "-")
    day = normalise_date(when) if when else "undated"
    return iri(f"consultation/{_segment(kommune, 'kommune')}/{case}/{_segment(body, 'body')}/{day}")


def person_iri(kommune: str, canonical_name: str) -> URIRef:
    """A person, by the canonical (fullest correct) spelling of their name, within one kommune.

    >>> str(person_iri("Asker", "Bård-Kjetil Dahl"))
    'https://w3id.org/saksgraf/id/person/asker/baard-kjetil-dahl'
    """
    return iri(f"person/{_segment(kommune, 'kommune')}/{_segment(canonical_name, 'person name')}")


def party_iri(code: str) -> URIRef:
    """A party, by its code or name as printed.

    >>> str(party_iri("A")) == str(party_iri("Ap"))
    True
    """
    return iri(f"party/{normalise_party_code(code)}")


def plan_iri(kommune: str, title: str) -> URIRef:
    """A plan by its short title; national documents use a scope such as ``norge`` for ``kommune``.

    >>> str(plan_iri("Asker", "På lik linje"))
    'https://w3id.org/saksgraf/id/plan/asker/paa-lik-linje'
    """
    return iri(f"plan/{_segment(kommune, 'kommune')}/{_segment(title, 'plan title')}")


def role_iri(role: str) -> URIRef:
    """A membership role as a concept (``org:role``): leder, nestleder, medlem, varamedlem …"""
    return iri(f"role/{_segment(role, 'role')}")


def source_iri(source_id: str) -> URIRef:
    """The source file as a document, and the name of the graph that holds every fact read from it.

    >>> str(source_iri("002_420537c42393fb97"))
    'https://w3id.org/saksgraf/id/document/002_420537c42393fb97'
    """
    sid = slug(source_id, keep="_")
    if not sid or sid != source_id:
        raise ValueError(f"{source_id!r} is not a source id (see ingest.store.source_id_for)")
    return iri(f"document/{sid}")


def document_iri(source_id: str, index: int) -> URIRef:
    """The ``index``-th document (1-based) inside a source file."""
    return URIRef(f"{source_iri(source_id)}/{_positive(index, 'document index')}")


def page_iri(source_id: str, number: int) -> URIRef:
    """A page of a source file, by its 1-based number.

    >>> str(page_iri("002_420537c42393fb97", 57))
    'https://w3id.org/saksgraf/id/page/002_420537c42393fb97/57'
    """
    source_iri(source_id)  # validates the id
    return iri(f"page/{source_id}/{_positive(number, 'page number')}")


def fact_iri(parent: str, kind: str, key: int | str) -> URIRef:
    """A fact node under its parent: ``<parent>/<kind>/<n>`` for a number, else a hash of ``key``.

    Use a number where the text numbers the thing (the 2nd proposal), content otherwise, so the
    same input always gives the same IRI.

    >>> str(fact_iri("https://w3id.org/saksgraf/id/consultation/asker/21-21815/eldreraadet/2023-02-09", "motion", 1))
    'https://w3id.org/saksgraf/id/consultation/asker/21-21815/eldreraadet/2023-02-09/motion/1'
    """
    if kind not in FACT_KINDS:
        raise ValueError(f"unknown fact kind {kind!r}; one of {sorted(FACT_KINDS)}")
    if not str(parent).startswith(BASE):
        raise ValueError(f"parent {parent!r} is not a saksgraf IRI")
    part = str(_positive(key, f"{kind} number")) if isinstance(key, int) else content_key(key)
    return URIRef(f"{parent}/{kind}/{part}")


def count_iri(vote: str, option: str) -> URIRef:
    """The ``opengov:count`` node of a vote for ``yes`` or ``no``."""
    if option not in ("yes", "no"):
        raise ValueError(f"count option must be 'yes' or 'no', not {option!r}")
    return URIRef(f"{vote}/count/{option}")


def ballot_iri(vote: str, person: str) -> URIRef:
    """The ``opengov:Vote`` of one person in a vote event."""
    return fact_iri(vote, "ballot", str(person))


def _positive(n: int, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"{what} must be a positive integer, not {n!r}")
    return n
