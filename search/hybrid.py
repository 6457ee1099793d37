"""Hybrid ranking: dense and BM25 candidates fused by their standardised scores, filtered, with snippets.

Fusion: each method scores its ``candidates`` best chunks; each method's scores are standardised
over its own candidates (z-scores: how far above that query's typical candidate a chunk is), and a
chunk scores ``w·z_dense + (1−w)·z_bm25``, a method that did not find it counting as its lowest
candidate. Unlike reciprocal rank fusion this keeps how sure each method is: a BM25 hit on a rare
identifier far ahead of the rest stays ahead. The fusion and the dense weight were chosen on both
quality sets (bench/search_quality_bench.py --grid; figures in the README); weighted RRF is kept
for comparison (``fusion="rrf"``).
"""

from __future__ import annotations

import functools

from dataclasses import asdict, dataclass, field
from typing import Sequence

import numpy as np

from search.duplicates import fold
from search.graphlinks import graph_links
from search.metadata import DocMeta
from search.norwegian import normalise_case_number
from search.snippets import MARK, make_snippet
from search.storage import SearchIndex

MODES = ("hybrid", "dense", "lexical")
FUSIONS = ("zscore", "rrf")
FUSION = "zscore"
DENSE_WEIGHT = 0.4  # where NorQuAD hybrid MRR@10 peaks with int8 and bf16 alike (0.958, 0.963; README)
RRF_K = 60.0
CANDIDATES = 100


@dataclass
class Filters:
    """Restrictions on hits; every field given must hold (``None`` leaves it open).

    ``body`` matches any body that handled the document, case-insensitively, by part of its name;
    ``date_from``/``date_to`` (ISO or dd.mm.yyyy, inclusive) any of its meeting dates; ``case`` its
    arkivsak or the case it is attached to (a journalpost gives its case), or, in a meeting document,
    the case of the agenda item the passage lies in; ``doc_type`` one type or several.
    """

    kommune: str | None = None
    body: str | None = None
    doc_type: str | Sequence[str] | None = None
    date_from: str | None = None
    date_to: str | None = None
    case: str | None = None
    source: str | None = None

    @classmethod
    def of(cls, value: "Filters | dict | None") -> "Filters | None":
        """Filters from a ``Filters``, a dict of its fields (unknown keys refused) or None."""
        if value is None or isinstance(value, Filters):
            return value
        unknown = set(value) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        return cls(**{k: v for k, v in value.items() if v not in (None, "", [], ())})

    def __post_init__(self) -> None:
        from graph.iris import normalise_date

        if self.date_from:
            self.date_from = normalise_date(self.date_from)
        if self.date_to:
            self.date_to = normalise_date(self.date_to)
        if self.case:
            case = normalise_case_number(self.case)
            if case is None:
                raise ValueError(f"{self.case!r} is not a case number (YY/NNNNN or YYYY/NNNNN, optionally -N)")
            self.case = case
        if isinstance(self.doc_type, str):
            self.doc_type = (self.doc_type,)

    def empty(self) -> bool:
        return not any(asdict(self).values())

    def matches(self, meta: DocMeta) -> bool:
        """True when document ``meta`` passes every filter."""
        if self.kommune and (meta.kommune or "").casefold() != self.kommune.casefold():
            return False
        if self.body and not any(self.body.casefold() in b.casefold() for b in meta.bodies):
            return False
        if self.doc_type and meta.doc_type not in self.doc_type:
            return False
        if self.date_from or self.date_to:
            lo, hi = self.date_from or "0000", self.date_to or "9999"
            if not any(lo <= d <= hi for d in meta.dates):
                return False
        if self.case and self.case not in meta.cases and self.case not in meta.item_cases:
            return False
        if self.source and meta.source_id != self.source:
            return False
        return True


@dataclass
class Hit:
    """One search result: the chunk, where it is, what it belongs to, and why it ranked."""

    rank: int
    score: float
    chunk_id: int
    snippet: str
    text: str
    source_id: str
    source_name: str
    page: int
    start: int
    end_page: int
    end: int
    document_id: str
    doc_type: str
    title: str
    headings: list[str]
    arkivsak: str | None  # the document's own
    journalpost: str | None
    case: str | None  # the case the passage belongs to: the document's, or the agenda item's in a protocol
    kommune: str | None
    bodies: list[str]
    dates: list[str]
    links: dict = field(default_factory=dict)
    lexical_rank: int | None = None
    dense_rank: int | None = None
    copies: list[dict] = field(default_factory=list)  # near-identical passages folded into this hit

    def to_dict(self) -> dict:
        return asdict(self)


