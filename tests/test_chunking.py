"""Chunking: exact spans into the page text, never across documents, sizes, headings carried as context."""

from __future__ import annotations

import pytest

from ingest.extract.base import PAGE_BREAK, DocumentText
from ingest.model import Document
from search.chunking import MAX_WORDS, MIN_WORDS, chunk_document, chunk_source, count_words, page_slices
from tests.templates import ACOS_SAKSFRAMLEGG, HOYRINGSUTKAST_PLAN, NYNORSK_SAKSFRAMLEGG, pages_from


def _para(topic: str, n: int) -> str:
    """A paragraph of about 12·n words on ``topic``, wrapped like a PDF text layer."""
    sentence = f"Kommunen vurderer {topic} i lys av behovene til innbyggerne og tilgjengelige midler. "
    words = (sentence * n).split()
    return "\n".join(" ".join(words[i : i + 12]) for i in range(0, len(words), 12))


def _doc(pages, first=1, last=None, start=0, end=None, title="T", index=1) -> DocumentText:
    last = last if last is not None else pages[-1].number
    return DocumentText.from_pages("src", Document(index, "saksframlegg", title, first, last, start, end), pages)


@pytest.fixture(scope="module")
def sample_chunks(sample_store):
    out = []
    for src in sample_store.sources():
        pages = sample_store.pages(src["id"])
        docs = sample_store.documents(src["id"])
        out.append((pages, docs, chunk_source(src["id"], pages, docs)))
    return out


def test_sample_chunk_spans_are_exact_and_inside_their_document(sample_chunks):
    total = 0
    for pages, docs, chunks in sample_chunks:
        by_number = {p.number: p for p in pages}
        by_id = {d["id"]: d for d in docs}
        for c in chunks:
            assert page_slices(c, by_number) == c.text
            d = by_id[c.document_id]
            assert (d["first_page"], d["start_offset"]) <= (c.page, c.start)
            end = d["end_offset"] if d["end_offset"] is not None else len(by_number[d["last_page"]].text)
            assert (c.end_page, c.end) <= (d["last_page"], end)
            assert c.text.strip() == c.text  # starts and ends on content
        total += len(chunks)
    assert total > 300


def test_sample_chunk_sizes(sample_chunks):
    sizes = [c.words for _, _, chunks in sample_chunks for c in chunks]
    assert max(sizes) <= MAX_WORDS + MIN_WORDS // 2
    in_range = sum(1 for s in sizes if MIN_WORDS * 0.5 <= s <= MAX_WORDS)
    assert in_range / len(sizes) > 0.9


def test_chunks_follow_sections_and_carry_headings():
    text = (
        "Saksframlegg\n\nVelferdsplan for Sørbygda\n\n1. Innledning\n" + _para("eldreomsorg", 8)
        + "\n\n1.1 Bakgrunn\n" + _para("hjemmetjenester", 8)
        + "\n\n2. Tiltak\n" + _para("dagsenter", 8) + "\n\n• Flere plasser ved dagsenteret\n• Ny buss\n"
    )
    doc = _doc(pages_from([text]))
    chunks = chunk_document(doc, "src-d001")
    heads = [c.headings for c in chunks]
    assert ("1. Innledning", "1.1 Bakgrunn") in heads
    assert any(h[-1:] == ("2. Tiltak",) for h in heads)
    tiltak = next(c for c in chunks if c.headings[-1:] == ("2. Tiltak",))
    assert tiltak.text.startswith("2. Tiltak") and "• Ny buss" in tiltak.text  # the list stays with its section
    for c in chunks:
        assert c.text == doc.text[doc.text.index(c.text) :][: len(c.text)]


def test_never_across_documents_on_a_shared_page():
    # Two documents share page 2: the first ends at the offset where the second starts.
    p1 = "Saksprotokoll\n\n" + _para("skolebruksplan", 6)
    p2_first = _para("skolebruksplan", 3)
    p2 = p2_first + "\n\nVedlegg 1\n\n" + _para("brannstasjon", 6)
    pages = pages_from([p1, p2])
    cut = len(p2_first) + 2
    first = chunk_document(_doc(pages, 1, 2, 0, cut, index=1), "src-d001")
    second = chunk_document(_doc(pages, 2, 2, cut, None, index=2), "src-d002")
    assert all((c.end_page, c.end) <= (2, cut) for c in first)
    assert all((c.page, c.start) >= (2, cut) for c in second)
    assert "brannstasjon" not in " ".join(c.text for c in first)
    assert "skolebruksplan" not in " ".join(c.text for c in second)


