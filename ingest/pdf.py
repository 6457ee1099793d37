"""PDF reading with pypdf: one raw page per PDF page, with clear errors for bad PDFs.

Decisions a user meets:
- A PDF with no text layer at all (a scan) is refused: it needs OCR first. Scanned pages inside an
  otherwise readable PDF are kept (empty) and named in a warning.
- Encrypted PDFs open when their user password is empty (they only restrict printing or copying);
  a PDF that needs a password to open is refused.
- A truncated PDF (it stops before its ``%%EOF`` end marker, as an interrupted download does) is
  refused, even where pypdf could recover some pages: a page whose content was cut off reads as
  an empty page, so a partial read could not be told from a whole one, and stored page numbers
  and documents would silently be wrong. Downloading the file again is the fix.
- One damaged page in a sound file is kept empty with a warning rather than losing the file.

pypdf's plain extraction was measured against its layout mode, pdfplumber and pypdfium2 on real
plan PDFs (Word, Aspose, macOS Quartz): the same words in the same order, where layout mode pads
justified lines with runs of spaces and pdfplumber moves a two-column page header to the bottom.
"""

from __future__ import annotations

import io
import logging
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .encoding import normalize_pdf_text
from .model import IngestError, SourceText
from .readers import single_layer_pages

# A page with fewer letters than this in its text layer counts as having none (a scan).
MIN_LETTERS = 20
# The end marker must be this close to the end of the file (PDF readers allow 1 KB; be lenient).
_EOF_WINDOW = 2048


def read_pdf(path: Path, data: bytes, sha256: str) -> SourceText:
    """Read a PDF's text layer page by page into a ``SourceText`` (page n is PDF page n).

    Raises ``IngestError`` for a file that is not a PDF, is truncated or damaged, needs a
    password, or has no text layer at all (a scan: it needs OCR before it can be ingested).
    """
    if b"%PDF-" not in data[:1024]:
        raise IngestError("not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise IngestError(
            "PDF is truncated: the file stops before its end marker (%%EOF), so it is incomplete;"
            " download or copy it again"
        )
    with _pypdf_log() as log:
        try:
            pages = _open(data).pages
            count = len(pages)
        except IngestError:
            raise
        except Exception as exc:  # pypdf parses untrusted bytes: any failure means a bad file
            detail = " ".join(str(exc).split())[:120] or type(exc).__name__
            raise IngestError(f"PDF is damaged and cannot be read (pypdf: {detail})") from None
        texts: list[str] = []
        unreadable: list[int] = []
        for number in range(1, count + 1):
            logged = len(log)
            try:
                text = normalize_pdf_text(pages[number - 1].extract_text() or "")
                # pypdf reads a page whose content stream is corrupt as empty, only logging why.
                broken = _letters(text) < MIN_LETTERS and len(log) > logged
            except Exception:
                text, broken = "", True
            if broken:
                unreadable.append(number)
            texts.append(text)
        letters = [_letters(t) for t in texts]
        imaged = [
            n for n in range(1, count + 1) if letters[n - 1] < MIN_LETTERS and _has_images(pages[n - 1])
        ]
    if count == 0:
        raise IngestError("PDF has no pages")
    if len(unreadable) == count:
        raise IngestError("PDF is damaged: none of its pages can be read")
    if all(n < MIN_LETTERS for n in letters):
        if imaged:
            raise IngestError(
                f"PDF has no text layer ({_pages(count)} of scanned images): "
                "run OCR on it first (for example with ocrmypdf) and ingest the result"
            )
        if sum(letters) == 0:
            empty = "its page is" if count == 1 else f"all {count} pages are"
            raise IngestError(f"PDF has no text: {empty} empty")
    notes: list[str] = []
    scanned = [n for n in imaged if n not in unreadable]
    if scanned:
        notes.append(
            f"{_pages_named(scanned)} {'has' if len(scanned) == 1 else 'have'} no text layer, only"
            " images (scanned?): their text is missing; run OCR on the PDF to read them"
        )
    if unreadable:
        notes.append(f"{_pages_named(unreadable)} could not be read (damaged; kept empty)")
    text, raw_pages = single_layer_pages(texts)
    return SourceText(
        name=path.name,
        path=str(path),
        sha256=sha256,
        size=len(data),
        kind="pdf",
        text=text,
        pages=raw_pages,
        encoding="pdf",
        warnings=notes,
    )


def _open(data: bytes):
    """A ``PdfReader`` ready to read pages, decrypted with the empty password where needed."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        # Many PDFs are encrypted with an empty user password only to restrict printing or copying.
        try:
            opened = reader.decrypt("")
        except DependencyError:
            raise IngestError(
                "PDF is encrypted with AES and the 'cryptography' package is missing:"
                " install it (pip install cryptography)"
            ) from None
        except NotImplementedError as exc:
            raise IngestError(f"PDF uses an encryption that cannot be opened ({exc}); decrypt it first") from None
        if not opened:
            raise IngestError("PDF is encrypted with a password; decrypt it first")
    return reader


def _has_images(page) -> bool:  # noqa: ANN001 - a pypdf PageObject
    try:
        return len(page.images) > 0
    except Exception:
        return False


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


class _Collect(logging.Handler):
    def __init__(self, records: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


@contextmanager
def _pypdf_log() -> Iterator[list[str]]:
    """Collect pypdf's log messages instead of printing them: they are about repairs pypdf makes,
    which mean nothing to a user, but they tell a damaged page from an empty one."""
    records: list[str] = []
    logger = logging.getLogger("pypdf")
    handler = _Collect(records)
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _pages(count: int) -> str:
    return f"{count} page" if count == 1 else f"{count} pages"


def _pages_named(numbers: list[int]) -> str:
    """'page 3' or 'pages 1-3, 7'."""
    return f"page {numbers[0]}" if len(numbers) == 1 else f"pages {_ranges(numbers)}"


def _ranges(numbers: list[int]) -> str:
    """'1-3, 7' for [1, 2, 3, 7].

    >>> _ranges([1, 2, 3, 7, 9, 10])
    '1-3, 7, 9-10'
    """
    out: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:]:
        if n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev != start else str(start))
        start = prev = n
    out.append(f"{start}-{prev}" if prev != start else str(start))
    return ", ".join(out)
