"""A meeting's agenda (saksliste, sakskart): each item's saksnr, the case's journalpost and the title.

Items read like ``1/23 21/00273-96 Godkjenning av protokoll 29.11.22 3`` (saksnr, journalpost,
title, page number under a "Side" column), ``PS 12/24 Godkjenning av protokoll`` (ACOS), or
``Sak 12/24 Budsjett 2025``; titles that wrap onto the next line are joined.
"""

from __future__ import annotations

import re

from .base import DocumentText
from .records import AgendaItem
from .textlines import Line

HEADING_RE = re.compile(
    r"^(?:saksliste|sakliste|sakskart|saker\s+til\s+(?:behandling|handsaming)|dagsorden)\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_SUBHEADING_RE = re.compile(
    r"^(?:referatsaker|referat|meldingssaker|meldinger|orienteringssaker|orienteringar|orienteringer"
    r"|delegerte\s+(?:saker|vedtak)|politiske\s+saker|saker\s+til\s+(?:behandling|handsaming)|eventuelt"
    r"|lukkede\s+saker|lukka\s+saker|utsatte\s+saker|drøftingssaker|interpellasjoner|spørsmål|temasaker"
    r"|vedtakssaker|innstillingssaker|godkjenning\s+av\s+(?:innkalling|saksliste)\S*(?:\s+og\s+\S+)?)\s*:?\s*$",
    re.IGNORECASE,
)
_COLUMN_WORDS = (
    r"saksnr\.?|sak\s*nr\.?|saksnummer|utvalgssaksnr\.?|utvalssaksnr\.?|arkivsaksnr\.?|arkivsak|innhold|tittel"
    r"|sakstittel|sak|side|lukket|lukka|unntatt\s+offentlighet|u\.off\.?"
)
_COLUMNS_RE = re.compile(rf"^(?:(?:{_COLUMN_WORDS})[\s/|]*)+$", re.IGNORECASE)
ITEM_RE = re.compile(
    r"^(?:(?P<prefix>PS|RS|DS|FS|OS|MS|Sak(?:\s*nr\.?)?|Saksnr\.?)\s*)?"
    r"(?P<num>\d{1,4}\s?/\s?\d{2,4})(?![\d/-])\s*[-–:.]?\s+"
    r"(?:(?P<jp>\d{2,4}/\d{1,7}(?:-\d{1,5})?)\s+)?"
    r"(?P<title>\S*[A-Za-zÆØÅæøå«\"].*?)\s*$"
)
_TRAILING_JP_RE = re.compile(r"\s+(?P<jp>\d{2,4}/\d{3,7}(?:-\d{1,5})?)$")
_PAGE_RE = re.compile(r"\s+\d{1,3}$")
_FOOTER_RE = re.compile(r"^(?:\d{1,3}\s*/\s*\d{1,3}|side\s+\d+(?:\s+av\s+\d+)?)$", re.IGNORECASE)


def item_number(match: re.Match[str]) -> str:
    """The item number as the body writes it: ``12/24``; referat and other non-PS items keep their prefix.

    >>> item_number(ITEM_RE.match("PS 12/24 Budsjett")), item_number(ITEM_RE.match("RS 3/24 Melding om vedtak"))
    ('12/24', 'RS 3/24')
    """
    num = re.sub(r"\s", "", match.group("num"))
    prefix = (match.group("prefix") or "").upper()
    return f"{prefix} {num}" if prefix in {"RS", "DS", "FS", "OS", "MS"} else num


