"""Splitting meeting books into documents: the hand-verified sample list, and books built in other templates."""

from __future__ import annotations

import doctest
import importlib
import json
import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from ingest.attachments import classify_attachment, slide_like
from ingest.layers import merge_page
from ingest.model import DOCUMENT_TYPES, Document, Page
from ingest.readers import read_source
from ingest.splitter import split_documents
from tests import templates as T
from tests.conftest import EXTERNAL, SAMPLE

GOLD = json.loads((Path(__file__).parent / "gold" / "sample_documents.json").read_text(encoding="utf-8"))
CASE_NO = re.compile(r"^\d{2}/\d{5}$")


def norm_title(title: str) -> str:
    """A title without the noise OCR and layout add: case, dashes, quotes, spacing."""
    t = title.casefold().replace("\xa0", " ")
    t = re.sub(r"[‐‑–—]", "-", t)
    t = re.sub(r"[«»\"“”„']", "", t)
    t = re.sub(r"\s*([-:,])\s*", r"\1", t)
    return re.sub(r"\s+", " ", t).strip(" .")


def same_title(got: str, gold: dict) -> bool:
    wanted = [gold["title"], *gold.get("title_alternatives", [])]
    return any(norm_title(got) == norm_title(w) or fuzz.ratio(norm_title(got), norm_title(w)) >= 92 for w in wanted)


def assert_cover(pages: list[Page], docs: list[Document]) -> None:
    """Documents are in order, do not overlap, and together hold every character of every page."""
    assert docs, "no documents"
    numbers = [p.number for p in pages]
    by_number = {p.number: p for p in pages}
    pieces = []
    for n, d in enumerate(docs):
        assert d.index == n + 1
        assert d.doc_type in DOCUMENT_TYPES, d.doc_type
        assert d.arkivsak is None or CASE_NO.match(d.arkivsak), d.arkivsak
        assert d.journalpost is None or (d.arkivsak and d.journalpost.startswith(d.arkivsak + "-"))
        first, last = numbers.index(d.first_page), numbers.index(d.last_page)
        assert first <= last
        for k in range(first, last + 1):
            text = pages[k].text
            start = d.start_offset if k == first else 0
            end = d.end_offset if k == last and d.end_offset is not None else len(text)
            assert 0 <= start <= end <= len(text), (d, k)
            pieces.append((pages[k].number, start, end))
        if n + 1 < len(docs):
            nxt = docs[n + 1]
            if nxt.start_offset == 0:
                assert d.end_offset is None and numbers.index(nxt.first_page) == last + 1, (d, nxt)
            else:
                assert (d.last_page, d.end_offset) == (nxt.first_page, nxt.start_offset), (d, nxt)
    assert (docs[0].first_page, docs[0].start_offset) == (numbers[0], 0)
    assert docs[-1].last_page == numbers[-1] and docs[-1].end_offset is None
    rebuilt = "".join(by_number[no].text[a:b] for no, a, b in pieces)
    assert rebuilt == "".join(p.text for p in pages)


def start_line(pages: list[Page], source_text: str, doc: Document) -> int:
    """The 1-based line of the source text where a document starts."""
    page = next(p for p in pages if p.number == doc.first_page)
    return source_text[: page.source_start].count("\n") + page.text[: doc.start_offset].count("\n") + 1


def whole_file_as_one_page(path: Path) -> tuple[list[Page], str]:
    text = read_source(path).text
    return [Page(1, text, 0, len(text), ("text",), False, {"text": text})], text


def match(gold: list[dict], got: list[tuple[str, int]], window: tuple[int, int]) -> int:
    """How many gold documents a document of the same type starts near (one to one, in order)."""
    hits, used = 0, set()
    for g in gold:
        for k, (doc_type, line) in enumerate(got):
            if k not in used and doc_type == g["type"] and g["line"] - window[0] <= line <= g["line"] + window[1]:
                hits += 1
                used.add(k)
                break
    return hits


# --- the sample, as one page per file (text layer and OCR reading back to back) --------------------


