"""Splitting a meeting book's pages into its documents: møteinnkalling, sakskart, protokoller, saksframlegg, vedlegg.

A document starts at a heading block (a type word alone on its line with metadata under it) or, for
attachments, at a cue that holds across templates: "Vedlegg 5", a letter header, a cover with
"Høringsutkast", a title slide, a title listed under the saksframlegg's "Vedlegg:", or the first page
after a document's closing line. Text extracted with both a PDF text layer and an OCR reading repeats
each page, so a start that repeats the one just made (same type and case, same page) is merged into it.
"""

from __future__ import annotations

import re

from .attachments import (
    attachment_title,
    classify_attachment,
    generic_section,
    letter_subject,
    report_title,
    title_and_position,
)
from .doctypes import MEETING_TYPES
from .model import Document, Page
from .scanner import Scanner
from .splitbook import PAGE_TOP_CHARS, Book, Start, similar


def split_documents(pages: list[Page]) -> list[Document]:
    """The documents in a run of pages, in order, together covering every page.

    >>> from ingest.model import Page
    >>> text = "Saksframlegg\\n\\nArkivsak: 21/00273-96\\nSaksbehandler: Ola Nordmann\\n\\n" \\
    ...        "Godkjenning av protokoll\\n\\nRådmannens forslag til vedtak:\\nProtokollen godkjennes."
    >>> [(d.doc_type, d.arkivsak, d.title) for d in split_documents([Page(1, text, 0, 0, ("text",), False, {})])]
    [('saksframlegg', '21/00273', 'Godkjenning av protokoll')]
    """
    if not pages:
        return []
    book = Book(pages)
    if not any(book.texts):
        return [Document(1, "annet", "", pages[0].number, pages[-1].number)]
    starts = _find_starts(book)
    return _documents(book, starts)


def _find_starts(book: Book) -> list[Start]:
    starts = Scanner(book).scan()
    first = next((i for i, t in enumerate(book.texts) if t), 0)
    if not starts or starts[0].line > first:
        head = sum(len(t) for t in book.texts[: starts[0].line]) if starts else 1 << 30
        if starts and head <= PAGE_TOP_CHARS * 2:
            starts[0].line = 0
        else:
            starts.insert(0, Start(0, None, False, attachment_title(book.texts[first : first + 40])))
    return starts


def _position(book: Book, start: Start, earlier_on_page: bool) -> tuple[int, int]:
    """(page index, offset) of a start; a start with only a logo above it on its page opens the page."""
    pi, off = book.page_of[start.line], book.offset[start.line]
    if not earlier_on_page and book.page_top(start.line):
        return pi, 0
    return pi, off


def _documents(book: Book, starts: list[Start]) -> list[Document]:
    positions: list[tuple[int, int]] = []
    for n, st in enumerate(starts):
        earlier = n > 0 and book.page_of[starts[n - 1].line] == book.page_of[st.line]
        positions.append((0, 0) if n == 0 else _position(book, st, earlier))
    docs: list[Document] = []
    meeting_title = ""
    for n, (st, (pi, off)) in enumerate(zip(starts, positions)):
        if n + 1 < len(positions):
            npi, noff = positions[n + 1]
            last_pi, end = (npi - 1, None) if noff == 0 else (npi, noff)
        else:
            last_pi, end = len(book.pages) - 1, None
        text = _slice(book.pages, pi, off, last_pi, end)
        doc_type, title = st.doc_type, st.title
        if doc_type is None or doc_type not in (*MEETING_TYPES, "saksframlegg", "saksprotokoll", "brev"):
            doc_type = doc_type or classify_attachment(text, title, last_pi - pi + 1)
            if doc_type == "brev" and not st.fixed_title:
                title = letter_subject(text.splitlines()) or title
            if doc_type == "rapport" and not st.fixed_title:
                found, at = title_and_position(text.splitlines(), scan=8)
                title = found if at >= 0 and not generic_section(found) else report_title(text) or title
        if doc_type == "møteinnkalling":
            meeting_title = title
        if doc_type == "sakskart" and not re.search(r"\d", title):
            title = meeting_title or title
        arkivsak, journalpost = st.arkivsak, st.journalpost
        if doc_type == "saksframlegg" and not arkivsak and title:
            arkivsak = _case_from_protocol(starts[n + 1 :], title)
        docs.append(
            Document(
                index=n + 1, doc_type=doc_type, title=title, first_page=book.pages[pi].number,
                last_page=book.pages[max(last_pi, pi)].number, start_offset=off, end_offset=end,
                arkivsak=arkivsak, journalpost=journalpost,
            )
        )
    return docs


def _case_from_protocol(later: list[Start], title: str) -> str | None:
    """The case number of a saksframlegg printed without one, from the saksprotokoll on the same case."""
    for st in later[:8]:
        if st.doc_type == "saksprotokoll" and st.arkivsak and similar(st.title, title) >= 90:
            return st.arkivsak
    return None


def _slice(pages: list[Page], pi: int, off: int, last_pi: int, end: int | None) -> str:
    if last_pi < pi:
        return ""
    if pi == last_pi:
        return pages[pi].text[off:end]
    middle = [p.text for p in pages[pi + 1 : last_pi]]
    return "\n".join([pages[pi].text[off:], *middle, pages[last_pi].text[:end]])


__all__ = ["split_documents"]
