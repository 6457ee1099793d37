"""PDF reading with pypdf: one raw page per PDF page, with clear errors for bad PDFs."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from .model import IngestError, SourceText
from .readers import single_layer_pages

# A page with fewer letters than this in its text layer counts as having none (a scan).
MIN_LETTERS = 20


def read_pdf(path: Path, data: bytes, sha256: str) -> SourceText:
    """Read a PDF's text layer page by page.

    Raises ``IngestError`` for a file that is not a PDF, is truncated or damaged, is encrypted,
    or has no text layer at all (a scan: it needs OCR before it can be ingested).
    """
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        raise IngestError("not a PDF file (no %PDF header)")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many PDFs are "encrypted" with an empty user password only to restrict printing.
            try:
                if not reader.decrypt(""):
                    raise IngestError("PDF is encrypted with a password; decrypt it first")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise IngestError(f"PDF is encrypted and cannot be opened: {exc}") from None
        texts = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except FileNotDecryptedError:
        raise IngestError("PDF is encrypted with a password; decrypt it first") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise IngestError(f"PDF is damaged or truncated: {exc}") from None
    if not texts:
        raise IngestError("PDF has no pages")
    letters = [sum(ch.isalpha() for ch in t) for t in texts]
    if max(letters) < MIN_LETTERS:
        raise IngestError(
            f"PDF has no text layer ({len(texts)} pages of images): run OCR on it first"
        )
    warnings = []
    scanned = [i + 1 for i, n in enumerate(letters) if n < MIN_LETTERS]
    if scanned:
        warnings.append(f"pages without a text layer (kept empty): {_ranges(scanned)}")
    text, pages = single_layer_pages(texts)
    return SourceText(
        name=path.name,
        path=str(path),
        sha256=sha256,
        size=len(data),
        kind="pdf",
        text=text,
        pages=pages,
        encoding="pdf",
        warnings=warnings,
    )


def _ranges(numbers: list[int]) -> str:
    """'1-3, 7' for [1, 2, 3, 7]."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(out)
