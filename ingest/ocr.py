"""OCR repair: mend l/I, Å/A, letter-spaced words and broken hyphenation, keeping every original reading."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import SourceText
    from .store import Store


class Lexicon:
    """Words seen in clean text (PDF text layers) across the corpus, used to mend OCR readings."""

    def __init__(self) -> None:
        self.words: Counter[str] = Counter()

    @classmethod
    def from_store(cls, store: "Store") -> "Lexicon":
        return cls()

    def add_source(self, source: "SourceText") -> None:
        return None
