"""Merging a page's duplicated text layers (PDF text layer and OCR reading) into one clean reading."""

from __future__ import annotations

from .model import OCR_LAYER, TEXT_LAYER, Page, RawPage


def merge_page(raw: RawPage, lexicon: "object | None" = None) -> Page:
    """One clean reading of a raw page (first version: prefer the text layer)."""
    text = raw.layers.get(TEXT_LAYER) or raw.layers.get(OCR_LAYER, "")
    return Page(
        number=raw.number,
        text=text,
        source_start=raw.source_start,
        source_end=raw.source_end,
        layers=tuple(raw.layers),
        merged_duplicate=len(raw.layers) > 1,
        original=dict(raw.layers),
    )
