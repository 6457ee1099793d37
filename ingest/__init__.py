"""Ingestion: read meeting books (PDF or text) into clean, de-duplicated documents and pages with provenance."""

from .model import Document, IngestedSource, IngestError, Page, RawPage, Repair, SourceText
from .pipeline import IngestReport, ingest_paths, process_source
from .readers import read_source
from .store import Store

__all__ = [
    "Document",
    "IngestError",
    "IngestReport",
    "IngestedSource",
    "Page",
    "RawPage",
    "Repair",
    "SourceText",
    "Store",
    "ingest_paths",
    "process_source",
    "read_source",
]
