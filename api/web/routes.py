"""The web page's routes: each calls a core function (search, ask, an entity view) and renders a template."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from rdflib import Graph

from ingest.doctypes import ATTACHMENT_TYPES, CASE_TYPES, MEETING_TYPES
from search import MAX_QUERY_CHARS as SEARCH_MAX_CHARS

from ..routes.deps import AppData

HERE = Path(__file__).resolve().parent
router = APIRouter(prefix="/web", include_in_schema=False)
root_router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(HERE / "templates"))

DOC_TYPES = sorted(CASE_TYPES | MEETING_TYPES | ATTACHMENT_TYPES)
# Longest question or search text taken from the page: the bound search and ask keep.
MAX_QUERY_CHARS = SEARCH_MAX_CHARS
MAX_HITS = 50


def web_url(url: str | None) -> str | None:
    """The web page of an API path (``/cases/…`` → ``/web/cases/…``); None stays None.

    >>> web_url("/documents/002_x/pages/3?quote=a")
    '/web/documents/002_x/pages/3?quote=a'
    """
    if not url:
        return None
    return url if url.startswith("/web/") else "/web" + url


def marked(snippet: str) -> Markup:
    """A search snippet as safe HTML: everything escaped except the ``<mark>`` tags search put in."""
    safe = str(escape(snippet))
    return Markup(re.sub(r"&lt;(/?)mark&gt;", r"<\1mark>", safe))


templates.env.filters["web"] = web_url
templates.env.filters["marked"] = marked


def _data(request: Request) -> AppData:
    """The app's data (graph loaded once); created here when the app did not set one."""
    state = request.app.state
    data = getattr(state, "data", None)
    if data is None:
        data = state.data = AppData(Path(state.data_dir))
    return data


def _graph(request: Request) -> Graph:
    return _data(request).graph()


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def _entity(request: Request, template: str, fn: Callable[..., dict], *args: Any,
            extra: Callable[[dict], dict] | None = None) -> HTMLResponse:
    """Render one entity view; an unknown id gives the 404 page, a bad value the 400 page.

    Each quote is tied to the source page it is on, as the JSON routes do, so a source link opens
    the right page with the quote marked.
    """
    from graph.views import pair_evidence

    try:
        item = pair_evidence(_data(request).data_dir, fn(*args))
    except KeyError as exc:
        return _error(request, 404, str(exc.args[0]) if exc.args else "Fant ikke siden.")
    except ValueError as exc:
        return _error(request, 400, str(exc))
    return _page(request, template, {"item": item} | (extra(item) if extra else {}))


def _error(request: Request, status: int, message: str) -> HTMLResponse:
    return _page(request, "error.html", {"status": status, "message": message}, status)


def _too_long(text: str | None) -> bool:
    return text is not None and len(text) > MAX_QUERY_CHARS


@root_router.get("/")
def root() -> RedirectResponse:
    """The web page is the service's front door."""
    return RedirectResponse("/web/", status_code=307)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    """Search box, ask box and the ways in: bodies, plans, cases."""
    from graph.views import list_bodies

    return _page(request, "home.html", {"form": {}, "doc_types": DOC_TYPES, "bodies": list_bodies(_graph(request))})


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str = "",
    doc_type: str = Query("", alias="type"),
    body: str = "",
    date_from: str = "",
    date_to: str = "",
    case: str = "",
    k: str = "20",
) -> HTMLResponse:
    """Search hits with snippets, links to their case, bodies, plan and source page, and facets to narrow them."""
    from graph.views import list_bodies

    form = {"q": q, "type": doc_type, "body": body, "date_from": date_from, "date_to": date_to, "case": case}
    context: dict[str, Any] = {"form": form, "doc_types": DOC_TYPES, "bodies": list_bodies(_graph(request)), "hits": None}
    if not q.strip():
        context["message"] = "Skriv noe å søke etter."
        return _page(request, "search.html", context, 400 if "q" in request.query_params else 200)
    if _too_long(q):
        context["message"] = f"Søket er for langt (høyst {MAX_QUERY_CHARS} tegn)."
        return _page(request, "search.html", context, 400)
    filters = {"doc_type": doc_type, "body": body, "date_from": date_from, "date_to": date_to, "case": case}
    try:
        hits = _search(request, q, max(1, min(int(k) if k.strip().isdigit() else 20, MAX_HITS)), filters)
    except ValueError as exc:
        context["message"] = f"Søket kunne ikke kjøres: {exc}"
        return _page(request, "search.html", context, 400)
    context["hits"] = [_hit(_graph(request), h) for h in hits]
    context["facets"] = _facets(context["hits"], form)
    return _page(request, "search.html", context)


def _search(request: Request, q: str, k: int, filters: dict) -> list:
    from search import IndexMissing, search

    try:
        return search(q, k=k, filters=filters, data_dir=_data(request).data_dir)
    except IndexMissing as exc:
        raise ValueError(f"ingenting er indeksert ennå ({exc})") from None


