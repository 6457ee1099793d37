"""Political bodies: one key per body whatever the spelling, and the label to show for it.

Records name a body as printed: "Utvalg for Medborgerskap", "Utvalg for medborgerskap",
"Hovedutvalg for Oppvekst", "Oppvekstutvalget", "Kommunestyre", "Rådet for personer med …".
``body_key`` folds the spellings that are the same name (case, white space, definite form,
"Hovedutvalg for X" = "Utvalg for X"); ``BodyNames`` collects the spellings seen and picks the
label. Choice, with the evidence for it: a sector committee (hovedutvalg) is called both
"Hovedutvalg for X" and "Utvalg for X" in the same records (the sample's invitation letters are
signed "leder for hovedutvalg for Oppvekst" by the leader of "Utvalg for oppvekst", whose own
minutes say the body has 13 members, as the letters do), so the two are one body.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.text import normalize_space

# Definite endings of one-word bodies (Kommunestyret, Formannskapet, Eldrerådet): the indefinite
# form is folded onto the definite one, which is how bodies are named in their own headings.
_DEFINITE = (("styre", "styret"), ("skap", "skapet"), ("råd", "rådet"), ("utvalg", "utvalget"), ("nemnd", "nemnda"))
_LEADING = re.compile(r"^(?:hovedutvalg|hu)\b(?:\s+for\b)?\s*", re.IGNORECASE)
_DEFINITE_PREFIX = re.compile(r"^(utvalget|rådet|styret)\s+for\b", re.IGNORECASE)
_COMPOUND = re.compile(r"^(?P<stem>[a-zæøå]{4,}?)s?utvalget$")


def clean_body_name(name: str) -> str:
    """The body's name as printed, with white space and stray punctuation tidied.

    >>> clean_body_name(" Råd for personer med\\nfunksjonsnedsettelse ")
    'Råd for personer med funksjonsnedsettelse'
    """
    return normalize_space(name).strip(" .,:;-–")


def body_key(name: str) -> str:
    """One lower-case key per body, the same for every spelling of its name.

    >>> body_key("Utvalg for Medborgerskap") == body_key("utvalg for medborgerskap")
    True
    >>> body_key("Hovedutvalg for Oppvekst"), body_key("HU Oppvekst")
    ('utvalg for oppvekst', 'utvalg for oppvekst')
    >>> body_key("Kommunestyre"), body_key("Rådet for personer med funksjonsnedsettelse")
    ('kommunestyret', 'råd for personer med funksjonsnedsettelse')
    """
    text = clean_body_name(name).casefold()
    text = text.replace("–", "-").replace("—", "-")
    m = _LEADING.match(text)
    if m and text[m.end():]:
        text = "utvalg for " + text[m.end():]
    elif re.match(r"^utvalg\s+(?!for\b)\S+$", text):
        text = "utvalg for " + text.split(None, 1)[1]  # "Utvalg Velferd"
    m = _DEFINITE_PREFIX.match(text)
    if m:
        text = {"utvalget": "utvalg", "rådet": "råd", "styret": "styre"}[m.group(1)] + text[len(m.group(1)):]
    if " " not in text:
        for bare, definite in _DEFINITE:
            if text.endswith(bare):
                text = text[: -len(bare)] + definite
                break
    return text


@dataclass
class BodyNames:
    """The bodies named in a set of records: spellings seen per key, and aliases between keys.

    >>> names = BodyNames()
    >>> for n in ("Utvalg for oppvekst", "Utvalg for oppvekst", "Oppvekstutvalget"): _ = names.add(n)
    >>> names.key("Oppvekstutvalget"), names.label("utvalg for oppvekst")
    ('utvalg for oppvekst', 'Utvalg for oppvekst')
    """

    spellings: dict[str, Counter] = field(default_factory=dict)

    def add(self, name: str) -> str:
        """Record one mention of a body; returns its base key."""
        key = body_key(name)
        self.spellings.setdefault(key, Counter())[clean_body_name(name)] += 1
        return key

    def key(self, name: str) -> str:
        """The key of ``name``, folding a compound ("Oppvekstutvalget") onto "utvalg for oppvekst"
        when that body is also named in the records; otherwise its base key."""
        base = body_key(name)
        m = _COMPOUND.match(base)
        if m:
            target = f"utvalg for {m.group('stem')}"
            if target in self.spellings:
                return target
        return base

    def keys(self) -> list[str]:
        """Every body key after folding aliases, sorted."""
        return sorted({self.key(k) for k in self.spellings})

    def variants(self, key: str) -> Counter:
        """Every spelling of the body ``key`` (after folding aliases), with its count."""
        out: Counter = Counter()
        for base, counts in self.spellings.items():
            if self.key(base) == key:
                out.update(counts)
        return out

    def label(self, key: str) -> str:
        """The spelling to show: the most frequent; ties go to the one with fewer capitals, then A–Z.

        A body named as a sector committee keeps the commoner short form ("Utvalg for oppvekst").
        """
        counts = self.variants(key)
        if not counts:
            return key[:1].upper() + key[1:]
        return min(counts, key=lambda s: (-counts[s], sum(c.isupper() for c in s), s))
