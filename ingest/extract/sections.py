"""Where treatments sit in a document: 'X har behandlet saken …' blocks, møteprotokoll items, and their parts.

A treatment block holds, in order: an optional proposal heading with its text (møteprotokoll items),
a "Behandling" part (who introduced, proposals, votes) and a "Vedtak" (or, for an advisory body,
"Innstilling") part with the decision text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..doctypes import CASE_NUMBER, END_MARKER, normalise_case_number
from .base import DocumentText
from .proposals import admin_heading
from .textspan import DATE_RE, Line, iso_date, item_number, lines_of, one_line, paragraphs

_DATE = r"\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}"
# "Eldrerådet har behandlet saken i møte 09.02.2023 sak 4/23"; nynorsk "… har handsama saka i møte …".
TREATED = re.compile(r"^(.{2,80}?)\s+(?:har|hadde)\s+(?:behandlet|handsama|behandla|handsamat)\s+(?:saken|saka)\b(.*)$", re.I)
BEHANDLING_H = re.compile(
    rf"(?i)^(?:\w+s\s+)?(?:behandling|møtebehandling|handsaming|møtehandsaming|behandling i møtet)"
    rf"(?:\s+(?:i\s+)?(?:møte\s+)?(?:den\s+)?{_DATE})?\s*:?$"
)
VOTE_H = re.compile(r"(?i)^(?:votering|avstemming|avstemning|røysting|avrøysting)\s*:?$")
DECISION_H = re.compile(
    rf"(?i)^(?:\w+s\s+|\w+\s+sitt?\s+|endelig\s+)?(?:vedtak|innstilling|tilråding)(?:\s+til\s+[\wæøå]+)?"
    rf"(?:\s+(?:i\s+)?(?:møte\s+)?(?:den\s+)?{_DATE})?\s*:?$"
)
# Section words stand alone on their line: "eventuelt i ny sak …" inside a decision is running text.
END_H = re.compile(
    r"(?i)^(?:(?:referatsaker|orienteringssaker|orienteringar|eventuelt)\s*:?\s*$|\[lagre vedtak\]"
    r"|(?:møtet ble hevet|møtet hevet|underskrift|protokollen godkjennes|rett utskrift|utskrift sendes|kopi til)\b)"
)
# "Formannskapets behandling 12.03.2024:", "Behandling i Formannskapet - 12.03.2024".
_BODY_TREATMENT = re.compile(
    rf"^(?:(?P<b1>[A-ZÆØÅ][\wæøå ]{{2,60}}?)s\s+(?:behandling|handsaming)|(?:behandling|handsaming)\s+i\s+"
    rf"(?P<b2>[A-ZÆØÅ][\wæøå ]{{2,60}}?))\s*[-–,]?\s*(?:i\s+møte\s+)?(?:den\s+)?(?P<date>{_DATE})"
    r"(?:\s*,?\s*(?:sak|saksnr\.?)\s*(?P<item>\d{1,4}/\d{2,4}))?\s*:?$"
)
# A møteprotokoll item heading: "1/23 Godkjenning av protokoll", "PS 12/26 Reguleringsplan …".
ITEM_H = re.compile(r"^(?:(?:PS|Sak|Saksnr\.?|Utvalgssak)\s*)?(?P<item>\d{1,4}/(?:\d{4}|\d{2}))\s+(?P<rest>\S.*)$")


@dataclass
class Segment:
    """One treatment block: which body, meeting date and item it records, and where it lies in the text."""

    body: str | None
    date: str | None
    item: str | None
    start: int
    end: int
    head: tuple[int, int]  # span of the sentence or heading that names the treatment
    title: str | None = None
    arkivsak: str | None = None
    journalpost: str | None = None
    starts_in_behandling: bool = False


@dataclass
class Parts:
    """The parts of a treatment block: proposal heading line, behandling span, decision span."""

    admin_line: int | None = None
    admin_org: str | None = None
    behandling: tuple[int, int] | None = None
    decision: tuple[int, int] | None = None
    decision_heading: str | None = None


def _clean(s: str) -> str:
    return s.replace("**", "").strip()


def is_treatment_start(line: str) -> bool:
    """True for a line that opens one body's treatment ("X har behandlet saken …", "Xs behandling DATO:")."""
    s = _clean(line)
    return bool(TREATED.match(s) or _BODY_TREATMENT.match(s))


