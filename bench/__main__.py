"""`python -m bench`: run every benchmark in turn (`make bench`)."""

from __future__ import annotations

import importlib
import sys

BENCHES = ["bench.ingest_bench", "bench.graph_store_bench", "bench.extract_bench", "bench.vector_bench", "bench.embed_bench", "bench.search_quality_bench", "bench.plan_bench", "bench.ask_bench", "bench.load_bench"]


def main() -> None:
    only = sys.argv[1:]
    for name in BENCHES:
        if only and name.rsplit(".", 1)[-1] not in only:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # a benchmark not written yet
            raise
        print(f"\n== {name} ==", flush=True)
        module.main([])


if __name__ == "__main__":
    main()
