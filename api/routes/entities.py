"""Entity pages as JSON: cases, bodies, people, meetings, plans, goals, bærekraftsmål, trace, source pages.

Ids are the entity IRI's path after ``https://w3id.org/saksgraf/id/<kind>/`` (``asker/21-21815``);
a case also answers to its arkivsak alone (``21-21815``). Every route calls ``graph.views`` functions.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from rdflib import Graph

from graph import views

from .deps import AppData, answer, app_data, graph

router = APIRouter(tags=["entities"])

GraphDep = Annotated[Graph, Depends(graph)]
DataDep = Annotated[AppData, Depends(app_data)]
_404 = {404: {"description": "No such entity (the message says what was looked for)"}}
# Ids are short slugs; anything longer cannot name an entity, and is refused before it is looked up.
MAX_ID_CHARS = 400
EntityId = Annotated[str, Path(min_length=1, max_length=MAX_ID_CHARS, description="The IRI's path after …/id/<kind>/")]


def _with_quotes(data: AppData, page: dict) -> dict:
    """The page with each quote tied to the source page it is on (``graph.views.pair_evidence``)."""
    return views.pair_evidence(data.data_dir, page)


@router.get("/cases", summary="Every case: arkivsak, title, number of treatments")
def cases(g: GraphDep) -> list[dict]:
    return views.list_cases(g)


@router.get("/cases/{case_id:path}", summary="A case's timeline across bodies, with evidence", responses=_404)
def case(case_id: EntityId, g: GraphDep, data: DataDep) -> dict:
    """Each treatment (body, meeting date, saksnr), its proposals with proposer and party, votes, outcome,
    decision and comments, each with the document, page and quote it was read from.
    ``case_id``: ``asker/21-21815`` or an arkivsak (``21-21815``, ``21/21815``)."""
    return _with_quotes(data, answer(views.case_timeline, g, case_id))


@router.get("/bodies", summary="Every political body, with counts of meetings and treatments")
def bodies(g: GraphDep) -> list[dict]:
    return views.list_bodies(g)


@router.get("/bodies/{body_id:path}", summary="A body: members, meetings, cases", responses=_404)
def body(body_id: EntityId, g: GraphDep, data: DataDep) -> dict:
    return _with_quotes(data, answer(views.body_page, g, body_id))


@router.get("/people/{person_id:path}", summary="A person: roles, party, attendance, proposals, votes", responses=_404)
def person(person_id: EntityId, g: GraphDep, data: DataDep) -> dict:
    return _with_quotes(data, answer(views.person_page, g, person_id))


@router.get("/meetings/{meeting_id:path}", summary="A meeting: attendance, substitutions, items treated", responses=_404)
def meeting(meeting_id: EntityId, g: GraphDep, data: DataDep) -> dict:
    """``meeting_id``: ``<kommune>/<body>/<YYYY-MM-DD>``, e.g. ``asker/utvalg-for-oppvekst/2023-02-14``."""
    return _with_quotes(data, answer(views.meeting_page, g, meeting_id))


@router.get("/plans", summary="Every plan, with counts of cases, comments and goals")
def plans(g: GraphDep) -> list[dict]:
    return views.list_plans(g)


@router.get("/plans/{plan_id:path}", summary="A plan: structure, comments by body, cases", responses=_404)
def plan(plan_id: EntityId, g: GraphDep, data: DataDep) -> dict:
    return _with_quotes(data, answer(views.plan_page, g, plan_id))


@router.get("/goals/{goal_id:path}", summary="A plan's goal and everything that serves it", responses=_404)
def goal(goal_id: EntityId, g: GraphDep, data: DataDep) -> dict:
    """``goal_id``: the goal IRI's path after ``…/id/plan/``, e.g. ``asker/kommuneplanens-samfunnsdel/goal/02c9…``."""
    return _with_quotes(data, answer(views.goal_page, g, goal_id))


@router.get("/sdg/{n}", summary="A bærekraftsmål (1–17) and what serves it", responses=_404)
def sdg(n: Annotated[int, Path(description="The goal's number, 1 to 17")], g: GraphDep) -> dict:
    return answer(views.sdg_page, g, n)


@router.get("/trace", summary="Trace a strategy up to its goals, or a goal down to what serves it", responses=_404)
def trace(
    g: GraphDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="Words of a strategy, goal, plan or case; 'bærekraftsmål 17'; or an IRI")],
    direction: Annotated[Literal["up", "down"] | None, Query(description="Default: down from a goal or SDG, else up")] = None,
) -> dict:
    from graph.trace import TraceError
    from graph.trace import trace as run_trace

    if not q.strip():
        raise HTTPException(400, "q is empty: say what to trace (a strategy's words, a goal, a plan, 'bærekraftsmål 17', or an IRI)")
    try:
        return run_trace(g, q, direction).to_dict()
    except TraceError as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/documents/{document_id}/pages/{n}", summary="A source page's text, with the quoted span located", responses=_404)
def document_page(
    document_id: Annotated[str, Path(min_length=1, max_length=200, description="Source id, e.g. 002_420537c42393fb97")],
    n: Annotated[int, Path(description="Page number, from 1")],
    data: Annotated[AppData, Depends(app_data)],
    quote: Annotated[str | None, Query(max_length=5000, description="Text to locate on the page")] = None,
) -> dict:
    return answer(views.source_page, data.data_dir, document_id, n, quote)
