"""Merging a page's text layer and OCR reading: one clean reading, nothing doubled, nothing only one layer has lost."""

from __future__ import annotations

from functools import cache, lru_cache

import pytest
from rapidfuzz import fuzz, process

from ingest.layers import clean_lines, merge_page, merge_rows
from ingest.model import OCR_LAYER, TEXT_LAYER, Page, RawPage
from ingest.ocr import Lexicon
from ingest.pages import segment_layered_text
from tests.conftest import SAMPLE
from tests.test_pages import EXTERNAL_PDFS, layered_dump_of_pdf

SAMPLE_FILES = sorted(p.name for p in SAMPLE.glob("*.txt"))


def _raw(text: str | None, ocr: str | None, number: int = 1) -> RawPage:
    layers = {}
    if text is not None:
        layers[TEXT_LAYER] = text
    if ocr is not None:
        layers[OCR_LAYER] = ocr
    return RawPage(number, layers, 0, sum(len(v) for v in layers.values()))


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    lexicon = Lexicon()
    for name in SAMPLE_FILES:
        for page in segment_layered_text((SAMPLE / name).read_text(encoding="utf-8")):
            if TEXT_LAYER in page.layers:
                lexicon.add_text(page.layers[TEXT_LAYER])
    return lexicon


@cache
def _merged(name: str) -> tuple[tuple[RawPage, ...], tuple[Page, ...]]:
    raws = tuple(segment_layered_text((SAMPLE / name).read_text(encoding="utf-8")))
    return raws, tuple(merge_page(raw, _lexicon()) for raw in raws)


# --- built pages ---------------------------------------------------------------------------------

TEXT = (
    " Formannskapet \n \n"
    "Møtet ble ledet av ordfører Tove Lindahl (H). \n"
    "Saken ble enstemmig vedtatt. \n\n \n\n"
    "Vedtak \n"
    "Reguleringsplan for Fornebu nord vedtas. \n"
)
OCR = (
    "Bærum\nkommune\n\n"
    "Formannskapet\n\n"
    "Møtet ble ledet av ordfører Tove Lindahl (H).\n"
    "Saken ble enstemmig vedtatt.\n\n"
    "Kartutsnitt: Fornebu nord, planområdet markert med rødt\n\n"
    "Vedtak\n"
    "Reguleringsplan for Fornebu nord vedtas.\n\n"
    "Side 3 av 7\n"
)


def test_ocr_only_lines_are_inserted_once_in_place():
    page = merge_page(_raw(TEXT, OCR))
    lines = page.text.splitlines()
    caption = "Kartutsnitt: Fornebu nord, planområdet markert med rødt"
    assert page.text.count(caption) == 1
    assert lines.index(caption) == lines.index("Saken ble enstemmig vedtatt.") + 2
    assert lines.index(caption) < lines.index("Vedtak")
    assert lines[:2] == ["Bærum", "kommune"]  # logo text sits on top, where the OCR read it
    assert lines[-1] == "Side 3 av 7"  # the footer only the OCR has ends the page
    for line in ("Formannskapet", "Vedtak", "Reguleringsplan for Fornebu nord vedtas."):
        assert lines.count(line) == 1


def test_merged_page_keeps_originals_and_says_it_merged():
    raw = _raw(TEXT, OCR, number=4)
    page = merge_page(raw)
    assert page.merged_duplicate and page.layers == (TEXT_LAYER, OCR_LAYER)
    assert page.original == {TEXT_LAYER: TEXT, OCR_LAYER: OCR}
    assert (page.number, page.source_start, page.source_end) == (
        4,
        raw.source_start,
        raw.source_end,
    )


def test_text_layer_artefacts_are_normalised():
    page = merge_page(_raw(TEXT, None))
    assert not page.merged_duplicate
    assert page.text == (
        "Formannskapet\n\nMøtet ble ledet av ordfører Tove Lindahl (H).\nSaken ble enstemmig vedtatt.\n\n"
        "Vedtak\nReguleringsplan for Fornebu nord vedtas."
    )


def test_clean_lines():
    assert clean_lines(" Sak 12/24 \n\u00a0\n  4/10 \n2)  Barn\u00a0og unge\t") == [
        "Sak 12/24",
        "",
        "4/10",
        "2) Barn og unge",
    ]


