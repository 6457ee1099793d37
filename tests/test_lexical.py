"""Lexical search: identifiers normalised as eInnsyn does, Norwegian word forms and compounds, BM25 ranking."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.extract.base import DocumentText
from ingest.model import Document
from search.chunking import chunk_document
from search.metadata import DocMeta
from search.norwegian import Analyzer, find_identifiers, normalise_case_number, split_compound
from search.storage import SearchIndex
from tests.templates import pages_from


def ids(text: str) -> list[str]:
    return [t for i in find_identifiers(text) for t in i.terms]


@pytest.mark.parametrize("written", ["21/21815", "2021/021815", "21/021815", "2021/21815", "21 / 21815"])
def test_case_number_spellings_give_one_term(written):
    assert ids(f"Arkivsak {written} gjelder") == ["21/21815"]
    assert normalise_case_number(written) == "21/21815"


def test_journalpost_gives_itself_and_its_case():
    assert ids("Journalpost 22/22972-2.") == ["22/22972-2", "22/22972"]
    assert ids("2022/022972-2") == ["22/22972-2", "22/22972"]


@pytest.mark.parametrize("written", ["PS 5/23", "PS 05/23", "PS 5/2023", "PS 2023/5", "Sak 5/23", "RS 5/23", "5/23"])
def test_item_number_spellings_give_one_term(written):
    assert ids(f"{written} Godkjenning av protokoll") == ["5/23"]


def test_dates_and_nou_numbers():
    assert ids("møte 09.02.2023")[0] == ids("møte 9. februar 2023")[0] == "2023-02-09"
    assert ids("NOU 2022: 13 og NOU 2022:13") == ["nou:2022:13", "nou:2022:13"]
    assert ids("i perioden 2020-2023 og kl. 18.00") == []


def test_word_forms_keep_norwegian_letters_and_drop_stop_words():
    a = Analyzer("stem", "none")
    assert a.analyze("barnehagene").words == a.analyze("barnehager").words
    assert a.analyze("høringen").words == ["høring"]
    assert a.analyze("og i på det er").words == []
    lemma = Analyzer("lemma", "none")
    assert lemma.analyze("skolene").words == lemma.analyze("skolen").words == ["skole"]


def test_compounds_index_their_head_but_not_lexicalised_words():
    assert split_compound("spesialundervisningen") == ("spesial", "undervisningen")
    assert split_compound("høringsinnspill") == ("hørings", "innspill")
    for word in ("oppvekst", "undervisning", "utenforskap", "forslaget", "barnehage"):
        assert split_compound(word) is None, word
    a = Analyzer("stem", "head")
    assert a.analyze("spesialundervisningen").parts == a.analyze("undervisning").words


# --- BM25 over a small index --------------------------------------------------------------------
TEXTS = {
    "d001": "Saksframlegg 21/21815-7. Temaplanen for personer med nedsatt funksjonsevne sendes på høring.",
    "d002": "Elever med vedtak om spesialundervisningen får timer med assistent i klasserommet hver uke.",
    "d003": "Saksprotokoll for sak 21/21815. Utvalget tok planen til orientering i møte 14.02.2023.",
    "d004": "Bussruten til skolen endres fra høsten, og elevene får nytt busskort fra kommunen.",
    "d005": "Undervisning i svømming gis på 4. trinn i alle skoler i kommunen.",
    "d006": "Høyringa om nye bustader for eldre: tenestene skal vere nær heimen, seier utvalet.",
}


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lex") / "search"
    index = SearchIndex(folder, create=True)
    metas, chunks = [], []
    for n, (doc_id, text) in enumerate(TEXTS.items(), 1):
        pages = pages_from([text])
        doc = DocumentText.from_pages("src", Document(n, "saksframlegg", "", 1, 1), pages)
        metas.append(DocMeta(f"src-{doc_id}", "src", "src.txt", n, "saksframlegg", "", 1, 1))
        chunks += chunk_document(doc, f"src-{doc_id}", min_words=1)
    index.replace_source("src", "sha", "src.txt", metas, chunks, None)
    return index


def lexical_docs(index: SearchIndex, query: str) -> list[str]:
    rows = index.chunk_rows([cid for cid, _ in index.lexical(index.analyzer.analyze(query), 10)])
    return [rows[cid].chunk.document_id.split("-")[1] for cid, _ in index.lexical(index.analyzer.analyze(query), 10)]


@pytest.mark.parametrize("query", ["21/21815", "2021/021815", "sak 21/021815"])
def test_case_query_finds_both_documents_of_the_case(small_index, query):
    assert set(lexical_docs(small_index, query)[:2]) == {"d001", "d003"}


def test_journalpost_query_ranks_the_exact_document_first(small_index):
    assert lexical_docs(small_index, "21/21815-7")[:2] == ["d001", "d003"]


def test_compound_part_matches_and_the_plain_word_ranks_first(small_index):
    hits = lexical_docs(small_index, "undervisning")
    assert hits[:2] == ["d005", "d002"]  # d002 only through «spesialundervisningen»


def test_inflected_query_matches_other_forms(small_index):
    assert lexical_docs(small_index, "temaplaner på høringer")[0] == "d001"
    assert lexical_docs(small_index, "busskortet")[0] == "d004"


def test_nynorsk_and_bokmaal_forms_find_each_other(small_index):
    # a bokmål query finds the nynorsk document, a nynorsk query the bokmål one
    assert lexical_docs(small_index, "høringen om boliger og tjenester")[0] == "d006"
    assert lexical_docs(small_index, "busskort til skulen")[0] == "d004"
    assert lexical_docs(small_index, "elevane på skulen")[:1] == ["d004"]


def test_date_query(small_index):
    assert lexical_docs(small_index, "14. februar 2023") == ["d003"]


def test_stop_word_query_finds_nothing(small_index):
    assert small_index.lexical(small_index.analyzer.analyze("og i på"), 10) == []


def test_filter_limits_lexical_hits(small_index):
    allowed = small_index.chunk_ids(["src-d003"])
    got = small_index.lexical(small_index.analyzer.analyze("21/21815"), 10, allowed)
    assert [cid for cid, _ in got] == allowed
    assert small_index.dense(np.zeros(4, dtype=np.float32), 5, []) == []
