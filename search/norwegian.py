"""Norwegian text analysis for lexical search: word forms, compound parts and identifiers kept whole.

A text becomes three streams of index terms:

* ``words``: each word lower-cased and reduced to its stem (Snowball) or lemma (simplemma); æøå kept;
  stop words dropped.
* ``parts``: the head (and modifier) of compounds, found with simplemma's Norwegian word list, so that
  ``spesialundervisning`` also indexes ``undervisning``.
* ``ids``: identifiers normalised the way eInnsyn reads them: case numbers (``21/21815``,
  ``2021/021815`` and ``21/021815`` are one term), journalposts (``22/22972-2`` gives the journalpost
  and its case), item numbers (``PS 5/23``), dates (``14.02.2023``, ``14. februar 2023``) and NOU numbers.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

# The Snowball project's Norwegian stop words (bokmål and nynorsk function words).
STOPWORDS = frozenset(
    """
    og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett har om
    vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal
    selv sjøl her alle vil bli ble blei blitt kunne inn når være kom noen noe ville dere deres kun ja
    etter ned skulle denne for deg si sine sitt mot å meget hvorfor dette disse uten hvordan ingen din
    ditt blir samme hvilken hvilke sånn inni mellom vår hver hvem vors hvis både bare enn fordi før
    mange også slik vært båe begge siden dykk dykkar dei deira deires deim di då eg ein eit eitt elles
    honom hjå ho hoe henne hennar hennes hoss hossen ingi inkje korleis korso kva kvar kvarhelst kven
    kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre sia sidan so somt somme um upp
    vere vore verte vort varte vart
    """.split()
)

# Prefixes that form lexicalised words rather than compounds (``oppvekst`` is not ``opp`` + ``vekst``).
_NOT_MODIFIERS = STOPWORDS | frozenset(
    "under over etter gjennom mellom inn opp ut ned fra til for av med om ved bak fram frem hen sam "
    "van bi be er ge an mis u all sær utenfor innenfor innen ovenfor nedenfor utover".split()
)

MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8,
    "september": 9, "oktober": 10, "november": 11, "desember": 12,
}  # fmt: skip

# Markers before a body's item number (politisk sak, referatsak, delegert sak, …).
_ITEM_MARK = r"(?:PS|RS|DS|FS|OS|US|Sak|Saksnr\.?|Sak nr\.?)"
_IDENTIFIER = re.compile(
    rf"(?P<item>\b{_ITEM_MARK}\s*(?P<in>\d{{1,4}})\s*/\s*(?P<iy>\d{{1,4}})(?![\d/]))"
    r"|(?P<slash>(?<![\w/.,])(?P<a>\d{1,4})\s?/\s?(?P<b>\d{1,7})(?:\s?-\s?(?P<doc>\d{1,5}))?(?![\w/]))"
    r"|(?P<date>\b(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4}|\d{2})(?![\d.]\d))"
    rf"|(?P<ldate>\b(?P<ld>\d{{1,2}})\.\s*(?P<lm>{'|'.join(MONTHS)})\s+(?P<ly>\d{{4}})\b)"
    r"|(?P<nou>\bNOU\s*(?P<ny>\d{4})\s*:\s*(?P<nn>\d{1,3})\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _num(part: str) -> str:
    """Digits without zero padding (``021815`` → ``21815``; ``0`` stays ``0``)."""
    return part.lstrip("0") or "0"


def _year2(part: str) -> str:
    """A year as its last two digits without padding: ``2021`` → ``21``, ``05`` → ``5``."""
    return _num(part[-2:])


def normalise_case_number(text: str) -> str | None:
    """The search term of a case or journalpost number (``YY/N``, padding and century dropped).

    A journalpost's document number is dropped, so it gives its case. ``None`` if ``text`` is not one.

    >>> normalise_case_number("2021/021815"), normalise_case_number("22/22972-2")
    ('21/21815', '22/22972')
    """
    m = re.fullmatch(r"\s*(\d{2}|\d{4})\s*/\s*(\d{1,7})(?:\s*-\s*\d{1,5})?\s*", text)
    return f"{_year2(m.group(1))}/{_num(m.group(2))}" if m else None


@dataclass(frozen=True)
class Identifier:
    """An identifier found in text: where it is and the terms it is indexed under."""

    start: int
    end: int
    terms: tuple[str, ...]


def find_identifiers(text: str) -> list[Identifier]:
    """Case, journalpost and item numbers, dates and NOU numbers in ``text``, with their terms.

    >>> [i.terms for i in find_identifiers("sak 22/22972-2, PS 5/23, møte 14.02.2023")]
    [('22/22972-2', '22/22972'), ('5/23',), ('2023-02-14', '2023')]
    """
    out: list[Identifier] = []
    for m in _IDENTIFIER.finditer(text):
        terms: tuple[str, ...] = ()
        if m.group("item"):
            n, year = m.group("in"), m.group("iy")
            if len(n) == 4 and len(year) < 4:  # written year first: PS 2023/5
                n, year = year, n
            terms = (f"{_num(n)}/{_year2(year)}",)
        elif m.group("slash"):
            a, b = m.group("a"), m.group("b")
            # A four-digit left part is a year (2021/021815); the sequence part keeps all its digits.
            case = f"{_year2(a) if len(a) == 4 else _num(a)}/{_num(b)}"
            terms = (f"{case}-{_num(m.group('doc'))}", case) if m.group("doc") else (case,)
        elif m.group("date") or m.group("ldate"):
            if m.group("date"):
                d, mo, y = int(m.group("d")), int(m.group("m")), m.group("y")
            else:
                d, mo, y = int(m.group("ld")), MONTHS[m.group("lm").lower()], m.group("ly")
            year = int(y) if len(y) == 4 else 2000 + int(y)
            if not (1 <= d <= 31 and 1 <= mo <= 12):
                continue
            terms = (f"{year:04d}-{mo:02d}-{d:02d}", str(year))
        elif m.group("nou"):
            terms = (f"nou:{m.group('ny')}:{_num(m.group('nn'))}",)
        out.append(Identifier(m.start(), m.end(), terms))
    return out


@functools.lru_cache(maxsize=1)
def _dictionary():
    """simplemma's Norwegian bokmål form → lemma mapping (about 640 000 forms)."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    return DefaultDictionaryFactory().get_dictionary("nb")