def test_table_read_column_by_column_is_not_doubled():
    text = " Behandlet av Møtedato Saksnr. \n1 Formannskapet 12.03.2024 24/15 \n2 Kommunestyret 26.03.2024 24/31 \n"
    ocr = (
        "Behandlet av\n1 Formannskapet\n2 Kommunestyret\n\nMøtedato\n12.03.2024\n26.03.2024\n\n"
        "Saksnr.\n24/15\n24/31\n"
    )
    page = merge_page(_raw(text, ocr))
    assert (
        page.text
        == "Behandlet av Møtedato Saksnr.\n1 Formannskapet 12.03.2024 24/15\n2 Kommunestyret 26.03.2024 24/31"
    )


def test_ocr_misreadings_do_not_enter_the_text():
    text = " Til stede: \nIngrid Haugen (Ap) \nÅsmund Lie (V) \nSaken gjelder 8. mars. \n"
    ocr = "Til stede:\nlngrid Haugen (Ap)\nAsmund Lie (V)\nSaken gjelder B. mars.\n"
    page = merge_page(_raw(text, ocr))
    assert page.text == "Til stede:\nIngrid Haugen (Ap)\nÅsmund Lie (V)\nSaken gjelder 8. mars."


def test_ocr_words_split_or_run_together_are_recognised():
    rows = merge_rows(
        ["Figur 4: Inkluderende frivilligkoordinering i bydelen"],
        ["Figur 4: Inkluderendefrivilligkoordinering i bydelen", "Tilbudet er gratis ti l alle"],
    )
    assert [r.text for r in rows if r.ocr and r.text] == ["Tilbudet er gratis ti l alle"]


def test_ocr_debris_from_charts_is_left_out():
    rows = merge_rows(
        ["Elevundersøkelsen 7. trinn"],
        ["Elevundersøkelsen 7. trinn", "I I I I", "=••1", "Trivsel 4,1"],
    )
    assert [r.text for r in rows if r.ocr and r.text] == ["Trivsel 4,1"]


def test_ocr_only_page_gets_ocr_repairs_and_a_text_layer_does_not():
    lexicon = Lexicon()
    lexicon.add_text("Leder Ingvild Ljones (Sp) og Ingvild Ljones. Ingvild Ljones leder møtet.")
    scanned = merge_page(_raw(None, "Møtet ble ledet av lngvild Ljones (Sp).\n"), lexicon)
    assert "Ingvild Ljones" in scanned.text and "lngvild" not in scanned.text
    assert any(r.original == "lngvild" for r in scanned.repairs)
    typed = merge_page(_raw(" Møtet ble ledet av lngvild Ljones (Sp). \n", None), lexicon)
    assert "lngvild" in typed.text and not any(r.original == "lngvild" for r in typed.repairs)


def test_repairs_point_into_page_text_after_inserted_ocr_lines():
    lexicon = Lexicon()
    lexicon.add_text("Ingvild Ljones leder. Ingvild Ljones (Sp). Ingvild Ljones.")
    text = " Saken gjelder utbygging av barne- \nhage og skole på Fornebu. \n"
    ocr = "Saken gjelder utbygging av barne-\nhage og skole på Fornebu.\n\nSignert av lngvild Ljones\n"
    page = merge_page(_raw(text, ocr), lexicon)
    assert page.repairs
    assert {r.original for r in page.repairs} >= {"lngvild"}
    for r in page.repairs:
        assert page.text[r.start : r.end] == r.repaired
    assert page.text.endswith("Signert av Ingvild Ljones")


# --- the sample ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_sample_repairs_point_into_page_text(name):
    _, pages = _merged(name)
    for page in pages:
        for r in page.repairs:
            assert page.text[r.start : r.end] == r.repaired, (page.number, r)


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_sample_pages_numbered_from_one_and_merged_where_two_layers(name):
    raws, pages = _merged(name)
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    assert [p.merged_duplicate for p in pages] == [len(r.layers) == 2 for r in raws]
    assert all(p.original == r.layers for p, r in zip(pages, raws))


def test_meeting_protocol_page_of_001_appears_once():
    raws, pages = _merged("001_4337fc0676f2b209.txt")
    line = "Møtet ble ledet av nestleder Monica Vee Bratlie (H)."
    assert (
        sum(
            r.layers.get(TEXT_LAYER, "").count(line) + r.layers.get(OCR_LAYER, "").count(line)
            for r in raws
        )
        == 2
    )
    assert sum(p.text.count(line) for p in pages) == 1
    protocol = next(p for p in pages if line in p.text)
    assert protocol.text.count("Protokollfører Hilde Haugstad") == 1
    assert protocol.text.count("Utvalgsmedlem Paal Steine (MDG)") == 1


