"""Decoding and normalising text: byte-order marks, cp1252/latin-1, mojibake, binary refusal, ligatures."""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

from .model import IngestError

# Byte-order marks, longest first: UTF-32's little-endian mark starts with UTF-16's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# What a binary file that was given a text name most likely is, by its first bytes.
_MAGIC = (
    (b"%PDF-", "it is a PDF: give it the .pdf extension"),
    (b"PK\x03\x04", "it is a ZIP archive or an Office file (.docx, .xlsx): save it as PDF or text first"),
    (b"\xd0\xcf\x11\xe0", "it is an old Office file (.doc, .xls): save it as PDF or text first"),
    (b"\x89PNG", "it is a PNG image"),
    (b"\xff\xd8\xff", "it is a JPEG image"),
    (b"{\\rtf", "it is an RTF document: save it as PDF or text first"),
)

# cp1252 assigns printable characters to 0x80-0x9F, where latin-1 has C1 control codes.
_C1 = re.compile(rb"[\x80-\x9f]")

# Non-ASCII characters expected in Norwegian council text; many others mean a wrong guess.
_PLAUSIBLE = set("æøåÆØÅéèêëüöäóáàíÉÈÜÖÄÓ" "«»–—‘’‚“”„•…" "§°½¼¾±×·€£¹²³µ¶©®™†‰" "\xa0\xad")

# Latin ligature characters (U+FB00-FB06: ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) spelled out as the letters they join.
_LIGATURES = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFB00, 0xFB07)}
_LIGATURES[0xFB05] = "st"  # NFKC gives the long s "ſt"

# Characters that carry no text: zero-width space/joiners, word joiner, a BOM inside the text.
_INVISIBLE = {ord(ch): None for ch in "\u200b\u200c\u200d\u2060\ufeff"}

# A soft hyphen at a line end, then the broken word's second half starting the next line.
_SOFT_BREAK = re.compile(r"\xad[ \t]*\n[ \t]*(\w+)[ \t]*(\n|\Z)?")


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """Decode a text file; return ``(text, encoding, warnings)``.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32); otherwise UTF-8 is tried, then latin-1
    (or cp1252 when the file uses cp1252's extra characters such as – and ’), and
    charset-normalizer for anything else. UTF-8 that was once read as cp1252 (``MÃ¸te`` for
    ``Møte``) is repaired with ftfy and a warning says so. Binary data raises ``IngestError``.
    Line ends become ``\\n`` and ligatures (ﬁ) are spelled out.

    >>> decode_text("Møte i utvalg – sak 4".encode("cp1252"))[:2]
    ('Møte i utvalg – sak 4', 'cp1252')
    >>> decode_text("Møte i utvalg".encode("latin-1"))[:2]
    ('Møte i utvalg', 'latin-1')
    """
    warnings: list[str] = []
    text, encoding = _decode_bom(data)
    if text is None:
        _refuse_binary(data)
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            text, encoding = _decode_legacy(data)
            warnings.append(f"file is not UTF-8 (first bad byte at {exc.start}); read it as {encoding}")
    text, repaired = _fix_mojibake(text)
    if repaired:
        warnings.append(repaired)
    sample = text[:65536]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > max(8, len(sample) // 100):
        raise IngestError("file looks binary (too many control characters), not text")
    # Windows and old Mac line ends become "\n" so that offsets mean the same everywhere.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_LIGATURES).translate(_INVISIBLE), encoding, warnings


def normalize_pdf_text(text: str) -> str:
    """Tidy one page of a PDF's text layer: ligatures, soft hyphens, invisible and control characters.

    A soft hyphen at a line end marks a word broken across lines: the halves are joined on the
    first line. Form feeds (the page separator of ``SourceText.text``) and other control codes
    become line ends or spaces; Symbol-font bullets (private-use U+F0B7) become "•".

    >>> normalize_pdf_text("ﬁnne ﬂyt\\nfor\\xadslag som av\\xad\\nsluttes her")
    'finne flyt\\nforslag som avsluttes\\nher'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.translate(_LIGATURES).translate(_INVISIBLE).translate(_PDF_CHARS)
    text = _SOFT_BREAK.sub(lambda m: m.group(1) + ("" if m.group(2) == "" else "\n"), text)
    return text.replace("\xad", "")


# Control codes an extractor emits for glyphs it cannot map, and Word's Symbol/Wingdings bullets.
_PDF_CHARS = {cp: " " for cp in range(32) if chr(cp) not in "\n\t"} | {
    0: None,
    0xF0B7: "•",
    0xF0A7: "▪",
}


def _decode_bom(data: bytes) -> tuple[str | None, str]:
    """Decode text that starts with a byte-order mark; ``(None, "")`` when there is none."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec.removesuffix("-sig")), codec
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"file starts with a {codec} byte-order mark but is not valid {codec}"
                    f" (bad bytes at {exc.start + len(bom)})"
                ) from None
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            return None, ""
        # Binary data can have NULs in every other byte too; real text here is mostly Latin.
        sample = text[:2048]
        if sum(ord(ch) < 0x250 for ch in sample) >= 0.9 * len(sample):
            return text, utf16
    return None, ""


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without a byte-order mark shows as a NUL in every other byte of ASCII text."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _refuse_binary(data: bytes) -> None:
    head = data[:65536]
    for magic, what in _MAGIC:
        if head.lstrip()[: len(magic)] == magic:
            raise IngestError(f"file looks binary, not text: {what}")
    if b"\x00" in head:
        raise IngestError("file looks binary (it contains NUL bytes), not text")


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Decode text that is not UTF-8: latin-1 or cp1252 when plausible, else charset-normalizer."""
    if not _C1.search(data):
        # Without bytes 0x80-0x9F latin-1 and cp1252 read alike; latin-1 is the honest name.
        text = data.decode("latin-1")
        if _plausible(text):
            return text, "latin-1"
    else:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
        if text and _plausible(text):
            return text, "cp1252"
    best = from_bytes(data).best()
    if best is None:
        raise IngestError("file looks binary (no text encoding fits it), not text")
    return str(best), best.encoding


def _plausible(text: str) -> bool:
    """Whether a single-byte decoding is believable: few unexpected non-ASCII characters."""
    odd = sum(1 for ch in text if ord(ch) > 127 and ch not in _PLAUSIBLE)
    return odd <= max(3, len(text) // 500)


def _fix_mojibake(text: str) -> tuple[str, str | None]:
    """Repair UTF-8 that was decoded as cp1252 or latin-1 somewhere on the way (``Ã¸`` for ``ø``).

    ftfy repairs text that is mojibake throughout; where good and bad text are mixed it leaves
    some sequences alone (``Ã¥``, ``Ã…``) that in Norwegian text can only be å and Å.
    """
    if not any(marker in text for marker in ("Ã", "Â", "â€")):
        return text, None
    import ftfy

    fixed = ftfy.fix_encoding(text)
    for bad, good in _NORDIC_MOJIBAKE.items():
        fixed = fixed.replace(bad, good)
    if fixed == text:
        return text, None
    return fixed, "text was UTF-8 read as cp1252 (mojibake such as Ã¸ for ø); repaired"


# What æ, ø, å (and a few other letters of Norwegian text) look like when UTF-8 is read as cp1252.
_NORDIC_MOJIBAKE = {ch.encode("utf-8").decode("cp1252"): ch for ch in "æøåÆØÅéÉüÜöÖäÄ"}