def test_paragraph_cut_by_a_page_break_is_one_chunk_with_a_two_page_span():
    pages = pages_from(["Vurdering\n\nDet er behov for en ny barnehage i\nområdet fordi", "antallet barn\nøker raskt."])
    chunks = chunk_document(_doc(pages), "src-d001", min_words=3)
    assert len(chunks) == 1
    c = chunks[0]
    assert (c.page, c.end_page) == (1, 2)
    assert c.text.endswith("fordi" + PAGE_BREAK + "antallet barn\nøker raskt.")
    assert page_slices(c, {p.number: p for p in pages}) == c.text


def test_long_paragraph_is_cut_at_sentence_ends():
    text = " ".join(f"Setning nummer {n} handler om kommunens budsjett for neste år." for n in range(120))
    chunks = chunk_document(_doc(pages_from([text])), "src-d001")
    assert len(chunks) >= 4
    assert all(c.words <= MAX_WORDS for c in chunks)
    assert all(c.text.endswith(".") for c in chunks)


@pytest.mark.parametrize("template", [ACOS_SAKSFRAMLEGG, NYNORSK_SAKSFRAMLEGG, HOYRINGSUTKAST_PLAN])
def test_other_templates_keep_every_word(template):
    pages = pages_from([template])
    chunks = chunk_document(_doc(pages), "src-d001")
    assert sum(c.words for c in chunks) == count_words(template)


def test_source_without_documents_is_chunked_whole():
    pages = pages_from([_para("vannverk", 4)])
    chunks = chunk_source("src", pages, [])
    assert chunks and chunks[0].document_id == "src-d000"


def test_cuts_start_a_new_chunk_even_mid_line():
    from ingest.model import Page

    text = ("Innkalling\n\nPS 1/23 Godkjenning av protokoll\nVedtak: Protokollen godkjennes.\n"
            "PS 2/23 Skolebehov\nVedtak: Saken tas til orientering. Referatsaker følger.")
    doc = DocumentText.from_pages("s", Document(1, "møteprotokoll", "P", 1, 1), [Page(1, text, 0, 0, ("text",), False, {})])
    assert len(chunk_document(doc, "s-d001", min_words=3)) == 1
    cuts = [(1, text.index("PS 2/23")), (1, text.index("Referatsaker")), (2, 5)]  # a page outside is ignored
    chunks = chunk_document(doc, "s-d001", min_words=3, cuts=cuts)
    assert [c.text for c in chunks] == ["Innkalling\n\nPS 1/23 Godkjenning av protokoll\nVedtak: Protokollen godkjennes.",
                                        "PS 2/23 Skolebehov\nVedtak: Saken tas til orientering.", "Referatsaker følger."]
    assert all(c.text == text[c.start:c.end] for c in chunks)


def test_a_residue_between_two_cuts_ends_the_chunk_before_it():
    from ingest.model import Page

    text = ("PS 1/23 Skolebehov\nVedtak: Saken tas til orientering.\n[Lagre vedtak]\n"
            "PS 2/23 Budsjett\nVedtak: Budsjettet vedtas.")
    doc = DocumentText.from_pages("s", Document(1, "møteprotokoll", "P", 1, 1), [Page(1, text, 0, 0, ("text",), False, {})])
    cuts = [(1, text.index("[Lagre")), (1, text.index("PS 2/23"))]
    chunks = chunk_document(doc, "s-d001", min_words=3, cuts=cuts)
    assert [c.text for c in chunks] == ["PS 1/23 Skolebehov\nVedtak: Saken tas til orientering.\n[Lagre vedtak]",
                                        "PS 2/23 Budsjett\nVedtak: Budsjettet vedtas."]
