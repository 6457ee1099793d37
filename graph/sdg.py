"""FN's 17 bærekraftsmål (graph/sdg.ttl): their IRIs and names, and references to them in text.

A reference by number (``mål 17``, ``bærekraftsmål nr. 17``, ``FNs bærekraftsmål 4``, ``SDG 3``), by
official name (``God helse og livskvalitet``), by short name (``God helse``), in English or nynorsk,
resolves to the UN's IRI ``http://metadata.un.org/sdg/N``.

>>> resolve_sdg("bærekraftsmål nr. 17")
17
>>> str(sdg_iri(resolve_sdg("God helse")))
'http://metadata.un.org/sdg/3'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from .namespaces import SDGO, SKOS, new_graph

SDG_PATH = Path(__file__).resolve().parent / "sdg.ttl"
SDG_BASE = "http://metadata.un.org/sdg/"
SCHEME = URIRef("http://metadata.un.org/sdg")

# Words that carry no meaning when names are compared ("og", "for", "å" …).
_STOP = frozenset("og for å til i på av med the and for of a en et ei".split())
# The words that announce an SDG reference, bokmål, nynorsk and English.
SDG_WORD = r"(?:FN-?s?\s+)?(?:bærekraftsmål|bærekraftmål|berekraftsmål|berekraftmål)(?:ene|et|a|en)?"
_NUMBER_REF = re.compile(
    rf"^\s*(?:{SDG_WORD}|sdg|goal|mål|målet)?\s*(?:nr\.?|nummer|no\.?)?\s*(\d{{1,2}})\s*\.?\s*$", re.I
)
_NUMBER_LIST = re.compile(
    rf"(?:{SDG_WORD}|\bSDGs?|\bsustainable development goals?)\s*(?:nr\.?|nummer)?\s*"
    r"(\d{1,2})((?:\s*(?:,|\bog\b|&|\band\b|\bsamt\b)\s*(?:nr\.?\s*)?\d{1,2}\b)*)",
    re.I,
)


@dataclass(frozen=True)
class SdgMention:
    """One reference to a bærekraftsmål in a text: its number and the span (``text[start:end]``)."""

    number: int
    start: int
    end: int
    how: str  # "number" | "numbered-name" | "name"


@lru_cache(maxsize=1)
def _graph() -> Graph:
    return new_graph().parse(SDG_PATH, format="turtle")


def sdg_graph() -> Graph:
    """The 17 goals as SKOS (a fresh copy: callers may change it)."""
    g = new_graph()
    g += _graph()
    return g


def sdg_iri(number: int) -> URIRef:
    """The UN's IRI of goal ``number`` (1–17).

    >>> sdg_iri(17)
    rdflib.term.URIRef('http://metadata.un.org/sdg/17')
    """
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 17:
        raise ValueError(f"there are 17 bærekraftsmål; {number!r} is not one of 1–17")
    return URIRef(f"{SDG_BASE}{number}")


def sdg_number(iri: str) -> int | None:
    """The number of an SDG IRI, or None for any other IRI."""
    m = re.fullmatch(re.escape(SDG_BASE) + r"(\d{1,2})", str(iri))
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 17 else None


def sdg_label(number: int, lang: str = "nb") -> str:
    """The official name of goal ``number`` in ``lang`` (nb or en).

    >>> sdg_label(3), sdg_label(3, "en")
    ('God helse og livskvalitet', 'Good health and well-being')
    """
    for label in _graph().objects(sdg_iri(number), SKOS.prefLabel):
        if isinstance(label, Literal) and label.language == lang:
            return str(label)
    raise KeyError(f"no {lang} name for bærekraftsmål {number}")


def sdg_triples(numbers: set[int] | None = None) -> Graph:
    """The type and names of the given goals (all 17 when ``numbers`` is None), for a graph that links to them."""
    src = _graph()
    g = new_graph()
    for n in sorted(numbers if numbers is not None else range(1, 18)):
        node = sdg_iri(n)
        g.add((node, RDF.type, SDGO.Goal))
        for p in (SKOS.prefLabel, SKOS.notation):
            for o in src.objects(node, p):
                g.add((node, p, o))
    return g


def _norm(text: str) -> str:
    text = text.casefold().replace("–", " ").replace("-", " ")
    return " ".join(re.findall(r"[\wæøå]+", text))


def _tokens(text: str) -> list[str]:
    return [t for t in _norm(text).split() if t not in _STOP]


@lru_cache(maxsize=1)
def _labels() -> dict[int, list[str]]:
    """Every name of every goal (pref and alt, all languages), normalised."""
    out: dict[int, list[str]] = {n: [] for n in range(1, 18)}
    g = _graph()
    for n in out:
        for p in (SKOS.prefLabel, SKOS.altLabel):
            out[n].extend(_norm(str(o)) for o in g.objects(sdg_iri(n), p))
    return out


def _same_word(a: str, b: str) -> bool:
    # "samfunn" ~ "lokalsamfunn", "målene" ~ "måla": compounds and inflection differ in use.
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 5 and (long_.endswith(short) or long_.startswith(short))


def match_sdg_name(phrase: str) -> int | None:
    """The goal a name refers to: an official or short name (any case), or one whose words it all shares.

    The phrase must name one goal only; two words at least are needed for a partial name.

    >>> match_sdg_name("Bærekraftige byer og samfunn"), match_sdg_name("økonomi")
    (11, None)
    """
    norm = _norm(re.sub(r"^\s*(?:mål\s*)?\d{1,2}\s*[.:)–-]?\s*", "", phrase, flags=re.I))
    if not norm:
        return None
    exact = {n for n, labels in _labels().items() if norm in labels}
    if len(exact) == 1:
        return exact.pop()
    words = [t for t in norm.split() if t not in _STOP]
    if len(words) < 2:
        return None
    hits = set()
    for n, labels in _labels().items():
        for label in labels:
            label_words = [t for t in label.split() if t not in _STOP]
            if all(any(_same_word(w, lw) for lw in label_words) for w in words):
                hits.add(n)
    return hits.pop() if len(hits) == 1 else None


def resolve_sdg(text: str) -> int | None:
    """The goal a reference names: by number (``mål 17``, ``bærekraftsmål nr. 17``), name or short name.

    >>> resolve_sdg("FNs bærekraftsmål 4"), resolve_sdg("mål 17"), resolve_sdg("Partnerships for the goals")
    (4, 17, 17)
    """
    m = _NUMBER_REF.match(text)
    if m:
        n = int(m.group(1))
        return n if 1 <= n <= 17 else None
    stripped = re.sub(rf"^\s*{SDG_WORD}\s*", "", text, flags=re.I)
    return match_sdg_name(stripped)


@lru_cache(maxsize=1)
def _label_patterns() -> dict[int, re.Pattern[str]]:
    """Per goal, a pattern matching any of its names at a position (flexible white space, any case)."""
    out = {}
    for n, labels in _labels().items():
        alts = sorted({r"[\s\-–,]+".join(re.escape(w) for w in label.split()) for label in labels}, key=len, reverse=True)
        out[n] = re.compile(r"(?:" + "|".join(alts) + r")(?![\wæøå])", re.I)
    return out


def find_sdg_mentions(text: str, names_allowed: bool = False) -> list[SdgMention]:
    """Every bærekraftsmål referred to in ``text``, in order, with its span.

    Numbers count after an SDG word (``bærekraftsmål 3, 4 og 10``, ``FNs bærekraftsmål nr. 17``), or
    before or after the goal's own name (``3. God helse``, ``Mål 17: Samarbeid for å nå målene``).
    Names alone count only where ``names_allowed`` (the caller knows the text is about SDGs: a list
    introduced as bærekraftsmål, a satsingsområde column named after them).

    >>> [m.number for m in find_sdg_mentions("Bærekraftsmål 3, 4 og 10 er særlig relevante.")]
    [3, 4, 10]
    """
    found: dict[tuple[int, int], SdgMention] = {}
    for m in _NUMBER_LIST.finditer(text):
        for nm in re.finditer(r"\d{1,2}", m.group(0)[m.start(1) - m.start():]):
            n = int(nm.group(0))
            if 1 <= n <= 17:
                s = m.start(1) + nm.start()
                found[(s, n)] = SdgMention(n, m.start(), m.end(), "number")
    # "3. God helse", "Mål 17: Samarbeid for å nå målene", "17 Samarbeid …": number then its own name.
    for m in re.finditer(r"(?<![\d.,])(\d{1,2})\s*[.:)–-]?\s+", text):
        n = int(m.group(1))
        if 1 <= n <= 17:
            lm = _label_patterns()[n].match(text, m.end())
            if lm:
                found[(m.start(), n)] = SdgMention(n, m.start(), lm.end(), "numbered-name")
    if names_allowed:
        taken = [(x.start, x.end) for x in found.values()]
        for n, pattern in _label_patterns().items():
            for lm in pattern.finditer(text):
                if lm.start() > 0 and (text[lm.start() - 1].isalnum()):
                    continue
                if any(s <= lm.start() < e for s, e in taken):
                    continue
                found[(lm.start(), n)] = SdgMention(n, lm.start(), lm.end(), "name")
    out: list[SdgMention] = []
    seen: set[tuple[int, int]] = set()
    for (_, n), mention in sorted(found.items()):
        if (mention.start, n) not in seen:
            seen.add((mention.start, n))
            out.append(mention)
    return out
