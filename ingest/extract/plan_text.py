"""Small text helpers for plan extraction: sentences, bullet lists, Norwegian dates, plan identity keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from ingest.text import normalize_space

from .plan_titles import PlanTitle

MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8,
    "september": 9, "oktober": 10, "november": 11, "desember": 12,
}  # fmt: skip
DATE_RX = re.compile(
    r"(\d{1,2})\.\s*(?:(\d{1,2})\.\s*(\d{4})|(" + "|".join(MONTHS) + r")\s*(\d{4})?)", re.I
)
BULLET_RX = re.compile(r"^[ \t]*(?:[•·▪●○◦*\-–−]|\d{1,2}[.)])\s+(.+)$", re.M)


_ITEM = re.compile(r"(?m)^[ \t]*([•·▪●○◦*\-–−]|\d{1,2}[.)])[ \t]+(\S[^\n]*)$")


def list_items(text: str, pos: int) -> list[tuple[int, int, str]]:
    r"""The items of the list that starts right after ``pos`` (an intro line ending in ':'): spans and texts.

    Items keep the marker of the first one (•, -, 1.), so a numbered heading after a bullet list ends it.

    >>> [t for _, _, t in list_items("Innsatsområdene er:\n• A og B\n• C\n\n2. Neste punkt", 19)]
    ['A og B', 'C']
    """
    items: list[tuple[int, int, str]] = []
    marker = None
    for m in _ITEM.finditer(text, pos, min(len(text), pos + 4000)):
        gap = text[pos:m.start()]
        if gap.strip() or gap.count("\n") > 3:
            break
        kind = "number" if m.group(1)[0].isdigit() else m.group(1)
        if marker is None:
            marker = kind
        elif kind != marker:
            break
        items.append((m.start(2), m.end(2), m.group(2)))
        pos = m.end()
    return items


def parse_date(text: str, default_year: int | None = None) -> str | None:
    """The first Norwegian date in ``text`` as ISO (``3. mars 2023``, ``3.mars 2023``, ``03.03.2023``).

    >>> parse_date("høringsfrist 3.mars 2023"), parse_date("frist innen 03. mars", 2023)
    ('2023-03-03', '2023-03-03')
    """
    m = DATE_RX.search(text)
    if not m:
        return None
    day = int(m.group(1))
    if m.group(2):
        month, year = int(m.group(2)), int(m.group(3))
    else:
        month = MONTHS[m.group(4).lower()]
        year = int(m.group(5)) if m.group(5) else default_year
    if year is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


_ABBREVIATIONS = frozenset(
    "nr st meld jf jfr ca kap s pkt dvs mv osv bl eks f fig tab ref prop mill mrd kl tlf vedr evt ev".split()
)


def _ends_sentence(text: str, i: int) -> bool:
    """Whether the stop at ``text[i]`` ends a sentence (not "nr.", "Meld. St.", "3. mars", "f.eks.")."""
    if text[i] in "!?":
        return True
    word = re.search(r"([\wæøåÆØÅ.]+)$", text[max(0, i - 12):i])
    token = word.group(1).lower().strip(".") if word else ""
    if token.split(".")[-1] in _ABBREVIATIONS or re.fullmatch(r"\d{1,2}", token) or len(token) == 1:
        return False
    nxt = re.match(r"\s+(\S)", text[i + 1:i + 6])
    return nxt is None or not nxt.group(1).islower()


def _after_heading(text: str, i: int) -> bool:
    """Whether the line ending at ``text[i]`` (a newline) is a heading: short, numbered or capitalised, no stop."""
    line_start = text.rfind("\n", 0, i) + 1
    line = text[line_start:i].strip()
    nxt = text[i + 1:i + 3].strip()[:1]
    return (
        0 < len(line) <= 45
        and not re.search(r"[.,;:!?]$", line)
        and bool(re.match(r"(?:\d+(?:\.\d+)*\.?\s+)?[A-ZÆØÅ]", line))
        and nxt.isupper()
        and bool(re.match(r"\d+(?:\.\d+)*\.?\s", line) or len(line.split()) <= 5)
    )


def sentence_at(text: str, pos: int, limit: int = 600) -> tuple[int, int]:
    """The span of the sentence (or list item, or heading) around ``pos``.

    >>> t = "Første. Høringsfrist er 3. mars 2023 jf. Meld. St. 8 her. Neste."
    >>> s, e = sentence_at(t, 12); t[s:e]
    'Høringsfrist er 3. mars 2023 jf. Meld. St. 8 her.'
    """
    lo = max(0, pos - limit)
    start = lo
    for m in re.finditer(r"[.!?](?=\s)|\n\s*\n|:\s*\n|\n(?=\s*[•·▪●\-–−]\s)|\n", text[lo:pos]):
        if m.group(0) in ".!?" and not _ends_sentence(text, lo + m.start()):
            continue
        if m.group(0) == "\n" and not _after_heading(text, lo + m.start()):
            continue
        start = lo + m.end()
    end = min(len(text), pos + limit)
    for m in re.finditer(r"[.!?](?=\s|$)|\n\s*\n|\n(?=\s*[•·▪●\-–−]\s)", text[pos:pos + limit]):
        if m.group(0) in ".!?" and not _ends_sentence(text, pos + m.start()):
            continue
        end = pos + m.end()
        break
    while start < end and text[start].isspace():
        start += 1
    return start, end


def fold(text: str) -> str:
    """A key for comparing names: case, accents (å/a, ø/o, æ/ae), quotes, dashes and spaces ignored.

    >>> fold("Å høre til") == fold("A høre til") == fold("Ahøre til")
    True
    """
    text = text.casefold().replace("å", "a").replace("ø", "o").replace("æ", "ae")
    return re.sub(r"[^a-z0-9]+", "", text)


def similar(a: str | None, b: str | None, threshold: int = 88) -> bool:
    """Two names or themes alike enough to be one (``deltagelse``/``deltakelse``, ``skole``/``skoler``)."""
    if not a or not b:
        return False
    fa, fb = fold(a), fold(b)
    return fa == fb or fuzz.ratio(fa, fb) >= threshold


def same_name(a: str, b: str) -> bool:
    """Two focus-area names for one area: alike, or the shorter's words all in the longer
    ("Arbeid og aktivitet" / "Arbeid, aktivitet og fritid", "Barnehage og skole" / "Barnehage og skoler").
    """
    if similar(a, b, 88):
        return True
    wa = {fold(w) for w in a.replace("-", " ").split() if len(fold(w)) > 2}
    wb = {fold(w) for w in b.replace("-", " ").split() if len(fold(w)) > 2}
    short, long_ = sorted((wa, wb), key=len)
    return len(short) >= 2 and short <= long_


@dataclass
class PlanAliases:
    """What a plan is called in one document: names, themes, identifier, type."""

    names: set[str]
    themes: set[str]
    identifier: str | None
    plan_type: str | None

    @classmethod
    def of(cls, title: PlanTitle) -> "PlanAliases":
        names = {title.name} if title.name else set()
        themes = {title.theme} if title.theme else set()
        if title.loose:
            names.add(title.loose)
            themes.add(title.loose)
        return cls(names, themes, title.identifier, title.plan_type)

    def add(self, title: PlanTitle) -> None:
        other = PlanAliases.of(title)
        self.names |= other.names
        self.themes |= other.themes
        self.identifier = self.identifier or other.identifier
        self.plan_type = self.plan_type or other.plan_type

    def matches(self, title: PlanTitle) -> bool:
        """Whether ``title`` names this plan."""
        other = PlanAliases.of(title)
        if self.identifier or other.identifier:
            return bool(self.identifier and self.identifier == other.identifier)
        if other.names and any(similar(a, b, 92) for a in self.names for b in other.names):
            return True
        if other.themes and any(similar(a, b, 85) for a in self.themes for b in other.themes):
            return True
        if not (self.names or self.themes or other.names or other.themes):
            return bool(self.plan_type and self.plan_type == other.plan_type)
        return False


def label_text(text: str) -> str:
    """A heading or list item as a name: white space collapsed, trailing punctuation and quotes removed."""
    return normalize_space(text).strip(" .:;,«»\"“”*")
