"""The saksgang table of a case ("Behandlet av | Møtedato | Saksnr."), read from shredded text.

The table arrives in several shapes: one row per line ("1 Eldrerådet 09.02.2023 4/23"), a body name
wrapped over two lines with its date and number further down, or column by column (all bodies, then
"Møtedato" and all dates, then the numbers). Rows may be numbered or not, and a later meeting may
have no number yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textspan import DATE_RE, ITEM_RE, Line, is_noise, iso_date, item_number

# The header of the table, alone or with its column labels on the same line.
HEADER_RE = re.compile(
    r"^\**(?:behandlet av|behandles av|behandlast av|handsama av|handsamast av|saksgang|saksgong"
    r"|utvalg\s+møtedato|utval\s+møtedato|utvalgssak\s+møtedato|utvalssak\s+møtedato)\b",
    re.IGNORECASE,
)
# Column labels that may stand on their own lines inside the table.
_LABEL_RE = re.compile(
    r"^(?:\**(?:møtedato|dato|saksnr|saknr|saksnummer|utvalgssak|utvalssak|utvalgssaksnr|utval|utvalg"
    r"|behandlet av|behandles av)\.?\**\s*:?\s*)+$",
    re.IGNORECASE,
)
# Words that make a line the name of a political body.
BODY_WORD = re.compile(
    r"(?i)(?:utval|\bråd\b|rådet\b|råd for|styre\b|styret\b|formannskap|kommunestyre|bystyre"
    r"|fylkesting|fylkesutval|komit[eé]|nemnd|forum\b|representantskap|arbeidsutval|kontrollutval"
    r"|eldreråd|ungdomsråd|\bting(?:et)?\b)"
)
_NUMBERED_RE = re.compile(r"^(?P<order>\d{1,2})\.?\s+(?P<rest>[A-ZÆØÅ].*)$")


@dataclass
class SaksgangRow:
    """One row as read: its order (printed or by position), body, ISO date and item number, with its span."""

    order: int
    body: str
    start: int
    end: int
    date: str | None = None
    item: str | None = None
    numbered: bool = False


def _data_of(text: str) -> tuple[str | None, str | None, str]:
    """The date, item number and what is left of a line once both are taken out."""
    date = iso_date(text)
    rest = DATE_RE.sub(" ", text)
    item = item_number(rest)
    rest = ITEM_RE.sub(" ", rest)
    return date, item, re.sub(r"\s+", " ", rest).strip(" *|")


def is_body_name(text: str) -> bool:
    """True for a short line naming a body: "Utvalg for oppvekst", "Eldrerådet", "Formannskapet"."""
    s = text.strip()
    return bool(s) and len(s.split()) <= 8 and not s.endswith((".", ":", "?")) and bool(BODY_WORD.search(s))


def parse_rows(lines: list[Line]) -> list[SaksgangRow]:
    """The rows of a saksgang table whose lines follow its header (the header line itself excluded).

    Reading stops at the first line that belongs to no table shape, normally the case title.
    """
    rows: list[SaksgangRow] = []
    seen_data = False  # after a label or a data line, a bare text line is no longer a body
    for ln in lines:
        s = ln.text.strip()
        if not s or (is_noise(s) and not ITEM_RE.fullmatch(s)):
            continue
        if _LABEL_RE.match(s):
            seen_data = True
            continue
        date, item, rest = _data_of(s)
        m = _NUMBERED_RE.match(s)
        if m and (date or item or is_body_name(_data_of(m.group("rest"))[2]) or not seen_data):
            body = _data_of(m.group("rest"))[2]
            if not body:
                break
            rows.append(SaksgangRow(int(m.group("order")), body, ln.start, ln.end, date, item, True))
            if date or item:
                seen_data = True
            continue
        if not rest:  # a data line: fill the first rows still missing a date / a number
            if not (date or item):
                continue
            seen_data = True
            if date:
                target = next((r for r in rows if r.date is None), None)
                if target is None:
                    break
                target.date = date
                if item and target.item is None:
                    target.item = item
                target.end = max(target.end, ln.end)
            elif item:
                target = next((r for r in rows if r.item is None and r.date is not None), None) or next(
                    (r for r in rows if r.item is None), None
                )
                if target is None:
                    continue  # a page number such as "3/10" between rows
                target.item = item
            continue
        if rest[0].islower() and rows and rows[-1].date is None and not (date or item):
            rows[-1].body = f"{rows[-1].body} {rest}"  # a body name wrapped onto the next line
            rows[-1].end = ln.end
            continue
        if (date or item) and is_body_name(rest):
            rows.append(SaksgangRow(len(rows) + 1, rest, ln.start, ln.end, date, item))
            seen_data = True
            continue
        if not seen_data and is_body_name(rest) and not (date or item):
            rows.append(SaksgangRow(len(rows) + 1, rest, ln.start, ln.end))
            continue
        break
    if not any(r.numbered for r in rows):
        for n, r in enumerate(rows, start=1):
            r.order = n
    return rows
