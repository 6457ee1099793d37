"""Semantic and lexical search over the ingested text, linked to the graph: ``search`` and ``similar_cases``.

>>> hits = search("tiltak mot mobbing i skolen", k=5, filters={"doc_type": "saksframlegg"})  # doctest: +SKIP
>>> hits[0].snippet, hits[0].links["case"]                                                  # doctest: +SKIP
"""

from __future__ import annotations

import threading
from pathlib import Path

from search.hybrid import MODES, Filters, Hit
from search.index import IndexReport, update_index
from search.precedent import CaseHit
from search.storage import IndexMissing, SearchIndex

__all__ = [
    "MAX_QUERY_CHARS", "MODES", "CaseHit", "Filters", "Hit", "IndexMissing", "IndexReport", "search",
    "similar_cases", "update_index",
]

MAX_QUERY_CHARS = 1000  # a query is a phrase or a question, not a document; the same bound as for ask

_open: dict[str, SearchIndex] = {}
_lock = threading.Lock()


def _index(data_dir: Path | str | None) -> SearchIndex:
    """The open index of ``data_dir`` (default: the ``data_dir`` setting), kept open between calls."""
    from ingest.settings import DATA_DIR

    path = str(Path(DATA_DIR.value(data_dir)).resolve())
    index = _open.get(path)
    if index is None or not (Path(path) / "search").exists():
        index = SearchIndex.open(path)
        _open[path] = index
    return index


def _embedder_for(index: SearchIndex, model):
    """The query embedder; refuses a model other than the one that built the index."""
    from search.index import resolve_embedder
    from search.vector import ModelRecord, check_model

    embedder = resolve_embedder(model)
    if index.model is not None:
        check_model(index.model, ModelRecord.of(embedder), index.folder)
    return embedder


def search(query: str, k: int = 10, filters: Filters | dict | None = None, data_dir: Path | str | None = None,
           mode: str = "hybrid", model=None, fold_copies: bool = True) -> list[Hit]:
    """The ``k`` best passages for ``query``: hybrid (dense + BM25), ``dense`` or ``lexical``.

    ``filters``: a ``Filters`` or a dict of its fields (kommune, body, doc_type, date_from, date_to,
    case, source). ``model``: an embedder, model name or path (default: the ``model`` setting); it
    must be the model the index was built with. Each ``Hit`` carries a snippet with the matching
    words in ``<mark>``, its source page and span, and links to its case, meetings, bodies and plan.
    Near-identical copies of a passage (the same letter to several groups, a saksframlegg in two
    meeting books) are folded into the best-ranked one's ``copies`` unless ``fold_copies`` is False.
    Raises ``IndexMissing`` when nothing has been ingested into ``data_dir``, ``ValueError`` for an
    empty query or one over ``MAX_QUERY_CHARS`` characters.
    """
    from search.hybrid import run_search

    if not query or not query.strip():
        raise ValueError("empty query")
    if len(query) > MAX_QUERY_CHARS:
        raise ValueError(f"query too long ({len(query)} characters; at most {MAX_QUERY_CHARS})")
    with _lock:
        index = _index(data_dir)
        embedder = _embedder_for(index, model) if mode != "lexical" else None
        return run_search(index, query, k, filters, mode, embedder, fold_copies=fold_copies)


def similar_cases(case: str, k: int = 5, data_dir: Path | str | None = None, earlier_only: bool = True) -> list[CaseHit]:
    """Precedent: the ``k`` earlier cases whose saksframlegg read most like those of ``case``.

    ``case`` is a case or journalpost number in any usual spelling (``21/21815``, ``2021/021815``).
    Raises ``KeyError`` for a case the index has no documents of.
    """
    from search.precedent import similar_earlier_cases

    with _lock:
        return similar_earlier_cases(_index(data_dir), case, k, earlier_only)
