"""The words of Norwegian municipal document templates: type headings, metadata labels and cue lines."""

from __future__ import annotations

import re

# A heading naming a document type, alone on its line (ACOS WebSak, Elements, Public 360, bokmål and
# nynorsk). An optional tail names the body ("Saksprotokoll i Kommunestyret", "Møteinnkalling -
# Formannskapet"); the tail must be short, so a sentence that starts with the word is not a heading.
_TYPE_WORDS: list[tuple[str, str]] = [
    (r"saksfr[ae]mlegg|sakspapir|saksutredning|saksutgreiing|saksframlegg og innstilling", "saksframlegg"),
    (r"saksprotokoll|særutskrift|utskrift av møtebok|utskrift frå møtebok|utskrift fra møtebok", "saksprotokoll"),
    (r"møtebok", "møtebok"),  # protocol of a meeting or of one case: resolved from its metadata
    (r"møteprotokoll|protokoll", "møteprotokoll"),
    (r"møteinnkalling|møteinnkalling og saksliste|innkalling|innkalling til møte", "møteinnkalling"),
    (r"sakskart", "sakskart"),
    (r"politisk tilleggsnotat|tilleggsnotat|orienteringsnotat|notat", "brev"),
]
_TAIL = r"(?:\s*[:\-–]?\s*(?:(?i:i|for|frå|fra|til|i møte i)\s+)?[A-ZÆØÅ][^!?]{1,70})?"
TYPE_HEADING = [
    (re.compile(rf"^(?i:{words})\b\s*:?{_TAIL}\s*:?$"), doc_type) for words, doc_type in _TYPE_WORDS
]

CASE_TYPES = {"saksframlegg", "saksprotokoll"}
MEETING_TYPES = {"møteinnkalling", "sakskart", "møteprotokoll"}
ATTACHMENT_TYPES = {"vedlegg", "plan", "rapport", "presentasjon", "brev", "annet"}

# Labels of the metadata block under a heading; the first words of a label line.
CASE_LABELS = (
    "arkivsak", "arivsak", "arkivsaksnr", "arkivsak-dok", "arkivsaksnummer", "saksnr", "sak nr",
    "saksnummer", "saks-/dok.nr", "journalpost", "journalpostid", "arkivkode", "arkiv", "saksbehandler",
    "sakshandsamar", "behandles av", "behandlast av", "behandlet av", "handsama av", "møtedato",
    "utvalgssak", "utvalssak", "utvalgssaksnr", "saksgang", "vår ref", "vår referanse", "løpenr",
    "dato", "tittel", "sakstittel",
)
MEETING_LABELS = (
    "utvalg", "utval", "organ", "dato", "møtedato", "tid", "tidspunkt", "møtetid", "klokkeslett", "sted",
    "møtested", "møtestad", "møterom", "til stede", "tilstede", "forfall", "medlemmer", "fraværende",
    "møtt", "saker til behandling", "saksliste", "sakliste", "møteleder", "møteleiar", "sekretær",
    "følgende medlemmer", "innkalte", "merknad", "fra administrasjonen", "frå administrasjonen",
    "referatsaker", "orienteringssaker", "politiske saker", "eventuelt",
)
LETTER_LABELS = ("vår ref", "vår referanse", "deres ref", "dykkar ref", "dato", "til", "fra", "frå", "kopi")

# Lines that open the part of a case document after its heading block.
CASE_ANCHOR = re.compile(
    r"^(?:\w+s\s+)?(?:forslag til (?:vedtak|innstilling)|innstilling|framlegg til vedtak|tilråding"
    r"|innstilling frå \w+|forslag frå \w+)\b"
    r"|^.{2,80}\b(?:har|hadde) (?:behandlet|handsama|behandla) saken\b"
    r"|^(?:\d\.\s*)?(?:sammendrag|samandrag|saksopplysninger|saksutgreiing|saksutredning|bakgrunn"
    r"|behandling|vedtak|møtebehandling|dokumenter i saken|vedlegg)\b",
    re.IGNORECASE,
)
PROPOSAL = re.compile(
    r"^\w+s\s+(?:forslag til vedtak|innstilling)\s*:?$|^(?:innstilling frå \w+|framlegg til vedtak)\s*:?$",
    re.IGNORECASE,
)
BEHANDLET = re.compile(r"^(.{2,80}?)\s+(?:har|hadde)\s+(?:behandlet|handsama|behandla)\s+saken\b(.*)$", re.I)