@pytest.mark.parametrize("name", sorted(GOLD["files"]))
def test_sample_matches_hand_verified_list(name: str):
    pages, text = whole_file_as_one_page(SAMPLE / name)
    docs = split_documents(pages)
    assert_cover(pages, docs)
    gold = GOLD["files"][name]
    got = [(d.doc_type, d.arkivsak, d.journalpost) for d in docs]
    assert got == [(g["type"], g["arkivsak"], g["journalpost"]) for g in gold]
    for d, g in zip(docs, gold):
        if g["title"] is not None:
            assert same_title(d.title, g), (d.title, g["title"])
        assert abs(start_line(pages, text, d) - g["line"]) <= 15, (d, g)


def test_repeated_headings_are_one_document():
    """001 prints every heading twice (text layer, then OCR); each document is still found once."""
    pages, _ = whole_file_as_one_page(SAMPLE / "001_4337fc0676f2b209.txt")
    types = [d.doc_type for d in split_documents(pages)]
    assert types.count("møteinnkalling") == 1 and types.count("sakskart") == 1
    assert types.count("saksframlegg") == 3 and types.count("saksprotokoll") == 3


# --- the sample, as the ingestion pipeline pages it -------------------------------------------------


def test_sample_through_pipeline_pages():
    """Through the real page segmentation and layer merging, the split matches the gold list exactly."""
    for name, gold in GOLD["files"].items():
        source = read_source(SAMPLE / name)
        pages = [merge_page(raw) for raw in source.pages]
        docs = split_documents(pages)
        assert_cover(pages, docs)
        got = [(d.doc_type, start_line(pages, source.text, d)) for d in docs]
        assert [(d.doc_type, d.arkivsak, d.journalpost) for d in docs] == [
            (g["type"], g.get("arkivsak"), g.get("journalpost")) for g in gold
        ], name
        assert match(gold, got, window=(80, 15)) == len(gold), name


# --- books built in other templates ------------------------------------------------------------------

BOOK = [
    T.NYNORSK_INNKALLING,
    T.KOMMUNESTYRE_PROTOKOLL,
    T.ACOS_SAKSFRAMLEGG,
    T.SAKSPROTOKOLL_360,
    T.REPORT_ATTACHMENT,
    T.LETTER_ATTACHMENT,
    T.NYNORSK_SAKSFRAMLEGG,
    T.HOYRINGSUTKAST_PLAN,
    T.ELEMENTS_SAKSPROTOKOLL,
    T.ELEMENTS_SAKSPROTOKOLL_OTHER_BODY,
    T.SLIDES,
]
EXPECTED = [
    ("møteinnkalling", None, None, "Formannskapet 14.05.2024"),
    ("møteprotokoll", None, None, "Kommunestyret 12.03.2026"),
    ("saksframlegg", "19/04417", "19/04417-7", "Ny brannstasjon på Nes - valg av tomt"),
    ("saksprotokoll", "19/04417", None, "Ny brannstasjon på Nes - valg av tomt"),
    ("rapport", None, None, "Mulighetsstudie brannstasjon Nes"),
    ("brev", None, None, "Krav til beredskap ved ny brannstasjon"),
    ("saksframlegg", "23/01990", "23/01990-12", "Skulebruksplan 2024-2030"),
    ("plan", None, None, "Skulebruksplan for Nordvik 2024-2030"),
    ("saksprotokoll", "21/07781", "21/07781-5", "Skolestruktur i nord"),
    ("saksprotokoll", "21/07781", "21/07781-5", "Skolestruktur i nord"),
    ("presentasjon", None, None, "Ny brannstasjon"),
]


@pytest.mark.parametrize("layout", ["per_page", "one_page", "ocr_repeats"])
def test_templates_book(layout: str):
    build = {"per_page": T.pages_from, "one_page": T.one_page, "ocr_repeats": T.with_ocr_repeats}[layout]
    pages = build(BOOK)
    docs = split_documents(pages)
    assert_cover(pages, docs)
    assert [(d.doc_type, d.arkivsak, d.journalpost, d.title) for d in docs] == EXPECTED
    if layout == "per_page":
        assert [(d.first_page, d.start_offset, d.last_page) for d in docs] == [(n, 0, n) for n in range(1, 12)]


def test_document_starts_mid_page_at_its_heading():
    text = "\n\n\n".join([T.ACOS_SAKSFRAMLEGG, T.SAKSPROTOKOLL_360])
    docs = split_documents(T.pages_from([text]))
    assert [d.doc_type for d in docs] == ["saksframlegg", "saksprotokoll"]
    assert docs[1].start_offset == text.index("Saksprotokoll i Kommunestyret")
    assert docs[0].end_offset == docs[1].start_offset