def test_name_misread_by_ocr_is_not_in_pages_with_a_text_layer():
    found = False
    for name in SAMPLE_FILES:
        _, pages = _merged(name)
        for page in pages:
            found |= "Oddvar Igland" in page.text
            if TEXT_LAYER in page.layers:
                assert "lgland" not in page.text, (name, page.number)
    assert found


@pytest.mark.parametrize("name", ["001_4337fc0676f2b209.txt", "002_420537c42393fb97.txt"])
def test_no_ocr_line_inserted_that_the_text_layer_has(name):
    raws, _ = _merged(name)
    inserted = 0
    for raw in raws:
        if len(raw.layers) < 2:
            continue
        text_lines = [ln for ln in clean_lines(raw.layers[TEXT_LAYER]) if ln]
        rows = merge_rows(clean_lines(raw.layers[TEXT_LAYER]), clean_lines(raw.layers[OCR_LAYER]))
        for row in rows:
            if row.ocr and len(row.text) >= 6:
                inserted += 1
                assert not process.extractOne(
                    row.text, text_lines, scorer=fuzz.ratio, score_cutoff=80
                ), (raw.number, row.text)
    assert inserted > 0  # OCR-only text (headers the text layer lacks, footers) does go in


def test_header_only_the_ocr_read_is_kept():
    """002: a saksframlegg page whose text layer lacks the header table; the OCR reading has it."""
    _, pages = _merged("002_420537c42393fb97.txt")
    page = next(p for p in pages if "Høring av endringer i forskrift om vedtekter" in p.text)
    assert page.merged_duplicate
    assert page.text.count("23/00518-1") == 1
    assert page.text.index("Saksframlegg") < page.text.index("Høring av endringer i forskrift")


# --- real PDFs of other kommuner, laid out as text layer + OCR reading --------------------------


@pytest.mark.skipif(not EXTERNAL_PDFS, reason="the external PDFs are not in this checkout")
@pytest.mark.parametrize("pdf", EXTERNAL_PDFS, ids=lambda p: p.name[:40])
def test_real_pdf_pages_merge_to_their_text_layer(pdf):
    dump, count = layered_dump_of_pdf(pdf)
    pages = [merge_page(raw) for raw in segment_layered_text(dump)]
    assert len(pages) == count and all(p.merged_duplicate for p in pages)
    for page in pages:
        text_lines = [ln for ln in clean_lines(page.original[TEXT_LAYER]) if ln]
        rows = merge_rows(clean_lines(page.original[TEXT_LAYER]), clean_lines(page.original[OCR_LAYER]))
        only_ocr = [r.text for r in rows if r.ocr and r.text]
        assert set(only_ocr) <= {"Kommunelogo", f"{page.number}/{count}"}, only_ocr
        assert [r.text for r in rows if not r.ocr and r.text] == text_lines
        for r in page.repairs:
            assert page.text[r.start : r.end] == r.repaired


def test_extra_ocr_line_survives_once_through_segmentation_and_merge():
    from tests.test_pages import _bodies, _ocr_of, ocr_layer, text_layer

    p1, p2, p3 = _bodies()
    extra = "Illustrasjon: Lysaker brygge sett fra sjøen, tegnet av arkitekten"
    reading2 = _ocr_of(p2[:3] + [extra] + p2[3:], "Side 2 av 3")
    dump = (
        text_layer(*p1)
        + "\n"
        + ocr_layer(*_ocr_of(p1, "Side 1 av 3"))
        + text_layer(*p2)
        + "\n"
        + ocr_layer(*reading2)
        + text_layer(*p3)
        + "\n"
        + ocr_layer(*_ocr_of(p3, "Side 3 av 3"))
    )
    pages = [merge_page(raw) for raw in segment_layered_text(dump)]
    assert len(pages) == 3 and all(p.merged_duplicate for p in pages)
    assert sum(p.text.count(extra) for p in pages) == 1
    lines = pages[1].text.splitlines()
    assert lines.index(p2[2]) < lines.index(extra) < lines.index(p2[3])
    for body, page in zip((p1, p2, p3), pages):
        for line in filter(None, body):
            assert page.text.count(line) == 1, line
        assert "lnnspill" not in page.text
