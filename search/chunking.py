"""Chunking that follows document structure: sections, paragraphs and list items, never across documents.

A document's clean text (``ingest.extract.DocumentText``: its pages joined by ``PAGE_BREAK``) is read
as units: headings (numbered ``2.1 Formål`` or a short line standing alone), paragraphs (blocks
between blank lines; a paragraph cut by a page break is joined again) and list items (``•``, ``-``,
``1.``, ``a)``). Units are packed greedily into chunks of about ``min_words``–``max_words`` words;
a heading closes the chunk before it once that chunk is big enough, and a unit longer than
``max_words`` is cut at sentence (else line, else word) boundaries. Boundaries known from
extraction (``cuts``: where each agenda item of a møteprotokoll starts, and where its decision ends)
always start a new chunk, so a passage belongs to one item and its case. Every chunk records where
it lies: source, document, first page and offset in that page's text, last page and end offset.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from typing import Sequence

from ingest.extract.base import PAGE_BREAK, DocumentText
from ingest.model import Document, Page

MIN_WORDS = 60
MAX_WORDS = 150
_RESIDUE_WORDS = 5  # fewer words than this between two cuts join the chunk before them

_WORDS = re.compile(r"\w+")
_NUMBERED_HEADING = re.compile(r"^(?P<num>[1-9]\d{0,2}(?:\.\d{1,3}){0,4})[.:)]?\s+(?P<rest>[A-ZÆØÅ«\"].*)$")
_BULLET = re.compile(r"^(?:[•\-–—*·▪◦►■□✓]|\d{1,2}[.)]|[a-zA-Z][.)])\s+\S")
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+(?=[«\"(]?[A-ZÆØÅ0-9•\-–])")
_LINE_END = re.compile(r"\s*\n\s*")
_SPACE = re.compile(r"\s+")


@dataclass
class Chunk:
    """A passage of one document, with its exact place in the source's pages.

    ``text`` is the document text from (``page``, ``start``) to (``end_page``, ``end``): offsets in
    ``Page.text``, end exclusive; where the chunk runs over a page break the pages' slices are joined
    with ``PAGE_BREAK``. ``headings`` is the section path the chunk lies under.
    """

    source_id: str
    document_id: str
    ordinal: int
    page: int
    start: int
    end_page: int
    end: int
    text: str
    headings: tuple[str, ...] = ()

    @property
    def words(self) -> int:
        return len(_WORDS.findall(self.text))

    @property
    def plain_text(self) -> str:
        """The text with page breaks shown as paragraph breaks."""
        return self.text.replace(PAGE_BREAK, "\n\n")


@dataclass
class _Unit:
    kind: str  # heading | text | item
    start: int
    end: int
    words: int
    level: int = 0
    title: str = ""


@dataclass
class _Builder:
    units: list[_Unit] = field(default_factory=list)
    words: int = 0
    content_words: int = 0
    headings: tuple[str, ...] | None = None


def count_words(text: str) -> int:
    """Words in ``text`` (runs of letters or digits)."""
    return len(_WORDS.findall(text))


def _heading(line: str, alone: bool) -> tuple[int, str] | None:
    """(level, title) if ``line`` reads as a heading; ``alone``: the line is a block by itself."""
    if len(line) > 100 or count_words(line) > 12 or line.endswith((".", ",", ";")):
        return None
    m = _NUMBERED_HEADING.match(line)
    if m:
        return m.group("num").count(".") + 1, line
    if alone and line[0].isupper() and any(c.isalpha() for c in line) and count_words(line) <= 10:
        return 10, line
    return None


def _units(text: str) -> list[_Unit]:
    """The structural units of a document text, in order."""
    lines: list[tuple[int, int]] = []  # (start, end) of non-blank lines; (-1, -1) marks a blank
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped and stripped != "\f":
            lead = len(raw) - len(raw.lstrip())
            lines.append((pos + lead, pos + lead + len(stripped)))
        elif not lines or lines[-1] != (-1, -1):
            lines.append((-1, -1))
        pos += len(raw) + 1
    blocks: list[list[tuple[int, int]]] = [[]]
    for span in lines:
        if span == (-1, -1):
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(span)
    units: list[_Unit] = []
    for block in blocks:
        if not block:
            continue
        first = text[block[0][0] : block[0][1]]
        rest = block
        # "1. Formål" over a paragraph is a heading; "1. Tiltak" over "2. Tiltak" a list.
        second = text[block[1][0] : block[1][1]] if len(block) > 1 else ""
        listed = _BULLET.match(first) and _BULLET.match(second) and first[0].isdigit() == second[0].isdigit()
        head = None if listed else _heading(first, len(block) == 1)
        if head is not None:
            units.append(_Unit("heading", block[0][0], block[0][1], count_words(first), *head))
            rest = block[1:]
        current: _Unit | None = None
        for s, e in rest:
            line = text[s:e]
            if current is None or _BULLET.match(line):
                kind = "item" if _BULLET.match(line) else "text"
                current = _Unit(kind, s, e, 0)
                units.append(current)
            current.end = e
    for u in units:
        if u.kind != "heading":
            u.words = count_words(text[u.start : u.end])
    return _join_broken_paragraphs(text, units)


def _join_broken_paragraphs(text: str, units: list[_Unit]) -> list[_Unit]:
    """Join a paragraph to the one before when a page or column break cut it mid-sentence."""
    out: list[_Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if (
            prev is not None
            and u.kind == "text"
            and prev.kind == "text"
            and text[u.start].islower()
            and not text[prev.end - 1] in ".!?:;"
        ):
            prev.end = u.end
            prev.words += u.words
            continue
        out.append(u)
    return out


def _split_long(text: str, unit: _Unit, max_words: int) -> list[_Unit]:
    """Cut a unit longer than ``max_words`` into near-equal pieces at sentence, line or word ends."""
    body = text[unit.start : unit.end]
    starts = [m.start() for m in _WORDS.finditer(body)]
    between = lambda a, b: bisect.bisect_left(starts, b) - bisect.bisect_left(starts, a)  # noqa: E731
    target = unit.words / math.ceil(unit.words / max_words)
    out: list[_Unit] = []
    for pattern in (_SENTENCE_END, _LINE_END, _SPACE):
        out, begin = [], 0
        for m in pattern.finditer(body):
            words = between(begin, m.start())
            if words >= target * 0.95 and between(m.end(), len(body)) >= 10:
                out.append(_Unit(unit.kind, unit.start + begin, unit.start + m.start(), words))
                begin = m.end()
        out.append(_Unit(unit.kind, unit.start + begin, unit.end, between(begin, len(body))))
        if len(out) > 1 and all(p.words <= max_words for p in out):
            return out
    return out


def _offsets(doc: DocumentText, cuts: Sequence[tuple[int, int]]) -> list[int]:
    """Positions (page number, offset in that page's text) as sorted offsets in ``doc.text``."""
    out = set()
    for page, start in cuts:
        if page in doc.page_numbers:
            i = doc.page_numbers.index(page)
            offset = doc.starts[i] + start - doc.page_offsets[i]
            if 0 < offset < len(doc.text):
                out.add(offset)
    return sorted(out)


def _split_at(text: str, units: list[_Unit], cuts: list[int]) -> list[_Unit]:
    """The units, any that a cut falls inside split in two there (white space at the cut dropped)."""
    out: list[_Unit] = []
    for u in units:
        begin = u.start
        for c in (c for c in cuts if u.start < c < u.end):
            end = c
            while end > begin and text[end - 1].isspace():
                end -= 1
            if end > begin:
                head = begin == u.start
                out.append(_Unit(u.kind if head else "text", begin, end, count_words(text[begin:end]),
                                 u.level if head else 0, u.title if head else ""))
            begin = c
            while begin < u.end and text[begin].isspace():
                begin += 1
        if begin == u.start:
            out.append(u)
        elif begin < u.end:
            out.append(_Unit("text", begin, u.end, count_words(text[begin:u.end])))
    return out


def chunk_document(doc: DocumentText, document_id: str, min_words: int = MIN_WORDS,
                   max_words: int = MAX_WORDS, cuts: Sequence[tuple[int, int]] = ()) -> list[Chunk]:
    """The chunks of one document, in reading order; each (page, offset) in ``cuts`` starts a new one.

    >>> from ingest.model import Document, Page
    >>> page = Page(1, "1. Formål\\nPlanen skal sikre gode skoler.\\n\\n2. Tiltak\\n• Flere lærere", 0, 0, ("text",), False, {})
    >>> doc = DocumentText.from_pages("s", Document(1, "plan", "Skoleplan", 1, 1), [page])
    >>> [(c.page, c.start, c.end, c.headings) for c in chunk_document(doc, "s-d001", min_words=3)]
    [(1, 0, 39, ('1. Formål',)), (1, 41, 62, ('2. Tiltak',))]
    """
    text = doc.text
    boundaries = _offsets(doc, cuts)
    units: list[_Unit] = []
    for u in _split_at(text, _units(text), boundaries):
        units.extend(_split_long(text, u, max_words) if u.words > max_words else [u])

    def cut_between(a: int, b: int) -> bool:  # a boundary in (a, b]
        return bisect.bisect_right(boundaries, b) > bisect.bisect_right(boundaries, a)

    spans: list[tuple[int, int, tuple[str, ...]]] = []
    path: list[tuple[int, str]] = []
    cur = _Builder()

    def flush() -> None:
        nonlocal cur
        if cur.units and cur.words:
            heads = cur.headings if cur.headings is not None else tuple(t for _, t in path)
            spans.append((cur.units[0].start, cur.units[-1].end, heads))
        cur = _Builder()

    for u in units:
        if cur.units and cut_between(cur.units[-1].start, u.start):
            if spans and cur.words < _RESIDUE_WORDS:  # "[Lagre vedtak]" left between a decision and the
                s, _, heads = spans[-1]               # next item is no passage: it ends the one before
                spans[-1] = (s, cur.units[-1].end, heads)
                cur = _Builder()
            flush()
        if u.kind == "heading":
            if cur.content_words >= min_words:
                flush()
            path = [p for p in path if p[0] < u.level] + [(u.level, u.title)]
        elif cur.words and cur.words + u.words > max_words:
            flush()
        cur.units.append(u)
        cur.words += u.words
        if u.kind != "heading":
            cur.content_words += u.words
            if cur.headings is None:
                cur.headings = tuple(t for _, t in path)
    # A short tail joins the chunk before it when together they stay near the size limit.
    if spans and cur.units and cur.words < min_words // 2 and not cut_between(spans[-1][0], cur.units[0].start):
        s, _, heads = spans[-1]
        prev_words = count_words(text[s : spans[-1][1]])
        if prev_words + cur.words <= max_words + min_words // 2:
            spans[-1] = (s, cur.units[-1].end, heads)
            cur = _Builder()
    flush()

    chunks = []
    for n, (a, b, heads) in enumerate(spans, 1):
        page, start = doc.locate(a)
        end_page, last = doc.locate(b - 1)
        chunks.append(Chunk(doc.source_id, document_id, n, page, start, end_page, last + 1, text[a:b], heads))
    return chunks


def chunk_source(source_id: str, pages: list[Page], documents: list[dict | Document],
                 min_words: int = MIN_WORDS, max_words: int = MAX_WORDS,
                 cuts: dict[str, Sequence[tuple[int, int]]] | None = None) -> list[Chunk]:
    """The chunks of every document of one source (documents as ``Store.documents`` rows or records).

    A source stored without documents is chunked as one document with id ``<source_id>-d000``.
    ``cuts``: by document id, the (page, offset) positions where a chunk must start.
    """
    from ingest.store import document_id_for

    records: list[tuple[str, Document]] = []
    for d in documents:
        if isinstance(d, dict):
            rec = Document(d["idx"], d["doc_type"], d["title"], d["first_page"], d["last_page"],
                           d["start_offset"], d["end_offset"], d.get("arkivsak"), d.get("journalpost"))
            records.append((d["id"], rec))
        else:
            records.append((document_id_for(source_id, d.index), d))
    if not records and pages:
        records = [(f"{source_id}-d000", Document(0, "annet", "", pages[0].number, pages[-1].number))]
    out: list[Chunk] = []
    for doc_id, rec in records:
        doc = DocumentText.from_pages(source_id, rec, pages)
        if doc.text.strip():
            out.extend(chunk_document(doc, doc_id, min_words, max_words, (cuts or {}).get(doc_id, ())))
    return out


def page_slices(chunk: Chunk, pages: dict[int, Page]) -> str:
    """The chunk's text rebuilt from its pages and span (equals ``chunk.text``; for checks and links)."""
    if chunk.page == chunk.end_page:
        return pages[chunk.page].text[chunk.start : chunk.end]
    parts = [pages[chunk.page].text[chunk.start :]]
    parts += [pages[n].text for n in range(chunk.page + 1, chunk.end_page) if n in pages]
    parts.append(pages[chunk.end_page].text[: chunk.end])
    return PAGE_BREAK.join(parts)
