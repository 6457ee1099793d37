"""A document's text as stripped lines that keep their offsets, and the dates and times printed in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
}
DATE_RE = re.compile(
    r"(?<![\d.])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4}|\d{2})(?![\d])"
    r"|(?<![\d-])(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?![\d])"
    r"|(?<![\d.])(?P<wd>\d{1,2})\.?\s+(?P<wm>" + "|".join(_MONTHS) + r")\s+(?P<wy>\d{4})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Line:
    """One line of a document's text, stripped; ``start``/``end`` are offsets of ``text`` in the document."""

    text: str
    start: int
    end: int


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of ``text[start:end]`` with surrounding white space (form feeds included) stripped.

    >>> [(ln.text, ln.start) for ln in split_lines("a \\n  b\\n")]
    [('a', 0), ('b', 5), ('', 7)]
    """
    end = len(text) if end is None else end
    out: list[Line] = []
    pos = start
    for raw in text[start:end].split("\n"):
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        out.append(Line(body, pos + lead, pos + lead + len(body)))
        pos += len(raw) + 1
    return out


def iso_date(match: re.Match[str]) -> str | None:
    """The ISO date of a ``DATE_RE`` match (two-digit years are this century), or None if impossible.

    >>> iso_date(DATE_RE.search("møte 29.11.22")), iso_date(DATE_RE.search("12. mars 2024"))
    ('2022-11-29', '2024-03-12')
    """
    import datetime

    if match.group("d"):
        day, month, year = int(match.group("d")), int(match.group("m")), match.group("y")
        year_n = int(year) + (2000 if len(year) == 2 else 0)
    elif match.group("iy"):
        day, month, year_n = int(match.group("id")), int(match.group("im")), int(match.group("iy"))
    else:
        day, month, year_n = int(match.group("wd")), _MONTHS[match.group("wm").lower()], int(match.group("wy"))
    try:
        return datetime.date(year_n, month, day).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> tuple[str, re.Match[str]] | None:
    """The first valid date in ``text`` as (ISO date, match)."""
    for m in DATE_RE.finditer(text):
        iso = iso_date(m)
        if iso:
            return iso, m
    return None


def norm_time(value: str) -> str:
    """``HH:MM`` from ``18.00``, ``9:05`` or a bare hour ``18``.

    >>> norm_time("22.10"), norm_time("9:05"), norm_time("18")
    ('22:10', '09:05', '18:00')
    """
    parts = re.split(r"[:.]", value.strip())
    hour = int(parts[0])
    minute = int(parts[1]) if len(parts) > 1 and parts[1] else 0
    return f"{hour:02d}:{minute:02d}"
