"""What search knows of each document: type, case, kommune, bodies and meeting dates (links: search.graphlinks).

Read from the store: the document's own fields (type, title, arkivsak, journalpost), the fact records
extraction stored for its source (meetings, case saksgang, treatments, matched to the document by the
page their evidence is on) and, where those say nothing, the document's own text: a meeting
document's title ``<body> dd.mm.yyyy`` and the ``<body> dd.mm.yyyy`` rows of a case's saksgang table.
An attachment (vedlegg, plan, rapport) that follows a case document in the same source belongs to
that case (``attached_to``). A meeting document (protocol, sakskart) treats many cases: the place each
treated item starts is kept (``items``), so a passage of it knows its own case (``DocMeta.chunk_cases``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from ingest.extract.base import PAGE_BREAK
from ingest.model import Page

from search.chunking import Chunk
from search.norwegian import normalise_case_number

_DATE = r"(\d{1,2})\.(\d{1,2})\.(\d{4})"
_TITLE_MEETING = re.compile(rf"^(?P<body>[A-ZÆØÅ][^\d\n]{{2,80}}?)[\s,–-]+{_DATE}\s*$")
_SAKSGANG_ROW = re.compile(
    rf"^\s*(?:\d{{1,2}}\.?\s+)?(?P<body>[A-ZÆØÅ][A-Za-zæøåÆØÅ \-]{{2,70}}?)\s+{_DATE}(?:\s+\d{{1,4}}/\d{{2,4}})?\s*$",
    re.M,
)
_KOMMUNE = re.compile(r"\b([A-ZÆØÅ][a-zæøå]+(?:[ -][A-ZÆØÅ][a-zæøå]+)?)\s+kommunes?\b")
# Capitalised words that can stand before "kommune" without naming one.
_NOT_KOMMUNE = frozenset(
    "den denne hver vår din deres egen annen ny nye hele en et alle flere mange norsk norske "
    "hvilken samme vertskommune nabokommune".split()
)
# Words that make a short line the name of a political body (for the saksgang fallback).
_BODY_WORD = re.compile(
    r"(?i)(utvalg|utval\b|råd\b|rådet\b|styre\b|styret\b|formannskap|kommunestyre|bystyre|fylkesting"
    r"|komit[eé]|nemnd|forum\b|representantskap)"
)
ATTACHMENT_TYPES = {"vedlegg", "plan", "rapport"}
CASE_TYPES = {"saksframlegg", "saksprotokoll"}
MEETING_TYPES = {"møteinnkalling", "sakskart", "møteprotokoll"}


@dataclass
class DocMeta:
    """One document as search filters and links it."""

    id: str
    source_id: str
    source_name: str
    index: int
    doc_type: str
    title: str
    first_page: int
    last_page: int
    arkivsak: str | None = None
    journalpost: str | None = None
    attached_to: str | None = None  # the case of the saksframlegg/saksprotokoll this attachment follows
    kommune: str | None = None
    meetings: list[tuple[str, str]] = field(default_factory=list)  # (body, ISO date)
    iri_kommune: str | None = None  # the kommune segment the graph's IRIs use for this source
    # Where each agenda item treated in the document starts (page, offset in the page's text, its
    # arkivsak) and, where its decision was read, where it ends (the same with None), in reading
    # order. A passage belongs to the items it overlaps; outside them, to the document's own case.
    items: list[tuple[int, int, str | None]] = field(default_factory=list)

    @property
    def bodies(self) -> list[str]:
        return sorted({b for b, _ in self.meetings})

    @property
    def dates(self) -> list[str]:
        return sorted({d for _, d in self.meetings})

    @property
    def cases(self) -> list[str]:
        """The case numbers this document is filed under or attached to (``YY/N`` search form)."""
        out = [normalise_case_number(c) for c in (self.arkivsak, self.attached_to) if c]
        return [c for c in out if c]

    @property
    def item_cases(self) -> list[str]:
        """The case numbers of the items treated in the document (``YY/N`` search form)."""
        out = {normalise_case_number(c) for _, _, c in self.items if c}
        return sorted(c for c in out if c)

    def chunk_cases(self, chunk: Chunk) -> list[str]:
        """The cases a passage of this document belongs to, the one it covers most first (``YY/N``).

        A passage before the first treated item, or in an item without a case number, has the
        document's own case (arkivsak, or the case it is attached to), if any.

        >>> from search.chunking import Chunk
        >>> meta = DocMeta("s-d001", "s", "s.pdf", 1, "møteprotokoll", "Formannskapet 01.02.2023", 1, 2,
        ...                items=[(1, 100, "23/101"), (2, 40, "2023/000202")])
        >>> meta.chunk_cases(Chunk("s", "s-d001", 3, 1, 150, 2, 200, "x" * 50 + "\\n\\f\\n" + "y" * 200))
        ['23/202', '23/101']
        >>> meta.items.append((2, 100, None))  # the second item's decision ends at offset 100 of page 2
        >>> meta.chunk_cases(Chunk("s", "s-d001", 4, 2, 120, 2, 300, "z" * 180))
        []
        """
        own = (self.cases or [None])[0]
        if not self.items:
            return [own] if own else []
        # Offsets of the item starts inside the chunk's text (its page slices joined by PAGE_BREAK).
        slices = chunk.text.split(PAGE_BREAK)
        origin, offset = {}, 0
        for n, part in enumerate(slices):
            origin[chunk.page + n] = offset - (chunk.start if n == 0 else 0)
            offset += len(part) + len(PAGE_BREAK)
        length = len(chunk.text)
        covered: dict[str | None, int] = {}
        current, at = own, 0
        for page, start, case in self.items:
            if (page, start) <= (chunk.page, chunk.start):
                current = normalise_case_number(case) if case else own
                continue
            if page not in origin or page > chunk.end_page or (page == chunk.end_page and start >= chunk.end):
                break
            pos = min(length, max(at, origin[page] + start))
            covered[current] = covered.get(current, 0) + pos - at
            current, at = (normalise_case_number(case) if case else own), pos
        covered[current] = covered.get(current, 0) + length - at
        ranked = sorted(((n, c) for c, n in covered.items() if c and n > 0), key=lambda x: (-x[0], x[1]))
        return [c for _, c in ranked]

    def to_dict(self) -> dict:
        return asdict(self) | {"bodies": self.bodies, "dates": self.dates}

    @classmethod
    def from_dict(cls, data: dict) -> "DocMeta":
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        fields["meetings"] = [tuple(m) for m in fields.get("meetings", [])]
        fields["items"] = [tuple(i) for i in fields.get("items", [])]
        return cls(**fields)


def _iso(d: str, m: str, y: str) -> str | None:
    try:
        from datetime import date

        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def detect_kommune(texts: list[str]) -> str | None:
    """The kommune a source is from: the name written before ``kommune`` in most (60 %) of the places
    the word occurs, and at least twice; ``None`` for a text about many kommuner.

    >>> detect_kommune(["Vestby kommune vedtok", "i Vestby kommune og Oslo kommune"])
    'Vestby'
    """
    counts: Counter[str] = Counter()
    total = 0
    for text in texts:
        for m in _KOMMUNE.finditer(text):
            total += 1
            name = m.group(1)
            if name.split()[0].lower() not in _NOT_KOMMUNE:
                counts[name] += 1
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return name if n >= 2 and n >= 0.6 * total else None


def _kommune_of(pages: list[Page]) -> tuple[str | None, str | None]:
    """(kommune to show and filter on, kommune of the graph's IRIs) for one source.

    The graph's own rule (``graph.sources.detect_kommune``) decides where it exists, so that links
    from search hits meet the graph's nodes; its ``ukjent`` is shown as no kommune.
    """
    try:
        from graph.sources import UNKNOWN_KOMMUNE
        from graph.sources import detect_kommune as graph_kommune
    except ImportError:
        found = detect_kommune([p.text for p in pages])
        return found, found
    found = graph_kommune(pages)
    return (None if found == UNKNOWN_KOMMUNE else found), found


def _meetings_from_text(doc_type: str, title: str, head: str) -> list[tuple[str, str]]:
    """Meetings read from a document's own title or its saksgang rows (when no records say more)."""
    out: list[tuple[str, str]] = []
    if doc_type in MEETING_TYPES:
        m = _TITLE_MEETING.match(title.strip())
        if m and (iso := _iso(m.group(2), m.group(3), m.group(4))):
            out.append((m.group("body").strip(" -–,"), iso))
    elif doc_type in CASE_TYPES:
        for m in _SAKSGANG_ROW.finditer(head):
            body = re.sub(r"\s+", " ", m.group("body")).strip(" -")
            if (iso := _iso(m.group(2), m.group(3), m.group(4))) and len(body.split()) <= 8 \
                    and _BODY_WORD.search(body):
                out.append((body, iso))
    return out


def document_metadata(source: dict, documents: list[dict], pages: list[Page], extraction=None) -> list[DocMeta]:
    """The ``DocMeta`` of every document of one source (``Store.documents`` rows, clean pages, records)."""
    kommune, iri_kommune = _kommune_of(pages)
    by_page = {p.number: p for p in pages}
    metas: list[DocMeta] = []
    for d in documents:
        metas.append(
            DocMeta(
                d["id"], source["id"], source.get("name", source["id"]), d["idx"], d["doc_type"], d["title"],
                d["first_page"], d["last_page"], d.get("arkivsak"), d.get("journalpost"), None, kommune,
                iri_kommune=iri_kommune,
            )
        )
    _add_records(metas, extraction)
    for meta in metas:
        if not meta.meetings:
            head = "\n".join(by_page[n].text for n in range(meta.first_page, min(meta.last_page, meta.first_page + 1) + 1)
                             if n in by_page)
            meta.meetings = _meetings_from_text(meta.doc_type, meta.title, head)
    # Attachments follow their case document; undated documents take the dates of the one before.
    previous: DocMeta | None = None
    for meta in metas:
        if previous is not None:
            if meta.doc_type in ATTACHMENT_TYPES and not meta.arkivsak:
                meta.attached_to = previous.arkivsak or previous.attached_to
            if not meta.meetings and meta.doc_type in ATTACHMENT_TYPES:
                meta.meetings = list(previous.meetings)
        if meta.doc_type in CASE_TYPES or meta.doc_type in ATTACHMENT_TYPES:
            previous = meta
        else:
            previous = None
    return metas


def _add_records(metas: list[DocMeta], extraction) -> None:
    """Meetings from extraction records, each given to the document holding its evidence page."""
    if extraction is None:
        return

    def holder(page: int) -> DocMeta | None:
        return next((m for m in metas if m.first_page <= page <= m.last_page), None)

    def add(meta: DocMeta | None, body: str | None, day: str | None) -> None:
        if meta is not None and body and day and (body, day) not in meta.meetings:
            meta.meetings.append((body, day))

    for rec in getattr(extraction, "meetings", []):
        add(holder(rec.evidence.page), rec.body, rec.date)
    for rec in getattr(extraction, "treatments", []):
        meta = holder(rec.evidence.page)
        add(meta, rec.body, rec.meeting_date)
        if meta is not None:
            meta.items.append((rec.evidence.page, rec.evidence.start, rec.arkivsak))
            end = rec.decision_evidence
            if end is not None and holder(end.page) is meta:  # what follows the decision (referatsaker)
                meta.items.append((end.page, end.end, None))  # is not the item's any more
    for meta in metas:
        meta.items.sort(key=lambda item: (item[0], item[1], item[2] is not None))
    for rec in getattr(extraction, "cases", []):
        meta = holder(rec.evidence.page)
        for row in rec.saksgang:
            add(meta, row.body, row.meeting_date)

