"""External organisations a document names (KS, NAV, Bufdir, the fylkeskommune …), and whether as partners.

Two sources of names, neither tied to one kommune: a reference list of the national and regional
bodies every Norwegian kommune works with (their short forms and full names, as the state writes
them), and patterns for the kinds of names that are open-ended: any "<X>direktoratet", any
"<Name> fylkeskommune", any "<Name> HF" (a health trust). A mention is a partner mention when its
sentence says so ("i samarbeid med", "i regi av", "finansieres av", "midler fra", "nettverk",
"pilot", "sammen med"); the graph links a case to the organisations its own documents name as
partners.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ocr import in_word_list
from .base import DocumentText, Evidence
from .textspan import sentences

# Canonical name → (short form or None, patterns). Patterns are case-sensitive: "KS" and "NAV" are
# acronyms, never the words "ks" or "nav" in running text.
REFERENCE: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "KS": ("KS", (r"\bKS\b", r"\bKommunesektorens organisasjon\b")),
    "NAV": ("NAV", (r"\bNAV\b", r"\bNav(?= [A-ZÆØÅ]|-)", r"\bArbeids- og velferdsetaten\b")),
    "Arbeids- og velferdsdirektoratet": (None, (r"\bArbeids- og velferdsdirektoratet\b",)),
    "Barne-, ungdoms- og familiedirektoratet": ("Bufdir", (r"\bBufdir\b", r"\bBarne-,? ungdoms- og familiedirektoratet\b")),
    "Helsedirektoratet": ("Hdir", (r"\bHelsedirektoratet", r"\bHdir\b")),
    "Utdanningsdirektoratet": ("Udir", (r"\bUtdanningsdirektoratet", r"\bUdir\b")),
    "Integrerings- og mangfoldsdirektoratet": ("IMDi", (r"\bIMDi\b", r"\bIntegrerings- og mangfoldsdirektoratet")),
    "Statsforvalteren": (None, (r"\bStatsforvalteren\b", r"\bStatsforvaltaren\b", r"\bFylkesmannen\b")),
    "Statistisk sentralbyrå": ("SSB", (r"\bSSB\b", r"\bStatistisk sentralbyrå\b")),
    "Folkehelseinstituttet": ("FHI", (r"\bFHI\b", r"\bFolkehelseinstituttet\b")),
    "Husbanken": (None, (r"\bHusbanken\b",)),
    "Politiet": (None, (r"\b[Pp]olitiet\b",)),
    "Barneombudet": (None, (r"\bBarneombudet\b",)),
    "Statens vegvesen": (None, (r"\bStatens vegvesen\b",)),
}
_COUNTY = re.compile(r"\b(?P<name>[A-ZÆØÅ][a-zæøå]+)\s+fylkeskommunes?\b")
_COUNTY_GENERIC = re.compile(r"\b[Ff]ylkeskommunen\b")
_DIRECTORATE = re.compile(
    r"\b(?P<name>(?:(?:Norges|Statens)\s+[a-zæøå]|[A-ZÆØÅ])[a-zæøå]+(?:-,?\s+[a-zæøå]+-)*-?(?:\s+og\s+[a-zæøå]+)?(?:direktorat(?:et)?|departement(?:et)?)"
    r"|Direktoratet\s+for\s+[a-zæøå-]{3,}(?:(?:,\s+|\s+og\s+)[a-zæøå-]{3,})*)\b"
)
# "Norges vassdrags- og energidirektorat (NVE)": a name followed by the short form it goes by.
_SHORT_FORM = re.compile(r"\s*\((?P<short>[A-ZÆØÅ][A-Za-zÆØÅæøå]{1,7})\)")
_HEALTH_TRUST = re.compile(r"\b(?P<name>[A-ZÆØÅ][\wæøå]+(?:\s+[A-ZÆØÅ][\wæøå]+){0,2})\s+HF\b")
# Partner cues. A clause cue ("i samarbeid med", "finansieres av") names partners right after it; a
# noun cue ("KS-prosjektet", "KS sitt nettverk", "KS' Partnerskap") names one right beside it.
_CLAUSE_CUE = re.compile(
    r"(?i)\bi\s+samarbeid\s+med\b|\bsamarbeid(?:er|et)?\s+(?:med|mellom)\b|\bi\s+regi\s+av\b|\bfinansier\w*\s+av\b"
    r"|\b(?:prosjekt)?midler\s+fra\b|\btilskudd\s+fra\b|\bstøtte\s+fra\b|\bsammen\s+med\b|\bavtale\s+med\b"
    r"|\bkontakt\s+med\b|\bdelta(?:r|tt|kk|ok)?\s+(?:i|med)\b|\bkonsulentselskapet\b"
)
# A sentence about another organisation's partners ("Frisk Asker Hockey sammen med …", "Organisasjonen
# mottar støtte fra …"): its clause cues are not the kommune's partnerships.
_OTHER_SUBJECT = re.compile(
    r"^\s*(?:(?:Organisasjonen|Foreningen|Stiftelsen|Selskapet|Laget|Klubben)\b"
    r"|(?:[A-ZÆØÅ][\wæøå-]+\s+){1,3}[A-ZÆØÅ][\wæøå-]+\s+(?!kommune\b)[a-zæøå]"
    r"|[A-ZÆØÅ][\wæøå-]*(?:sambandet|forbundet|foreningen|stiftelsen|laget|klubben|senteret|instituttet)\s+[a-zæøå])"
)
_NOUN_CUE = re.compile(r"(?i)(?:\b|-)(?:nettverk|pilot|prosjekt|partnerskap|samarbeidsavtale)\w*")
_CLAUSE_REACH, _NOUN_REACH = 90, 25  # characters: how far a cue reaches


# Where a sentence starts naming whom the kommune works with: "i samarbeid med BI og KS".
_PARTNER_CLAUSE = re.compile(
    r"(?i)\b(?:i\s+samarbeid\s+med|samarbeid(?:er|et)?\s+med|i\s+regi\s+av|sammen\s+med|kontakt\s+med"
    r"|(?:prosjekt)?midler\s+fra|tilskudd\s+fra|støtte\s+fra|finansier\w*\s+av"
    r"|(?P<kind>konsulentselskapet|selskapet|stiftelsen|organisasjonen|foreningen|firmaet))\s+"
)
_WORD = r"(?:[A-ZÆØÅ][\wæøåÆØÅ'’-]*)"
# An item of such a clause: capitalised words, "i <Place> (og <Place>)", and a type word after them.
_ITEM = re.compile(
    rf"(?P<item>{_WORD}(?:\s+{_WORD})*(?:\s+i\s+{_WORD}(?:\s+og\s+{_WORD})?)?"
    r"(?:\s+(?:kommune|fylkeskommune|vgs|videregående\s+skole|AS|ASA|SA|HF|IKS))?)"
)
_TYPED = re.compile(r"(?:kommune|fylkeskommune|vgs|skole|AS|ASA|SA|HF|IKS|senter|senteret|sambandet|lag|laget|forbund|forbundet"
                    r"|foreningen|forening|stiftelsen|universitet|universitetet|høgskolen|instituttet|klubb|klubben)$")


def partner_names(sentence: str, lower_words: frozenset[str] | set[str] = frozenset()) -> list[tuple[int, int, str]]:
    """Organisations a sentence names as the kommune's partners, beyond the reference list and patterns.

    Only names that cannot be a person are taken: an acronym ("BI"), one capitalised word the text
    never writes in lower case ("Himmeljegerne"), a name ending in a type word ("Krisesenteret i
    Asker og Bærum", "Lørenskog kommune", "Bleiker vgs"), or any name after a type noun
    ("konsulentselskapet Agenda Kaupang").

    >>> [n for _, _, n in partner_names("Lærerne tar utdanning i samarbeid med BI og Nordby vgs.")]
    ['BI', 'Nordby vgs']
    >>> [n for _, _, n in partner_names("Vi fikk støtte fra konsulentselskapet Rådgivning Nord og Kari Hansen.")]
    ['Rådgivning Nord']
    >>> partner_names("Et samarbeid med Oppvekst.", {"oppvekst"})
    []
    """
    out: list[tuple[int, int, str]] = []
    for clause in _PARTNER_CLAUSE.finditer(sentence):
        typed = bool(clause.group("kind"))
        pos = clause.end()
        while True:
            m = _ITEM.match(sentence, pos)
            if not m:
                break
            item, end = m.group("item"), m.end()
            if typed:  # "konsulentselskapet Ephori impact": a name may go on in a word that is not Norwegian
                w = re.match(r"\s+([a-zæøå][\wæøå-]{2,})", sentence[end:])
                if w and not in_word_list(w.group(1)):
                    item, end = item + w.group(0), end + w.end()
                elif " " not in item and in_word_list(item.casefold()):
                    typed = False  # "Organisasjonen Unge funksjonshemmede": a name in sentence case, not read whole
                    break
            tail = re.match(r"\s+([a-zæøå][\wæøå-]+)", sentence[end:])
            if tail and _TYPED.search(tail.group(1)):
                item, end = item + tail.group(0), end + tail.end()  # "Nordby idrettslag": a name in sentence case
            words = item.split()
            # Not taken: the start of a name the patterns read whole ("Arbeids-"), the kommune's own services.
            skip = item.endswith("-") or bool(re.search(r"tjeneste[nr]?$", item))
            acronym = len(words) == 1 and 2 <= len(item) <= 6 and item.isupper()
            single = len(words) == 1 and item.casefold() not in lower_words
            if not skip and (typed or acronym or single or _TYPED.search(words[-1]) or _TYPED.search(words[0].casefold())):
                out.append((m.start(), end, re.sub(r"\s+", " ", item)))
            typed = False  # the type noun names only the first item
            nxt = re.match(r"\s*(?:,|og)\s+", sentence[end:])
            if not nxt:
                break
            pos = end + nxt.end()
    return out


@dataclass
class OrganisationMention:
    """One place a document names an external organisation."""

    name: str  # canonical: "KS", "Barne-, ungdoms- og familiedirektoratet", "Viken fylkeskommune"
    written: str  # as printed: "KS", "Bufdir", "Viken fylkeskommunes"
    evidence: Evidence
    short: str | None = None  # the short form, where the organisation has one
    partner: bool = False  # the sentence names it as a partner (samarbeid, i regi av, midler fra …)
    arkivsak: str | None = None  # the case of the document it is named in, if any


def _compiled() -> list[tuple[str, str | None, re.Pattern[str]]]:
    return [(name, short, re.compile(p)) for name, (short, pats) in REFERENCE.items() for p in pats]


_REFERENCE_PATTERNS = _compiled()
_BY_LOWER = {name.casefold(): name for name in REFERENCE}


def organisations_in(text: str) -> list[tuple[int, int, str, str | None]]:
    """The organisations a sentence names: ``(start, end, canonical name, short form)``, first match wins.

    >>> [n for _, _, n, _ in organisations_in("Prosjektet i regi av KS, med midler fra Bufdir og Viken fylkeskommune.")]
    ['KS', 'Barne-, ungdoms- og familiedirektoratet', 'Viken fylkeskommune']
    >>> organisations_in("Kommunen skal ha en god plan.")
    []
    """
    found: list[tuple[int, int, str, str | None]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, name: str, short: str | None) -> None:
        if any(start < b and a < end for a, b in taken):
            return
        taken.append((start, end))
        found.append((start, end, name, short))

    for name, short, pattern in _REFERENCE_PATTERNS:
        for m in pattern.finditer(text):
            add(m.start(), m.end(), name, short)
    for m in _COUNTY.finditer(text):
        add(m.start(), m.end(), f"{m.group('name')} fylkeskommune", None)
    for m in _COUNTY_GENERIC.finditer(text):
        add(m.start(), m.end(), "fylkeskommunen", None)
    for m in _DIRECTORATE.finditer(text):
        written = re.sub(r"\s+", " ", m.group("name"))
        add(m.start(), m.end(), _BY_LOWER.get(written.casefold(), written[0].upper() + written[1:]), None)
    for m in _HEALTH_TRUST.finditer(text):
        add(m.start(), m.end(), f"{m.group('name')} HF", None)
    return sorted(found)


def short_forms(text: str) -> dict[str, tuple[str, str]]:
    """Short forms a text defines for organisations it names: ``{"NVE": ("Norges vassdrags- og energidirektorat", "NVE")}``.

    >>> short_forms("Direktoratet for samfunnssikkerhet og beredskap (DSB) og Helsedirektoratet (Hdir).")
    {'DSB': ('Direktoratet for samfunnssikkerhet og beredskap', 'DSB')}
    """
    out: dict[str, tuple[str, str]] = {}
    for start, end, name, short in organisations_in(text):
        m = _SHORT_FORM.match(text, end)
        if m and short is None and m.group("short") not in out:
            out[m.group("short")] = (name, m.group("short"))
    return out


def _with_short_forms(sentence: str, defined: dict[str, tuple[str, str]]) -> list[tuple[int, int, str, str | None]]:
    """``organisations_in`` plus the short forms the document defined ("NVE", genitive "NVEs")."""
    found = organisations_in(sentence)
    for short, (name, _) in defined.items():
        for m in re.finditer(rf"\b{re.escape(short)}(?=s?\b)", sentence):
            if not any(a < m.end() and m.start() < b for a, b, _, _ in found):
                found.append((m.start(), m.end(), name, short))
    return sorted(found)


def extract_organisations(doc: DocumentText) -> list[OrganisationMention]:
    """Every mention of an external organisation in one document, with its sentence's partner cue."""
    out: list[OrganisationMention] = []
    defined = short_forms(doc.text)
    for s0, s1, _ in sentences(doc.text):
        sent = doc.text[s0:s1]  # the text as it stands, so that offsets in it are offsets in the document
        other = _OTHER_SUBJECT.match(sent)
        clauses = [] if other and "kommune" not in other.group(0).casefold() else [m.end() for m in _CLAUSE_CUE.finditer(sent)]
        nouns = [(m.start(), m.end()) for m in _NOUN_CUE.finditer(sent)]

        def is_partner(start: int, end: int) -> bool:
            return (any(c <= start <= c + _CLAUSE_REACH for c in clauses)
                    or any(a - _NOUN_REACH <= end and start <= b + _NOUN_REACH for a, b in nouns))

        previous: tuple[int, str] | None = None
        found = _with_short_forms(sent, defined)
        if clauses:
            for start, end, name in partner_names(sent, doc.lower_words):
                if not any(a < end and start < b for a, b, _, _ in found):
                    found.append((start, end, name, None))
        for start, end, name, short in sorted(found):
            short = short or next((k for k, (n, _) in defined.items() if n == name), None)
            if previous and previous[1] == name and re.fullmatch(r"\s*\(", sent[previous[0]:start]):
                continue  # "Bufdir" in "Barne-, ungdoms- og familiedirektoratet (Bufdir)": the same mention
            previous = (end, name)
            ev = doc.evidence(s0 + start, s0 + end)
            if not ev.quote.strip():
                continue
            written = re.sub(r"\s+", " ", sent[start:end])
            out.append(OrganisationMention(name, written, ev, short, is_partner(start, end), doc.document.arkivsak))
    return out


__all__ = ["OrganisationMention", "REFERENCE", "extract_organisations", "organisations_in", "partner_names", "short_forms"]
