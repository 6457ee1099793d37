"""PDF ingestion: real plan PDFs from other kommuner through the whole pipeline, and generated PDFs.

The real PDFs (Kristiansand, Porsgrunn) come from ../shared/external/kartai-plan-pdfs; the facts
asserted on them are those its SOURCE.md lists (checked there with poppler's pdftotext).
"""

from __future__ import annotations

import doctest
import io
import re
from collections import Counter
from pathlib import Path

import pytest

from ingest import IngestError, Store, ingest_paths, read_source
from ingest.encoding import normalize_pdf_text
from ingest.store import source_id_for
from tests import pdfs
from tests.conftest import EXTERNAL

KARTAI = EXTERNAL / "kartai-plan-pdfs"
KDPB = "kristiansand_kommunedelplan_kvadraturen_bestemmelser_KDPB1264.pdf"
PLAN1626 = "kristiansand_reguleringsbestemmelser_gyldenloves_gate_70_planid1626.pdf"
NVE = "porsgrunn_innspill_nve_breidablikkbakken_planid261.pdf"
FYLKESMANNEN = "porsgrunn_innspill_fylkesmannen_breidablikkbakken_planid261.pdf"
# Page counts from SOURCE.md's table.
PAGE_COUNTS = {KDPB: 4, PLAN1626: 3, FYLKESMANNEN: 2, NVE: 2}


def flat(text: str) -> str:
    """White space runs as one space: facts are compared independent of line layout."""
    return " ".join(text.split())


def words(text: str) -> Counter:
    return Counter(w.lower() for w in re.findall(r"\w+", text) if len(w) > 2)


# --- real PDFs from other kommuner ----------------------------------------------------------


@pytest.fixture(scope="module")
def kartai_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    if not KARTAI.is_dir():
        pytest.skip(f"real plan PDFs not available: {KARTAI} is absent (../shared not checked out)")
    store = Store.open(tmp_path_factory.mktemp("kartai") / "data")
    report = ingest_paths(sorted(KARTAI.glob("*.pdf")), store)
    assert report.ok, report.to_dict()
    assert {f.name: f.status for f in report.files} == {name: "added" for name in PAGE_COUNTS}
    return store


def stored_pages(store: Store, name: str) -> list:
    return store.pages(source_id_for(name))


def test_real_pdfs_keep_one_stored_page_per_pdf_page(kartai_store: Store):
    from pypdf import PdfReader

    by_name = {s["name"]: s for s in kartai_store.sources()}
    for name, expected in PAGE_COUNTS.items():
        assert len(PdfReader(KARTAI / name).pages) == expected
        assert by_name[name]["page_count"] == expected
        assert by_name[name]["kind"] == "pdf"
        assert [p.number for p in stored_pages(kartai_store, name)] == list(range(1, expected + 1))


def test_real_pdf_pages_map_to_the_pdf_pages(kartai_store: Store):
    """Stored page n shares its words with PDF page n far more than with any other page."""
    from pypdf import PdfReader

    for name, count in PAGE_COUNTS.items():
        pdf_words = [words(p.extract_text()) for p in PdfReader(KARTAI / name).pages]
        for page in stored_pages(kartai_store, name):
            stored = words(page.text)
            overlap = [sum((stored & w).values()) / max(1, sum(w.values())) for w in pdf_words]
            assert overlap[page.number - 1] > 0.9, (name, page.number, overlap)
            others = [o for i, o in enumerate(overlap) if i != page.number - 1]
            assert max(others) < 0.6, (name, page.number, overlap)


def test_printed_page_numbers_match_stored_page_numbers(kartai_store: Store):
    for page in stored_pages(kartai_store, PLAN1626):
        assert f"Side {page.number} av 3" in flat(page.text)


def test_page_offsets_point_into_the_stored_source_text(kartai_store: Store):
    for name in PAGE_COUNTS:
        text = kartai_store.source_text(source_id_for(name))
        pages = stored_pages(kartai_store, name)
        assert text.count("\f") == len(pages) - 1
        for page in pages:
            assert text[page.source_start : page.source_end] == page.original["text"]


def test_kvadraturen_provisions(kartai_store: Store):
    pages = stored_pages(kartai_store, KDPB)
    first = flat(pages[0].text)
    assert "Plan nr. 1264" in first
    assert "BESTEMMELSER TIL KOMMUNEDELPLAN FOR KVADRATUREN OG VESTRE HAVN" in first
    whole = "\n".join(p.text for p in pages)
    top = re.findall(r"(?m)^\s*§ ?(\d+)(?![.\d])\s+[A-ZÆØÅ]", whole)
    assert sorted(set(top), key=int) == [str(n) for n in range(1, 8)]
    assert re.search(r"(?m)^\s*§ ?7 ", pages[3].text), "§7 is on the last PDF page"


