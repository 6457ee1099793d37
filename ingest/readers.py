"""Readers: turn a file on disk (PDF or extracted text) into a SourceText with raw pages."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .encoding import decode_text
from .model import TEXT_LAYER, IngestError, RawPage, SourceText
from .pages import segment_layered_text

TEXT_SUFFIXES = {".txt", ".md"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES


def check_file(path: Path, max_bytes: int | None = None) -> int:
    """Refuse a file before reading it: unsupported type, empty, or larger than ``max_bytes``.

    Returns the file's size. Cheap (one ``stat``), so a huge file is refused without being read.

    >>> check_file(Path("notes.docx"))  # doctest: +SKIP
    Traceback (most recent call last):
    IngestError: unsupported file type .docx: expected .pdf, .txt or .md
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(f"unsupported file type {suffix or '(none)'}: expected .pdf, .txt or .md")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from None
    if not path.is_file():
        raise IngestError("not a regular file")
    if size == 0:
        raise IngestError("file is empty")
    if max_bytes is not None and size > max_bytes:
        raise IngestError(
            f"file is too large: {size / 1e6:.1f} MB, the limit is {max_bytes / 1e6:g} MB"
            " (raise it with --max-file-mb or SAKSGRAF_MAX_FILE_MB)"
        )
    return size


def read_source(path: Path, max_bytes: int | None = None) -> SourceText:
    """Read one file into a ``SourceText``; raise ``IngestError`` with a clear message if it can't be.

    >>> src = read_source(Path("data/sample/003_cc85d8bd5f71d5f5.txt"))  # doctest: +SKIP
    >>> src.kind
    'text'
    """
    path = Path(path)
    check_file(path, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from None
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() in PDF_SUFFIXES:
        from .pdf import read_pdf

        return read_pdf(path, data, sha)
    text, encoding, warnings = decode_text(data)
    if not text.strip():
        raise IngestError("file has no text (only white space)")
    pages = segment_layered_text(text)
    return SourceText(
        name=path.name,
        path=str(path),
        sha256=sha,
        size=len(data),
        kind="text",
        text=text,
        pages=pages,
        encoding=encoding,
        warnings=warnings,
    )


def single_layer_pages(texts: list[str], sep: str = "\f") -> tuple[str, list[RawPage]]:
    """Join page texts with ``sep`` and return the joined text with one text-layer RawPage each."""
    pages: list[RawPage] = []
    parts: list[str] = []
    pos = 0
    for number, page_text in enumerate(texts, start=1):
        if number > 1:
            parts.append(sep)
            pos += len(sep)
        pages.append(RawPage(number, {TEXT_LAYER: page_text}, pos, pos + len(page_text)))
        parts.append(page_text)
        pos += len(page_text)
    return "".join(parts), pages