def test_type_word_in_running_text_starts_nothing():
    body = T.ACOS_SAKSFRAMLEGG.replace(
        "Vurdering\n",
        "Vurdering\nFormannskapet ba om at\nsaksprotokoll\nfra befaringen legges ved. Møteprotokoll og saksprotokoll\n"
        "Saksprotokoll\nfra kommunestyret er sendt partene.\n",
    )
    docs = split_documents(T.pages_from([body]))
    assert [d.doc_type for d in docs] == ["saksframlegg"]


def test_same_case_in_two_bodies_stays_two_protocols_in_one_page():
    """Two saksprotokoller of one case (different bodies) are not taken for an OCR repeat."""
    block = (
        "Saksprotokoll\n\nArkivsak\n24/00912\n\nSaksbehandler\nLise Moen\n\n"
        "Behandlet av\tMøtedato\tSaksnr.\n1 Eldrerådet\t04.03.2024\t3/24\n2 Bystyret\t19.03.2024\t22/24\n\n"
        "Trygghetsalarmer i hjemmetjenesten\n\n{body} har behandlet saken i møte {date} sak {sak}\n\n"
        "Behandling\nEnstemmig vedtatt.\n\nVedtak\n1. Ordningen videreføres.\n"
    )
    text = block.format(body="Eldrerådet", date="04.03.2024", sak="3/24") + "\n" + block.format(
        body="Bystyret", date="19.03.2024", sak="22/24"
    )
    docs = split_documents(T.one_page([text]))
    assert [(d.doc_type, d.arkivsak) for d in docs] == [("saksprotokoll", "24/00912")] * 2


def test_saksframlegg_without_heading_block_after_an_attachment():
    """A saksframlegg whose heading block is lost still starts at its title, and its OCR heading adds the case."""
    lost = (
        "Bru over Lakselva - forprosjekt\n\nRådmannens innstilling:\nForprosjektet godkjennes.\n\n"
        "Saksopplysninger\nTekst."
    )
    ocr = (
        "Saksframlegg\n\nArkivsak\n22/03318-4\n\nSaksbehandler\nTor Aas\n\n"
        "Bru over Lakselva - forprosjekt\n\nRådmannens innstilling:\nForprosjektet godkjennes."
    )
    letter = T.LETTER_ATTACHMENT.replace("Vedlegg 2\n\n", "")
    docs = split_documents(T.one_page([letter, lost + "\n\n" + ocr]))
    assert [(d.doc_type, d.arkivsak, d.journalpost) for d in docs] == [
        ("brev", None, None),
        ("saksframlegg", "22/03318", "22/03318-4"),
    ]
    assert docs[1].title == "Bru over Lakselva - forprosjekt"


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("Møtebok\n\nArkivsak: 2021/1234-5\nSaksbehandlar: Ivar Li\n\nVegnamn i Sørbygda\n\nVedtak:\nGodkjent.",
         ("saksprotokoll", "21/01234", "21/01234-5", "Vegnamn i Sørbygda")),
        ("Møtebok\n\nUtval: Heradsstyret\nMøtestad: Heradshuset\nDato: 07.11.2024\nTil stades: 17 medlemer\n",
         ("møteprotokoll", None, None, "Heradsstyret 07.11.2024")),
        ("Sakspapir\n\nSaksnr.: 24/311-2\nSakshandsamar: Ivar Li\n\nVegnamn i Nordbygda\n\nFramlegg til vedtak:\nJa.",
         ("saksframlegg", "24/00311", "24/00311-2", "Vegnamn i Nordbygda")),
        ("Saksframlegg\n\nVår ref.: 24/01234-3\nSaksbehandler: Nina Dahl\nDato: 05.02.2024\n\n"
         "Utvalg            Utvalgssak   Møtedato\nFormannskapet     12/24        20.02.2024\n\n"
         "Kjøp av tomt til barnehage\n\nKommunedirektørens innstilling:\nTomten kjøpes.\n",
         ("saksframlegg", "24/01234", "24/01234-3", "Kjøp av tomt til barnehage")),
    ],
)
def test_nynorsk_and_old_headings(block: str, expected: tuple):
    (doc,) = split_documents(T.pages_from([block]))
    assert (doc.doc_type, doc.arkivsak, doc.journalpost, doc.title) == expected


