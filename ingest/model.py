"""The records ingestion produces: sources, pages, documents and the repairs made to their text."""

from __future__ import annotations

from dataclasses import dataclass, field

# Layer names: the PDF's own text layer, and an OCR reading of the same page.
TEXT_LAYER = "text"
OCR_LAYER = "ocr"

# Document types, as the core vocabulary spells them (sg:documentType).
DOCUMENT_TYPES = (
    "møteinnkalling",
    "sakskart",
    "møteprotokoll",
    "saksframlegg",
    "saksprotokoll",
    "vedlegg",
    "plan",
    "rapport",
    "presentasjon",
    "brev",
    "annet",
)


class IngestError(Exception):
    """A file that cannot be ingested; the message says why, in words a user can act on."""


@dataclass(frozen=True)
class Repair:
    """One change made to a page's text, with the original reading kept beside it.

    ``start``/``end`` are offsets of the repaired text in ``Page.text``.
    ``kind`` is one of: ``ocr-confusion``, ``name-lexicon``, ``letter-spacing``, ``hyphenation``.
    """

    start: int
    end: int
    original: str
    repaired: str
    kind: str


@dataclass
class RawPage:
    """A page as read from the source, before its layers are merged.

    ``layers`` maps a layer name (``TEXT_LAYER``, ``OCR_LAYER``) to that layer's text, in the
    order they appear in the source. ``source_start``/``source_end`` are offsets into
    ``SourceText.text`` covering all the page's layers.
    """

    number: int
    layers: dict[str, str]
    source_start: int
    source_end: int


@dataclass
class SourceText:
    """A file's extracted text and its raw pages, before cleaning.

    For a PDF ``text`` is the pages' text-layer readings joined by form feeds; for a text file it
    is the decoded file. Every ``RawPage`` offset points into ``text``.
    """

    name: str
    path: str
    sha256: str
    size: int
    kind: str  # "pdf" or "text"
    text: str
    pages: list[RawPage]
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)


@dataclass
class Page:
    """One clean reading of a page: duplicated layers merged, OCR damage repaired.

    ``original`` keeps every layer's raw text; ``repairs`` lists each change made, so the
    original reading can always be shown beside the clean one.
    """

    number: int
    text: str
    source_start: int
    source_end: int
    layers: tuple[str, ...]
    merged_duplicate: bool
    original: dict[str, str]
    repairs: list[Repair] = field(default_factory=list)


@dataclass
class Document:
    """One document inside a source file (a meeting book holds many).

    The document runs from ``start_offset`` in page ``first_page`` to ``end_offset`` in page
    ``last_page`` (offsets into ``Page.text``; end exclusive). ``arkivsak`` is the case number
    as ``YY/NNNNN``; ``journalpost`` the full document number such as ``22/22972-2`` where printed.
    """

    index: int
    doc_type: str
    title: str
    first_page: int
    last_page: int
    start_offset: int = 0
    end_offset: int | None = None
    arkivsak: str | None = None
    journalpost: str | None = None


@dataclass
class IngestedSource:
    """Everything ingestion made of one file: ready to be stored in one transaction."""

    source: SourceText
    pages: list[Page]
    documents: list[Document]
    source_id: str = ""
    # The fact records (ingest.extract.records.Extraction); typed loosely to keep this module plain.
    extraction: object | None = None

    @property
    def merged_pages(self) -> int:
        return sum(1 for p in self.pages if p.merged_duplicate)
