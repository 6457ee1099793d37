"""What every extractor reads and writes: a document's clean text, with evidence pointing back to pages."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Document, Page

# Pages are joined with this inside a DocumentText; it never occurs in page text.
PAGE_BREAK = "\n\f\n"


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the source, the page, the character span in that page's text, the quote.

    ``page_text[start:end] == quote`` holds for the page's clean text (``Page.text``).
    """

    source_id: str
    page: int
    start: int
    end: int
    quote: str


@dataclass
class DocumentText:
    """The clean text of one document (its pages' spans joined by ``PAGE_BREAK``), with an offset map.

    >>> doc = DocumentText.from_pages("s", Document(1, "saksprotokoll", "T", 1, 1), [page])  # doctest: +SKIP
    >>> doc.evidence(m.start(), m.end())  # a regex match in doc.text → Evidence on the right page
    """

    source_id: str
    document: Document
    text: str
    # Parallel lists: where each page's span starts in ``text``, its page number and the offset
    # of that span inside the page's own text.
    starts: list[int]
    page_numbers: list[int]
    page_offsets: list[int]
    # Words the whole source file writes in lower case (set by ``extract_source``): a capitalised
    # one of these between a title and a name is a unit ("Rådgiver Innbyggertorg Kari Nordmann").
    lower_words: frozenset[str] = frozenset()

    @classmethod
    def from_pages(cls, source_id: str, document: Document, pages: list[Page]) -> "DocumentText":
        """Build the text of ``document`` from the pages of its source (any pages outside it are ignored)."""
        parts: list[str] = []
        starts: list[int] = []
        numbers: list[int] = []
        offsets: list[int] = []
        pos = 0
        for page in pages:
            if page.number < document.first_page or page.number > document.last_page:
                continue
            begin = document.start_offset if page.number == document.first_page else 0
            end = len(page.text)
            if page.number == document.last_page and document.end_offset is not None:
                end = document.end_offset
            if parts:
                parts.append(PAGE_BREAK)
                pos += len(PAGE_BREAK)
            starts.append(pos)
            numbers.append(page.number)
            offsets.append(begin)
            chunk = page.text[begin:end]
            parts.append(chunk)
            pos += len(chunk)
        return cls(source_id, document, "".join(parts), starts, numbers, offsets)

    def locate(self, offset: int) -> tuple[int, int]:
        """The (page number, offset in that page's text) of a character offset in ``text``."""
        i = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.page_numbers[i], self.page_offsets[i] + (offset - self.starts[i])

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for ``text[start:end]``: cut at the first page break, so the quote lies on one page."""
        quote = self.text[start:end]
        cut = quote.find(PAGE_BREAK)
        if cut > 0:
            end = start + cut
            quote = quote[:cut]
        # Leading/trailing white space is not part of what was said.
        stripped = quote.strip()
        start += len(quote) - len(quote.lstrip())
        end = start + len(stripped)
        page, page_start = self.locate(start)
        return Evidence(self.source_id, page, page_start, page_start + len(stripped), stripped)

    def evidence_for(self, match: re.Match[str], group: int | str = 0) -> Evidence:
        """Evidence for a regex match (or one of its groups) on ``text``."""
        return self.evidence(match.start(group), match.end(group))
