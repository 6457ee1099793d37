"""Question answering over the graph, with no language model: parse the question, link its entities,
run SPARQL, and answer with evidence (quotes with document and page) in the language asked.

Kinds of question (``intent.KINDS``): which bodies treated or commented on a plan or case and what
each said (``bodies``); the decision, proposals, outcomes and votes in a treatment (``treatment``);
a person's proposals and named votes (``person``); who sits in a body (``members``); attendance at a
meeting (``attendance``); where a case is in its saksgang (``saksgang``); which cases concern a plan
(``plan_cases``); which cases a body treated (``body_cases``); what serves a goal or bærekraftsmål
(``serves``); the path from a strategy to its goals (``trace``). A question it cannot place gets
search hits and says so.

>>> graph = load_graph("saksgraf-data")                                     # doctest: +SKIP
>>> a = answer("Hvilke organer uttalte seg om På lik linje?", graph, data_dir="saksgraf-data")  # doctest: +SKIP
>>> a.text, a.answer["commented"], a.evidence[0].page                      # doctest: +SKIP
"""

from __future__ import annotations

import threading
from pathlib import Path

from rdflib import Graph

from .evidence import EvidenceFinder, store_page_text
from .intent import KINDS, parse
from .kinds import Context, Result, pick
from .language import detect_language
from .linking import EntityIndex
from .model import Answer, Entity, Evidence
from .sparql import QueryLog

__all__ = ["KINDS", "MAX_QUESTION", "Answer", "Entity", "Evidence", "answer", "detect_language", "load_graph"]

MAX_QUESTION = 1000  # characters; a question is a sentence or two, not a document
_indexes: dict[int, tuple[int, EntityIndex]] = {}
_lock = threading.Lock()


def load_graph(data_dir: Path | str, backend: str | None = None) -> Graph:
    """The graph questions are answered from: the stored graph of ``data_dir`` as one in-memory graph.

    Raises ``FileNotFoundError`` when nothing has been ingested into ``data_dir``.
    """
    from graph.sync import open_graph

    with open_graph(Path(data_dir), backend) as graph_store:
        return graph_store.union_graph()


def _index(graph: Graph) -> EntityIndex:
    """The entity index of ``graph``, built once per graph (rebuilt if the graph grew or shrank)."""
    with _lock:
        size = len(graph)
        cached = _indexes.get(id(graph))
        if cached is None or cached[0] != size:
            cached = (size, EntityIndex(graph))
            if len(_indexes) >= 8:  # an app holds one graph; tests and scripts a few
                _indexes.pop(next(iter(_indexes)))
            _indexes[id(graph)] = cached
        return cached[1]


def answer(question: str, graph: Graph, data_dir: Path | str | None = None, search_k: int = 5,
           context: int = 0) -> Answer:
    """Answer ``question`` from ``graph``.

    ``data_dir`` (optional) gives the document store, to put each quote on its exact page, and the
    search index, for the ``search_k`` hits a question not understood gets instead of an answer.
    ``context`` > 0 adds that many search hits to an answer as further reading (limited to the
    case asked about, where it is one). Raises ``ValueError`` for an empty question, one over
    ``MAX_QUESTION`` characters, or a ``context`` outside 0–20.
    """
    if not 0 <= context <= 20:
        raise ValueError(f"context is 0 to 20 search hits, not {context}")
    if question is None or not question.strip():
        raise ValueError("empty question: ask about a plan, case, body, meeting, goal or strategy")
    if len(question) > MAX_QUESTION:
        raise ValueError(f"question too long ({len(question)} characters; at most {MAX_QUESTION})")
    question = " ".join(question.split())
    lang = detect_language(question)
    index = _index(graph)
    intent = parse(question, index)
    if intent.kind is None:
        return _fallback(question, lang, intent.reason, intent.entities, data_dir, search_k)
    page_text = store_page_text(data_dir) if data_dir is not None and (Path(data_dir) / "documents.sqlite").exists() else None
    ctx = Context(graph, QueryLog(graph), EvidenceFinder(graph, page_text), index, lang)
    result = _run(ctx, intent)
    note = None
    if not result.found:
        note = pick(lang, "Spørsmålet ble forstått, men grafen har ingen fakta som svarer på det.",
                    "Spørsmålet vart forstått, men grafen har ingen fakta som svarer på det.",
                    "The question was understood, but the graph holds no facts that answer it.")
    hits: list[dict] = []
    if context:
        from .fallback import search_hits

        numbers = [e.label.split(" ", 1)[0] for e in intent.entities if e.kind == "case"]
        hits, _ = search_hits(question, data_dir, context, {"case": numbers[0]}) if len(numbers) == 1 else ([], None)
        if not hits:  # no passage of the case is indexed (it is only mentioned): search everything
            hits, _ = search_hits(question, data_dir, context)
    return Answer(question, lang, True, intent.kind, intent.entities, result.answer, _capital(result.text),
                  result.evidence, ctx.log.queries, hits, note)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _run(ctx: Context, intent) -> Result:
    from .kinds import attendance, bodies, body_cases, members, person, plan_cases, saksgang, serves, trace, treatment

    targets = [e for e in intent.entities if e.kind in ("case", "plan")]
    if intent.kind == "bodies":
        return _merge([bodies.answer(ctx, t, intent.all("body")) for t in targets[:3]])
    if intent.kind == "treatment":
        return treatment.answer(ctx, targets, intent.first("body"), intent.dates, intent.periods)
    if intent.kind == "attendance":
        return attendance.answer(ctx, [e.iri for e in intent.all("meeting")])
    if intent.kind == "saksgang":
        return saksgang.answer(ctx, targets)
    if intent.kind == "members":
        return members.answer(ctx, intent.all("body")[:3], intent.focus or None)
    if intent.kind == "person":
        return person.answer(ctx, intent.all("person")[:3], targets, intent.all("body"), intent.focus == "votes",
                             intent.dates, intent.periods)
    if intent.kind == "body_cases":
        return body_cases.answer(ctx, intent.all("body")[:3], intent.dates, intent.periods)
    if intent.kind == "plan_cases":
        return _merge([plan_cases.answer(ctx, t) for t in targets[:3]])
    if intent.kind == "serves":
        return _merge([serves.answer(ctx, t) for t in intent.entities[:3]])
    if intent.kind == "trace":
        return trace.answer(ctx, intent.all("strategy")[:3])
    raise ValueError(f"unknown question kind {intent.kind!r}")


def _merge(results: list[Result]) -> Result:
    """One result from one per entity (a question naming two plans gets both answers)."""
    if len(results) == 1:
        return results[0]
    return Result([r.answer for r in results], " ".join(r.text for r in results),
                  [e for r in results for e in r.evidence], any(r.found for r in results))


def _fallback(question: str, lang: str, reason: str, entities: list[Entity], data_dir, k: int) -> Answer:
    from .fallback import not_understood, search_hits

    hits, error = search_hits(question, data_dir, k)
    text = not_understood(lang, reason, len(hits))
    return Answer(question, lang, False, None, entities, None, text, [], [], hits,
                  f"search unavailable: {error}" if error else None)