def rrf(rankings: Sequence[Sequence[int]], weights: Sequence[float], k: float = RRF_K) -> list[tuple[int, float]]:
    """Weighted reciprocal rank fusion of ranked id lists: (id, fused score), best first.

    >>> rrf([[1, 2, 3], [3, 1]], [0.5, 0.5], k=60)[0][0]
    1
    """
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda x: (-x[1], x[0]))


def zscore_fusion(dense: Sequence[tuple[int, float]], lexical: Sequence[tuple[int, float]],
                  dense_weight: float = DENSE_WEIGHT) -> list[tuple[int, float]]:
    """Fuse two scored candidate lists by their standardised scores: (id, fused score), best first.

    >>> zscore_fusion([(1, 0.9), (2, 0.8), (3, 0.7)], [(3, 12.0), (4, 2.0)], 0.35)[0][0]
    3
    """
    def standard(pairs: Sequence[tuple[int, float]]) -> tuple[dict[int, float], float]:
        if not pairs:
            return {}, 0.0
        scores = np.array([s for _, s in pairs], dtype=np.float64)
        z = (scores - scores.mean()) / (scores.std() or 1.0)
        return dict(zip((c for c, _ in pairs), z.tolist())), float(z.min())

    zd, dmin = standard(dense)
    zl, lmin = standard(lexical)
    fused = {c: dense_weight * zd.get(c, dmin) + (1.0 - dense_weight) * zl.get(c, lmin) for c in {**zd, **zl}}
    return sorted(fused.items(), key=lambda x: (-x[1], x[0]))


def allowed_chunks(index: SearchIndex, filters: Filters | None) -> list[int] | None:
    """The chunk ids ``filters`` let through (None: no filter)."""
    if filters is None or filters.empty():
        return None
    metas = index.document_metas()
    docs = [d for d, meta in metas.items() if filters.matches(meta)]
    if not filters.case:
        return index.chunk_ids(docs)
    # A meeting document matches by one of its items: only the chunks of that item pass.
    whole = [d for d in docs if filters.case in metas[d].cases]
    partial = [d for d in docs if filters.case not in metas[d].cases]
    rows = index.chunk_rows(index.chunk_ids(partial)) if partial else {}
    return sorted(index.chunk_ids(whole) + [cid for cid, row in rows.items()
                                            if filters.case in row.meta.chunk_cases(row.chunk)])


# Words that only label an identifier ("sak 22/17985", "saksnr. 5/23", "jp 22/22972-2").
_ID_LABELS = "sak saker saksnr saksnummer arkivsak journalpost jp ps nr nummer"


def identifier_query(analyzer, query: str) -> bool:
    """True when ``query`` is identifiers only (case, journalpost, item numbers, dates, with their labels).

    The dense model has nothing to understand in "22/17985"; such a query is ranked lexically.

    >>> from search.norwegian import Analyzer
    >>> identifier_query(Analyzer(), "sak 2022/017985"), identifier_query(Analyzer(), "vedtak i sak 22/17985")
    (True, False)
    """
    analysis = analyzer.analyze(query)
    return bool(analysis.ids) and set(analysis.words) <= _label_terms(analyzer)


@functools.lru_cache(maxsize=8)
def _label_terms(analyzer) -> frozenset[str]:
    return frozenset(analyzer.analyze(_ID_LABELS).words)


