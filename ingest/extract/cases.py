"""Cases from saksframlegg and saksprotokoll: arkivsak, title, case officers, saksgang, proposal, plan."""

from __future__ import annotations

from .base import DocumentText
from .records import CaseRecord

DOCUMENT_TYPES = {"saksframlegg", "saksprotokoll"}


def extract_cases(doc: DocumentText) -> list[CaseRecord]:
    """The case a document presents (placeholder until the extractor lands: none)."""
    return []