def _known(word: str) -> bool:
    return word in _dictionary()


@functools.lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, str] | None:
    """``(modifier, head)`` of a Norwegian compound, using the bokmål word list; ``None`` if none found.

    The longest known head (of five letters or more) wins; the modifier must be a known content word, optionally followed by a
    linking ``s`` or ``e``. Prepositional prefixes (``under-``, ``opp-``) do not count as modifiers.

    >>> split_compound("spesialundervisning")
    ('spesial', 'undervisning')
    >>> split_compound("barnehagelærere")
    ('barnehage', 'lærere')
    >>> split_compound("oppvekst") is None
    True
    """
    w = word.lower()
    if len(w) < 8 or not w.isalpha():
        return None
    for i in range(3, len(w) - 4):  # heads of 5+ letters: "barnehage" is not "barne" + "hage"
        head = w[i:]
        if not _known(head):
            continue
        modifier = w[:i]
        for mod in (modifier, modifier[:-1] if modifier[-1] in "se" else None):
            if mod and len(mod) >= 3 and mod not in _NOT_MODIFIERS and _known(mod):
                return modifier, head
    return None


@dataclass
class Analysis:
    """The index terms of one text (see the module docstring)."""

    words: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    def all_terms(self) -> list[str]:
        return self.words + self.parts + self.ids


# Nynorsk spellings of words that municipal records use often, with their bokmål form: a word is
# indexed and queried as its bokmål form, so "skulen" finds "skolen" and the other way round. Only
# pairs that mean the same in both written standards; the stemmer does the rest (skolen → skol).
NYNORSK_FORMS = {
    "skule": "skole", "skulen": "skolen", "skular": "skoler", "skulane": "skolene", "elevane": "elevene",
    "heim": "hjem", "heimen": "hjemmet", "kyrkje": "kirke", "utval": "utvalg", "utvalet": "utvalget",
    "teneste": "tjeneste", "tenesta": "tjenesten", "tenester": "tjenester", "tenestene": "tjenestene",
    "framlegg": "forslag", "framlegget": "forslaget", "framlegga": "forslagene", "høyring": "høring",
    "høyringa": "høringen", "høyringsfrist": "høringsfrist", "handsaming": "behandling",
    "handsaminga": "behandlingen", "handsama": "behandlet", "born": "barn", "borna": "barna", "heile": "hele",
    "saman": "sammen", "medborgarskap": "medborgerskap", "personar": "personer", "menneske": "mennesker",
    "funksjonsnedsetjing": "funksjonsnedsettelse", "vedteke": "vedtatt", "vedtekne": "vedtatte",
    "tilbod": "tilbud", "tilboda": "tilbudene", "bustad": "bolig", "bustader": "boliger", "veg": "vei",
    "vegen": "veien", "mogleg": "mulig", "moglegheit": "mulighet", "moglegheiter": "muligheter",
    "særleg": "særlig", "tydeleg": "tydelig", "berekraft": "bærekraft", "berekraftsmål": "bærekraftsmål",
    "innbyggjar": "innbygger", "innbyggjarar": "innbyggere", "innbyggjarane": "innbyggerne", "tilsette": "ansatte",
    "leiar": "leder", "leiarar": "ledere", "leiing": "ledelse", "sakshandsamar": "saksbehandler",
    "eigedom": "eiendom", "eigar": "eier", "arbeidsplassar": "arbeidsplasser",
    "ungdomar": "ungdommer", "røysting": "avstemning",
}


