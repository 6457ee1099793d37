"""Page segmentation: page boundaries and text/OCR layers in extracted text, on the sample and on built dumps."""

from __future__ import annotations

import re
from functools import cache

import pytest

from ingest.model import OCR_LAYER, TEXT_LAYER, RawPage
from ingest.pages import page_footer, segment_layered_text
from tests.conftest import EXTERNAL, SAMPLE

SAMPLE_FILES = sorted(p.name for p in SAMPLE.glob("*.txt"))
EXTERNAL_PDFS = sorted((EXTERNAL / "kartai-plan-pdfs").glob("*.pdf"))


@cache
def _sample(name: str) -> tuple[str, tuple[RawPage, ...]]:
    text = (SAMPLE / name).read_text(encoding="utf-8")
    return text, tuple(segment_layered_text(text))


def _page_with(pages, needle: str, layer: str | None = None) -> int:
    hits = [
        p.number
        for p in pages
        if any(needle in v for k, v in p.layers.items() if layer in (None, k))
    ]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


# --- building dumps in the layout of PDF text + OCR extraction, with other names and footers ----


def text_layer(*lines: str) -> str:
    """A PDF text layer as the dump writes it: one space before the page, one after each line."""
    return " " + "\n".join(f"{line} " if line else " " for line in lines) + "\n"


def ocr_layer(*lines: str) -> str:
    """An OCR reading: no trailing spaces, blank lines as empty lines."""
    return "\n".join(lines) + "\n"


def _bodies():
    """Three invented pages of a Bærum-style saksframlegg (names differ from the sample)."""
    p1 = [
        "Saksframlegg",
        "",
        "Arkivsak Saksbehandler",
        "24/01234-5 Sigrun Torvmark",
        "",
        "Reguleringsplan for Lysaker brygge - offentlig ettersyn",
        "",
        "Rådmannens forslag til vedtak:",
        "Forslag til reguleringsplan for Lysaker brygge legges ut til offentlig ettersyn.",
    ]
    p2 = [
        "Saksopplysninger",
        "",
        "Planområdet ligger mellom jernbanen og sjøen og omfatter om lag tolv dekar.",
        "Forslagsstiller ønsker å bygge boliger, barnehage og et lite torg ved stasjonen.",
        "Innspill fra naboene gjelder særlig høyder, utsikt og trafikk i anleggsperioden.",
    ]
    p3 = [
        "Vurdering",
        "",
        "Rådmannen mener planen gir en god utnyttelse av et sentralt knutepunkt.",
        "Støy fra jernbanen er utredet, og avbøtende tiltak er sikret i bestemmelsene.",
        "Saken legges fram for formannskapet før høringen starter.",
    ]
    return p1, p2, p3


def _ocr_of(lines: list[str], footer: str) -> list[str]:
    """A plausible OCR reading: a logo on top, one misread capital I, the footer at the bottom."""
    return (
        ["Bærum", "kommune", ""]
        + [ln.replace("Innspill", "lnnspill") for ln in lines]
        + ["", footer]
    )


def test_three_pages_each_with_text_and_ocr():
    p1, p2, p3 = _bodies()
    dump = "".join(
        text_layer(*body) + "\n" + ocr_layer(*_ocr_of(body, f"Side {n} av 3"))
        for n, body in enumerate((p1, p2, p3), start=1)
    )
    pages = segment_layered_text(dump)
    assert [list(p.layers) for p in pages] == [[TEXT_LAYER, OCR_LAYER]] * 3
    for page, body in zip(pages, (p1, p2, p3)):
        assert page.layers[TEXT_LAYER].strip().startswith(body[0])
        assert page.layers[OCR_LAYER].startswith("Bærum")
        assert page.layers[OCR_LAYER].rstrip().endswith(f"Side {page.number} av 3")
    _assert_exact_cover(dump, pages)


