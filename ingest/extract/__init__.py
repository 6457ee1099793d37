"""Fact extraction: meetings, cases, treatments, proposals, votes and comments from typed documents."""

from __future__ import annotations

from ..model import Document, Page
from .base import DocumentText, Evidence
from .records import Extraction

__all__ = ["DocumentText", "Evidence", "Extraction", "extract_source"]


def extract_source(source_id: str, pages: list[Page], documents: list[Document]) -> Extraction:
    """Extract every fact record from one source's documents, dispatching on document type.

    Each extractor reads a ``DocumentText`` (the document's clean text with an offset map to pages)
    and returns records with ``Evidence``. An extractor that finds nothing returns nothing.
    """
    from . import cases, meetings, treatments
    from .organisations import extract_organisations

    from .mentions import lower_case_words

    out = Extraction(source_id)
    lower_words = lower_case_words("\n".join(page.text for page in pages))
    for document in documents:
        doc = DocumentText.from_pages(source_id, document, pages)
        doc.lower_words = lower_words
        if document.doc_type in meetings.DOCUMENT_TYPES:
            out.meetings.extend(meetings.extract_meetings(doc))
        if document.doc_type in cases.DOCUMENT_TYPES:
            out.cases.extend(cases.extract_cases(doc))
        if document.doc_type in treatments.DOCUMENT_TYPES:
            out.treatments.extend(treatments.extract_treatments(doc))
        out.organisations.extend(extract_organisations(doc))
    return out
