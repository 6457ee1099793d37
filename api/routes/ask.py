"""`/ask`: answer a question from the graph with evidence and the SPARQL it ran (api.answer.answer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from rdflib import Graph

from ..answer import MAX_QUESTION, answer
from .deps import AppData, app_data, graph

router = APIRouter(tags=["ask"])


class Question(BaseModel):
    """A question in bokmål, nynorsk or English."""

    q: str = Field(min_length=1, max_length=MAX_QUESTION, description="The question")
    context: int = Field(0, ge=0, le=20, description="Also this many search hits as further reading")


def _ask(q: str, data: AppData, g: Graph, context: int = 0) -> dict:
    if not q.strip():
        raise HTTPException(400, "q is empty: ask about a plan, case, body, meeting, goal or strategy")
    try:
        return answer(q, g, data_dir=data.data_dir, context=context).to_dict()
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


_DOC = ("Answers from the graph: `answer` (structured), `text` (one sentence in the language asked), "
        "`evidence` (quotes with document and page), `sparql` (the queries it ran). A question it does not "
        "understand has `understood: false` and `search` hits instead of an answer.")


@router.get("/ask", summary="Answer a question with evidence", description=_DOC,
            responses={400: {"description": "Empty question"}})
def ask_get(
    data: Annotated[AppData, Depends(app_data)],
    g: Annotated[Graph, Depends(graph)],
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUESTION, description="The question")],
    context: Annotated[int, Query(ge=0, le=20, description="Also this many search hits as further reading")] = 0,
) -> dict:
    return _ask(q, data, g, context)


@router.post("/ask", summary="Answer a question with evidence (JSON body)", description=_DOC,
             responses={400: {"description": "Empty question"}})
def ask_post(
    data: Annotated[AppData, Depends(app_data)],
    g: Annotated[Graph, Depends(graph)],
    question: Annotated[Question, Body()],
) -> dict:
    return _ask(question.q, data, g, question.context)
