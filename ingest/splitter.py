"""Splitting a meeting book's pages into its documents: møteinnkalling, sakskart, protokoller, saksframlegg, vedlegg."""

from __future__ import annotations

from .model import Document, Page


def split_documents(pages: list[Page]) -> list[Document]:
    """The documents in a run of pages (first version: one document)."""
    if not pages:
        return []
    first = next((ln.strip() for p in pages for ln in p.text.splitlines() if ln.strip()), "")
    return [Document(1, "annet", first[:200], pages[0].number, pages[-1].number)]