def read_agenda(doc: DocumentText, lines: list[Line]) -> list[AgendaItem]:
    """The agenda items listed under each agenda heading among ``lines`` (first listing of a number wins).

    Without any heading, ACOS-style ``PS 12/24 Title`` lines anywhere are the agenda.
    """
    nonblank = [ln for ln in lines if ln.text]
    items: list[AgendaItem] = []
    seen: set[str] = set()
    headings = [i for i, ln in enumerate(nonblank) if HEADING_RE.match(ln.text) and len(ln.text) < 80]
    for h in headings:
        for item in _read_list(doc, nonblank, h):
            if item.item_number not in seen:
                seen.add(item.item_number)
                items.append(item)
    if not headings:
        for ln in nonblank:
            m = ITEM_RE.match(ln.text)
            if m and (m.group("prefix") or "").upper() == "PS":
                item = _item(doc, m, ln, ln, paged=False)
                if item.item_number not in seen:
                    seen.add(item.item_number)
                    items.append(item)
    return items


def agenda_start(lines: list[Line]) -> int | None:
    """Index in ``lines`` of the first agenda heading, if any."""
    for i, ln in enumerate(lines):
        if ln.text and HEADING_RE.match(ln.text) and len(ln.text) < 80:
            return i
    return None


def _read_list(doc: DocumentText, lines: list[Line], h: int) -> list[AgendaItem]:
    paged = bool(re.search(r"\bside\b", HEADING_RE.match(lines[h].text).group("rest"), re.IGNORECASE))
    found: list[tuple[re.Match[str], Line, Line]] = []  # (match, first line, last line)
    open_item = False  # the last item may still run on into this line
    i = h + 1
    while i < len(lines):
        text = lines[i].text
        m = ITEM_RE.match(text)
        if m:
            found.append((m, lines[i], lines[i]))
            open_item = True
            i += 1
            continue
        if _COLUMNS_RE.match(text):
            paged = paged or bool(re.search(r"\bside\b", text, re.IGNORECASE))
        elif _SUBHEADING_RE.match(text) or HEADING_RE.match(text) or _FOOTER_RE.match(text):
            pass
        elif open_item and _continues(doc.text, found[-1][2], lines[i], paged):
            m0, first, _ = found[-1]
            joined = Line(doc.text[first.start:lines[i].end], first.start, lines[i].end)
            found[-1] = (ITEM_RE.match(re.sub(r"\s+", " ", joined.text)) or m0, first, lines[i])
            i += 1
            continue
        elif not _item_soon(lines, i):
            break
        open_item = False
        i += 1
    if not paged and len(found) >= 2 and all(_PAGE_RE.search(m.group("title")) for m, _, _ in found):
        paged = True
    return [_item(doc, m, first, last, paged) for m, first, last in found]


def _continues(doc_text: str, previous: Line, line: Line, paged: bool) -> bool:
    """A line that carries on the title above it rather than starting something new."""
    text = line.text
    if re.match(r"^[a-zæøå(«\"]", text):
        return True
    if doc_text[previous.end:line.start].count("\n") > 1:
        return False  # a blank line between: a new paragraph, not a wrapped title
    if re.search(r"(?:[-–,]|\bog|\bi|\bfor|\bav|\btil|\bmed)$", previous.text):
        return True
    return paged and not _PAGE_RE.search(previous.text) and bool(_PAGE_RE.search(text)) and len(text) < 100


def _item_soon(lines: list[Line], i: int) -> bool:
    """Whether short stray lines (a page's logo or footer) are followed by more items."""
    for ln in lines[i : i + 5]:
        if ITEM_RE.match(ln.text):
            return True
        if len(ln.text.split()) > 4 or re.search(r"[.:;]$", ln.text):
            return False
    return False


def _item(doc: DocumentText, m: re.Match[str], first: Line, last: Line, paged: bool) -> AgendaItem:
    title = re.sub(r"\s+", " ", m.group("title")).strip()
    journalpost = m.group("jp")
    if paged:
        title = _PAGE_RE.sub("", title)
    if journalpost is None:
        tail = _TRAILING_JP_RE.search(title)
        if tail:
            journalpost, title = tail.group("jp"), title[: tail.start()]
    return AgendaItem(item_number(m), title.strip(), doc.evidence(first.start, last.end), journalpost)
