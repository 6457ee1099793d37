"""Search end to end (hashing test embedder): filters, snippets, links, incremental index updates, precedent, CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from search import Filters, IndexMissing, search, similar_cases, update_index
from search.hybrid import rrf
from search.index import resolve_embedder
from search.norwegian import normalise_case_number
from search.storage import SearchIndex
from tests.conftest import ROOT, SAMPLE
from tests.templates import ACOS_SAKSFRAMLEGG, HOYRINGSUTKAST_PLAN, NYNORSK_SAKSFRAMLEGG, SAKSPROTOKOLL_360

MODEL = "hashing-128"
GOLD = ROOT / "tests" / "gold" / "search_queries.jsonl"


@pytest.fixture(scope="module")
def synced_graph(sample_store):
    """The sample's graph as ``saksgraf ingest`` builds it (graph.sync), in memory."""
    from graph.store import MemoryGraphStore
    from graph.sync import sync_graph

    graph = MemoryGraphStore()
    sync_graph(sample_store, graph)
    return graph


@pytest.fixture(scope="module")
def sample_index(sample_store, synced_graph, tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("search-sample")
    report = update_index(data_dir, store=sample_store, embedder=MODEL, graph=synced_graph)
    assert report.chunks == report.chunks_added > 300
    return data_dir


def run(data_dir, query, **kw):
    return search(query, data_dir=data_dir, model=MODEL, **kw)


# --- ranking, filters, snippets, links -----------------------------------------------------------
@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_every_mode_returns_linked_hits(sample_index, mode):
    hits = run(sample_index, "effektkontrakt for unge utenfor skole og arbeid", k=5, mode=mode)
    assert len(hits) == 5 and [h.rank for h in hits] == [1, 2, 3, 4, 5]
    top = hits[0]
    assert top.links["page"] == {"source_id": top.source_id, "number": top.page,
                                 "iri": f"https://w3id.org/saksgraf/id/page/{top.source_id}/{top.page}"}
    assert top.text and top.end_page >= top.page


def test_every_link_names_a_node_of_the_synced_graph(sample_index, synced_graph):
    from search.graphlinks import graph_links, read_graph

    graph = read_graph(synced_graph)
    index = SearchIndex.open(sample_index)
    linked = {"case": 0, "meetings": 0, "bodies": 0, "plan": 0, "page": 0}
    dangling = []
    for meta in index.document_metas().values():
        links = graph_links(meta, meta.first_page, index.graph_view())
        for kind in linked:
            items = links[kind] if isinstance(links[kind], list) else [links[kind]]
            for item in filter(None, items):
                if item["iri"] is not None:
                    linked[kind] += 1
                    if item["iri"] not in graph:
                        dangling.append(item["iri"])
        # the same links without the recorded graph are derived from the text, unchecked
        unchecked = graph_links(meta, meta.first_page)
        assert unchecked["page"] == links["page"] and len(unchecked["meetings"]) == len(links["meetings"])
    assert not dangling
    assert min(linked.values()) > 0, linked
    hits = run(sample_index, "temaplan for personer med nedsatt funksjonsevne", k=10, filters={"doc_type": "plan"})
    plan = hits[0].links["plan"]
    # the plan document's title does not say «På lik linje»; the graph resolved it to that plan
    assert plan["iri"] in graph and graph.plans and plan["iri"] in {p for ps in graph.plans.values() for p in ps}


def test_case_number_in_any_spelling_finds_the_case(sample_index):
    for query in ("21/21815", "2021/021815", "21/21815-7"):
        hits = run(sample_index, query, k=3, mode="lexical")
        assert all("21/21815" in (h.arkivsak or "") for h in hits), query
        assert hits[0].links["case"]["iri"].endswith("/case/asker/21-21815")


def test_a_query_of_identifiers_only_is_ranked_lexically(sample_index):
    for query in ("sak 2021/021815", "22/17985"):
        hybrid = run(sample_index, query, k=5)
        assert [h.chunk_id for h in hybrid] == [h.chunk_id for h in run(sample_index, query, k=5, mode="lexical")]
        assert all(h.dense_rank is None for h in hybrid)
    words = run(sample_index, "vedtak i sak 21/21815", k=5)
    assert any(h.dense_rank is not None for h in words)


def test_item_number_query(sample_index):
    hits = run(sample_index, "PS 5/23", k=5, mode="lexical")
    assert any("<mark>5/23</mark>" in h.snippet for h in hits)


def test_snippet_marks_the_matching_word_forms(sample_index):
    hits = run(sample_index, "spesialundervisning", k=3, mode="lexical")
    assert all("<mark>" in h.snippet for h in hits)
    marked = re.findall(r"<mark>(.*?)</mark>", " ".join(h.snippet for h in hits))
    assert {m.lower() for m in marked} & {"spesialundervisning", "spesialundervisningen"}


def test_doc_type_and_case_filters(sample_index):
    hits = run(sample_index, "vedtak", k=10, filters={"doc_type": "saksprotokoll", "case": "2021/21815"})
    assert hits and all(h.doc_type == "saksprotokoll" and h.arkivsak == "21/21815" for h in hits)


def test_attachment_belongs_to_the_case_before_it(sample_index):
    hits = run(sample_index, "universell utforming", k=10, filters={"case": "21/21815", "doc_type": ["plan", "rapport"]})
    assert hits and all(h.links["case"]["relation"] == "attachment" for h in hits)


# The sample's protocol of Utvalg for oppvekst 29.11.2022 treats 21/273 (protocol), 22/18132 (new
# school at Sætre) and 22/17985 (skolehelsetjenesten), then reads referatsaker (no case).
PROTOCOL = "Utvalg for oppvekst 29.11.2022"


def test_protocol_passages_link_to_the_case_of_their_item(sample_index, synced_graph):
    from search.graphlinks import read_graph

    graph = read_graph(synced_graph)
    hits = run(sample_index, "skolehelsetjenesten forslag falt", k=10, mode="lexical",
               filters={"doc_type": "møteprotokoll"})
    item = [h for h in hits if h.title == PROTOCOL and "forslag falt med en stemme" in h.text]
    assert item, [h.title for h in hits]
    for h in item:
        assert h.arkivsak is None and h.case == "22/17985"  # the protocol is filed under no case of its own
        assert h.links["case"]["relation"] == "treated"
        assert h.links["case"]["iri"].endswith("/case/asker/22-17985") and h.links["case"]["iri"] in graph
    index = SearchIndex.open(sample_index)
    (meta,) = [m for m in index.document_metas().values() if m.title == PROTOCOL]
    rows = index.chunk_rows(index.chunk_ids([meta.id]))
    cases = {tuple(meta.chunk_cases(r.chunk)) for r in rows.values() if "Referatsaker\n\n1. " in r.chunk.text}
    assert cases == {()}  # what follows the last decision is no item's


def test_no_protocol_passage_straddles_two_items(sample_index):
    index = SearchIndex.open(sample_index)
    metas = [m for m in index.document_metas().values() if m.items]
    assert len(metas) >= 5
    rows = index.chunk_rows(index.chunk_ids([m.id for m in metas]))
    assert len(rows) > 50
    spread = [(r.meta.title, r.chunk.page, r.meta.chunk_cases(r.chunk)) for r in rows.values()
              if len(r.meta.chunk_cases(r.chunk)) > 1]
    assert spread == []


def test_case_filter_and_case_number_find_the_protocol_item(sample_index):
    hits = run(sample_index, "forslag vedtak", k=20, filters={"case": "2022/017985"})
    assert hits and {h.title for h in hits} == {PROTOCOL}
    index = SearchIndex.open(sample_index)
    rows = index.chunk_rows([h.chunk_id for h in hits])
    assert all("22/17985" in rows[h.chunk_id].meta.chunk_cases(rows[h.chunk_id].chunk) for h in hits)
    assert not any(h.text.startswith("Referatsaker") for h in hits)
    # the case number itself finds the item's passages, not only the agenda that lists it
    found = run(sample_index, "22/17985-1", k=10, mode="lexical")
    assert sum(h.case == "22/17985" for h in found) >= 2


def test_body_date_and_kommune_filters(sample_index):
    hits = run(sample_index, "forslag", k=10, filters={"body": "eldrerådet"})
    assert hits and all(any("eldrerådet" in b.lower() for b in h.bodies) for h in hits)
    hits = run(sample_index, "protokoll", k=10, filters=Filters(date_from="01.03.2023", date_to="2023-03-31"))
    assert hits and all(any("2023-03-01" <= d <= "2023-03-31" for d in h.dates) for h in hits)
    assert not run(sample_index, "protokoll", k=5, filters={"kommune": "Nordvik"})
    assert run(sample_index, "protokoll", k=5, filters={"kommune": "asker"})


def test_copies_of_a_passage_fold_into_the_best_ranked_hit(sample_index):
    # The protocol of 17.01.2023 is printed in both meeting books, and its decision again in a saksprotokoll.
    query = "dialogmøter gjennomføres i løpet av mars"
    folded = run(sample_index, query, k=10, mode="lexical")
    texts = [" ".join(h.text.split()).casefold() for h in folded]
    assert len(set(texts)) == len(texts)
    with_copies = [h for h in folded if h.copies]
    assert with_copies, [(h.title, h.page) for h in folded]
    copy = with_copies[0].copies[0]
    assert copy["chunk_id"] != with_copies[0].chunk_id and copy["page"] >= 1 and copy["source_id"]
    apart = run(sample_index, query, k=30, mode="lexical", fold_copies=False)
    assert {c["chunk_id"] for h in folded for c in h.copies} <= {h.chunk_id for h in apart}
    assert apart[0].chunk_id == folded[0].chunk_id  # folding never changes which passage leads


def test_protocols_of_one_case_from_different_bodies_stay_apart(sample_index):
    # 23/02061 was treated by several bodies; their saksprotokoller share header and innstilling.
    hits = run(sample_index, "saksprotokoll behandling vedtak", k=10, mode="lexical", filters={"case": "23/02061"})
    protocols = {h.document_id for h in hits if h.doc_type == "saksprotokoll"}
    assert len(protocols) >= 2, [(h.document_id, h.doc_type, [c["document_id"] for c in h.copies]) for h in hits]


def test_near_identical_is_strict():
    from search.duplicates import comparable, near_identical

    letter = comparable("Velkommen til dialogmøte. Hovedutvalg for Oppvekst ønsker å invitere inntil 4 elevrepresentanter.")
    assert near_identical(letter, letter.replace("inntil 4", "inntil fire"))
    assert not near_identical(letter, letter.replace("elevrepresentanter", "foreldrerepresentanter fra hvert SU"))
    assert not near_identical(letter, "")


def test_doctests_of_duplicates():
    import doctest

    import search.duplicates

    assert doctest.testmod(search.duplicates).failed == 0


def test_bad_filters_and_modes_are_refused(sample_index):
    with pytest.raises(ValueError, match="unknown filter"):
        run(sample_index, "x", filters={"party": "H"})
    with pytest.raises(ValueError, match="case number"):
        run(sample_index, "x", filters={"case": "mobbing"})
    with pytest.raises(ValueError, match="mode"):
        run(sample_index, "x", mode="fuzzy")
    with pytest.raises(ValueError, match="too long"):
        run(sample_index, "skole " * 200)
    assert run(sample_index, ("skole " * 200)[:1000], k=1, mode="lexical")  # at the bound: searched


def test_index_refuses_another_model(sample_index):
    from search.vector import ModelMismatch

    with pytest.raises(ModelMismatch):
        search("skole", data_dir=sample_index, model="hashing-64")


def test_rrf_prefers_items_both_methods_found():
    fused = rrf([[1, 2, 3], [9, 3, 8]], [0.5, 0.5], k=60)
    assert fused[0][0] == 3


def test_zscore_fusion_keeps_how_sure_each_method_is():
    from search.hybrid import zscore_fusion

    dense = [(1, 0.84), (2, 0.83), (3, 0.82), (4, 0.81)]  # dense: four near-equal candidates
    sure = [(4, 30.0), (5, 3.0), (6, 2.5), (7, 2.0)]      # BM25: one far ahead (a rare identifier)
    assert zscore_fusion(dense, sure, 0.35)[0][0] == 4  # dense's last, lifted by BM25's certainty
    unsure = [(5, 3.1), (6, 3.0), (7, 2.9), (4, 2.8)]
    assert zscore_fusion(dense, unsure, 0.9)[0][0] == 1  # a dense-heavy weight follows dense
    assert zscore_fusion(dense, unsure, 0.35)[0][0] == 5
    assert zscore_fusion([], [], 0.35) == [] and zscore_fusion(dense, [], 0.35)[0][0] == 1


def test_unknown_fusion_is_refused(sample_index):
    from search.hybrid import rank

    with pytest.raises(ValueError, match="fusion"):
        rank(SearchIndex.open(sample_index), "skole", "hybrid", None, resolve_embedder(MODEL), fusion="max")


# --- precedent --------------------------------------------------------------------------------------
def test_similar_cases_are_earlier_and_exclude_the_case(sample_index):
    from search.precedent import _earlier, cases_in

    index = SearchIndex.open(sample_index)
    cases = cases_in(index)
    hits = similar_cases("2023/03694", k=5, data_dir=sample_index)
    assert hits
    target = cases["23/3694"]
    for h in hits:
        assert normalise_case_number(h.arkivsak) != "23/3694"
        assert _earlier(cases[normalise_case_number(h.arkivsak)], target)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    with pytest.raises(KeyError):
        similar_cases("19/99999", data_dir=sample_index)


def test_precedent_says_what_was_decided(sample_index):
    # "What did we decide the last times?": each earlier case comes with its treatments' decisions.
    hits = {h.arkivsak: h for h in similar_cases("23/03694", k=20, data_dir=sample_index)}
    (decision,) = hits["22/22972"].decisions
    assert decision["body"] == "Utvalg for oppvekst" and decision["date"] == "2023-01-17"
    assert decision["text"].startswith("Å høre til - temaplan for oppvekst legges ut på høring")
    assert all(d["text"] for h in hits.values() for d in h.decisions)


def test_a_case_known_only_from_protocols_has_precedent_too(sample_index):
    # 22/17985 has no saksframlegg in the sample: the passages of its protocol item stand for it.
    assert similar_cases("22/17985", k=3, data_dir=sample_index, earlier_only=False)
    hits = {h.arkivsak: h for h in similar_cases("23/03694", k=50, data_dir=sample_index, earlier_only=False)}
    item = hits["22/17985"]
    assert item.title == "Kapasitet og organisering av skolehelsetjenesten"
    assert item.links["case"]["iri"].endswith("/case/asker/22-17985")
    assert [d["date"] for d in item.decisions] == ["2022-11-29"]
    assert item.decisions[0]["text"].startswith("1. Saksframstillingen tas til orientering.")


# --- incremental updates ------------------------------------------------------------------------------
def _write(folder: Path, name: str, pages: list[str]) -> Path:
    path = folder / name
    path.write_text("\f".join(pages), encoding="utf-8")
    return path


def test_update_is_incremental_and_drops_removed_sources(tmp_path):
    from ingest import Store, ingest_paths

    inputs = tmp_path / "in"
    inputs.mkdir()
    data = tmp_path / "data"
    a = _write(inputs, "brannstasjon.txt", [ACOS_SAKSFRAMLEGG, SAKSPROTOKOLL_360])
    b = _write(inputs, "skulebruksplan.txt", [NYNORSK_SAKSFRAMLEGG, HOYRINGSUTKAST_PLAN])
    with Store.open(data) as store:
        assert ingest_paths([inputs], store).ok
        first = update_index(data, store, MODEL)
        assert sorted(first.added) == ["brannstasjon", "skulebruksplan"] and first.chunks_added == first.chunks
        again = update_index(data, store, MODEL)
        assert (again.added, again.replaced, again.removed, again.unchanged, again.chunks_added) == ([], [], [], 2, 0)
        index = SearchIndex.open(data)
        kept = index.chunk_ids([d for d in index.document_metas() if d.startswith("skulebruksplan")])

        a.write_text("\f".join([ACOS_SAKSFRAMLEGG.replace("tomt B", "tomt C")]), encoding="utf-8")
        assert ingest_paths([inputs], store).ok
        second = update_index(data, store, MODEL)
        assert second.replaced == ["brannstasjon"] and second.unchanged == 1 and second.chunks_removed
        assert index.chunk_ids([d for d in index.document_metas() if d.startswith("skulebruksplan")]) == kept
        assert "tomt C" in run(data, "tomt C brannstasjon", k=1, mode="lexical")[0].text

        # Read again by newer ingest code (same content): indexed again, since its split may have changed.
        store.db.execute("UPDATE meta SET value = 'older' WHERE key = ?", (f"reader:{b.name}",))
        assert update_index(data, store, MODEL).replaced == ["skulebruksplan"]  # as if indexed back then
        assert [f.status for f in ingest_paths([b], store).files] == ["replaced"]
        reread = update_index(data, store, MODEL)
        assert reread.replaced == ["skulebruksplan"] and reread.unchanged == 1
        # its text did not change: every passage keeps its vector instead of being embedded again
        assert reread.reused == reread.chunks_added == len(kept)

        store.db.execute("DELETE FROM sources WHERE name = ?", (b.name,))
        third = update_index(data, store, MODEL)
        assert third.removed == ["skulebruksplan"] and third.chunks == index.count()["chunks"]
        assert len(index.vector_index()) == third.chunks
        assert not run(data, "skulebruksplan", k=5, mode="lexical")


def test_vectors_catch_up_after_an_interrupted_write(tmp_path):
    from ingest import Store, ingest_paths

    _write(tmp_path, "brannstasjon.txt", [ACOS_SAKSFRAMLEGG])
    with Store.open(tmp_path / "data") as store:
        ingest_paths([tmp_path / "brannstasjon.txt"], store)
        update_index(tmp_path / "data", store, MODEL)
    index = SearchIndex.open(tmp_path / "data")
    (index.folder / "vectors" / "generation").unlink()
    vectors = index.vector_index()
    assert sorted(vectors.ids().tolist()) == index.chunk_ids()


def test_changed_model_embeds_again_without_mixing(tmp_path):
    from ingest import Store, ingest_paths

    _write(tmp_path, "brannstasjon.txt", [ACOS_SAKSFRAMLEGG])
    with Store.open(tmp_path / "data") as store:
        ingest_paths([tmp_path / "brannstasjon.txt"], store)
        update_index(tmp_path / "data", store, MODEL)
        report = update_index(tmp_path / "data", store, "hashing-64")
    assert report.reembedded == report.chunks > 0
    index = SearchIndex.open(tmp_path / "data")
    assert index.model.dim == 64 and index.vector_index().model.dim == 64
    assert search("brannstasjon", data_dir=tmp_path / "data", model="hashing-64")


def test_search_without_an_index_says_what_to_do(tmp_path):
    with pytest.raises(IndexMissing, match="saksgraf ingest"):
        search("skole", data_dir=tmp_path / "nothing", model=MODEL)


# --- the gold set ------------------------------------------------------------------------------------
def test_gold_queries_are_verified_against_the_sample(sample_index):
    from search.norwegian import Analyzer

    stems = Analyzer("stem", "none")
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(gold) >= 40
    index = SearchIndex.open(sample_index)
    chunks = [" ".join(r["text"].split()) for r in index.db.execute("SELECT text FROM chunks")]
    for g in gold:
        lines = (SAMPLE / g["file"]).read_text(encoding="utf-8").splitlines()
        first, last = g["lines"]
        excerpt = " ".join(" ".join(lines[first - 1 : last]).split())
        quote = " ".join(g["quote"].split())
        assert quote in excerpt, g
        assert any(quote in c for c in chunks), g
        # A paraphrase: the query shares at most three content words (stems) with the quote.
        assert len(set(stems.analyze(g["query"]).words) & set(stems.analyze(quote).words)) <= 3, g


# --- CLI --------------------------------------------------------------------------------------------
def test_cli_search_and_similar(sample_index, monkeypatch):
    from api.cli import cli

    monkeypatch.setenv("SAKSGRAF_MODEL", MODEL)
    runner = CliRunner()
    base = ["--data-dir", str(sample_index)]
    out = runner.invoke(cli, base + ["search", "mobbing i barnehagen", "-k", "3", "--json", "--type", "saksframlegg"])
    assert out.exit_code == 0, out.output
    hits = json.loads(out.output)
    assert len(hits) == 3 and all(h["doc_type"] == "saksframlegg" for h in hits)
    out = runner.invoke(cli, base + ["search", "mobbing", "--mode", "lexical", "--case", "23/03694"])
    assert out.exit_code == 0 and "23/03694" in out.output and "p. " in out.output
    out = runner.invoke(cli, base + ["similar", "23/03694", "--json"])
    assert out.exit_code == 0, out.output
    assert all(c["arkivsak"] != "23/03694" for c in json.loads(out.output))
    out = runner.invoke(cli, base + ["similar", "19/99999"])
    assert out.exit_code != 0 and "no documents" in out.output


def test_embedder_setting_resolves(monkeypatch):
    monkeypatch.setenv("SAKSGRAF_MODEL", "hashing-32")
    assert resolve_embedder(None).dim == 32