def test_text_only_page_and_ocr_only_page_stay_apart():
    p1, p2, p3 = _bodies()
    scanned = [
        "Brev fra Naboforeningen Lysaker Vest",
        "",
        "Vi ber om at byggehøyden senkes med to etasjer.",
    ]
    dump = (
        text_layer(*p1)
        + "\n"
        + ocr_layer(*_ocr_of(p1, "Side 1 av 4"))
        + ocr_layer(*scanned, "", "Side 2 av 4")  # a scanned page: OCR only
        + text_layer(*p2)  # a page whose OCR reading is missing
        + text_layer(*p3)
        + "\n"
        + ocr_layer(*_ocr_of(p3, "Side 4 av 4"))
    )
    pages = segment_layered_text(dump)
    assert [list(p.layers) for p in pages] == [
        [TEXT_LAYER, OCR_LAYER],
        [OCR_LAYER],
        [TEXT_LAYER],
        [TEXT_LAYER, OCR_LAYER],
    ]
    assert pages[1].layers[OCR_LAYER].startswith("Brev fra Naboforeningen")
    assert pages[2].layers[TEXT_LAYER].strip().startswith("Saksopplysninger")
    _assert_exact_cover(dump, pages)


def test_ocr_glued_after_the_text_layers_last_line():
    p1, p2, _ = _bodies()
    first = (
        text_layer(*p1, "", "Vedlegg:").rstrip("\n")
        + " \n\n    "
        + ocr_layer(*_ocr_of(p1 + ["", "Vedlegg:"], "1/2"))
    )
    dump = first + text_layer(*p2) + "\n" + ocr_layer(*_ocr_of(p2, "2/2"))
    pages = segment_layered_text(dump)
    assert len(pages) == 2
    assert pages[0].layers[TEXT_LAYER].rstrip().endswith("Vedlegg:")
    assert pages[0].layers[OCR_LAYER].lstrip().startswith("Bærum")
    _assert_exact_cover(dump, pages)


def test_text_layer_whose_last_line_lost_its_trailing_space():
    p1, p2, _ = _bodies()
    last = "Saken avgjøres av formannskapet."
    dump = (
        text_layer(*p1).rstrip("\n")
        + "\n"
        + last
        + "\n\n"
        + ocr_layer(*_ocr_of(p1 + [last], "1/2"))
    )
    dump += text_layer(*p2) + "\n" + ocr_layer(*_ocr_of(p2, "2/2"))
    pages = segment_layered_text(dump)
    assert len(pages) == 2
    assert pages[0].layers[TEXT_LAYER].rstrip().endswith(last)
    assert pages[0].layers[OCR_LAYER].count(last) == 1


def misread(line: str) -> str:
    """What an OCR engine makes of a clean line: dashes as hyphens, a capital I at a word start as l."""
    line = line.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\bI(?=[a-zæøå]{3})", "l", line)


def layered_dump_of_pdf(pdf) -> tuple[str, int]:
    """A dump of a real PDF in the sample's layout: each page's text layer, then an OCR reading."""
    from pypdf import PdfReader

    texts = [page.extract_text() or "" for page in PdfReader(pdf).pages]
    parts = []
    for n, page_text in enumerate(texts, start=1):
        lines = [line.strip() for line in page_text.splitlines()]
        reading = ["Kommunelogo", ""] + [misread(line) for line in lines] + ["", f"{n}/{len(texts)}"]
        parts.append(text_layer(*lines) + "\n" + ocr_layer(*reading))
    return "".join(parts), len(texts)


@pytest.mark.skipif(not EXTERNAL_PDFS, reason="the external PDFs are not in this checkout")
@pytest.mark.parametrize("pdf", EXTERNAL_PDFS, ids=lambda p: p.name[:40])
def test_real_pdfs_from_other_kommuner_in_layered_layout(pdf):
    dump, count = layered_dump_of_pdf(pdf)
    pages = segment_layered_text(dump)
    assert len(pages) == count
    assert all(list(p.layers) == [TEXT_LAYER, OCR_LAYER] for p in pages)
    for page in pages:
        assert page.layers[OCR_LAYER].startswith("Kommunelogo")
        assert page.layers[OCR_LAYER].rstrip().endswith(f"{page.number}/{count}")
    _assert_exact_cover(dump, pages)


