"""`/search`: hybrid search over the ingested text (search.search), hits linked to graph entities and pages."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from rdflib import Graph, URIRef

from graph.views import url_of
from search import MAX_QUERY_CHARS
from graph.views.common import source_url

from .deps import AppData, app_data, graph

router = APIRouter(tags=["search"])

MAX_K = 100


@router.get("/search", summary="Search the documents; hits with snippet, source page and linked entities",
            responses={400: {"description": "Empty query or a filter that does not parse"},
                       404: {"description": "Nothing has been ingested yet"}})
def search_route(
    data: Annotated[AppData, Depends(app_data)],
    g: Annotated[Graph, Depends(graph)],
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="What to look for, in Norwegian or English")],
    k: Annotated[int, Query(ge=1, le=MAX_K, description="Number of hits")] = 10,
    mode: Annotated[Literal["hybrid", "dense", "lexical"], Query(description="Dense + BM25, dense only or BM25 only")] = "hybrid",
    kommune: Annotated[str | None, Query(max_length=100)] = None,
    body: Annotated[str | None, Query(max_length=200, description="Part of the name of a body that handled the document")] = None,
    doc_type: Annotated[list[str] | None, Query(alias="type", max_length=40, description="Document type (repeatable): saksframlegg, plan …")] = None,
    date_from: Annotated[str | None, Query(alias="from", max_length=40, description="Meeting on or after (YYYY-MM-DD or dd.mm.yyyy)")] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=40, description="Meeting on or before")] = None,
    case: Annotated[str | None, Query(max_length=40, description="Arkivsak or journalpost, any usual spelling")] = None,
    fold: Annotated[bool, Query(description="Fold near-identical copies of a passage into one hit's `copies`")] = True,
) -> dict:
    from search import IndexMissing, search

    if not q.strip():
        raise HTTPException(400, "q is empty: say what to search for")
    filters = {"kommune": kommune, "body": body, "doc_type": doc_type or None, "date_from": date_from,
               "date_to": date_to, "case": case}
    try:
        hits = search(q, k=k, filters=filters, data_dir=data.data_dir, mode=mode, fold_copies=fold)
    except IndexMissing as exc:
        raise HTTPException(404, str(exc)) from None
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return {"query": q, "k": k, "mode": mode, "filters": {k_: v for k_, v in filters.items() if v}, "hits": [_hit(g, h) for h in hits]}


def _hit(g: Graph, hit) -> dict:
    """A hit as JSON, without the chunk's full text, each linked entity with its API URL."""
    out = hit.to_dict()
    out.pop("text", None)
    out["url"] = source_url(hit.source_id, hit.page)
    for copy in out.get("copies") or []:
        copy["url"] = source_url(copy["source_id"], copy["page"])
    links = out.get("links") or {}
    for value in links.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and item.get("iri"):
                item["url"] = url_of(g, URIRef(item["iri"]))
    return out


@router.get("/similar", summary="Precedent: the earlier cases most like a case, each with what was decided",
            responses={400: {"description": "Not a case number"},
                       404: {"description": "No documents of the case, or nothing ingested yet"}})
def similar_route(
    data: Annotated[AppData, Depends(app_data)],
    g: Annotated[Graph, Depends(graph)],
    case: Annotated[str, Query(min_length=1, max_length=40, description="Arkivsak or journalpost, any usual spelling")],
    k: Annotated[int, Query(ge=1, le=MAX_K, description="Number of cases")] = 5,
    later: Annotated[bool, Query(alias="all", description="Include later cases too, not only earlier ones")] = False,
) -> dict:
    from search import IndexMissing, similar_cases

    try:
        hits = similar_cases(case, k=k, data_dir=data.data_dir, earlier_only=not later)
    except (IndexMissing, KeyError) as exc:
        raise HTTPException(404, str(exc.args[0] if isinstance(exc, KeyError) else exc)) from None
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    out = []
    for h in hits:
        item = h.to_dict()
        iri = (item["links"].get("case") or {}).get("iri")
        item["url"] = url_of(g, URIRef(iri)) if iri else None
        out.append(item)
    return {"case": case, "k": k, "earlier_only": not later, "cases": out}