def test_gyldenloves_gate_facts_including_two_column_header(kartai_store: Store):
    first = flat(stored_pages(kartai_store, PLAN1626)[0].text)
    for fact in (
        "Vedtatt dato: 18.06.2025",
        "PlanID 1626",
        "PLAN-22/02295",
        "Maksimalt bebygd areal (BYA) for felt T = 260 m² BYA",
    ):
        assert fact in first, fact


def test_nve_letter_facts(kartai_store: Store):
    first = flat(stored_pages(kartai_store, NVE)[0].text)
    assert "Vår ref: 202006889" in first
    assert "PlanlD 261" in first  # sic: the source has a lower-case L for I


def test_fylkesmannen_letter_reads_without_warnings(kartai_store: Store):
    source = next(s for s in kartai_store.sources() if s["name"] == FYLKESMANNEN)
    assert source["warnings"] == []
    assert "Breidablikkbakken 27 og 29" in flat(stored_pages(kartai_store, FYLKESMANNEN)[0].text)


def test_truncated_real_pdf_is_refused_even_where_pages_could_be_recovered(tmp_path: Path):
    if not KARTAI.is_dir():
        pytest.skip(f"real plan PDFs not available: {KARTAI} is absent")
    data = (KARTAI / PLAN1626).read_bytes()
    cut = tmp_path / PLAN1626
    cut.write_bytes(data[: int(len(data) * 0.9)])  # pypdf alone would still read its three pages
    with pytest.raises(IngestError, match=r"^PDF is truncated: .*download or copy it again$"):
        read_source(cut)


# --- generated PDFs -------------------------------------------------------------------------


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_generated_moteprotokoll_through_the_pipeline(tmp_path: Path):
    path = write(tmp_path, "protokoll_hmn_2024-03-05.pdf", pdfs.text_pdf(pdfs.MOTEPROTOKOLL_PAGES))
    store = Store.open(tmp_path / "data")
    report = ingest_paths([path], store)
    assert report.ok, report.to_dict()
    assert report.files[0].pages == 3
    pages = store.pages(source_id_for(path.name))
    assert [p.number for p in pages] == [1, 2, 3]
    assert "Hovedutvalg for miljø og næring" in flat(pages[0].text)
    assert "Øystein Lærum" in pages[0].text and "Ågot Brække" in pages[0].text
    assert "PS 16/24 Høring - forskrift om slamtømming i Fjordvik" in flat(pages[1].text)
    assert "Bøkeskogen gårdsbutikk innvilges tilskudd" in flat(pages[2].text)
    assert "Bøkeskogen" not in pages[0].text
    assert store.sources()[0]["encoding"] == "pdf"


def test_image_only_pages_are_named_in_a_warning(tmp_path: Path):
    text = pdfs.MOTEPROTOKOLL_PAGES
    path = write(tmp_path, "med_skann.pdf", pdfs.mixed_pdf([text[0], None, text[2], None, None]))
    source = read_source(path)
    assert len(source.pages) == 5
    assert source.warnings == [
        "pages 2, 4-5 have no text layer, only images (scanned?): their text is missing;"
        " run OCR on the PDF to read them"
    ]
    assert "Bøkeskogen" in source.pages[2].layers["text"]
    assert source.pages[1].layers["text"].strip() == ""


def test_blank_pages_are_not_reported_as_scans(tmp_path: Path):
    source = read_source(write(tmp_path, "blank.pdf", pdfs.text_pdf([pdfs.MOTEPROTOKOLL_PAGES[0], ""])))
    assert len(source.pages) == 2
    assert source.warnings == []


def test_pdf_without_text_layer_is_a_clear_error(tmp_path: Path):
    with pytest.raises(IngestError, match=r"^PDF has no text layer \(3 pages of scanned images\): run OCR"):
        read_source(write(tmp_path, "skannet.pdf", pdfs.scanned_pdf(3)))


def test_pdf_with_only_empty_pages_is_a_clear_error(tmp_path: Path):
    with pytest.raises(IngestError, match=r"^PDF has no text: all 2 pages are empty$"):
        read_source(write(tmp_path, "tom.pdf", pdfs.text_pdf(["", ""])))


