"""Tests of the faiss vector index: exact/IVF/HNSW search, persistence, incremental add, removal, model checks."""

from __future__ import annotations

import numpy as np
import pytest

from search.embed import HashingEmbedder
from search.vector import FaissVectorIndex, ModelMismatch, ModelRecord

DIM = 24
MODEL = ModelRecord("test-model", DIM, "abc123")


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def clustered(n: int, dim: int = DIM, seed: int = 0) -> np.ndarray:
    """Vectors around a few dozen centres, like embeddings of texts on a few dozen topics."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(max(4, n // 50), dim))
    return unit(centres[rng.integers(0, len(centres), n)] + 0.6 * rng.normal(size=(n, dim)))


def exact_top(vectors: np.ndarray, ids: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    order = np.argsort(-(queries @ vectors.T), axis=1)[:, :k]
    return ids[order]


@pytest.mark.parametrize("kind", ["flat", "ivf", "hnsw"])
def test_search_finds_nearest_and_maps_ids(kind):
    vectors = clustered(300)
    ids = np.arange(1000, 1300)
    index = FaissVectorIndex(MODEL, kind)
    index.add(ids, vectors)
    assert len(index) == 300 and index.backend == kind
    scores, found = index.search(vectors[:20], 5)
    assert found[:, 0].tolist() == ids[:20].tolist()
    assert np.allclose(scores[:, 0], 1.0, atol=1e-5)
    assert (np.diff(scores, axis=1) <= 1e-6).all()  # best first


def test_fewer_vectors_than_k_pads_with_minus_one():
    index = FaissVectorIndex(MODEL)
    empty_scores, empty_ids = index.search(clustered(1), 3)
    assert (empty_ids == -1).all() and np.isneginf(empty_scores).all()
    index.add([5, 6], clustered(2))
    scores, ids = index.search(clustered(1, seed=3), 4)
    assert sorted(ids[0, :2].tolist()) == [5, 6]
    assert ids[0, 2:].tolist() == [-1, -1] and np.isneginf(scores[0, 2:]).all()


@pytest.mark.parametrize("kind", ["flat", "ivf", "hnsw"])
def test_save_load_add_remove_round_trip(tmp_path, kind):
    vectors = clustered(400, seed=1)
    ids = np.arange(400) * 3
    index = FaissVectorIndex(MODEL, kind)
    index.add(ids[:300], vectors[:300])
    index.save(tmp_path / "vec")
    before = index.search(vectors[:50], 10)

    loaded = FaissVectorIndex.load(tmp_path / "vec", MODEL)
    assert len(loaded) == 300 and loaded.backend == kind
    after = loaded.search(vectors[:50], 10)
    assert np.array_equal(before[1], after[1])

    loaded.add(ids[300:], vectors[300:])  # incremental: no rebuild of what is there
    assert len(loaded) == 400
    assert loaded.search(vectors[350:360], 1)[1][:, 0].tolist() == ids[350:360].tolist()

    gone = ids[:30].tolist()  # a re-ingested source: its chunks leave the index
    assert loaded.remove(gone + [999_999]) == 30
    assert len(loaded) == 370 and gone[0] not in loaded
    found = loaded.search(vectors[:30], 10)[1]
    assert not set(found.ravel().tolist()) & set(gone)

    loaded.save(tmp_path / "vec")
    again = FaissVectorIndex.load(tmp_path / "vec", MODEL)
    assert len(again) == 370
    assert not set(again.search(vectors[:30], 10)[1].ravel().tolist()) & set(gone)
    assert again.search(vectors[100:110], 1)[1][:, 0].tolist() == ids[100:110].tolist()


def test_re_adding_an_id_replaces_its_vector():
    vectors = clustered(50, seed=2)
    index = FaissVectorIndex(MODEL, "flat")
    index.add(range(50), vectors)
    index.add([7], vectors[40:41])  # chunk 7 now has chunk 40's text
    assert len(index) == 50
    top = index.search(vectors[7:8], 50)[1][0]
    assert 7 not in top[:1].tolist()
    assert set(index.search(vectors[40:41], 2)[1][0].tolist()) == {7, 40}


def test_many_removals_compact_and_keep_answers_right():
    vectors = clustered(200, seed=4)
    index = FaissVectorIndex(MODEL, "flat")
    index.add(range(200), vectors)
    index.remove(range(0, 120))
    assert len(index) == 80
    assert index.ids().tolist() == list(range(120, 200))
    assert index.search(vectors[150:160], 1)[1][:, 0].tolist() == list(range(150, 160))


@pytest.mark.parametrize("ann", ["ivf", "hnsw"])
def test_auto_switches_to_approximate_past_threshold_and_keeps_ids(ann):
    vectors = clustered(600, seed=5)
    index = FaissVectorIndex(MODEL, "auto", ann_threshold=500, ann_index=ann)
    index.add(range(400), vectors[:400])
    assert index.backend == "flat"
    index.add(range(400, 600), vectors[400:])
    assert index.backend == ann and len(index) == 600
    assert index.search(vectors[:10], 1)[1][:, 0].tolist() == list(range(10))


def test_ivf_lists_grow_with_the_corpus_and_compaction_retrains():
    vectors = clustered(4000, seed=8)
    index = FaissVectorIndex(MODEL, "ivf")
    index.add(range(4000), vectors)
    assert index.backend == "ivf" and index._index.nlist == 64
    index.remove(range(3000))  # a compaction: lists trained again for the 1000 left
    assert len(index) == 1000 and index._index.nlist == 16
    assert index.search(vectors[3000:3010], 1)[1][:, 0].tolist() == list(range(3000, 3010))


@pytest.mark.parametrize("kind", ["ivf", "hnsw"])
def test_approximate_recall_against_exact(kind):
    vectors = clustered(5000, dim=64, seed=6)
    ids = np.arange(5000)
    model = ModelRecord("m", 64, "f")
    index = FaissVectorIndex(model, kind)
    index.add(ids, vectors)
    queries = unit(vectors[:100] + 0.3 * np.random.default_rng(7).normal(size=(100, 64)))
    truth = exact_top(vectors, ids, queries, 10)
    found = index.search(queries, 10)[1]
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found.tolist(), truth.tolist())])
    assert recall >= 0.9


def test_index_of_another_model_is_refused(tmp_path):
    index = FaissVectorIndex(MODEL)
    index.add([1, 2], clustered(2))
    index.save(tmp_path / "vec")
    same_weights_new_name = ModelRecord("renamed", DIM, MODEL.fingerprint)
    assert len(FaissVectorIndex.load(tmp_path / "vec", same_weights_new_name)) == 2
    with pytest.raises(ModelMismatch, match="test-model"):
        FaissVectorIndex.load(tmp_path / "vec", ModelRecord("other", DIM, "zzz"))
    with pytest.raises(ModelMismatch):
        FaissVectorIndex.open(tmp_path / "vec", ModelRecord("other", 32, MODEL.fingerprint))
    with pytest.raises(ModelMismatch):
        index.add([3], np.ones((1, DIM + 1), dtype=np.float32))


def test_open_creates_then_reopens(tmp_path):
    embedder = HashingEmbedder(dim=32)
    record = ModelRecord.of(embedder)
    index = FaissVectorIndex.open(tmp_path / "vec", record)
    assert len(index) == 0
    texts = ["kommunestyret vedtok budsjettet", "ny barnehage i sentrum", "veglys langs fylkesvegen"]
    index.add([10, 11, 12], embedder.encode_passages(texts))
    index.save(tmp_path / "vec")
    reopened = FaissVectorIndex.open(tmp_path / "vec", record)
    top = reopened.search(embedder.encode_queries(["barnehage sentrum"]), 1)[1]
    assert top[0, 0] == 11


def test_index_saved_before_ivf_still_loads(tmp_path):
    import json

    index = FaissVectorIndex(MODEL, "auto", ann_threshold=1000, ann_index="hnsw")
    index.add(range(50), clustered(50))
    index.save(tmp_path / "vec")
    meta_path = tmp_path / "vec" / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["hnsw_threshold"] = meta.pop("ann_threshold")
    del meta["ann_index"]
    meta_path.write_text(json.dumps(meta))
    old = FaissVectorIndex.load(tmp_path / "vec", MODEL)
    assert (len(old), old.ann_threshold, old.ann_index) == (50, 1000, "hnsw")


def test_bad_input_is_rejected():
    index = FaissVectorIndex(MODEL)
    with pytest.raises(ValueError):
        index.add([1, 1], clustered(2))
    with pytest.raises(ValueError):
        index.add([1], clustered(2))
    with pytest.raises(ValueError):
        index.add([-4], clustered(1))
    with pytest.raises(ValueError):
        FaissVectorIndex(MODEL, "ivf-magic")
