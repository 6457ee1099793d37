"""Decoding text files: UTF-8 first, then cp1252/latin-1 detection; binary input is refused."""

from __future__ import annotations

from charset_normalizer import from_bytes

from .model import IngestError

# Norwegian letters as they look when UTF-8 is read as cp1252 ("Ã¸" for "ø"): a sign of mojibake.
_MOJIBAKE = ("Ã¦", "Ã¸", "Ã¥", "Ã†", "Ã˜", "Ã…")


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """Decode a text file; return ``(text, encoding, warnings)``.

    UTF-8 (with or without BOM) is taken as is; otherwise cp1252 (a superset of latin-1 for
    printable text) is tried, and charset-normalizer decides for anything else. Binary data
    (NUL bytes, or mostly control characters) raises ``IngestError``.

    >>> decode_text("Møte i utvalg".encode("cp1252"))[:2]
    ('Møte i utvalg', 'cp1252')
    """
    warnings: list[str] = []
    if b"\x00" in data[:65536]:
        raise IngestError("file looks binary (it contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        text, encoding = _decode_legacy(data)
        warnings.append(
            f"not valid UTF-8 (byte {exc.start}); decoded as {encoding}"
        )
    if any(m in text for m in _MOJIBAKE):
        try:
            fixed = text.encode("cp1252").decode("utf-8")
            text = fixed
            warnings.append("text was UTF-8 read as cp1252 (mojibake); repaired")
        except (UnicodeEncodeError, UnicodeDecodeError):
            warnings.append("text contains mojibake (Ã¸ for ø) that could not be repaired")
    control = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > max(8, len(text[:65536]) // 100):
        raise IngestError("file looks binary (too many control characters), not text")
    # Windows and old Mac line ends become "\n" so that offsets mean the same everywhere.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding, warnings


def _decode_legacy(data: bytes) -> tuple[str, str]:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_norwegian_or_plain(text):
        return text, "cp1252"
    best = from_bytes(data).best()
    if best is None:
        if text is not None:
            return text, "cp1252"
        return data.decode("latin-1"), "latin-1"
    return str(best), best.encoding


def _looks_norwegian_or_plain(text: str) -> bool:
    """cp1252 decodes almost anything; accept it when the non-ASCII letters are plausible ones."""
    odd = sum(1 for ch in text if ord(ch) > 127 and ch not in "æøåÆØÅéèêüöäÉÈÜÖÄ«»–—’‘“”•…§°½·")
    return odd <= max(3, len(text) // 500)
