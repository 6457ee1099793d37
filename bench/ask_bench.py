"""Question answering on the gold questions (tests/gold/questions.jsonl): the share answered exactly right.

Ingests the shipped sample into a fresh data directory (hashing embedder: the answers come from the
graph, search only serves the questions not understood), answers every gold question, and prints
per kind how many were exactly right, the misses with what was wrong, and the median answer time.
Target: share exactly right ≥ 0.9.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "questions.jsonl"
SAMPLE = ROOT / "data" / "sample"


def prepare(data_dir: Path) -> None:
    """Ingest the sample, build its graph and search index (as `saksgraf ingest` does)."""
    from ingest import Store, ingest_paths
    from graph.sync import sync_graph
    from graph.store import open_graph_store
    from search import update_index

    with Store.open(data_dir) as store:
        ingest_paths([SAMPLE], store)
        with open_graph_store(data_dir) as gs:
            sync_graph(store, gs)
        update_index(data_dir, store, "hashing")


def run(data_dir: Path, gold_path: Path = GOLD) -> dict:
    """Answer every gold question; the figures as a dict (share, per kind, misses, median ms)."""
    from api.answer import answer, load_graph
    from api.answer.evaluate import check, load_gold

    graph = load_graph(data_dir)
    gold = load_gold(gold_path)
    right: Counter = Counter()
    total: Counter = Counter()
    misses = []
    times = []
    for item in gold:
        started = time.perf_counter()
        result = answer(item["question"], graph, data_dir=data_dir).to_dict()
        times.append((time.perf_counter() - started) * 1000)
        problems = check(item, result)
        kind = item["kind"] or "not understood"
        total[kind] += 1
        if problems:
            misses.append((item["id"], item["question"], problems))
        else:
            right[kind] += 1
    return {"share": sum(right.values()) / len(gold), "right": right, "total": total, "misses": misses,
            "median_ms": statistics.median(times), "questions": len(gold)}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("SAKSGRAF_MODEL", "hashing")
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        prepare(data_dir)
        r = run(data_dir)
    print(f"{'kind':<16} {'right':>5} {'of':>4}")
    print(f"{'-' * 16} {'-' * 5} {'-' * 4}")
    for kind in sorted(r["total"]):
        print(f"{kind:<16} {r['right'][kind]:>5} {r['total'][kind]:>4}")
    print(f"\n{r['questions']} questions, exactly right: {sum(r['right'].values())} "
          f"(share {r['share']:.2f}; target ≥ 0.90); median answer time {r['median_ms']:.0f} ms")
    for qid, question, problems in r["misses"]:
        print(f"  miss {qid} {question!r}: {'; '.join(problems)}")


if __name__ == "__main__":
    main(sys.argv[1:])
