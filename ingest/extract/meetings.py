"""Meetings from møteinnkalling, sakskart and møteprotokoll: body, date, time, place, attendance, agenda."""

from __future__ import annotations

from .base import DocumentText
from .records import MeetingRecord

DOCUMENT_TYPES = {"møteinnkalling", "sakskart", "møteprotokoll"}


def extract_meetings(doc: DocumentText) -> list[MeetingRecord]:
    """The meetings described in a document (placeholder until the extractor lands: none)."""
    return []
