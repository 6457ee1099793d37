"""Building and updating the search index from the ingest store: only new or changed sources are redone."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from search.chunking import chunk_source
from search.graphlinks import GraphView, read_graph
from search.metadata import document_metadata
from search.storage import SearchIndex, passage_text

log = logging.getLogger(__name__)

EMBED_BATCH = 64
# Bumped when what search derives from a stored source changes (chunks, document metadata), so that
# indexed sources are redone; passages whose text is unchanged keep their vectors.
INDEX_VERSION = 7  # 3: nynorsk forms as bokmål; 4–7: protocol chunks cut at items, no title, 60–150 words

# progress(stage, done, total): stage is "chunk" (sources) or "embed" (chunks).
IndexProgress = Callable[[str, int, int], None]


@dataclass
class IndexReport:
    """What one update did to the search index."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    chunks_added: int = 0
    chunks_removed: int = 0
    chunks: int = 0
    model: str = ""
    reembedded: int = 0
    reused: int = 0  # chunks of a source indexed again whose vectors were kept
    seconds: float = 0.0
    embed_seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self) | {"seconds": round(self.seconds, 3), "embed_seconds": round(self.embed_seconds, 3)}


def resolve_embedder(embedder=None):
    """An ``Embedder`` from an instance, a model name or path, or None (the ``model`` setting)."""
    from search.embed import load_embedder

    if embedder is None or isinstance(embedder, (str, Path)):
        return load_embedder(str(embedder) if embedder else None)
    return embedder


def _embed(embedder, texts: list[str], progress: IndexProgress, done: int, total: int) -> np.ndarray:
    """Passage vectors of ``texts``, in their order; encoded longest first in length-sorted batches.

    Sorting by length puts texts of like length in one batch, so little of a batch is padding
    (a transformer pays for every padded token); longest first makes the slowest batch the first
    one the progress line reports.
    """
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for start in range(0, len(order), EMBED_BATCH):
        part = order[start : start + EMBED_BATCH]
        out[part] = embedder.encode_passages([texts[i] for i in part])
        progress("embed", done + start + len(part), total)
    return out


def update_index(data_dir: Path | str, store=None, embedder=None, progress: IndexProgress | None = None,
                 rebuild: bool = False, graph=None) -> IndexReport:
    """Bring ``<data_dir>/search`` up to date with the store in ``data_dir``.

    Sources whose file hash is unchanged are left alone; new and changed sources are chunked,
    analysed and embedded; sources no longer in the store are dropped. If the index was built with
    another model, every chunk is embedded again with this one (vectors of two models never mix).
    ``rebuild`` redoes every source. ``graph`` (the ``GraphStore`` just synced from the same store,
    or its ``GraphView``) is recorded so that hits link only to nodes the graph holds, and to the
    plans it resolved; without it the links keep the IRIs derived from the text, unchecked.

    >>> update_index("saksgraf-data").to_dict()["chunks"]   # doctest: +SKIP
    831
    """
    from ingest import Store
    from search.vector import ModelRecord

    started = time.perf_counter()
    note = progress or (lambda stage, done, total: None)
    embedder = resolve_embedder(embedder)
    model = ModelRecord.of(embedder)
    report = IndexReport(model=embedder.name)
    own_store = store is None
    store = store if store is not None else Store.open(data_dir)
    embed_seconds = 0.0
    try:
        with SearchIndex.open(data_dir, create=True) as index:
            if index.model is not None and not index.model.same_model(model):
                log.warning("search index built with %s; embedding it again with %s", index.model.name, model.name)
                t0 = time.perf_counter()
                report.reembedded = _reembed(index, embedder, model, note)
                embed_seconds += time.perf_counter() - t0
            current = {s["id"]: s for s in store.sources()}
            indexed = index.indexed_sources()
            for sid in sorted(set(indexed) - set(current)):
                report.chunks_removed += len(index.remove_source(sid))
                report.removed.append(sid)
            todo = [s for sid, s in sorted(current.items()) if rebuild or indexed.get(sid) != _revision(s)]
            report.unchanged = len(current) - len(todo)
            for n, src in enumerate(todo, 1):
                sid = src["id"]
                pages = store.pages(sid)
                docs = store.documents(sid)
                metas = document_metadata(src, docs, pages, store.extraction(sid))
                # A protocol's chunks start where its items start, so a passage has one case.
                chunks = chunk_source(sid, pages, docs, cuts={m.id: [(p, o) for p, o, _ in m.items] for m in metas})
                documented = {m.id for m in metas}
                if any(c.document_id not in documented for c in chunks):  # a source stored without documents
                    from search.metadata import DocMeta

                    first = pages[0].number if pages else 1
                    last = pages[-1].number if pages else 1
                    metas.append(DocMeta(f"{sid}-d000", sid, src["name"], 0, "annet", "", first, last))
                texts = [passage_text(c) for c in chunks]
                kept = index.source_vectors(sid) if sid in indexed else {}
                new = [i for i, t in enumerate(texts) if t not in kept]
                t0 = time.perf_counter()
                vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
                for i, t in enumerate(texts):
                    if t in kept:
                        vectors[i] = kept[t]
                if new:
                    vectors[new] = _embed(embedder, [texts[i] for i in new], note, 0, len(new))
                embed_seconds += time.perf_counter() - t0
                report.reused += len(texts) - len(new)
                removed, added = index.replace_source(sid, _revision(src), src["name"], metas, chunks, vectors, model)
                (report.replaced if sid in indexed else report.added).append(sid)
                report.chunks_removed += len(removed)
                report.chunks_added += len(added)
                note("chunk", n, len(todo))
            if graph is not None:
                index.set_graph(graph if isinstance(graph, GraphView) else read_graph(graph))
            index.vector_index()  # the faiss index follows the stored vectors, saved once
            report.chunks = index.count()["chunks"]
    finally:
        if own_store:
            store.close()
    report.embed_seconds = embed_seconds
    report.seconds = time.perf_counter() - started
    return report


def _reembed(index: SearchIndex, embedder, model, note: IndexProgress) -> int:
    """Embed every stored chunk again with ``embedder`` (the index was built with another model)."""
    ids = index.chunk_ids()
    index.reset_vectors(model)
    done = 0
    for start in range(0, len(ids), 1000):
        rows = index.chunk_rows(ids[start : start + 1000])
        part = [i for i in ids[start : start + 1000] if i in rows]
        texts = [passage_text(rows[i].chunk) for i in part]
        index.set_vectors(part, _embed(embedder, texts, note, done, len(ids)))
        done += len(part)
    return done


def _revision(source: dict) -> str:
    """What the index remembers of a stored source: its content and the ingest code that read it.

    Why not the hash alone: a file read again by newer ingest code (same content, new split or
    extraction), or a source indexed by older search code (``INDEX_VERSION``), must be indexed again.
    """
    return f"{source['sha256']}@{source.get('reader') or ''}#{INDEX_VERSION}"
