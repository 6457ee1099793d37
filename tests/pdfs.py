"""Builders of test PDFs: text pages (fpdf2), scanned pages, encrypted, truncated and ligature PDFs.

Everything is made in memory and returned as bytes, so a test writes only the files it needs.
Names, places and case numbers are invented and differ from the sample corpus.
"""

from __future__ import annotations

import io
import random

# A møteprotokoll in an Elements-like layout: a key/value header, "PS" items, votes. Only latin-1
# characters, because fpdf2's core fonts encode text as latin-1 (which covers æ, ø, å and §).
MOTEPROTOKOLL_PAGES = [
    """Fjordvik kommune
MØTEPROTOKOLL

Utvalg:      Hovedutvalg for miljø og næring
Møtested:    Rådhuset, møterom Skjærgården
Dato:        05.03.2024
Tidspunkt:   09:00 - 12:30

Følgende faste medlemmer møtte:
Solveig Nærbø (Sp), leder
Tormod Åkerø (H)
Brynhild Sæther (Ap)

Følgende medlemmer hadde forfall:
Øystein Lærum (FrP)

Fra administrasjonen møtte: kommunalsjef Ågot Brække""",
    """Saksliste

PS 14/24 Godkjenning av møteprotokoll fra 06.02.2024
PS 15/24 Søknad om tilskudd til næringsfond - Bøkeskogen gårdsbutikk
PS 16/24 Høring - forskrift om slamtømming i Fjordvik

PS 14/24 Godkjenning av møteprotokoll fra 06.02.2024

Behandling:
Ingen merknader til protokollen.

Vedtak:
Møteprotokollen fra 06.02.2024 godkjennes.""",
    """PS 15/24 Søknad om tilskudd til næringsfond - Bøkeskogen gårdsbutikk
Arkivsak: 23/01187

Behandling:
Brynhild Sæther (Ap) fremmet følgende forslag: Tilskuddet økes til kr 150 000.
Votering: Forslaget fra Sæther falt med 2 mot 1 stemme.

Vedtak:
Bøkeskogen gårdsbutikk innvilges tilskudd på kr 120 000 fra næringsfondet, jf. § 4 i
vedtektene for fondet. Tilskuddet utbetales når prosjektet er gjennomført.""",
]

# Letters that must survive every encoding round trip.
NORWEGIAN = "Møte i hovedutvalget: Ærlig talt, Øystein og Åse spiste blåbær på Særheim."


def text_pdf(pages: list[str]) -> bytes:
    """A PDF with one page per text, set in Helvetica (a real text layer).

    >>> text_pdf(["Hei"])[:5]
    b'%PDF-'
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 5.5, text)
    return bytes(pdf.output())


def scan_image(seed: int = 0, size: tuple[int, int] = (420, 594)) -> bytes:
    """A PNG that looks like a scanned page: grey paper with dark bars where lines of text would be."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    img = Image.new("L", size, 235)
    draw = ImageDraw.Draw(img)
    y = 40
    while y < size[1] - 40:
        draw.rectangle((40, y, 40 + rnd.randint(150, size[0] - 80), y + 7), fill=rnd.randint(20, 70))
        y += 16
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def mixed_pdf(pages: list[str | None]) -> bytes:
    """A PDF whose pages are text (a string) or a scanned image with no text layer (``None``)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    for n, text in enumerate(pages):
        pdf.add_page()
        if text is None:
            pdf.image(io.BytesIO(scan_image(n)), x=0, y=0, w=pdf.w, h=pdf.h)
        else:
            pdf.multi_cell(0, 5.5, text)
    return bytes(pdf.output())


def scanned_pdf(page_count: int = 2) -> bytes:
    """A PDF of scanned pages only: no text layer at all."""
    return mixed_pdf([None] * page_count)


def encrypted(data: bytes, user_password: str, algorithm: str = "AES-256") -> bytes:
    """``data`` re-saved encrypted; an empty ``user_password`` opens for reading but restricts rights."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="eier-passord", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    """The first ``keep`` part of a file, as an interrupted download leaves it."""
    return data[: int(len(data) * keep)]


def random_bytes(size: int = 4096, seed: int = 7) -> bytes:
    """Reproducible random bytes (a file that is neither a PDF nor text)."""
    return random.Random(seed).randbytes(size)


def glyph_pdf(lines: list[bytes]) -> bytes:
    """A one-page PDF written with raw Helvetica codes, where 0x80-0x82 draw the fi, fl, ffi ligatures.

    fpdf2's core fonts cannot draw ligature glyphs, so this page is built with pypdf objects: the
    font's ``/Differences`` map codes to the glyph names a word processor uses for ligatures, and
    byte 0xAD is WinAnsi's soft hyphen. Each line is drawn as it is given (bytes, PDF-escaped).
    """
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
    )

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    encoding = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Encoding"),
            NameObject("/BaseEncoding"): NameObject("/WinAnsiEncoding"),
            NameObject("/Differences"): ArrayObject(
                [NumberObject(128), NameObject("/fi"), NameObject("/fl"), NameObject("/ffi")]
            ),
        }
    )
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): encoding,
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    body = b"BT /F1 12 Tf 72 760 Td 14 TL " + b" ".join(b"(" + line + b") '" for line in lines) + b" ET"
    stream = DecodedStreamObject()
    stream.set_data(body)
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_broken_page(data: bytes, number: int) -> bytes:
    """``data`` with page ``number``'s content replaced by a corrupt compressed stream."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import EncodedStreamObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    broken = EncodedStreamObject()
    broken._data = random_bytes(300, seed=number)
    broken[NameObject("/Filter")] = NameObject("/FlateDecode")
    writer.pages[number - 1][NameObject("/Contents")] = writer._add_object(broken)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