def test_form_feeds_are_page_breaks():
    p1, p2, p3 = _bodies()
    dump = "\n".join(p1) + "\f" + "\n".join(p2) + "\f\f" + "\n".join(p3)
    pages = segment_layered_text(dump)
    assert [p.layers[TEXT_LAYER].splitlines()[0] for p in pages] == [p1[0], p2[0], p3[0]]
    _assert_exact_cover(dump, pages)


def test_layers_told_apart_by_content_alone():
    """A dump without trailing-space style: the OCR block is found because it repeats the text."""
    p1, p2, _ = _bodies()
    reading = [ln.replace("Innspill", "lnnspill").replace("ø", "o", 1) for ln in p2]
    dump = "\n".join(p1) + "\n\n\n\n" + "\n".join(p2) + "\n\n" + "\n".join(reading) + "\n"
    pages = segment_layered_text(dump)
    assert [list(p.layers) for p in pages] == [[TEXT_LAYER], [TEXT_LAYER, OCR_LAYER]]
    assert pages[1].layers[OCR_LAYER].startswith("Saksopplysninger")
    assert "lnnspill" in pages[1].layers[OCR_LAYER]
    assert "lnnspill" not in pages[1].layers[TEXT_LAYER]


def test_text_without_page_structure_is_one_page():
    text = (
        "Referat fra møtet\n\nDeltakere: styret og daglig leder.\nSaker: budsjett og vedlikehold.\n"
    )
    pages = segment_layered_text(text)
    assert len(pages) == 1 and list(pages[0].layers) == [TEXT_LAYER]
    assert (pages[0].source_start, pages[0].source_end) == (0, len(text.rstrip("\n")))


def test_long_blank_gaps_split_a_plain_text():
    text = "Saksframlegg\nSak A\n\n\n\nSaksprotokoll\nSak A vedtatt\n\n\n\n\nSaksframlegg\nSak B\n"
    pages = segment_layered_text(text)
    assert [p.layers[TEXT_LAYER].splitlines()[0] for p in pages] == [
        "Saksframlegg",
        "Saksprotokoll",
        "Saksframlegg",
    ]


def test_empty_and_blank_input():
    assert segment_layered_text("") == []
    pages = segment_layered_text(" \n\n ")
    assert len(pages) == 1 and pages[0].layers == {TEXT_LAYER: " \n\n "}


@pytest.mark.parametrize(
    "line, expected",
    [
        ("  4/10 ", (4, 10)),
        ("Side 2 av 5", (2, 5)),
        ("Page 3 of 9", (3, 9)),
        ("- 7 -", (7, None)),
        ("12/10", None),
        ("1/23 Godkjenning av protokoll", None),
        ("2023", None),
    ],
)
def test_page_footer(line, expected):
    assert page_footer(line) == expected


# --- the sample ----------------------------------------------------------------------------------


def _assert_exact_cover(text: str, pages) -> None:
    """Pages in order, numbered from 1, not overlapping, layers exact slices; only white space left out."""
    pos = 0
    for n, page in enumerate(pages, start=1):
        assert page.number == n
        assert pos <= page.source_start < page.source_end <= len(text)
        assert not text[pos : page.source_start].strip(), f"text lost before page {n}"
        at = page.source_start
        for layer in page.layers.values():
            found = text.find(layer, at, page.source_end)
            assert found >= 0 and layer.strip(), (
                f"page {n}: a layer is not an exact slice of its span"
            )
            assert not text[at:found].strip()
            at = found + len(layer)
        assert at == page.source_end
        pos = page.source_end
    assert not text[pos:].strip()


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_sample_pages_cover_all_text_exactly(name):
    text, pages = _sample(name)
    _assert_exact_cover(text, pages)


