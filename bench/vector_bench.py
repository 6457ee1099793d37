"""Vector index benchmark: query latency p50/p95, HNSW recall@10 against exact, build time and memory.

`python -m bench.vector_bench [--sizes 10000,100000,1000000] [--queries 300] [--ef 32,64,96,128]`

Vectors are synthetic (the model's 384 dimensions): clustered around topic centres that share a
common direction, as sentence embeddings do (their mean cosine is high). Queries are corpus vectors
moved by noise, as a query lies near, not on, its passage. Latency is one query at a time, the way
the search API asks.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from bench.common import table
from search.vector import HNSW_EF_SEARCH, FaissVectorIndex, ModelRecord

DIM = 384


def synthetic(n: int, dim: int = DIM, seed: int = 0, block: int = 100_000) -> np.ndarray:
    """``n`` unit vectors: common direction + one of n/1000 topic centres + noise (made in blocks).

    The common direction gives the high mean cosine of real e5 vectors (about 0.8); a thousand
    vectors per topic make near neighbours hard to tell apart, so HNSW recall is not flattered.
    """
    rng = np.random.default_rng(seed)
    common = rng.normal(size=dim)
    common /= np.linalg.norm(common)
    centres = rng.normal(size=(max(8, n // 1000), dim)) / np.sqrt(dim)
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, block):
        m = min(block, n - start)
        topic = centres[rng.integers(0, len(centres), m)]
        rows = 2.5 * common + topic + rng.normal(size=(m, dim)) / np.sqrt(dim)
        out[start:start + m] = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return out


def queries_near(vectors: np.ndarray, n: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    picked = vectors[rng.choice(len(vectors), n, replace=False)]
    rows = picked + rng.normal(size=picked.shape).astype(np.float32) * (0.5 / np.sqrt(vectors.shape[1]))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def latencies_ms(index: FaissVectorIndex, queries: np.ndarray, k: int = 10) -> list[float]:
    index.search(queries[:5], k)  # warm up
    out = []
    for q in queries:
        t0 = time.perf_counter()
        index.search(q[None, :], k)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def pct(values: list[float], p: float) -> float:
    return float(np.percentile(values, p))


def recall_at(found: np.ndarray, truth: np.ndarray, k: int) -> float:
    return float(np.mean([len(set(a[:k]) & set(b[:k])) / k for a, b in zip(found.tolist(), truth.tolist())]))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated corpus sizes")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--ef", default="64,128,256,512", help="HNSW efSearch values to measure")
    ap.add_argument("--dim", type=int, default=DIM)
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    efs = [int(e) for e in args.ef.split(",") if e]
    model = ModelRecord("synthetic", args.dim, "bench")

    rows, ef_rows = [], []
    for n in sizes:
        vectors = synthetic(n, args.dim)
        queries = queries_near(vectors, min(args.queries, n))
        ids = np.arange(n, dtype=np.int64)

        flat = FaissVectorIndex(model, "flat")
        t0 = time.perf_counter()
        flat.add(ids, vectors)
        flat_build = time.perf_counter() - t0
        lat = latencies_ms(flat, queries)
        truth = flat.search(queries, 10)[1]
        rows.append(["exact (flat IP)", n, f"{flat_build:.1f}", pct(lat, 50), pct(lat, 95), 1.0,
                     flat.memory_bytes() / n * 1e6 / 2**30])
        flat_mem = flat.memory_bytes()
        del flat

        hnsw = FaissVectorIndex(model, "hnsw")
        t0 = time.perf_counter()
        for start in range(0, n, 50_000):
            hnsw.add(ids[start:start + 50_000], vectors[start:start + 50_000])
        hnsw_build = time.perf_counter() - t0
        for ef in efs:
            hnsw.ef_search = ef
            lat = latencies_ms(hnsw, queries)
            found = hnsw.search(queries, 10)[1]
            ef_rows.append([n, ef, pct(lat, 50), pct(lat, 95), recall_at(found, truth, 10),
                            recall_at(found, truth, 1)])
        hnsw.ef_search = HNSW_EF_SEARCH
        lat = latencies_ms(hnsw, queries)
        found = hnsw.search(queries, 10)[1]
        rows.append([f"HNSW (M=32, ef={HNSW_EF_SEARCH})", n, f"{hnsw_build:.1f}", pct(lat, 50), pct(lat, 95),
                     recall_at(found, truth, 10), hnsw.memory_bytes() / n * 1e6 / 2**30])
        hnsw_mib = hnsw.memory_bytes() / 2**20
        print(f"  n={n:,}: flat {flat_mem / 2**20:,.0f} MiB, HNSW {hnsw_mib:,.0f} MiB", flush=True)
        del hnsw, vectors

    print(f"\nVector search, {args.dim} dims, k=10, one query at a time ({args.queries} queries)")
    print(table(["index", "vectors", "build s", "p50 ms", "p95 ms", "recall@10", "GiB per 1M"], rows))
    print("\nHNSW efSearch trade-off (recall against exact search)")
    print(table(["vectors", "efSearch", "p50 ms", "p95 ms", "recall@10", "recall@1"], ef_rows))


if __name__ == "__main__":
    main()