def saksprotokoll_segments(doc: DocumentText) -> list[Segment]:
    """The treatments a saksprotokoll records, one per "X har behandlet saken i møte …" (or heading)."""
    found: list[Segment] = []
    for ps, pe in paragraphs(doc.text, 0, len(doc.text)):
        text = one_line(doc.text[ps:pe])
        m = TREATED.match(text)
        if m:
            rest = m.group(2)
            sak = re.search(r"(?i)\b(?:sak|saksnr\.?|utvalgssak)\s*(?:nr\.?)?\s*(\S+)", rest)
            body = re.sub(r"^(?:Saken\s+ble\s+behandlet\s+i\s+)", "", m.group(1)).strip()
            found.append(Segment(body, iso_date(rest), item_number(sak.group(1)) if sak else item_number(rest), ps, 0, (ps, pe)))
            continue
        for ln in lines_of(doc.text, ps, pe):
            m = _BODY_TREATMENT.match(_clean(ln.text))
            if m:
                body = (m.group("b1") or m.group("b2")).strip()
                item = item_number(m.group("item")) if m.group("item") else None
                found.append(Segment(body, iso_date(m.group("date")), item, ln.start, 0, (ln.start, ln.end),
                                     starts_in_behandling=True))
    if not found:
        fallback = _labelled_treatment(doc)
        if fallback:
            found.append(fallback)
    for n, seg in enumerate(found):
        seg.end = found[n + 1].start if n + 1 < len(found) else len(doc.text)
    return found


def _labelled_treatment(doc: DocumentText) -> Segment | None:
    """A saksprotokoll that names its body in the heading and date/item in labels (Elements, 360)."""
    lines = [ln for ln in lines_of(doc.text) if ln.text]
    if not any(BEHANDLING_H.match(_clean(ln.text)) or DECISION_H.match(_clean(ln.text)) for ln in lines):
        return None
    body = date = item = None
    head = (0, 0)
    for ln in lines[:25]:
        s = _clean(ln.text)
        m = re.match(r"(?i)^(?:saksprotokoll|særutskrift|møtebok|utskrift av møtebok)\s*(?:[-–:]|\bi\b)\s*(.+)$", s)
        if m and not body:
            body, head = m.group(1).strip(), (ln.start, ln.end)
        m = re.match(r"(?i)^(?:utvalg|utval|organ|behandlet i)\s*:\s*(.+)$", s)
        if m and not body:
            body, head = m.group(1).strip(), (ln.start, ln.end)
        m = re.match(r"(?i)^(?:møtedato|dato)\s*:?\s*(.+)$", s)
        if m and not date:
            date = iso_date(m.group(1))
        m = re.match(r"(?i)^(?:utvalgssak|utvalssak|utvalgssaksnr|saksnr|sak nr)\.?\s*:?\s*(.+)$", s)
        if m and not item and not CASE_NUMBER.search(m.group(1)):
            item = item_number(m.group(1))
    if not body:
        return None
    return Segment(body, date, item, 0, len(doc.text), head)


def meeting_of(doc: DocumentText) -> tuple[str | None, str | None]:
    """The body and ISO date of a møteprotokoll, from its title ("Utvalg for oppvekst 17.01.2023") or labels."""
    title = doc.document.title or ""
    date = iso_date(title)
    body = DATE_RE.sub("", title).strip(" -–,") or None
    if body and date:
        return body, date
    for ln in lines_of(doc.text)[:40]:
        s = _clean(ln.text)
        m = re.match(r"(?i)^(?:utvalg|utval|organ|møte i)\s*:\s*(.+)$", s)
        if m and not body:
            body = m.group(1).strip()
        if not date and DATE_RE.search(s) and not ITEM_H.match(s):
            date = iso_date(s)
    return body, date