def test_utvalgssak_number_is_not_a_case_number():
    text = "Saksprotokoll\n\nUtvalgssak: 10/23\nMøtedato: 03.04.2024\n\nNy skolerute\n\nVedtak:\nVedtatt."
    (doc,) = split_documents(T.pages_from([text]))
    assert (doc.doc_type, doc.arkivsak, doc.title) == ("saksprotokoll", None, "Ny skolerute")


def test_page_numbering_that_restarts_starts_an_attachment():
    report = [f"Kapittel {n}\n" + "Analysen viser at tiltaket virker etter hensikten i de fleste kommunene. " * 12
              + f"\n{n}/3" for n in (1, 2, 3)]
    memo = [f"Oppsummering av innspill\n\nInnspillene gjelder skolevei og trafikk.\n{n}/2" for n in (1, 2)]
    head = T.ACOS_SAKSFRAMLEGG.replace("2 Brev fra Direktoratet for samfunnssikkerhet og beredskap\n", "")
    pages = T.pages_from([head, *report, *memo])
    docs = split_documents(pages)
    assert_cover(pages, docs)
    assert [(d.doc_type, d.first_page, d.last_page) for d in docs][1:] == [("vedlegg", 2, 4), ("vedlegg", 5, 6)]


@pytest.mark.parametrize(
    "module", ["ingest.splitter", "ingest.docmeta", "ingest.doctypes", "ingest.attachments", "ingest.pagecues"]
)
def test_docstring_examples(module: str):
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0


def test_no_pages_no_documents():
    assert split_documents([]) == []


def test_empty_pages_are_covered():
    pages = T.pages_from(["", "  \n", T.ACOS_SAKSFRAMLEGG, "", T.SAKSPROTOKOLL_360, " "])
    docs = split_documents(pages)
    assert_cover(pages, docs)
    assert [(d.doc_type, d.first_page, d.last_page) for d in docs] == [("saksframlegg", 1, 4), ("saksprotokoll", 5, 6)]
    blank = T.pages_from(["", " \n "])
    assert_cover(blank, split_documents(blank))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kristiansand_kommunedelplan_kvadraturen_bestemmelser_KDPB1264.pdf", "plan"),
        ("kristiansand_reguleringsbestemmelser_gyldenloves_gate_70_planid1626.pdf", "plan"),
        ("porsgrunn_innspill_fylkesmannen_breidablikkbakken_planid261.pdf", "brev"),
        ("porsgrunn_innspill_nve_breidablikkbakken_planid261.pdf", "brev"),
    ],
)
def test_real_pdfs_from_other_kommuner_are_one_document(name: str, expected: str):
    """Plan provisions and statements from Kristiansand and Porsgrunn: one document each, rightly typed."""
    path = EXTERNAL / "kartai-plan-pdfs" / name
    if not path.exists():
        pytest.skip("external PDFs not present")
    pages = [merge_page(raw) for raw in read_source(path).pages]
    docs = split_documents(pages)
    assert_cover(pages, docs)
    assert [d.doc_type for d in docs] == [expected]


# --- attachment types ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        (T.REPORT_ATTACHMENT, "Mulighetsstudie brannstasjon Nes", "rapport"),
        ("Forord\nDenne studien ...", "Kunnskapsgrunnlag til kommunedelplan for idrett", "rapport"),
        (T.HOYRINGSUTKAST_PLAN, "Skulebruksplan for Nordvik 2024-2030", "plan"),
        (T.LETTER_ATTACHMENT, "Krav til beredskap ved ny brannstasjon", "brev"),
        ("Høringsuttalelse fra kommunen\nKommunen støtter forslaget.", "Høringsuttalelse fra kommunen", "brev"),
        (T.SLIDES * 6, "Ny brannstasjon", "presentasjon"),
        ("Utkast kjøreplan\n1. Velkommen\n2. Presentasjon\n3. Dialog", "Utkast kjøreplan", "vedlegg"),
    ],
)
def test_classify_attachment(text: str, title: str, expected: str):
    assert classify_attachment(text, title) == expected


def test_slides_are_told_from_prose():
    assert slide_like(T.SLIDES * 6)
    assert slide_like(T.SLIDES, pages=7)  # a deck of seven short pages
    assert not slide_like(T.SLIDES)  # too little to tell from a list
    assert not slide_like(T.REPORT_ATTACHMENT)
