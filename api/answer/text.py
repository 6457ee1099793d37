"""Text helpers for questions: folding for fuzzy comparison, dates and case numbers written loosely."""

from __future__ import annotations

import re
from datetime import date

from search.norwegian import NYNORSK_FORMS

# Month names in bokmål, nynorsk and English (the first three letters decide).
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "mai": 5, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "okt": 10, "oct": 10, "nov": 11, "des": 12, "dec": 12,
}
# Month names written out (bokmål, nynorsk, English), for a month named without a day.
_MONTH_NAMES = frozenset("""januar january februar february mars march april mai may juni june juli july august
september oktober october november desember december""".split())
CASE_NUMBER = re.compile(r"(?<![\d/])(\d{2}|\d{4})\s*/\s*0*(\d{1,6})(?:\s*-\s*\d+)?(?![\d/])")


def fold(text: str) -> str:
    """Lower case, å/ø/æ spelled out, punctuation and quotes as spaces: ``«På lik linje»`` → ``paa lik linje``.

    Folding both sides makes ``Pa lik linje``, ``på lik linje`` and ``"På lik linje"`` the same.
    """
    text = text.casefold()
    text = text.replace("å", "aa").replace("ø", "o").replace("æ", "ae").replace("ä", "ae").replace("ö", "o")
    # "aa" and "a" both stand for å when typed on a keyboard without it: fold to "a".
    text = text.replace("aa", "a")
    return " ".join(re.findall(r"[a-z0-9]+", text))


# Nynorsk spellings that differ from the bokmål in most records (search's list, folded): compared as
# their bokmål form.
NYNORSK = {fold(nn): fold(nb) for nn, nb in NYNORSK_FORMS.items()}


def bokmaal(token: str) -> str:
    """The bokmål form of a folded nynorsk word where it differs (``skule`` → ``skole``), else the word."""
    return NYNORSK.get(token, token)


def case_numbers(text: str) -> list[str]:
    """Arkivsak numbers in ``text`` as ``YY/NNNNN`` (``2021/021815``, ``21/21815-7`` → ``21/21815``)."""
    out = []
    for m in CASE_NUMBER.finditer(text):
        year, number = m.group(1), m.group(2)
        out.append(f"{year[-2:]}/{int(number):05d}")
    return list(dict.fromkeys(out))


def dates(text: str) -> list[date]:
    """Dates in ``text``: ``29.11.2022``, ``29.11.22``, ``2022-11-29``, ``29. november 2022``, ``November 29, 2022``."""
    found: list[tuple[int, date]] = []

    def add(pos: int, y: int, mo: int, d: int) -> None:
        if y < 100:
            y += 2000
        try:
            found.append((pos, date(y, mo, d)))
        except ValueError:
            pass

    for m in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", text):
        add(m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for m in re.finditer(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b", text):
        add(m.start(), int(m.group(3)), int(m.group(2)), int(m.group(1)))
    for m in re.finditer(r"\b(\d{1,2})\.?\s+([a-zæøå]{3,})\.?\s+(\d{4})\b", text, re.I):
        month = _MONTHS.get(m.group(2)[:3].lower())
        if month:
            add(m.start(), int(m.group(3)), month, int(m.group(1)))
    for m in re.finditer(r"\b([a-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", text, re.I):
        month = _MONTHS.get(m.group(1)[:3].lower())
        if month:
            add(m.start(), int(m.group(3)), month, int(m.group(2)))
    return list(dict.fromkeys(d for _, d in sorted(found)))


def periods(text: str) -> list[tuple[date, date]]:
    """Months and years named without a day, as (first, last) day: ``januar 2023``, ``i 2022``, ``in March 2023``.

    >>> periods("Hvilke saker behandlet utvalget i januar 2023?")
    [(datetime.date(2023, 1, 1), datetime.date(2023, 1, 31))]
    >>> periods("i 2022"), periods("29. november 2022"), periods("sak 2021/021815")
    ([(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))], [], [])
    """
    import calendar

    found: list[tuple[int, tuple[date, date]]] = []
    for m in re.finditer(r"(?<![\d.]\s)(?<![\d.])\b([a-zæøå]{3,})\.?\s+(\d{4})\b(?![/\d.:-])", text, re.I):
        word = m.group(1).lower()
        month = _MONTHS.get(word[:3]) if word in _MONTH_NAMES or word[:3] == word else None
        if month:
            y = int(m.group(2))
            found.append((m.start(), (date(y, month, 1), date(y, month, calendar.monthrange(y, month)[1]))))
    for m in re.finditer(r"(?i)\b(?:i|in|during|året|aret|år)\s+(\d{4})\b(?![/\d.:-])", text):
        y = int(m.group(1))
        found.append((m.start(), (date(y, 1, 1), date(y, 12, 31))))
    return list(dict.fromkeys(p for _, p in sorted(found)))


def within(day: str | None, when: list[date], spans: list[tuple[date, date]]) -> bool:
    """True when ISO ``day`` is one of ``when`` or inside one of ``spans`` (both empty: any day)."""
    if not when and not spans:
        return True
    d = (day or "")[:10]
    return d in {x.isoformat() for x in when} or any(a.isoformat() <= d <= b.isoformat() for a, b in spans)


def join_list(items: list[str], lang: str) -> str:
    """``a, b og c`` (``and`` in English)."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    word = "and" if lang == "en" else "og"
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def format_date(value: str | None, lang: str) -> str:
    """``2023-02-09`` as ``9.2.2023`` (Norwegian) or ``9 February 2023`` (English); other text as it is."""
    if not value:
        return ""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return value
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if lang == "en":
        names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December"]
        return f"{d} {names[mo - 1]} {y}"
    return f"{d}.{mo}.{y}"
