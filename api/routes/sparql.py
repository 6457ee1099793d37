"""`/sparql`: the SPARQL 1.1 Protocol (query operation) over the graph, read-only, time-limited and capped.

GET with ``?query=``, POST as a form (``query=``) or with the query as the body
(``application/sparql-query``). Results by content negotiation: SELECT/ASK as SPARQL JSON, XML, CSV
or TSV; CONSTRUCT/DESCRIBE as Turtle, JSON-LD or N-Triples. ``?format=`` overrides the Accept header.
The route only parses HTTP and picks a format; ``graph.query_limits.QueryRunner`` runs the query.
"""

from __future__ import annotations

import threading
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from graph.query_limits import (
    QueryBusy,
    QueryRunner,
    QueryTimeout,
    QueryTooLarge,
    TABLE_MEDIA_TYPES,
    formats_for,
)
from graph.rdfio import FORMATS as GRAPH_FORMATS
from graph.sparql import QueryError, ReadOnlyError, check_read_only

router = APIRouter(tags=["sparql"])

# Media types a client may ask for, by result kind; the first of each kind is the default.
TABLE_ACCEPT = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_ACCEPT = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/n-triples": "nt",
    "text/plain": "nt",
}
QUERY_MEDIA_TYPE = "application/sparql-query"
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
UPDATE_MEDIA_TYPE = "application/sparql-update"
TRUNCATED_HEADER = "X-Sparql-Truncated"

_READ_ONLY = "this endpoint is read-only: SPARQL updates are refused; send a SELECT, ASK, CONSTRUCT or DESCRIBE query"
_DATASET = (
    "default-graph-uri and named-graph-uri are not supported: the default graph is the union of all sources; "
    "reach one source's named graph with GRAPH <…> in the query"
)
_runner_lock = threading.Lock()

_RESPONSES = {
    200: {
        "description": "The result: SELECT/ASK as SPARQL JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle, JSON-LD or N-Triples",
        "content": {media: {} for media in [*TABLE_MEDIA_TYPES.values(), *(f.media_type for f in GRAPH_FORMATS.values())]},
    },
    400: {"description": "Malformed query (the message names the problem), missing query or unknown format"},
    403: {"description": "A SPARQL update: the endpoint is read-only"},
    406: {"description": "No acceptable result format for this query form"},
    413: {"description": "Query text too long"},
    415: {"description": "POST body of an unsupported media type"},
    422: {"description": "The query ran past the time limit and was stopped"},
    429: {"description": "Every query worker is busy; try again shortly"},
}


def _runner(request: Request) -> QueryRunner:
    """The app's query runner, started on first use (its workers live as long as the app)."""
    state = request.app.state
    with _runner_lock:
        runner = getattr(state, "sparql_runner", None)
        if runner is None:
            runner = QueryRunner(
                state.data_dir,
                backend=getattr(state, "graph_backend", None),
                timeout=getattr(state, "sparql_timeout", None),
                max_results=getattr(state, "sparql_max_results", None),
            )
            state.sparql_runner = runner
    return runner