# A case or document number: 22/22972, 2021/1234-5, 21/00273-96. The number part has three or more
# digits (or a document suffix) so that an utvalgssak number such as 10/23 is not taken for a case.
CASE_NUMBER = re.compile(
    r"(?<![\d/.])((?:19|20)\d{2}|\d{2})/(\d{3,7}|\d{1,7}(?=-\d))(?:-(\d{1,5}))?(?![/\d])"
)
DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b")
PAGE_NUMBER = re.compile(r"^(?:side\s*)?\d{1,3}(?:\s*(?:/|av)\s*\d{1,3})?$|^-\s*\d{1,3}\s*-$", re.IGNORECASE)
END_MARKER = re.compile(
    r"^dokumentet er (?:elektronisk )?(?:godkjent|godkjend|signert|godkjent elektronisk)\b", re.IGNORECASE
)
VEDLEGG_LIST = re.compile(
    r"^(?:vedlegg|vedlegg i saken|trykte vedlegg|utrykte vedlegg|dokumenter i saken|vedlagte dokumenter)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
VEDLEGG_HEADING = re.compile(r"^vedlegg\s+(\d{1,2})\s*(?:[:\-–.]\s*(.*))?$", re.IGNORECASE)
STATUS_LINE = re.compile(
    r"^(?:høringsutkast|høyringsutkast|utkast|høringsversjon|høyringsversjon|forslag til vedtak"
    r"|vedtatt(?: versjon)?|endelig versjon)\s*$",
    re.IGNORECASE,
)
PRESENTED_FOR = re.compile(r"^presentasjon\s+(?:for|i|til|på)\b", re.IGNORECASE)
# A title slide's line naming where (body and date) or by whom ("Name Name, kommunalsjef") it was shown.
_MONTHS = r"januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
SHOWN_AT = re.compile(
    r"^(?=.*\b(?:\w*utvalg|\w*utval|kommunestyret?|bystyret?|formannskapet?|\w*rådet|komit[eé]en|HU)\b)"
    rf"(?=.*\b\d{{1,2}}\.\s?(?:\d{{1,2}}\.\s?\d{{2,4}}|(?i:{_MONTHS})\b)).{{5,60}}$",
    re.IGNORECASE,
)
PRESENTER = re.compile(
    r"^[A-ZÆØÅ][\w\-]+(?:\s+[A-ZÆØÅ][\w\-]+){1,3},\s*(?:\w*rådgiver|\w*direktør|kommunalsjef|rådmann"
    r"|\w*leder|\w*leiar|prosjektleder|seniorrådgiver|spesialrådgiver|fagsjef|avdelingsleder|ordfører)\b"
)
SELF_DESCRIPTION = re.compile(
    r"^(?:dette dokumentet|dette notatet|denne rapporten|dette heftet) er (?:et|en|ei) (.{5,160}?)(?:\.|$)",
    re.IGNORECASE,
)
LETTER_TITLE = re.compile(
    r"^(?:høringssvar|høringsuttalelse|høringsinnspill fra|høyringssvar|høyringsfråsegn|uttalelse|fråsegn)\b",
    re.IGNORECASE,
)
DEAR_REF = re.compile(r"^(?:deres|dykkar)\s*(?:ref|referanse)?\b", re.IGNORECASE)
OUR_REF = re.compile(r"^vår\s*(?:ref|referanse)\b", re.IGNORECASE)
PLACE_DATE = re.compile(r"^[A-ZÆØÅ][\w\-]+,\s*\d{1,2}\.\s*(?:\d{1,2}\.\d{2,4}|[a-zæøå]+\s+\d{4})$")
LOGO = re.compile(r"^(?:\S+\s+){0,2}(?:fylkes)?kommune$|^(?:fylkes)?kommune\s*$", re.IGNORECASE)
BULLET = re.compile(r"^[•●▪■◦‣\-–*>ü]\s*")


def clean(line: str) -> str:
    """The line without layout noise: non-breaking spaces as spaces, outer white space removed."""
    return line.replace("\xa0", " ").replace("\u2010", "-").strip()


def heading_type(line: str) -> str | None:
    """The document type a heading line names, or None ("Saksprotokoll i Kommunestyret" → saksprotokoll)."""
    s = clean(line)
    if not s or len(s) > 90 or s.endswith((".", ",", ";")):
        return None
    for pattern, doc_type in TYPE_HEADING:
        if pattern.match(s):
            return doc_type
    return None


def label_of(line: str, labels: tuple[str, ...]) -> str | None:
    """The metadata label a line starts with ("Arkivsak Saksbehandler" → "arkivsak"), or None."""
    s = clean(line).lower().rstrip(":. ")
    for label in sorted(labels, key=len, reverse=True):
        if s == label or (s.startswith(label) and not s[len(label)].isalnum()):
            return label
    return None


def normalise_case_number(match: re.Match) -> tuple[str, str | None]:
    """``(arkivsak, journalpost)`` from a CASE_NUMBER match, as ``YY/NNNNN`` and ``YY/NNNNN-N``."""
    year, number, doc = match.group(1), match.group(2), match.group(3)
    sak = f"{year[-2:]}/{int(number):05d}"
    return sak, (f"{sak}-{int(doc)}" if doc else None)


def is_heading_like(line: str, max_len: int = 120) -> bool:
    """A line that can be a title: short, not a sentence, not a list item, with a letter in it."""
    s = clean(line)
    if not s or len(s) > max_len or s.endswith((".", ",", ";")) or BULLET.match(s):
        return False
    if PAGE_NUMBER.match(s) or not re.search(r"[A-Za-zÆØÅæøå]{2}", s):
        return False
    return not re.match(r"^\d+[.)]\s", s)


def is_blank(line: str) -> bool:
    """True for a line with nothing but white space."""
    return not clean(line)