# Pages and merged pages per sample file, checked by reading the segmentation page by page.
EXPECTED = {
    "000_824d8ef9d1ff4430.txt": (25, 0),
    "001_4337fc0676f2b209.txt": (137, 51),
    "002_420537c42393fb97.txt": (221, 92),
    "003_cc85d8bd5f71d5f5.txt": (14, 0),
    "004_916abb006eef4268.txt": (160, 0),
}


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_sample_page_counts(name):
    _, pages = _sample(name)
    merged = sum(len(p.layers) == 2 for p in pages)
    assert (len(pages), merged) == EXPECTED[name]


def _footer_pages(pages, pattern: str) -> list[tuple[int, int]]:
    """``(page number, printed number)`` for each page whose layer starts or ends with a footer."""
    out = set()
    for page in pages:
        for layer in page.layers.values():
            lines = [ln for ln in layer.splitlines() if ln.strip()]
            for line in (lines[0], lines[-1]):
                m = re.fullmatch(pattern, line.strip())
                if m:
                    out.add((page.number, int(m.group(1))))
    return sorted(out)


@pytest.mark.parametrize(
    "name, pattern",
    [
        ("001_4337fc0676f2b209.txt", r"(\d+)/10"),
        ("001_4337fc0676f2b209.txt", r"(\d+)/8"),
        ("002_420537c42393fb97.txt", r"Side (\d+) av 37"),
    ],
)
def test_printed_page_numbers_advance_with_the_pages(name, pattern):
    _, pages = _sample(name)
    seen = _footer_pages(pages, pattern)
    assert len(seen) >= 3
    first_page, first_number = seen[0]
    for page, number in seen:
        assert page - first_page == number - first_number, seen


def test_report_page_numbers_match_pages_up_to_its_text_boxes():
    """004 prints a few page numbers; pages between them are counted right (text boxes later are not)."""
    _, pages = _sample("004_916abb006eef4268.txt")
    seen = [(p, n) for p, n in _footer_pages(pages, r"(\d+)") if n <= 58]
    assert [n for _, n in seen] == [13, 20, 27, 30, 53, 58]
    assert all(p - n == seen[0][0] - seen[0][1] for p, n in seen)


def test_slide_numbers_match_pages():
    _, pages = _sample("000_824d8ef9d1ff4430.txt")
    assert _page_with(pages, "Andre tiltak for å heve kompetansen") == 22
    assert pages[21].layers[TEXT_LAYER].split()[-1] == "22"


def test_meeting_protocol_of_001_is_ten_pages_of_two_readings():
    _, pages = _sample("001_4337fc0676f2b209.txt")
    first = next(
        p.number for p in pages if p.layers[TEXT_LAYER].strip().startswith("Møteprotokoll")
    )
    assert _page_with(pages, "3/10", OCR_LAYER) == first + 2
    protocol = pages[first - 1 : first + 9]
    assert all(list(p.layers) == [TEXT_LAYER, OCR_LAYER] for p in protocol)
    assert protocol[-1].layers[TEXT_LAYER].strip().startswith("Referatsaker")
    assert protocol[0].layers[OCR_LAYER].count("Møtet ble ledet av nestleder") == 1
    assert protocol[0].layers[TEXT_LAYER].count("Møtet ble ledet av nestleder") == 1


def test_partial_ocr_reading_is_paired_with_its_page():
    """002: an OCR reading that only covers the end of a plan page is still that page's second layer."""
    _, pages = _sample("002_420537c42393fb97.txt")
    n = _page_with(pages, "Rammer og mandat for arbeidet", TEXT_LAYER)
    assert (
        pages[n - 1]
        .layers[OCR_LAYER]
        .lstrip()
        .startswith("komme med innspill i arbeidet med mandatet")
    )
