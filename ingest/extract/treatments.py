"""Treatments of cases in a body's meeting: who introduced, proposals, votes, decision and comments."""

from __future__ import annotations

from .base import DocumentText
from .records import TreatmentRecord

DOCUMENT_TYPES = {"saksprotokoll", "møteprotokoll"}


def extract_treatments(doc: DocumentText) -> list[TreatmentRecord]:
    """The treatments recorded in a document (placeholder until the extractor lands: none)."""
    return []
