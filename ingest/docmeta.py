"""Reading a heading block: a case document's number and title, a meeting's body and date."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .doctypes import (
    BEHANDLET,
    CASE_ANCHOR,
    CASE_LABELS,
    CASE_NUMBER,
    DATE,
    LETTER_LABELS,
    MEETING_LABELS,
    clean,
    heading_type,
    label_of,
    normalise_case_number,
)

# How far below a heading its metadata block may reach, in non-empty lines.
BLOCK_LINES = 40


@dataclass
class HeadingInfo:
    """What a heading block says about its document."""

    doc_type: str
    title: str = ""
    arkivsak: str | None = None
    journalpost: str | None = None
    behandlet: str = ""  # "Ungdomsrådet ... sak 10/23": which body's treatment a saksprotokoll records
    labels: int = 0  # distinct metadata labels found under the heading
    block_end: int = 0  # index (into the lines given) of the last line of the heading block


def nonempty(lines: list[str], start: int, limit: int) -> list[int]:
    """Indexes of the first ``limit`` lines from ``start`` that hold more than white space."""
    out = []
    for i in range(start, len(lines)):
        if clean(lines[i]):
            out.append(i)
            if len(out) >= limit:
                break
    return out


def read_heading(lines: list[str], doc_type: str) -> HeadingInfo:
    """Read the heading block that starts at ``lines[0]`` (the type heading itself).

    >>> info = read_heading(["Saksframlegg", "Arkivsak: 22/22972-2", "Saksbehandler: Kari Nordmann",
    ...                      "", "Bru over elva", "", "Rådmannens forslag til vedtak:"], "saksframlegg")
    >>> (info.arkivsak, info.journalpost, info.title)
    ('22/22972', '22/22972-2', 'Bru over elva')
    """
    info = HeadingInfo(doc_type)
    idx = nonempty(lines, 1, BLOCK_LINES)
    # Stop at the next type heading: its block is not ours.
    for n, i in enumerate(idx):
        if heading_type(lines[i]):
            idx = idx[:n]
            break
    labels = CASE_LABELS if doc_type in ("saksframlegg", "saksprotokoll", "møtebok", "brev") else MEETING_LABELS
    if doc_type == "brev":
        labels = LETTER_LABELS + CASE_LABELS
    seen = {label_of(lines[i], labels) for i in idx[:14]} - {None}
    info.labels = len(seen)
    if doc_type in ("saksframlegg", "saksprotokoll", "møtebok", "brev"):
        _read_numbers(lines, idx, info)
    if doc_type == "møtebok":
        # A møtebok with a case number records one case; otherwise it is the meeting's protocol.
        info.doc_type = "saksprotokoll" if info.arkivsak else "møteprotokoll"
        if info.doc_type == "møteprotokoll":
            info.labels = len({label_of(lines[i], MEETING_LABELS) for i in idx[:14]} - {None})
    if info.doc_type in ("saksframlegg", "saksprotokoll"):
        _read_case_title(lines, idx, info)
    elif info.doc_type in ("møteinnkalling", "møteprotokoll", "sakskart"):
        _read_meeting_title(lines, idx, info)
    else:
        info.title = clean(lines[0])
        info.block_end = idx[min(len(idx), 8) - 1] if idx else 0
    return info


def _read_numbers(lines: list[str], idx: list[int], info: HeadingInfo) -> None:
    """Case number: the first one under a case label, else the first one in the block."""
    found: list[tuple[str, str | None]] = []
    labelled: list[tuple[str, str | None]] = []
    for n, i in enumerate(idx[:20]):
        for m in CASE_NUMBER.finditer(clean(lines[i])):
            value = normalise_case_number(m)
            found.append(value)
            near = [label_of(lines[j], CASE_LABELS) for j in idx[max(0, n - 3) : n + 1]]
            if any(lb and lb not in ("dato", "møtedato", "behandlet av", "behandles av") for lb in near):
                labelled.append(value)
    pick = labelled or found
    if pick:
        with_doc = [v for v in pick if v[1]]
        info.arkivsak, info.journalpost = (with_doc or pick)[0]


def _is_meta(line: str) -> bool:
    """A line of the metadata block rather than a title: a label, a table row, a bare date or number."""
    s = clean(line)
    if label_of(s, CASE_LABELS + MEETING_LABELS):
        return True
    if re.match(r"^\d{1,2}\s+\S", s) and (DATE.search(s) or re.search(r"\b\d{1,4}/\d{2}\s*$", s)):
        return True  # saksgang table row: "1 Utvalg for oppvekst 17.01.2023 1/23"
    if re.match(r"^(?:PS|RS|FS|DS)?\s*\d{1,4}/\d{2}\b", s):
        return True
    stripped = DATE.sub("", CASE_NUMBER.sub("", s))
    return not re.search(r"[A-Za-zÆØÅæøå]{3}", stripped)


def _read_case_title(lines: list[str], idx: list[int], info: HeadingInfo) -> None:
    """The case title: an explicit "Tittel:" line, else the paragraph just above the first anchor line."""
    for i in idx:
        m = re.match(r"^(?:tittel|sakstittel|gjelder|emne)\s*:\s*(.+)$", clean(lines[i]), re.IGNORECASE)
        if m:
            info.title, info.block_end = m.group(1).strip(), i
            break
    anchor = next((i for i in idx if CASE_ANCHOR.match(clean(lines[i]))), None)
    if anchor is not None:
        m = BEHANDLET.match(clean(lines[anchor]))
        if m:
            info.behandlet = re.sub(r"\s+", " ", clean(lines[anchor])).lower()
    if info.title:
        return
    if anchor is None:
        info.block_end = idx[min(len(idx), 12) - 1] if idx else 0
        return
    info.block_end = anchor
    paragraph: list[str] = []
    for i in range(anchor - 1, 0, -1):
        s = clean(lines[i])
        if not s:
            if paragraph:
                break
            continue
        if _is_meta(s):
            if paragraph:
                break
            continue
        paragraph.insert(0, s)
        if len(paragraph) >= 4:
            break
    info.title = re.sub(r"\s+", " ", " ".join(paragraph)).strip()


def _read_meeting_title(lines: list[str], idx: list[int], info: HeadingInfo) -> None:
    """A meeting's title: its body and date, e.g. "Formannskapet 12.03.2024"."""
    heading = clean(lines[0])
    tail = re.sub(r"^\S+(?:\s+og\s+\S+)?\s*[:\-–]?\s*(?:(?:i|for|frå|fra|til)\s+)?", "", heading, count=1)
    body = tail if tail and heading_type(heading) and tail != heading else ""
    date = ""
    for i in idx[:16]:
        s = clean(lines[i])
        if re.match(r"^(?:PS|RS|FS|DS)?\s*\d{1,4}/\d{2}\s", s) or re.match(r"^saker til behandling", s, re.I):
            break  # the agenda: its dates and titles belong to the cases
        if not date and DATE.search(s):
            date = DATE.search(s).group(0)
        if body or re.match(r"^(?:PS|RS|FS|DS)?\s*\d{1,4}/\d{2}\s", s):
            continue
        m = re.match(r"^(?:utvalg|utval|organ|møte i)\s*:\s*(.+)$", s, re.IGNORECASE)
        if m:
            body = m.group(1).strip()
            continue
        if label_of(s, MEETING_LABELS) and not re.match(r"^(?:utvalg|utval)\s+(?:for|i)\b", s, re.I):
            continue
        before_date = DATE.split(s)[0].strip(" ,-–") if DATE.search(s) else s
        if re.search(r"[A-Za-zÆØÅæøå]{3}", before_date) and len(before_date) <= 80:
            body = before_date
    info.title = f"{body} {date}".strip()
    info.block_end = idx[min(len(idx), 10) - 1] if idx else 0


__all__ = ["HeadingInfo", "nonempty", "read_heading"]
