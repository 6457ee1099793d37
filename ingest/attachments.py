"""Attachments (vedlegg): their titles, and their types by cues that hold across kommuner (plan, rapport, brev…)."""

from __future__ import annotations

import re
from statistics import median

from .docmeta import nonempty
from .doctypes import (
    BULLET,
    CASE_LABELS,
    DEAR_REF,
    LETTER_LABELS,
    LOGO,
    OUR_REF,
    PAGE_NUMBER,
    PLACE_DATE,
    PRESENTED_FOR,
    STATUS_LINE,
    clean,
    is_heading_like,
    label_of,
)

_LETTER_TITLE = re.compile(
    r"^(?:til\s|høringssvar|høringsuttalelse|høringsinnspill|høyringssvar|høyringsfråsegn|uttalelse|innspill til"
    r"|merknad(?:er)? til|innsigelse"
    r"|fråsegn|brev\b|invitasjon|svar på|.*\bnotat\b)",
    re.IGNORECASE,
)
_REPORT_TITLE = re.compile(
    r"\b(?:rapport|årsrapport|tilstandsrapport|kunnskapsgrunnlag|utredning|utgreiing|forskningsrapport"
    r"|evalueringsrapport|analyse)\w*",
    re.IGNORECASE,
)
_PLAN_TITLE = re.compile(
    r"\b(?:(?!kjøre|fremdrifts|framdrifts|møte|timeplan|tidsplan)\w*plan(?:en|er|ene|ens)?|handlingsprogram\w*"
    r"|planprogram|planstrategi|strategi|plan for)\b",
    re.IGNORECASE,
)
_PLAN_CUES = re.compile(
    r"\b(?:innsatsområde\w*|hovedmål|delmål|satsingsområde\w*|strategier|tiltaksplan|"
    r"høringsutkast|høyringsutkast|planperiode\w*|kommuneplanens samfunnsdel)\b",
    re.IGNORECASE,
)
_REPORT_CUES = re.compile(
    r"\b(?:forord|sammendrag|samandrag|rapporten|fou|\w*forsk(?:ning|ing)\w*|forsker\w*|metode\w*|datainnsamling|"
    r"respondent\w*|informant\w*|intervju\w*|spørreskjema\w*|regresjon\w*|litteraturliste|referanser)\b",
    re.IGNORECASE,
)


def _nonempty(text: str) -> list[str]:
    return [s for s in (clean(line) for line in text.splitlines()) if s]


def slide_like(text: str, pages: int = 1) -> bool:
    """Text laid out as slides: short lines, hardly any wrapped paragraph, and enough of it to be a deck.

    >>> slide_like("\\n".join(["Mål", "• Flere i arbeid", "• Færre utenfor", "Tiltak"] * 40))
    True
    """
    lines = _nonempty(text)
    if len(lines) < 12:
        return False
    long_share = sum(len(s) >= 75 for s in lines) / len(lines)
    short_pages = pages >= 3 and len(text) / pages < 900
    return long_share < 0.12 and median(len(s) for s in lines) < 45 and (len(lines) >= 120 or short_pages)


def classify_attachment(text: str, title: str, pages: int = 1) -> str:
    """The type of an attachment: ``brev``, ``presentasjon``, ``rapport``, ``plan`` or ``vedlegg``.

    The title decides first (a "kunnskapsgrunnlag til temaplan" is a report about a plan, not the
    plan); then the layout and the words of the body.

    >>> classify_attachment("Forord\\nDenne rapporten ...", "Tilstandsrapport for grunnskolen 2023")
    'rapport'
    """
    head = _nonempty(text)[:40]
    if any(DEAR_REF.match(s) and "ref" in s.lower() for s in head) or _LETTER_TITLE.match(title):
        return "brev"
    if any(OUR_REF.match(s) for s in head[:12]):
        return "brev"
    if any(PRESENTED_FOR.match(s) for s in _nonempty(text)[:25]) or slide_like(text, pages):
        return "presentasjon"
    if _REPORT_TITLE.search(title):
        return "rapport"
    if _PLAN_TITLE.search(title):
        return "plan"
    sample = text[:60000]
    words = max(1, len(sample.split()))
    plan = len(_PLAN_CUES.findall(sample)) / words * 1000
    report = len(_REPORT_CUES.findall(sample)) / words * 1000
    if len(sample) > 6000 and max(plan, report) >= 1.0:
        return "rapport" if report > plan else "plan"
    return "vedlegg"


def attachment_title(lines: list[str]) -> str:
    """The title of an attachment: its first heading, skipping logos, status words and page numbers.

    A heading wrapped over lines ("Temaplan På lik linje –" / "personer med nedsatt funksjonsevne")
    is joined again.

    >>> attachment_title(["Asker kommune", "", "HØRINGSUTKAST", "TEMAPLAN FOR OPPVEKST", "", "Innledning"])
    'Temaplan for oppvekst'
    """
    title, _ = title_and_position(lines)
    return title