class Analyzer:
    """Turns Norwegian text into index terms; the same analyzer must index and query.

    ``forms``: ``"stem"`` (Snowball Norwegian), ``"lemma"`` (simplemma bokmål) or ``"none"``.
    ``compounds``: ``"none"``, ``"head"`` (index a compound's head) or ``"both"`` (head and modifier).

    >>> a = Analyzer()
    >>> a.analyze("Spesialundervisningen i skolene").words
    ['spesialundervisning', 'skol']
    >>> a.analyze("Spesialundervisningen i skolene").parts
    ['undervisning']
    """

    def __init__(self, forms: str = "stem", compounds: str = "head") -> None:
        if forms not in ("stem", "lemma", "none"):
            raise ValueError(f"forms must be stem, lemma or none, not {forms!r}")
        if compounds not in ("none", "head", "both"):
            raise ValueError(f"compounds must be none, head or both, not {compounds!r}")
        self.forms = forms
        self.compounds = compounds
        self._form = functools.lru_cache(maxsize=200_000)(self._form_uncached)
        self._word = functools.lru_cache(maxsize=200_000)(self._word_uncached)
        if forms == "stem":
            import Stemmer

            self._stemmer = Stemmer.Stemmer("norwegian")

    @property
    def name(self) -> str:
        """A short label of the configuration, recorded in the index so a change re-analyses."""
        return f"{self.forms}+{self.compounds}"

    def _form_uncached(self, word: str) -> str:
        if self.forms == "stem":
            return self._stemmer.stemWord(word)
        if self.forms == "lemma":
            import simplemma

            return simplemma.lemmatize(word, lang="nb").lower()
        return word

    def _word_uncached(self, lower: str) -> tuple[str, tuple[str, ...]]:
        """(form of the word, forms of its compound parts)."""
        form = self._form(lower)
        parts: tuple[str, ...] = ()
        if self.compounds != "none":
            split = split_compound(lower)
            if split:
                modifier, head = split
                parts = (self._form(head),)
                if self.compounds == "both":
                    mod = modifier[:-1] if not _known(modifier) else modifier
                    parts += (self._form(mod),)
        return form, parts

    def word_terms(self, word: str) -> tuple[str, tuple[str, ...]] | None:
        """The (form, compound part forms) of one word, or None for a stop word."""
        lower = word.lower()
        if lower in STOPWORDS:
            return None
        return self._word(NYNORSK_FORMS.get(lower, lower))

    def analyze(self, text: str) -> Analysis:
        """The index terms of ``text``."""
        out = Analysis()
        pos = 0
        for ident in find_identifiers(text):
            self._words(text[pos : ident.start], out)
            out.ids.extend(ident.terms)
            pos = ident.end
        self._words(text[pos:], out)
        return out

    def _words(self, text: str, out: Analysis) -> None:
        for m in _WORD.finditer(text):
            terms = self.word_terms(m.group(0))
            if terms:
                out.words.append(terms[0])
                out.parts.extend(terms[1])

    def marks(self, text: str, terms: set[str]) -> list[tuple[int, int]]:
        """Spans of ``text`` whose words or identifiers give one of ``terms`` (for snippets)."""
        spans: list[tuple[int, int]] = []
        pos = 0
        for ident in find_identifiers(text):
            spans.extend(self._word_marks(text, pos, ident.start, terms))
            if terms.intersection(ident.terms):
                spans.append((ident.start, ident.end))
            pos = ident.end
        spans.extend(self._word_marks(text, pos, len(text), terms))
        return spans

    def _word_marks(self, text: str, start: int, end: int, terms: set[str]) -> list[tuple[int, int]]:
        out = []
        for m in _WORD.finditer(text, start, end):
            got = self.word_terms(m.group(0))
            if got and (got[0] in terms or terms.intersection(got[1])):
                out.append((m.start(), m.end()))
        return out


@functools.lru_cache(maxsize=8)
def get_analyzer(forms: str = "stem", compounds: str = "head") -> Analyzer:
    """A shared analyzer (its word caches are worth keeping across calls)."""
    return Analyzer(forms, compounds)
