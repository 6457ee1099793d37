"""Page segmentation of extracted text: find page boundaries and the text/OCR layers of each page."""

from __future__ import annotations

from .model import TEXT_LAYER, RawPage


def segment_layered_text(text: str) -> list[RawPage]:
    """Split extracted text into raw pages (first version: the whole text is one page)."""
    return [RawPage(1, {TEXT_LAYER: text}, 0, len(text))]