def rank(index: SearchIndex, query: str, mode: str = "hybrid", filters: Filters | None = None,
         embedder=None, candidates: int = CANDIDATES, rrf_k: float = RRF_K,
         dense_weight: float = DENSE_WEIGHT, query_vector: np.ndarray | None = None,
         fusion: str = FUSION) -> tuple[list[tuple[int, float]], dict]:
    """Ranked (chunk id, score) for ``query``, and each method's ranks by chunk id.

    ``embedder`` encodes the query (``query_vector`` may be given instead); ``mode`` is one of
    ``MODES``. A hybrid query of identifiers only is ranked lexically (``identifier_query``).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "hybrid" and identifier_query(index.analyzer, query):
        mode = "lexical"
    allowed = allowed_chunks(index, filters)
    lexical: list[tuple[int, float]] = []
    dense: list[tuple[int, float]] = []
    if mode in ("hybrid", "lexical"):
        lexical = index.lexical(index.analyzer.analyze(query), candidates, allowed)
    if mode in ("hybrid", "dense"):
        if query_vector is None:
            query_vector = embedder.encode_queries([query])[0]
        dense = index.dense(query_vector, candidates, allowed)
    ranks = {
        "lexical": {cid: n for n, (cid, _) in enumerate(lexical, 1)},
        "dense": {cid: n for n, (cid, _) in enumerate(dense, 1)},
    }
    if mode == "lexical":
        return lexical, ranks
    if mode == "dense":
        return dense, ranks
    if fusion == "rrf":
        fused = rrf([[c for c, _ in dense], [c for c, _ in lexical]], [dense_weight, 1.0 - dense_weight], rrf_k)
    elif fusion == "zscore":
        fused = zscore_fusion(dense, lexical, dense_weight)
    else:
        raise ValueError(f"fusion must be one of {', '.join(FUSIONS)}, not {fusion!r}")
    return fused, ranks


def run_search(index: SearchIndex, query: str, k: int = 10, filters: Filters | dict | None = None,
               mode: str = "hybrid", embedder=None, mark: tuple[str, str] = MARK, fold_copies: bool = True,
               **params) -> list[Hit]:
    """The ``k`` best hits for ``query`` in ``index`` (see ``search.search``).

    With ``fold_copies`` a passage that is a copy of a better-ranked one (``search.duplicates``) is
    not a hit of its own: it is listed in that hit's ``copies``, with its document, page and case.
    """
    filters = Filters.of(filters)
    ranked, ranks = rank(index, query, mode, filters, embedder, **params)
    rows: dict = {}

    def texts(ids):
        rows.update(index.chunk_rows([cid for cid in ids if cid not in rows]))
        return {cid: rows[cid].chunk.text for cid in ids if cid in rows}

    if fold_copies:
        kept = fold(ranked, texts, k)
    else:
        kept = [(cid, score, []) for cid, score in ranked[:k]]
        texts([cid for cid, _, _ in kept])
    analyzer = index.analyzer
    terms = set(analyzer.analyze(query).all_terms())
    known = index.graph_view()
    hits = []
    for n, (cid, score, copies) in enumerate(kept, 1):
        row = rows[cid]
        chunk, meta = row.chunk, row.meta
        text = chunk.plain_text
        links = graph_links(meta, chunk.page, known, chunk)
        hits.append(
            Hit(
                rank=n, score=round(float(score), 6), chunk_id=cid,
                snippet=make_snippet(text, analyzer.marks(text, terms), mark=mark), text=text,
                source_id=chunk.source_id, source_name=meta.source_name, page=chunk.page, start=chunk.start,
                end_page=chunk.end_page, end=chunk.end, document_id=chunk.document_id, doc_type=meta.doc_type,
                title=meta.title, headings=list(chunk.headings), arkivsak=meta.arkivsak,
                journalpost=meta.journalpost, case=(links["case"] or {}).get("arkivsak"), kommune=meta.kommune,
                bodies=meta.bodies, dates=meta.dates, links=links,
                lexical_rank=ranks["lexical"].get(cid), dense_rank=ranks["dense"].get(cid),
                copies=[_copy(rows[c], known) for c in copies],
            )
        )
    return hits


def _copy(row, known) -> dict:
    """Where a folded copy of a hit lies: its document, pages, case and meeting dates."""
    chunk, meta = row.chunk, row.meta
    case = (graph_links(meta, chunk.page, known, chunk)["case"] or {}).get("arkivsak")
    return {"chunk_id": row.id, "source_id": chunk.source_id, "source_name": meta.source_name,
            "document_id": chunk.document_id, "doc_type": meta.doc_type, "title": meta.title,
            "page": chunk.page, "start": chunk.start, "end_page": chunk.end_page, "end": chunk.end,
            "case": case, "dates": meta.dates}
