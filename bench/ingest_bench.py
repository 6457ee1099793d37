"""Ingestion throughput: pages/s for the sample corpus and for a 20× enlarged copy, to show growth is linear."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from ingest import Store, ingest_paths

from .common import median_seconds, table

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


def enlarged_corpus(target: Path, factor: int) -> Path:
    """``factor`` copies of the sample under distinct names and distinct content (so none is skipped as a duplicate)."""
    target.mkdir(parents=True, exist_ok=True)
    for copy in range(factor):
        for src in sorted(SAMPLE.glob("*.txt")):
            # Trailing newlines make each copy's hash unique without changing its text.
            (target / f"{src.stem}_x{copy:02d}.txt").write_text(
                src.read_text(encoding="utf-8") + "\n" * (copy + 1), encoding="utf-8"
            )
    return target


def run_once(corpus: Path) -> tuple[int, int, float]:
    """Ingest ``corpus`` into a fresh store; return (pages, documents, bytes)."""
    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(tmp) as store:
            report = ingest_paths([corpus], store)
            if not report.ok:
                raise SystemExit(f"ingest failed: {report.failed}")
            stats = store.stats()
    size = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
    return stats["pages"], stats["documents"], size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per corpus size (median reported)")
    parser.add_argument("--factor", type=int, default=20, help="enlargement of the big corpus")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="saksgraf-bench-"))
    try:
        sizes = [("sample (1×)", SAMPLE), (f"enlarged ({args.factor}×)", enlarged_corpus(work / "big", args.factor))]
        rows = []
        base_rate = None
        for label, corpus in sizes:
            pages, documents, size = run_once(corpus)  # warm-up, and the counts
            med, times = median_seconds(lambda: run_once(corpus), args.runs)
            rate = pages / med
            base_rate = base_rate or rate
            rows.append([label, pages, documents, f"{size / 1e6:.1f}", med, rate, size / 1e6 / med, rate / base_rate])
        print("Ingestion throughput (median of %d runs each, whole pipeline into a fresh store)" % args.runs)
        print(table(["corpus", "pages", "documents", "MB", "median s", "pages/s", "MB/s", "rate vs 1×"], rows))
        print("Linear growth means 'rate vs 1×' stays near 1.0 as the corpus grows.")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