@pytest.mark.parametrize("algorithm", ["AES-256", "RC4-128"])
def test_password_protected_pdf_is_a_clear_error(tmp_path: Path, algorithm: str):
    data = pdfs.encrypted(pdfs.text_pdf(pdfs.MOTEPROTOKOLL_PAGES), "hemmelig", algorithm)
    with pytest.raises(IngestError, match=r"^PDF is encrypted with a password; decrypt it first$"):
        read_source(write(tmp_path, "kryptert.pdf", data))


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128", "RC4-128"])
def test_pdf_encrypted_with_empty_user_password_is_read(tmp_path: Path, algorithm: str):
    data = pdfs.encrypted(pdfs.text_pdf(pdfs.MOTEPROTOKOLL_PAGES), "", algorithm)
    source = read_source(write(tmp_path, "skrivebeskyttet.pdf", data))
    assert len(source.pages) == 3
    assert "Hovedutvalg for miljø og næring" in source.text
    assert source.warnings == []


def test_truncated_pdf_is_a_clear_error(tmp_path: Path):
    data = pdfs.truncated(pdfs.text_pdf(pdfs.MOTEPROTOKOLL_PAGES * 4))
    with pytest.raises(IngestError, match=r"^PDF is truncated: .*download or copy it again$"):
        read_source(write(tmp_path, "avbrutt.pdf", data))


def test_pdf_cut_just_before_its_end_marker_is_refused(tmp_path: Path):
    data = pdfs.text_pdf(pdfs.MOTEPROTOKOLL_PAGES)
    with pytest.raises(IngestError, match=r"^PDF is truncated"):
        read_source(write(tmp_path, "uten_slutt.pdf", data[: data.rindex(b"%%EOF")]))


def test_a_damaged_page_is_named_and_the_rest_is_kept(tmp_path: Path):
    data = pdfs.with_broken_page(pdfs.text_pdf(pdfs.MOTEPROTOKOLL_PAGES), 2)
    source = read_source(write(tmp_path, "skadet_side.pdf", data))
    assert len(source.pages) == 3
    assert source.warnings == ["page 2 could not be read (damaged; kept empty)"]
    assert "Fjordvik kommune" in source.pages[0].layers["text"]
    assert "Bøkeskogen gårdsbutikk innvilges" in flat(source.pages[2].layers["text"])


def test_pdf_whose_every_page_is_damaged_is_a_clear_error(tmp_path: Path):
    data = pdfs.with_broken_page(pdfs.text_pdf(pdfs.MOTEPROTOKOLL_PAGES[:1]), 1)
    with pytest.raises(IngestError, match=r"^PDF is damaged: none of its pages can be read$"):
        read_source(write(tmp_path, "skadet.pdf", data))


def test_random_bytes_named_pdf_is_not_a_pdf(tmp_path: Path):
    with pytest.raises(IngestError, match=r"^not a PDF file \(no %PDF header\)$"):
        read_source(write(tmp_path, "tilfeldig.pdf", pdfs.random_bytes()))


def test_garbage_after_a_pdf_header_is_refused_in_one_line(tmp_path: Path):
    for n, body in enumerate((pdfs.random_bytes(), pdfs.random_bytes(seed=3) + b"\n%%EOF\n")):
        with pytest.raises(IngestError) as err:
            read_source(write(tmp_path, f"rot{n}.pdf", b"%PDF-1.7\n" + body))
        message = str(err.value)
        assert message.startswith(("PDF is truncated", "PDF is damaged")), message
        assert "\n" not in message and "Traceback" not in message


def test_ligatures_and_soft_hyphens_are_normalised(tmp_path: Path):
    lines = [b"Vi \x80nner \x81yten i o\x82cen.", b"Saken gjelder for\xadslag som ble av\xad", b"sluttet i mars."]
    data = pdfs.glyph_pdf(lines)
    source = read_source(write(tmp_path, "ligaturer.pdf", data))
    text = source.pages[0].layers["text"]
    assert "Vi finner flyten i officen." in text
    assert "forslag" in text and "avsluttet" in text
    assert not set(text) & set("\ufb00\ufb01\ufb02\ufb03\ufb04\xad")
    assert text.count("\n") == 2  # the broken word is joined, the lines stay


def test_normalize_pdf_text_cases():
    assert normalize_pdf_text("ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ") == "ff fi fl ffi ffl st st"
    assert normalize_pdf_text("kom\xadmune") == "kommune"
    assert normalize_pdf_text("kom\xad\nmunestyret vedtok") == "kommunestyret\nvedtok"
    assert normalize_pdf_text("kom\xad\nmunestyret\nneste") == "kommunestyret\nneste"
    assert normalize_pdf_text("slutt av\xad\nsnitt") == "slutt avsnitt"
    assert normalize_pdf_text("a\fb\r\nc\x00d\x07e") == "a\nb\ncd e"
    assert normalize_pdf_text("\uf0b7 punkt\u200b") == "• punkt"


def test_docstring_examples_hold():
    import ingest.encoding
    import ingest.pdf

    for module in (ingest.pdf, ingest.encoding):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__