def meeting_items(doc: DocumentText) -> list[Segment]:
    """The items treated in a møteprotokoll, each with its item number, title and (from the saksliste) arkivsak."""
    body, date = meeting_of(doc)
    lines = lines_of(doc.text)
    numbers: dict[str, tuple[str, str | None]] = {}
    heads: list[int] = []
    for i, ln in enumerate(lines):
        s = _clean(ln.text)
        m = ITEM_H.match(s)
        if not m or re.match(r"(?i)^RS\b", s):
            continue
        cm = CASE_NUMBER.search(m.group("rest"))
        if cm:
            numbers.setdefault(item_number(m.group("item")) or "", normalise_case_number(cm))
        heads.append(i)
    out: list[Segment] = []
    for n, i in enumerate(heads):
        end_line = heads[n + 1] if n + 1 < len(heads) else len(lines)
        block = [_clean(ln.text) for ln in lines[i + 1 : end_line]]
        if not any(BEHANDLING_H.match(s) or re.match(r"(?i)^vedtak\s*:?$", s) for s in block):
            continue  # a row of the saksliste, not a treated item
        ln = lines[i]
        m = ITEM_H.match(_clean(ln.text))
        item = item_number(m.group("item")) or m.group("item")
        title = m.group("rest")
        cm = CASE_NUMBER.search(title)
        number = normalise_case_number(cm) if cm else numbers.get(item)
        if cm:
            title = (title[: cm.start()] + title[cm.end():]).strip()
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        head_end = ln.end
        if nxt and nxt[0].islower():
            title, head_end = f"{title} {nxt}", lines[i + 1].end
        if number is None:
            number = _labelled_number(lines[i + 1 : end_line])
        end = lines[end_line].start if end_line < len(lines) else len(doc.text)
        out.append(
            Segment(body, date, item, ln.start, end, (ln.start, head_end), one_line(title),
                    number[0] if number else None, number[1] if number else None)
        )
    return out


def _labelled_number(lines: list[Line]) -> tuple[str, str | None] | None:
    for ln in lines[:12]:
        s = _clean(ln.text)
        if BEHANDLING_H.match(s):
            break
        if re.match(r"(?i)^(?:arkivsak|arkivsaksnr|saksnr|sak nr|arkivsak-dok)\b", s):
            cm = CASE_NUMBER.search(s)
            if cm:
                return normalise_case_number(cm)
    return None


def split_parts(doc: DocumentText, seg: Segment) -> tuple[Parts, list[Line]]:
    """Find the proposal heading, the behandling and the decision inside a treatment block."""
    lines = lines_of(doc.text, seg.start, seg.end)
    parts = Parts()
    state = "behandling" if seg.starts_in_behandling else "pre"
    b_start = seg.head[1] if seg.starts_in_behandling else None
    d_start = None
    stop = seg.end
    for i, ln in enumerate(lines):
        s = _clean(ln.text)
        if not s or ln.start < seg.head[1]:
            continue
        if END_H.match(s) or END_MARKER.match(s):
            stop = ln.start
            break
        if state == "pre":
            found, org = admin_heading(s)
            if found and parts.admin_line is None and not re.match(r"(?i)^vedtak", s):
                parts.admin_line, parts.admin_org = i, org
                continue
        if BEHANDLING_H.match(s) and state != "decision":
            state, b_start = "behandling", ln.end
            continue
        if VOTE_H.match(s) and state == "behandling":
            continue
        if DECISION_H.match(s) and (state == "behandling" or re.match(r"(?i)^(?:\w+s\s+)?vedtak", s)):
            if state == "decision":
                stop = ln.start
                break
            if b_start is not None:
                parts.behandling = (b_start, ln.start)
            state, d_start = "decision", ln.end
            parts.decision_heading = s.rstrip(":").strip().lower()
            continue
    if state == "behandling" and b_start is not None:
        parts.behandling = (b_start, stop)
    if state == "decision" and d_start is not None:
        parts.decision = (d_start, stop)
    return parts, lines