def _hit(g: Graph, hit: Any) -> dict[str, Any]:
    """A search hit for the template: its fields plus web links to the entities it belongs to."""
    from rdflib import URIRef

    from graph.views import url_of
    from graph.views.common import source_url

    data = hit.to_dict() if hasattr(hit, "to_dict") else dict(hit)
    links = []
    for kind, value in (data.get("links") or {}).items():
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, dict) or not item.get("iri") or kind in ("page", "document", "kommune"):
                continue
            url = url_of(g, URIRef(item["iri"]))
            if url:
                links.append({"kind": kind, "label": _link_label(kind, item, g), "url": web_url(url)})
    order = {"case": 0, "plan": 1, "bodies": 2, "meetings": 3}
    links.sort(key=lambda link: order.get(link["kind"], 9))
    # The hit's span on its first page (to the page's end when it runs on): chunk text is not
    # always verbatim page text (headings are repeated in it), offsets are.
    span = {"start": data["start"]} | ({"end": data["end"]} if data.get("end_page") == data["page"] else {})
    data["source_url"] = web_url(source_url(data["source_id"], data["page"])) + "?" + urlencode(span)
    for copy in data.get("copies") or []:
        copy["source_url"] = web_url(source_url(copy["source_id"], copy["page"]))
    data["entity_links"] = links
    return data


def _link_label(kind: str, item: dict, g: Graph) -> str:
    """A short chip text for an entity a hit belongs to: "Sak 21/21815", "Eldrerådet 2023-02-09", a plan's title."""
    from rdflib import URIRef

    from graph.views.common import label

    if kind == "case" and item.get("arkivsak"):
        return f"Sak {item['arkivsak']}"
    if kind == "meetings" and item.get("body"):
        return f"Møte {item['body']} {item.get('date') or ''}".strip()
    if kind == "plan" and item.get("title"):
        return f"Plan: {item['title']}"
    return item.get("label") or item.get("name") or item.get("title") or label(g, URIRef(item["iri"]))


