"""Dense vector index on faiss: exact inner product when small, IVF (or HNSW) when large; persisted, model-checked."""

from __future__ import annotations

import json
import logging
import math
import os
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
KINDS = ("auto", "flat", "ivf", "hnsw")
HNSW_M = 32  # links per node; 32 keeps recall@10 high on 384-dim text vectors (bench/vector_bench.py)
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 256  # queries are cheap (about 2 ms at 10^6): spend it on recall
COMPACT_FRACTION = 0.25  # rebuild once this share of stored vectors has been removed
IVF_NPROBE = 16  # lists scanned per query: recall@10 0.99+ at 10^6 (bench/vector_bench.py), p95 a few ms
IVF_TRAIN_PER_LIST = 40  # k-means training points per list (faiss asks for at least 39)


def ivf_lists(n: int) -> int:
    """Lists of an IVF index for ``n`` vectors: the power of two nearest 4·√n, with enough points to train each.

    >>> ivf_lists(100_000), ivf_lists(1_000_000), ivf_lists(600)
    (1024, 4096, 8)
    """
    lists = 1 << max(0, round(math.log2(4 * math.sqrt(max(n, 1)))))
    trainable = 1 << max(0, math.floor(math.log2(max(1, n // IVF_TRAIN_PER_LIST))))
    return min(lists, trainable)


@contextmanager
def _threads(n_queries: int):
    """One OpenMP thread for a handful of queries: on a small CPU, waking a thread pool costs more
    than it saves (flat search at 10^5 vectors: p50 200 ms with 2 threads, 47 ms with one)."""
    import faiss

    before = faiss.omp_get_max_threads()
    if n_queries <= 4 and before > 1:
        faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


@dataclass(frozen=True)
class ModelRecord:
    """Which model filled an index: its name, vector size and weight fingerprint."""

    name: str
    dim: int
    fingerprint: str

    @classmethod
    def of(cls, embedder) -> "ModelRecord":
        """The record of an ``search.embed.Embedder``."""
        return cls(embedder.name, int(embedder.dim), embedder.fingerprint)

    def same_model(self, other: "ModelRecord") -> bool:
        """True when vectors of ``other`` may share an index with ours (same weights and size)."""
        return self.dim == other.dim and self.fingerprint == other.fingerprint


class ModelMismatch(ValueError):
    """Raised when vectors of one model would be mixed with an index built by another."""


class VectorIndex(Protocol):
    """What search needs of a vector index: upsert, remove, top-k search and persistence."""

    model: ModelRecord

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None: ...

    def remove(self, ids: Sequence[int]) -> int: ...

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]: ...

    def save(self, path: Path) -> None: ...

    def __len__(self) -> int: ...


class FaissVectorIndex:
    """Cosine search over unit vectors; ids are the caller's int64 chunk ids.

    Exact (``IndexFlatIP``) below ``ann_threshold`` vectors; above it (``kind="auto"``) an
    approximate index, converted once when the threshold is crossed: IVF (``IndexIVFFlat``, k-means
    lists trained on the vectors at hand, ``IVF_NPROBE`` lists scanned per query) or HNSW, as the
    ``ann_index`` setting says. Adding is incremental. Removing marks labels dead (skipped by every
    search through an id selector) and compacts when a quarter of the stored vectors are dead; a
    compaction of an IVF index trains its lists again for its new size.

    >>> idx = FaissVectorIndex(ModelRecord("m", 2, "f"))
    >>> idx.add([7, 9], np.array([[1, 0], [0, 1]], dtype=np.float32))
    >>> idx.search(np.array([[0.8, 0.6]], dtype=np.float32), 1)[1].tolist()
    [[7]]
    """

    def __init__(self, model: ModelRecord, kind: str = "auto", ann_threshold: int | None = None,
                 ann_index: str | None = None) -> None:
        import faiss

        if kind not in KINDS:
            raise ValueError(f"index kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if ann_threshold is None or ann_index is None:
            from search.settings import ANN_INDEX, ANN_THRESHOLD

            ann_threshold = ANN_THRESHOLD.value() if ann_threshold is None else ann_threshold
            ann_index = ANN_INDEX.value() if ann_index is None else ann_index
        if ann_index not in ("ivf", "hnsw"):
            raise ValueError(f"ann_index must be ivf or hnsw, not {ann_index!r}")
        self.model = model
        self.kind = kind
        self.ann_threshold = int(ann_threshold)
        self.ann_index = ann_index
        self.ef_search = HNSW_EF_SEARCH
        self.nprobe = IVF_NPROBE
        self._faiss = faiss
        self._index = self._new_index("flat" if kind == "auto" else kind)
        self._ext = np.zeros(0, dtype=np.int64)  # label -> caller id, -1 once removed
        self._label: dict[int, int] = {}
        self._selector = None

    # --- state ---------------------------------------------------------------------------
    @property
    def backend(self) -> str:
        """``"flat"`` (exact), ``"ivf"`` or ``"hnsw"`` (approximate), whichever holds the vectors now."""
        if isinstance(self._index, self._faiss.IndexHNSW):
            return "hnsw"
        return "ivf" if isinstance(self._index, self._faiss.IndexIVF) else "flat"

    def __len__(self) -> int:
        return len(self._label)

    def __contains__(self, chunk_id: int) -> bool:
        return int(chunk_id) in self._label

    def ids(self) -> np.ndarray:
        """The ids stored (live ones), in insertion order."""
        return self._ext[self._ext >= 0].copy()

    def memory_bytes(self) -> int:
        """Bytes the index takes when serialised (vectors, graph links, id map)."""
        return int(self._faiss.serialize_index(self._index).nbytes + self._ext.nbytes)

    # --- changes -------------------------------------------------------------------------
    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Add (or replace) vectors under ``ids``; vectors must be unit length, of the model's size."""
        ids = np.asarray(ids, dtype=np.int64).reshape(-1)
        vectors = self._check_vectors(vectors)
        if len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} ids for {len(vectors)} vectors")
        if len(np.unique(ids)) != len(ids):
            raise ValueError("duplicate ids in one add()")
        if (ids < 0).any():
            raise ValueError("ids must be non-negative")
        self.remove([int(i) for i in ids if int(i) in self._label])
        if not len(ids):
            return
        if self.kind == "auto" and self.backend == "flat" and len(self) + len(ids) >= self.ann_threshold:
            self._rebuild(self.ann_index, vectors)  # trained on the stored and the new vectors
        elif self.backend == "ivf" and not self._index.is_trained:
            self._train(vectors)
        start = len(self._ext)
        self._index.add(vectors)
        self._ext = np.concatenate([self._ext, ids])
        self._label.update(zip(ids.tolist(), range(start, start + len(ids))))

    def remove(self, ids: Sequence[int]) -> int:
        """Remove vectors by id (unknown ids are ignored); returns how many were removed."""
        labels = [self._label.pop(int(i)) for i in ids if int(i) in self._label]
        if not labels:
            return 0
        self._ext[labels] = -1
        dead = len(self._ext) - len(self._label)
        if dead >= COMPACT_FRACTION * len(self._ext):
            self._rebuild(self.backend)
        else:
            self._selector = None
        return len(labels)

    # --- search --------------------------------------------------------------------------
    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` by inner product for each query row: ``(scores, ids)``, each ``(n, k)``.

        Where fewer than ``k`` vectors are stored, the missing places have id -1 and score -inf.
        """
        queries = self._check_vectors(vectors)
        n = len(queries)
        scores = np.full((n, k), -np.inf, dtype=np.float32)
        ids = np.full((n, k), -1, dtype=np.int64)
        if not len(self) or k <= 0:
            return scores, ids
        kk = min(k, len(self))
        with _threads(n):
            raw_scores, labels = self._index.search(queries, kk, params=self._params())
        found = labels >= 0
        ids[:, :kk] = np.where(found, self._ext[np.maximum(labels, 0)], -1)
        scores[:, :kk] = np.where(found, raw_scores, -np.inf)
        return scores, ids

    def _params(self):
        faiss = self._faiss
        dead = len(self._ext) - len(self._label)
        if dead and self._selector is None:
            dead_batch = faiss.IDSelectorBatch(np.flatnonzero(self._ext < 0).astype(np.int64))
            self._selector = faiss.IDSelectorNot(dead_batch)
            self._selector_parts = dead_batch  # the Not wraps it without owning it: keep it alive
        sel = self._selector if dead else None
        if self.backend == "hnsw":
            return faiss.SearchParametersHNSW(efSearch=self.ef_search, sel=sel)
        if self.backend == "ivf":
            return faiss.SearchParametersIVF(nprobe=self.nprobe, sel=sel)
        return faiss.SearchParameters(sel=sel) if sel is not None else None

    # --- persistence ---------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the index into folder ``path`` (index.faiss, ids.npy, meta.json); files replaced atomically."""
        faiss = self._faiss
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": FORMAT_VERSION,
            "model": asdict(self.model),
            "kind": self.kind,
            "backend": self.backend,
            "ann_threshold": self.ann_threshold,
            "ann_index": self.ann_index,
            "count": len(self),
        }
        tmp = f".tmp-{os.getpid()}"
        faiss.write_index(self._index, str(path / ("index.faiss" + tmp)))
        with open(path / ("ids.npy" + tmp), "wb") as fh:
            np.save(fh, self._ext)
        (path / ("meta.json" + tmp)).write_text(json.dumps(meta, indent=2))
        # meta.json last: a reader that sees the new meta also sees the new index and ids.
        for name in ("index.faiss", "ids.npy", "meta.json"):
            os.replace(path / (name + tmp), path / name)

    @classmethod
    def load(cls, path: Path, model: ModelRecord | None = None) -> "FaissVectorIndex":
        """Read an index saved with ``save``; with ``model``, refuse one built by another model."""
        import faiss

        path = Path(path)
        meta = json.loads((path / "meta.json").read_text())
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"{path}: vector index format {meta.get('format')}, expected {FORMAT_VERSION}")
        built_by = ModelRecord(**meta["model"])
        if model is not None:
            check_model(built_by, model, path)
        # indexes saved before IVF existed say "hnsw_threshold" and were HNSW past it
        threshold = meta.get("ann_threshold", meta.get("hnsw_threshold"))
        self = cls(built_by, meta["kind"], threshold, meta.get("ann_index", "hnsw"))
        self._index = faiss.read_index(str(path / "index.faiss"))
        self._ext = np.load(path / "ids.npy")
        live = np.flatnonzero(self._ext >= 0)
        self._label = dict(zip(self._ext[live].tolist(), live.tolist()))
        if self._index.ntotal != len(self._ext):
            raise ValueError(f"{path}: index holds {self._index.ntotal} vectors but {len(self._ext)} ids")
        return self

    @classmethod
    def open(cls, path: Path, model: ModelRecord, kind: str = "auto") -> "FaissVectorIndex":
        """The index saved in ``path`` (checked against ``model``), or a new empty one if none is there."""
        if (Path(path) / "meta.json").exists():
            return cls.load(path, model)
        return cls(model, kind)

    # --- internals -----------------------------------------------------------------------
    def _new_index(self, backend: str, lists: int = 1):
        faiss = self._faiss
        if backend == "ivf":
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(self.model.dim), self.model.dim, lists,
                                       faiss.METRIC_INNER_PRODUCT)
            return index
        if backend == "hnsw":
            index = faiss.IndexHNSWFlat(self.model.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = self.ef_search if hasattr(self, "ef_search") else HNSW_EF_SEARCH
            return index
        return faiss.IndexFlatIP(self.model.dim)

    def _train(self, vectors: np.ndarray) -> None:
        """Train an empty IVF index's lists on ``vectors`` (a sample of them when there are many)."""
        lists = ivf_lists(len(vectors))
        if lists != self._index.nlist:
            self._index = self._new_index("ivf", lists)
        sample = vectors  # k-means cost grows with the sample: ~40 points per list is enough
        if len(vectors) > lists * IVF_TRAIN_PER_LIST:
            rng = np.random.default_rng(0)
            sample = vectors[np.sort(rng.choice(len(vectors), lists * IVF_TRAIN_PER_LIST, replace=False))]
        self._index.train(np.ascontiguousarray(sample))
        self._index.make_direct_map()  # lets a compaction read the vectors back

    def _stored_vectors(self) -> np.ndarray:
        faiss = self._faiss
        if not self._index.ntotal:
            return np.zeros((0, self.model.dim), dtype=np.float32)
        if self.backend == "ivf":
            return self._index.reconstruct_n(0, self._index.ntotal)
        flat = self._index.storage if self.backend == "hnsw" else self._index
        flat = faiss.downcast_index(flat)
        return faiss.vector_to_array(flat.codes).view(np.float32).reshape(-1, self.model.dim)

    def _rebuild(self, backend: str, coming: np.ndarray | None = None) -> None:
        """Rebuild the faiss index without dead vectors, as ``backend`` (IVF lists trained on the
        live vectors and on ``coming``, the vectors about to be added)."""
        live = np.flatnonzero(self._ext >= 0)
        vectors = self._stored_vectors()[live]
        if backend != self.backend:
            log.info("vector index: %d vectors, switching %s -> %s", len(live), self.backend, backend)
        self._index = self._new_index(backend)
        if backend == "ivf":
            everything = vectors if coming is None else np.concatenate([vectors, coming])
            if len(everything):
                self._train(everything)
        if len(vectors):
            self._index.add(np.ascontiguousarray(vectors))
        self._ext = self._ext[live]
        self._label = dict(zip(self._ext.tolist(), range(len(self._ext))))
        self._selector = None

    def _check_vectors(self, vectors: np.ndarray) -> np.ndarray:
        arr = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32))
        if arr.ndim == 1:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != self.model.dim:
            raise ModelMismatch(
                f"vectors of size {arr.shape[-1]} given to an index of model {self.model.name!r} "
                f"(size {self.model.dim})"
            )
        return arr


def check_model(built_by: ModelRecord, current: ModelRecord, where: Path | str = "the index") -> None:
    """Raise ``ModelMismatch`` unless ``current`` may add to or search an index ``built_by`` filled."""
    if built_by.same_model(current):
        return
    raise ModelMismatch(
        f"the vector index in {where} was built with model {built_by.name!r} (dim {built_by.dim}, "
        f"weights {built_by.fingerprint}); the model now selected is {current.name!r} (dim {current.dim}, "
        f"weights {current.fingerprint}). Vectors of two models cannot be mixed: select the model that "
        "built the index (--model / SAKSGRAF_MODEL) or rebuild the index with the new one."
    )
