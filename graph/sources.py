"""What the graph is built from: each stored source's pages, documents, extracted records and kommune."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

from ingest.extract.records import Extraction
from ingest.model import Document, Page

UNKNOWN_KOMMUNE = "ukjent"

# "Asker kommune", "Asker kommunes", "Nord-Fron kommune", the logo split over two lines ("Asker\nkommune").
_KOMMUNE = re.compile(r"\b([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ]?[a-zæøå]+)?)\s+[Kk]ommunes?\b")
# Capitalised words that start a sentence before "kommune" without naming one ("Hver kommune skal").
_NOT_NAMES = frozenset(
    "Hver Denne Den Din Egen En Ei Et Hele Annen Andre Vår Samme Ny Nye Neste Forrige Aktuell "
    "Aktuelle Alle Din Deres Sin Sine Enhver Valgt Vertskommune Kommunen Ingen".split()
)


class DocumentStore(Protocol):
    """The parts of ``ingest.Store`` the graph reads."""

    def sources(self) -> list[dict]: ...
    def pages(self, source_id: str) -> list[Page]: ...
    def document_records(self, source_id: str) -> list[Document]: ...
    def extraction(self, source_id: str) -> Extraction: ...


@dataclass
class SourceInput:
    """One stored source, as the graph build needs it."""

    id: str
    name: str
    sha256: str
    pages: list[Page]
    documents: list[Document]
    extraction: Extraction

    @property
    def page_numbers(self) -> set[int]:
        return {p.number for p in self.pages}


def load_sources(store: DocumentStore) -> list[SourceInput]:
    """Every source in ``store``, sorted by id, with its pages, documents and extraction."""
    out = []
    for row in sorted(store.sources(), key=lambda r: r["id"]):
        sid = row["id"]
        out.append(SourceInput(sid, row["name"], row["sha256"], store.pages(sid), store.document_records(sid), store.extraction(sid)))
    return out


def detect_kommune(pages: list[Page]) -> str:
    """The kommune a source speaks for: the "<Name> kommune" printed most often in it, else ``ukjent``.

    Letters, headers and logos name their own kommune far more often than any other; ties go to
    the name seen first.

    >>> from ingest.model import Page
    >>> detect_kommune([Page(1, "0 Bodø\\nkommune\\nBodø kommunes plan. Saltdal kommune deltar. Hver kommune skal …", 0, 1)])
    'Bodø'
    >>> detect_kommune([Page(1, "Ingen navn her.", 0, 1)])
    'ukjent'
    """
    counts: Counter = Counter()
    first: dict[str, int] = {}
    pos = 0
    for page in pages:
        for m in _KOMMUNE.finditer(page.text):
            name = m.group(1)
            if name in _NOT_NAMES:
                continue
            counts[name] += 1
            first.setdefault(name, pos + m.start())
        pos += len(page.text) + 1
    if not counts:
        return UNKNOWN_KOMMUNE
    return min(counts, key=lambda n: (-counts[n], first[n]))