def title_and_position(lines: list[str], scan: int = 30) -> tuple[str, int]:
    """The attachment title and the index of its first line; ``("", -1)`` when none is found."""
    idx = nonempty(lines, 0, scan)
    for n, i in enumerate(idx):
        s = re.sub(r"^side\s+\d+\s+av\s+\d+\s+", "", clean(lines[i]), flags=re.IGNORECASE)
        wrapped_at_comma = s.endswith(",") and n + 1 < len(idx)  # "… OG VESTRE HAVN," / "DEL 1 - …"
        if (LOGO.match(s) or STATUS_LINE.match(s) or PAGE_NUMBER.match(s) or PLACE_DATE.match(s)
                or re.match(r"^vedlegg\s+\w{1,2}\s*$", s, re.I) or re.fullmatch(r"[\W_\d]+", s)):
            continue
        if generic_section(s) or not is_heading_like(s.rstrip(",") if wrapped_at_comma else s, 100):
            continue
        following = [clean(lines[j]) for j in idx[n + 1 : n + 2]]
        if len(s) >= 70 and following and following[0][:1].islower() and len(following[0]) >= 60:
            continue  # the first line of a paragraph, not a heading
        parts = [s]
        for prev, j in zip(idx[n:], idx[n + 1 : n + 4]):
            nxt = clean(lines[j])
            if j - prev > 2 or len(nxt) > 120 or nxt.endswith(".") or BULLET.match(nxt):
                break
            parts.append(nxt)
        title = join_wrapped(parts)[0].strip(" :")
        return (title[0] + title[1:].lower() if title.isupper() else title), i
    return "", -1


def letter_subject(lines: list[str]) -> str:
    """A letter's subject: the first heading under its reference and date block.

    >>> letter_subject(["Deres ref.: 23/5501   Vår ref.: 2023/771-2", "Dato: 02.02.2024", "", "Krav til lokaler"])
    'Krav til lokaler'
    """
    idx = nonempty(lines, 0, 40)
    for n, i in enumerate(idx[:15]):
        m = re.match(r"^(?:emne|gjelder|sak|vedrørende|vår sak)\s*:\s*(.{5,})$", clean(lines[i]), re.IGNORECASE)
        if m:
            subject = [m.group(1).strip()]
            if subject[0].endswith(("-", "–")) and n + 1 < len(idx):
                subject.append(clean(lines[idx[n + 1]]))
            return " ".join(subject)
    refs = [n for n, i in enumerate(idx) if DEAR_REF.match(clean(lines[i])) or OUR_REF.match(clean(lines[i]))]
    ref = refs[0] if refs else None
    if ref is None:
        return ""
    for i in idx[ref + 1 : ref + 9]:
        t = clean(lines[i])
        if label_of(t, LETTER_LABELS + CASE_LABELS) or DEAR_REF.match(t) or OUR_REF.match(t):
            continue
        if re.fullmatch(r"[\d\s./:\-]+", t) or not is_heading_like(t) or t.endswith(":"):
            continue
        if re.match(r"^(?:til\s|vi viser til|det vises til|viser til)", t, re.IGNORECASE):
            continue
        return t
    return ""


def generic_section(line: str) -> bool:
    """A section heading every report has (Sammendrag, Forord, Innhold), not a document title."""
    return bool(
        re.match(
            r"^(?:\d+\.?\s*)?(?:sammendrag|samandrag|forord|føreord|innhold|innholdsfortegnelse|innleiing"
            r"|innledning|bakgrunn|oppsummering|tema|agenda|figur\b|tabell\b)\b",
            clean(line),
            re.IGNORECASE,
        )
    )


def report_title(text: str) -> str | None:
    """A research report's own title where its preface names the project ("prosjektet X utført av")."""
    flat = re.sub(r"\s+", " ", text[:20000])
    m = re.search(
        r"(?:prosjektet|rapporten|studien|utredningen)\s+[«\"]?([A-ZÆØÅ][^.«»\"]{8,140}?)[»\"]?\s+"
        r"(?:utført|gjennomført|som er utført|på oppdrag|for\s+\S+\s+i perioden)",
        flat,
    )
    return m.group(1).strip() if m else None


def presentation_title(lines: list[str], at: int) -> tuple[int, str]:
    """Where a title slide starts and its title, given the index of its "Presentasjon for …" line."""
    start, parts = at, []
    i = at - 1
    while i >= 0 and not clean(lines[i]):
        i -= 1
    while i >= 0 and len(parts) < 5:
        s = clean(lines[i])
        if not s or BULLET.match(s) or len(s) > 80:
            break
        if re.fullmatch(r"[\W_]+", s):
            i -= 1
            continue
        parts.insert(0, s)
        start = i
        prev = clean(lines[i - 1]) if i > 0 else ""
        if not s[0].islower() and (not prev or prev[0].islower() or BULLET.match(prev)):
            break
        i -= 1
    logical = join_wrapped(parts)
    return start, (logical[0] if logical else "")


def join_wrapped(parts: list[str]) -> list[str]:
    """Lines joined where a heading was wrapped: the next line starts in lower case or this one ends in a dash.

    >>> join_wrapped(["Temaplan På lik linje –", "personer med nedsatt", "funksjonsevne", "Veien videre"])
    ['Temaplan På lik linje – personer med nedsatt funksjonsevne', 'Veien videre']
    """
    out: list[str] = []
    for part in parts:
        if out and (part[:1].islower() or re.search(r"(?:[–\-,]|\b(?:og|i|for|til|av|med|om|på))$", out[-1])):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return [re.sub(r"\s+", " ", o).strip() for o in out]
