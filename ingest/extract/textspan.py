"""Text helpers shared by the case and treatment extractors: lines, paragraphs, sentences, dates, numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..doctypes import LOGO, PAGE_NUMBER

# A date as printed in case papers: 17.01.2023, 9.2.23.
DATE_RE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})\b")
# A body's item number (utvalgssak): 4/23, 242/22, PS 12/26, 0109/22, 12/2024.
ITEM_RE = re.compile(r"(?<![\d/.])(?:(?:PS|RS|FS|DS|Sak)\s*)?(\d{1,4})/(\d{4}|\d{2})(?![\d/-])")
BULLET_RE = re.compile(r"^\s*(?:[•●▪■◦‣*·]|[-–](?=\s|\*)|#(?=\s*\S))\s*")
PLACEHOLDER_RE = re.compile(r"^[\s.…•\-–*]*$")

# Number words as written in vote statements (bokmål and nynorsk).
NUMBER_WORDS = {
    "null": 0, "en": 1, "én": 1, "ein": 1, "ei": 1, "ett": 1, "eitt": 1, "to": 2, "tre": 3, "fire": 4,
    "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12,
    "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19,
    "tjue": 20, "tjuefem": 25, "tretti": 30, "førti": 40, "femti": 50,
}
NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"


@dataclass(frozen=True)
class Line:
    """One line of a document's text: its span in ``DocumentText.text`` and its stripped text."""

    start: int
    end: int
    text: str


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of ``text[start:end]`` with their offsets; ``text`` of each is stripped (may be empty)."""
    end = len(text) if end is None else end
    out: list[Line] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        raw = text[pos:stop]
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip().replace("\xa0", " ").strip("\f").strip()
        out.append(Line(pos + lead, pos + lead + len(raw.strip()), stripped))
        pos = stop + 1
    return out


def is_noise(line: str) -> bool:
    """A line that is page furniture rather than content: a page number, a logo, a form feed."""
    s = line.strip().strip("*").strip()
    if not s:
        return True
    return bool(PAGE_NUMBER.match(s) or LOGO.match(s) or re.match(r"^\d{1,3}/\d{1,3}\s+\S+$", s) and len(s) < 16)


def clean_block(text: str) -> str:
    """A block of running text with page furniture removed and white space tidied, paragraphs kept."""
    lines = [ln.replace("\xa0", " ").rstrip() for ln in text.replace("\f", "\n").split("\n")]
    kept: list[str] = []
    for i, ln in enumerate(lines):
        s = ln.strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if s and is_noise(s):
            continue
        # An OCR logo: a short line such as "0 Asker" directly above a lone "kommune".
        if s and LOGO.match(nxt) and len(s.split()) <= 2 and re.match(r"^\d?\s*[A-ZÆØÅ]", s):
            continue
        kept.append(s)
    out = "\n".join(kept)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip()


def one_line(text: str) -> str:
    """Text with all white space runs collapsed to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def iso_date(text: str) -> str | None:
    """The first date in ``text`` as ``yyyy-mm-dd`` (two-digit years are 20yy).

    >>> iso_date("møte 9.2.23 sak 4/23"), iso_date("17.01.2023")
    ('2023-02-09', '2023-01-17')
    """
    m = DATE_RE.search(text)
    if not m:
        return None
    day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    y = int(year) if len(year) == 4 else 2000 + int(year)
    return f"{y:04d}-{month:02d}-{day:02d}"


def item_number(text: str) -> str | None:
    """The first item number (utvalgssak) in ``text``, without a PS/RS prefix: ``PS 12/26`` → ``12/26``."""
    m = ITEM_RE.search(text)
    return f"{int(m.group(1))}/{m.group(2)}" if m else None


def number_value(word: str) -> int | None:
    """A count written as digits or a Norwegian number word: ``"4"`` → 4, ``"en"`` → 1, ``"tolv"`` → 12."""
    w = word.strip().lower()
    if w.isdigit():
        return int(w)
    return NUMBER_WORDS.get(w)


def text_start(text: str | None, length: int = 50) -> str | None:
    """The first ``length`` characters of a text on one line, without a leading list number or bullet.

    >>> text_start("1. Saken tas til orientering.")
    'Saken tas til orientering.'
    """
    if not text:
        return None
    s = one_line(text)
    s = re.sub(r"^(?:\d{1,2}[.)]\s+|[a-z]\)\s+|[•●▪■◦*\-–#]\s*)", "", s)
    s = s.strip(" «»\"*")
    return s[:length].rstrip() or None


_BRACKET_REACH = 400  # characters: the longest bracketed aside a sentence split waits for


def sentences(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """Split running text into sentences: ``(start, end, text)`` with offsets shifted by ``offset``.

    A full stop after a single capital (an initial, "May B. Myklebust") or inside brackets does not end
    a sentence; a bracket left open ends at a blank line or after ``_BRACKET_REACH`` characters.

    >>> [t for _, _, t in sentences("Noen (mange. Andre gjør det. Slik er det.")]
    ['Noen (mange. Andre gjør det. Slik er det.']
    >>> [t for _, _, t in sentences("Noen (opp mot grensen." + " Ord." * 100)][-2:]
    ['Ord.', 'Ord.']
    """
    out: list[tuple[int, int, str]] = []
    depth = 0
    opened = 0
    begin = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if depth and (i - opened > _BRACKET_REACH or text.startswith("\n\n", i)):
            depth = 0  # a bracket never closed ("(opp mot grensen … .") must not swallow the rest of the text
        if ch in "([«":
            if not depth:
                opened = i
            depth += 1
        elif ch in ")]»" and depth:
            depth -= 1
        elif ch in ".!?" and depth == 0:
            j = i + 1
            while j < n and text[j] in " \t\n":
                j += 1
            initial = i >= 1 and text[i - 1].isupper() and (i < 2 or not text[i - 2].isalnum())
            if j > i + 1 and (j >= n or text[j].isupper() or text[j].isdigit()) and not initial:
                _add(out, text, begin, i + 1, offset)
                begin = j
                i = j
                continue
        i += 1
    _add(out, text, begin, n, offset)
    return out


def _add(out: list[tuple[int, int, str]], text: str, start: int, end: int, offset: int) -> None:
    chunk = text[start:end]
    if chunk.strip():
        lead = len(chunk) - len(chunk.lstrip())
        out.append((offset + start + lead, offset + start + lead + len(chunk.strip()), one_line(chunk)))


def paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the blank-line separated paragraphs of ``text[start:end]`` (page furniture skipped)."""
    out: list[tuple[int, int]] = []
    cur: list[Line] = []
    for ln in lines_of(text, start, end):
        if not ln.text or is_noise(ln.text):
            if cur:
                out.append((cur[0].start, cur[-1].end))
                cur = []
            continue
        cur.append(ln)
    if cur:
        out.append((cur[0].start, cur[-1].end))
    return out


def normalise(text: str) -> str:
    """Text for comparison: lower case, quotes and dashes dropped, white space collapsed."""
    s = text.lower().replace("\xa0", " ")
    s = re.sub(r"[«»\"“”‘’'`*#•]", "", s)
    s = re.sub(r"[‐‑‒–—−-]", "-", s)
    s = re.sub(r"\s*-\s*", " - ", s)
    return one_line(s)
