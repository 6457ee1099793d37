"""Precedent: the earlier cases most like a given case, compared by the text of their saksframlegg,
each with what was decided in it.

A case is represented by the mean of its saksframlegg chunks' vectors (its saksprotokoll and other
documents filed under it when it has no saksframlegg). A case is *earlier* when its first meeting
date is earlier, or, where either date is unknown, when its case number was registered earlier
(year, then sequence number: Noark numbers cases in order).
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
    """Every case the index holds documents of, by case number (``YY/N`` search form)."""
    out: dict[str, _Case] = {}
    for meta in index.document_metas().values():
        key = normalise_case_number(meta.arkivsak) if meta.arkivsak else None
        if key:
            out.setdefault(key, _Case(meta.arkivsak, [])).docs.append(meta)
    return out


def _vector(index: SearchIndex, case: _Case) -> np.ndarray | None:
    ids = index.chunk_ids([d.id for d in case.basis])
    if not ids:
        return None
    mean = index.vectors_of(ids).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else None


def similar_earlier_cases(index: SearchIndex, case: str, k: int = 5, earlier_only: bool = True) -> list[CaseHit]:
    """The ``k`` cases most like ``case`` (only earlier ones unless ``earlier_only`` is false).

    Raises ``KeyError`` when the index holds no document of ``case``.
    """
    key = normalise_case_number(case)
    if key is None:
        raise ValueError(f"{case!r} is not a case number (YY/NNNNN or YYYY/NNNNN)")
    cases = cases_in(index)
    if key not in cases:
        raise KeyError(f"no documents of case {case} in the search index")
    target = cases[key]
    query = _vector(index, target)
    if query is None:
        return []
    scored = []
    for other_key, other in cases.items():
        if other_key == key or (earlier_only and not _earlier(other, target)):
            continue
        vec = _vector(index, other)
        if vec is not None:
            scored.append((float(vec @ query), other))
    scored.sort(key=lambda x: -x[0])
    known = index.graph_view()
    hits = []
    for score, other in scored[:k]:
        first = index.chunk_rows(index.chunk_ids([other.basis[0].id])[:1])
        snippet = ""
        page = other.basis[0].first_page
        if first:
            row = next(iter(first.values()))
            snippet = make_snippet(row.chunk.plain_text, [], words=40)
            page = row.chunk.page
        links = graph_links(other.basis[0], page, known)
        case_iri = (links.get("case") or {}).get("iri")
        decided = known.decisions.get(case_iri, ()) if known is not None and case_iri else ()
        hits.append(CaseHit(other.arkivsak, other.title, round(score, 6), other.first_date,
                            [d.id for d in other.docs], snippet, links,
                            [{"body": b, "date": d, "text": t} for b, d, t in decided]))
    return hits
