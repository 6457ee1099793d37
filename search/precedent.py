"""Precedent: the earlier cases most like a given case, compared by the text of their saksframlegg,
each with what was decided in it.

A case is represented by the mean of its saksframlegg chunks' vectors (its saksprotokoll and other
documents filed under it when it has no saksframlegg; the passages of protocols on its agenda item
when the index holds nothing filed under it, as when only møteprotokoller were ingested). A case is
*earlier* when its first meeting date is earlier, or, where either date is unknown, when its case
number was registered earlier (year, then sequence number: Noark numbers cases in order).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from search.graphlinks import graph_links
from search.metadata import DocMeta
from search.norwegian import normalise_case_number
from search.snippets import make_snippet
from search.storage import SearchIndex


@dataclass
class CaseHit:
    """One similar case."""

    arkivsak: str
    title: str
    score: float
    first_date: str | None
    documents: list[str]
    snippet: str
    links: dict = field(default_factory=dict)
    # What its treatments decided, oldest first: {"body", "date", "text"} (from the graph last synced)
    decisions: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Case:
    arkivsak: str
    docs: list[DocMeta]
    item_chunks: list[int] = field(default_factory=list)  # protocol passages on its item (no docs filed)

    @property
    def basis(self) -> list[DocMeta]:
        framlegg = [d for d in self.docs if d.doc_type == "saksframlegg"]
        return framlegg or self.docs

    @property
    def first_date(self) -> str | None:
        dates = [d for m in self.docs for d in m.dates]
        return min(dates) if dates else None

    @property
    def number(self) -> tuple[int, int]:
        year, seq = normalise_case_number(self.arkivsak).split("/")
        y = int(year)
        return (2000 + y if y < 70 else 1900 + y, int(seq))

    @property
    def title(self) -> str:
        return next((d.title for d in self.basis if d.title), "")


def _earlier(a: _Case, b: _Case) -> bool:
    """True when case ``a`` came before case ``b``."""
    if a.first_date and b.first_date and a.first_date != b.first_date:
        return a.first_date < b.first_date
    return a.number < b.number


def cases_in(index: SearchIndex) -> dict[str, _Case]:
    """Every case the index holds documents or protocol passages of, by case number (``YY/N`` search form)."""
    out: dict[str, _Case] = {}
    metas = index.document_metas().values()
    for meta in metas:
        key = normalise_case_number(meta.arkivsak) if meta.arkivsak else None
        if key:
            out.setdefault(key, _Case(meta.arkivsak, [])).docs.append(meta)
    # Cases known only from the protocols that treated them: their item's passages stand for them.
    meeting_docs = [m for m in metas if any(c not in out for c in m.item_cases)]
    if meeting_docs:
        rows = index.chunk_rows(index.chunk_ids([m.id for m in meeting_docs]))
        for cid, row in sorted(rows.items()):
            for key in row.meta.chunk_cases(row.chunk):
                if key not in out or out[key].item_chunks:
                    case = out.setdefault(key, _Case(key, []))
                    case.item_chunks.append(cid)
                    if row.meta not in case.docs:
                        case.docs.append(row.meta)
    return out


def _vector(index: SearchIndex, case: _Case) -> np.ndarray | None:
    ids = case.item_chunks or index.chunk_ids([d.id for d in case.basis])
    if not ids:
        return None
    mean = index.vectors_of(ids).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else None


# (index folder, generation) -> its cases and their vectors: a case page asks for precedent on every
# view, and the vectors change only when chunks do.
_CACHE: dict[tuple[str, int], tuple[dict[str, _Case], dict[str, np.ndarray]]] = {}


def _cases_and_vectors(index: SearchIndex) -> tuple[dict[str, _Case], dict[str, np.ndarray]]:
    stamp = (str(index.folder), index.generation)
    if stamp not in _CACHE:
        cases = cases_in(index)
        vectors = {k: v for k, c in cases.items() if (v := _vector(index, c)) is not None}
        if len(_CACHE) >= 4:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[stamp] = (cases, vectors)
    return _CACHE[stamp]


def similar_earlier_cases(index: SearchIndex, case: str, k: int = 5, earlier_only: bool = True) -> list[CaseHit]:
    """The ``k`` cases most like ``case`` (only earlier ones unless ``earlier_only`` is false).

    Raises ``KeyError`` when the index holds no document of ``case``.
    """
    key = normalise_case_number(case)
    if key is None:
        raise ValueError(f"{case!r} is not a case number (YY/NNNNN or YYYY/NNNNN)")
    cases, vectors = _cases_and_vectors(index)
    if key not in cases:
        raise KeyError(f"no documents of case {case} in the search index")
    target = cases[key]
    query = vectors.get(key)
    if query is None:
        return []
    scored = []
    for other_key, other in cases.items():
        if other_key == key or (earlier_only and not _earlier(other, target)):
            continue
        vec = vectors.get(other_key)
        if vec is not None:
            scored.append((float(vec @ query), other))
    scored.sort(key=lambda x: -x[0])
    known = index.graph_view()
    hits = []
    for score, other in scored[:k]:
        if other.item_chunks:  # the first passage mostly about its item (one may straddle two items)
            rows = index.chunk_rows(other.item_chunks)
            key = normalise_case_number(other.arkivsak)
            row = next((rows[c] for c in other.item_chunks if rows[c].meta.chunk_cases(rows[c].chunk)[:1] == [key]),
                       None)
        else:
            row = next(iter(index.chunk_rows(index.chunk_ids([other.basis[0].id])[:1]).values()), None)
        snippet = make_snippet(row.chunk.plain_text, [], words=40) if row else ""
        if other.item_chunks and row is not None:  # known from a protocol: the item's passage links to the case
            links = graph_links(row.meta, row.chunk.page, known, row.chunk)
        else:
            links = graph_links(other.basis[0], row.chunk.page if row else other.basis[0].first_page, known)
        case_iri = (links.get("case") or {}).get("iri")
        decided = known.decisions.get(case_iri, ()) if known is not None and case_iri else ()
        title = other.title
        if other.item_chunks:  # the protocol's title is the meeting's; the case's is the graph's label
            label = known.labels.get(case_iri, "") if known is not None and case_iri else ""
            title = label.split(" ", 1)[1] if label.startswith(other.arkivsak + " ") else label
        hits.append(CaseHit(other.arkivsak, title, round(score, 6), other.first_date,
                            [d.id for d in other.docs], snippet, links,
                            [{"body": b, "date": d, "text": t} for b, d, t in decided]))
    return hits
