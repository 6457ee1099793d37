"""Vector index benchmark: query latency p50/p95, IVF and HNSW recall@10 against exact, build time and memory.

`python -m bench.vector_bench [--sizes 10000,100000,1000000] [--queries 300] [--nprobe 4,8,16] [--hnsw-max 100000]`

Vectors are synthetic (the model's 384 dimensions): clustered around topic centres that share a
common direction, as sentence embeddings do (their mean cosine is high). Queries are corpus vectors
moved by noise, as a query lies near, not on, its passage. Latency is one query at a time, the way
the search API asks.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from bench.common import table
from search.vector import HNSW_EF_SEARCH, IVF_NPROBE, FaissVectorIndex, ModelRecord

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


def _sweep(index, knob: str, values: str, default: int, name: str, queries, truth, n: int, build_s: float,
           trade_rows: list) -> list:
    """Latency and recall of ``index`` for each value of ``knob`` (into ``trade_rows``), then its row at ``default``."""
    for value in [int(v) for v in values.split(",") if v]:
        setattr(index, knob, value)
        lat = latencies_ms(index, queries)
        found = index.search(queries, 10)[1]
        trade_rows.append([n, f"{name} {knob}={value}", pct(lat, 50), pct(lat, 95),
                           recall_at(found, truth, 10), recall_at(found, truth, 1)])
    setattr(index, knob, default)
    lat = latencies_ms(index, queries)
    found = index.search(queries, 10)[1]
    return [f"{name} ({knob}={default})", n, build_s, pct(lat, 50), pct(lat, 95),
            recall_at(found, truth, 10), index.memory_bytes() / n * 1e6 / 2**30]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated corpus sizes")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--nprobe", default="4,8,16,32,64", help="IVF nprobe values to measure")
    ap.add_argument("--ef", default="64,256", help="HNSW efSearch values to measure")
    ap.add_argument("--hnsw-max", type=int, default=100_000,
                    help="largest size HNSW is built for (its build takes ~20 min per 10^6 on 2 cores)")
    ap.add_argument("--dim", type=int, default=DIM)
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    model = ModelRecord("synthetic", args.dim, "bench")

    rows, trade_rows = [], []
    for n in sizes:
        vectors = synthetic(n, args.dim)
        queries = queries_near(vectors, min(args.queries, n))
        ids = np.arange(n, dtype=np.int64)

        flat = FaissVectorIndex(model, "flat")
        t0 = time.perf_counter()
        flat.add(ids, vectors)
        flat_build = time.perf_counter() - t0
        truth = flat.search(queries, 10)[1]  # one batch: the ground truth
        lat = latencies_ms(flat, queries[: max(20, len(queries) * 10_000 // n)])  # exact is slow at 10^6
        rows.append(["exact (flat IP)", n, flat_build, pct(lat, 50), pct(lat, 95), 1.0,
                     flat.memory_bytes() / n * 1e6 / 2**30])
        del flat

        ivf = FaissVectorIndex(model, "ivf")
        t0 = time.perf_counter()
        ivf.add(ids, vectors)  # trains the lists on the vectors, then adds them
        ivf_build = time.perf_counter() - t0
        rows.append(_sweep(ivf, "nprobe", args.nprobe, IVF_NPROBE, f"IVF{ivf._index.nlist}", queries, truth,
                           n, ivf_build, trade_rows))
        print(f"  n={n:,}: IVF built in {ivf_build:.1f} s, {ivf.memory_bytes() / 2**20:,.0f} MiB", flush=True)
        del ivf

        if n <= args.hnsw_max:
            hnsw = FaissVectorIndex(model, "hnsw")
            t0 = time.perf_counter()
            for start in range(0, n, 50_000):
                hnsw.add(ids[start:start + 50_000], vectors[start:start + 50_000])
            hnsw_build = time.perf_counter() - t0
            rows.append(_sweep(hnsw, "ef_search", args.ef, HNSW_EF_SEARCH, "HNSW (M=32)", queries, truth,
                               n, hnsw_build, trade_rows))
            print(f"  n={n:,}: HNSW built in {hnsw_build:.1f} s", flush=True)
            del hnsw
        del vectors

    print(f"\nVector search, {args.dim} dims, k=10, one query at a time ({args.queries} queries; exact search "
          "timed on fewer at 10^6)")
    print(table(["index", "vectors", "build s", "p50 ms", "p95 ms", "recall@10", "GiB per 1M"], rows))
    print("\nApproximate search: recall against exact search by nprobe / efSearch")
    print(table(["vectors", "setting", "p50 ms", "p95 ms", "recall@10", "recall@1"], trade_rows))


if __name__ == "__main__":
    main()