def negotiate(form: str, accept: str | None, fmt: str | None) -> str:
    """The result format for a query ``form``: ``fmt`` if given, else the best match of ``accept``.

    Raises ``HTTPException`` 400 for an unknown ``fmt`` and 406 when nothing in ``accept`` fits.

    >>> negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+xml", None)
    'xml'
    """
    allowed = formats_for(form)
    if fmt:
        name = {"ttl": "turtle", "json-ld": "jsonld", "ntriples": "nt", "n-triples": "nt"}.get(fmt.lower(), fmt.lower())
        if name not in allowed:
            raise HTTPException(400, f"a {form} result is written as one of {', '.join(allowed)}, not {fmt!r}")
        return name
    table = TABLE_ACCEPT if form in ("SELECT", "ASK") else GRAPH_ACCEPT
    ranges = _accept_ranges(accept or "*/*")
    best, best_q = None, 0.0
    for order, (media, q) in enumerate(ranges):
        if q <= best_q:
            continue
        if media in table:
            best, best_q = table[media], q
        elif media in ("*/*", "*"):
            best, best_q = allowed[0], q
        elif media.endswith("/*"):
            kind = media[:-1]
            match = next((name for m, name in table.items() if m.startswith(kind)), None)
            if match:
                best, best_q = match, q
    if best is None:
        offered = ", ".join(dict.fromkeys(table))
        raise HTTPException(406, f"cannot write a {form} result as {accept!r}; acceptable media types: {offered}")
    return best


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values, in the order given."""
    out = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out


async def _answer(request: Request, text: str | None, fmt: str | None) -> Response:
    if text is None or not text.strip():
        raise HTTPException(
            400, "no query given: send one as ?query=… (GET), as the form field query (POST) or as an application/sparql-query body"
        )
    try:
        form = check_read_only(text)
        name = negotiate(form, request.headers.get("accept"), fmt)
        answer = await run_in_threadpool(_runner(request).run, text, name)
    except ReadOnlyError as exc:
        raise HTTPException(403, str(exc)) from None
    except QueryTooLarge as exc:
        raise HTTPException(413, str(exc)) from None
    except QueryTimeout as exc:
        raise HTTPException(422, str(exc)) from None
    except QueryBusy as exc:
        raise HTTPException(429, str(exc), headers={"Retry-After": "1"}) from None
    except QueryError as exc:  # syntax errors and failed queries
        raise HTTPException(400, str(exc)) from None
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    media = answer.media_type
    if media.startswith("text/") or media.endswith("+xml") or media.endswith("json"):
        media += "; charset=utf-8"
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers[TRUNCATED_HEADER] = f"true; only the first {answer.rows} results are returned"
    return Response(answer.body, media_type=media, headers=headers)


def _no_dataset(params: dict) -> None:
    if any(params.get(k) for k in ("default-graph-uri", "named-graph-uri")):
        raise HTTPException(400, _DATASET)


@router.get("/sparql", summary="SPARQL 1.1 query (read-only)", responses=_RESPONSES)
async def sparql_get(
    request: Request,
    query: str | None = Query(None, description="The SPARQL query: SELECT, ASK, CONSTRUCT or DESCRIBE."),
    format: str | None = Query(  # noqa: A002  (the protocol's customary parameter name)
        None, description="Result format, overriding Accept: json, xml, csv, tsv (SELECT/ASK); turtle, jsonld, nt (CONSTRUCT/DESCRIBE)."
    ),
    update: str | None = Query(None, description="Refused: the endpoint is read-only."),
    default_graph_uri: str | None = Query(None, alias="default-graph-uri", description="Not supported."),
    named_graph_uri: str | None = Query(None, alias="named-graph-uri", description="Not supported."),
) -> Response:
    """Run a read-only SPARQL query over the graph (the union of every source's facts).

    The core prefixes (sg, org, foaf, schema, dcterms, skos, prov, opengov, eli, sdgo, rdf, rdfs,
    xsd, owl) need no declaration. Every query has a time limit (setting ``sparql_timeout``) and a
    result cap (``sparql_max_results``); a capped result carries the header ``X-Sparql-Truncated``.
    """
    if update is not None:
        raise HTTPException(403, _READ_ONLY)
    _no_dataset({"default-graph-uri": default_graph_uri, "named-graph-uri": named_graph_uri})
    return await _answer(request, query, format)


@router.post(
    "/sparql",
    summary="SPARQL 1.1 query by POST (read-only)",
    responses=_RESPONSES,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                FORM_MEDIA_TYPE: {
                    "schema": {
                        "type": "object",
                        "properties": {"query": {"type": "string"}, "format": {"type": "string"}},
                        "required": ["query"],
                    }
                },
                QUERY_MEDIA_TYPE: {"schema": {"type": "string"}},
            },
        }
    },
)
async def sparql_post(request: Request) -> Response:
    """The query as a form field (``query=…``) or as the body (``Content-Type: application/sparql-query``)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    fmt = request.query_params.get("format")
    if media == UPDATE_MEDIA_TYPE:
        raise HTTPException(403, _READ_ONLY)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "the request body is not UTF-8") from None
    if media == QUERY_MEDIA_TYPE:
        _no_dataset(dict(request.query_params))
        return await _answer(request, text, fmt)
    if media == FORM_MEDIA_TYPE:
        fields = {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}
        if "update" in fields:
            raise HTTPException(403, _READ_ONLY)
        _no_dataset({**dict(request.query_params), **fields})
        return await _answer(request, fields.get("query"), fields.get("format") or fmt)
    raise HTTPException(
        415, f"send the query as {FORM_MEDIA_TYPE} (field query) or as {QUERY_MEDIA_TYPE}, not {media or 'no content type'}"
    )