def _facets(hits: list[dict], form: dict) -> list[dict[str, Any]]:
    """Counts by document type, body and case among the hits, each a link that narrows the search to it."""
    groups = (("type", "Dokumenttype", lambda h: [h.get("doc_type")]),
              ("body", "Organ", lambda h: h.get("bodies") or []),
              ("case", "Sak", lambda h: [h.get("case")]))
    out = []
    for field, title, values in groups:
        counts: dict[str, int] = {}
        for hit in hits:
            for v in dict.fromkeys(values(hit)):
                if v:
                    counts[v] = counts.get(v, 0) + 1
        if not counts or form.get(field):
            continue
        options = [
            {"value": v, "count": n, "url": "/web/search?" + urlencode({**{k: x for k, x in form.items() if x}, field: v})}
            for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        out.append({"field": field, "title": title, "options": options})
    return out


@router.get("/ask", response_class=HTMLResponse)
def ask_page(request: Request, q: str = "") -> HTMLResponse:
    """A question answered from the graph: the sentence, the evidence with links to the pages, the SPARQL."""
    context: dict[str, Any] = {"form": {"q": q}, "result": None}
    if not q.strip():
        context["message"] = "Skriv et spørsmål."
        return _page(request, "ask.html", context, 400 if "q" in request.query_params else 200)
    if _too_long(q):
        context["message"] = f"Spørsmålet er for langt (høyst {MAX_QUERY_CHARS} tegn)."
        return _page(request, "ask.html", context, 400)
    try:
        result = _ask(request, q)
    except ValueError as exc:
        context["message"] = f"Spørsmålet kunne ikke besvares: {exc}"
        return _page(request, "ask.html", context, 400)
    if result is None:
        context["message"] = "Spørsmål og svar er ikke tilgjengelig i denne versjonen; bruk søket."
        return _page(request, "ask.html", context)
    g = _graph(request)
    context["result"] = result
    context["evidence"] = [_evidence_link(e) for e in result.get("evidence") or []]
    context["hits"] = [_hit(g, h) for h in result.get("search") or [] if isinstance(h, dict) and "source_id" in h]
    return _page(request, "ask.html", context)


def _ask(request: Request, question: str) -> dict | None:
    """The answer as a dict, from question answering's core function (None where it is not installed)."""
    try:
        from api.answer import answer
    except ImportError:
        return None
    return answer(question, _graph(request), data_dir=_data(request).data_dir).to_dict()


def _evidence_link(item: dict) -> dict:
    """Evidence with the web URL of its source page, the quote marked."""
    from graph.views.common import page_location, source_url

    out = dict(item)
    loc = page_location(item.get("page_iri") or "")
    if loc:
        out["url"] = web_url(source_url(loc[0], loc[1], item.get("quote")))
    elif item.get("url"):
        out["url"] = web_url(item["url"])
    return out


@router.get("/cases", response_class=HTMLResponse)
def cases_page(request: Request) -> HTMLResponse:
    from graph.views import list_cases

    return _page(request, "cases.html", {"items": list_cases(_graph(request))})


@router.get("/cases/{case_id:path}", response_class=HTMLResponse)
def case_page(request: Request, case_id: str) -> HTMLResponse:
    from graph.views import case_timeline

    return _entity(request, "case.html", case_timeline, _graph(request), case_id,
                   extra=lambda item: {"similar": _similar(request, item.get("arkivsak"))})


def _similar(request: Request, arkivsak: str | None) -> list[dict]:
    """Precedent for a case page: the earlier cases most like it, with their decisions (none without an index)."""
    from rdflib import URIRef

    from graph.views import url_of
    from search import IndexMissing, similar_cases

    if not arkivsak:
        return []
    try:
        hits = similar_cases(arkivsak, k=5, data_dir=_data(request).data_dir)
    except (IndexMissing, KeyError, ValueError):  # no index yet, or no documents of this case in it
        return []
    out = []
    for h in hits:
        item = h.to_dict()
        iri = (item["links"].get("case") or {}).get("iri")
        url = url_of(_graph(request), URIRef(iri)) if iri else None
        item["url"] = web_url(url) if url else None
        out.append(item)
    return out


@router.get("/bodies", response_class=HTMLResponse)
def bodies_page(request: Request) -> HTMLResponse:
    from graph.views import list_bodies

    return _page(request, "bodies.html", {"items": list_bodies(_graph(request))})


@router.get("/bodies/{body_id:path}", response_class=HTMLResponse)
def body_page(request: Request, body_id: str) -> HTMLResponse:
    from graph.views import body_page as view

    return _entity(request, "body.html", view, _graph(request), body_id)


@router.get("/people/{person_id:path}", response_class=HTMLResponse)
def person_page(request: Request, person_id: str) -> HTMLResponse:
    from graph.views import person_page as view

    return _entity(request, "person.html", view, _graph(request), person_id)


@router.get("/meetings/{meeting_id:path}", response_class=HTMLResponse)
def meeting_page(request: Request, meeting_id: str) -> HTMLResponse:
    from graph.views import meeting_page as view

    return _entity(request, "meeting.html", view, _graph(request), meeting_id)


@router.get("/plans", response_class=HTMLResponse)
def plans_page(request: Request) -> HTMLResponse:
    from graph.views import list_plans

    return _page(request, "plans.html", {"items": list_plans(_graph(request))})


@router.get("/plans/{plan_id:path}", response_class=HTMLResponse)
def plan_page(request: Request, plan_id: str) -> HTMLResponse:
    from graph.views import plan_page as view

    return _entity(request, "plan.html", view, _graph(request), plan_id)


@router.get("/goals/{goal_id:path}", response_class=HTMLResponse)
def goal_page(request: Request, goal_id: str) -> HTMLResponse:
    from graph.views import goal_page as view

    return _entity(request, "goal.html", _with_trace_links(view), _graph(request), goal_id)


@router.get("/sdg/{n}", response_class=HTMLResponse)
def sdg_page(request: Request, n: str) -> HTMLResponse:
    from graph.views import sdg_page as view

    if not n.isdigit():
        return _error(request, 404, f"Bærekraftsmål nummereres 1–17, ikke {n!r}.")
    return _entity(request, "goal.html", _with_trace_links(view), _graph(request), int(n))


def _with_trace_links(view: Callable[..., dict]) -> Callable[..., dict]:
    """``view`` whose trace tree (``served_by.tree``) gets web links to each node and to its quote's page."""
    from rdflib import URIRef

    from graph.views import url_of
    from graph.views.common import source_url

    def link(g: Graph, nodes: list[dict]) -> None:
        for n in nodes:
            n["url"] = web_url(url_of(g, URIRef(n["node"]))) if n.get("node") else None
            m = re.fullmatch(r"(\S+) s\. (\d+)", n.get("page") or "")
            n["page_url"] = web_url(source_url(m.group(1), int(m.group(2)), n.get("quote"))) if m else None
            link(g, n.get("children") or [])

    def wrapped(g: Graph, *args: Any) -> dict:
        item = view(g, *args)
        link(g, (item.get("served_by") or {}).get("tree") or [])
        return item

    return wrapped


@router.get("/documents/{source_id}/pages/{number}", response_class=HTMLResponse)
def source_page(request: Request, source_id: str, number: str, quote: str | None = None,
                start: int | None = None, end: int | None = None) -> HTMLResponse:
    """A page of a source file with the quote (or the span ``start``–``end`` a search hit gives) highlighted."""
    from graph.views import source_page as view

    if not number.isdigit():
        return _error(request, 404, f"Sidenummer må være et tall, ikke {number!r}.")

    def page(data_dir: Path, sid: str, n: int) -> dict:
        item = view(data_dir, sid, n, quote)
        if quote is None and start is not None:
            size = len(item["text"])
            lo, hi = max(0, min(start, size)), size if end is None else max(0, min(end, size))
            if lo < hi:
                item["span"] = {"start": lo, "end": hi, "text": item["text"][lo:hi]}
        return item

    return _entity(request, "source.html", page, _data(request).data_dir, source_id, int(number))


@router.get("/static/{name}")
def static(name: str) -> Response:
    """The page's own CSS (no build step, nothing fetched from elsewhere)."""
    path = HERE / "static" / name
    if "/" in name or name.startswith(".") or not path.is_file():
        return Response("not found", status_code=404, media_type="text/plain")
    return FileResponse(path)
